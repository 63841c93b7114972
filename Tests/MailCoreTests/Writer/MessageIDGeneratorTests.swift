import MailCore
import Testing
import TestSupport

@Suite struct MessageIDGeneratorTests {
    @Test("ids are maild.<unique>@domain, or with the conversation between")
    func forms() throws {
        let generator = try MessageIDGenerator(domain: "desk.example")
        #expect(try generator.messageID(unique: "u1") == "maild.u1@desk.example")
        #expect(try generator.messageID(conversation: "c42", unique: "u1") == "maild.c42.u1@desk.example")
    }

    @Test("random ids are 26 base32 characters, the same for the same seed, different otherwise")
    func random() throws {
        let generator = try MessageIDGenerator(domain: "desk.example")
        var first = SeededGenerator(state: 1)
        var again = SeededGenerator(state: 1)
        let id = try generator.messageID(conversation: "42", using: &first)
        #expect(try generator.messageID(conversation: "42", using: &again) == id)
        #expect(try generator.messageID(conversation: "42", using: &first) != id)
        #expect(id.wholeMatch(of: /maild\.42\.[a-z2-7]{26}@desk\.example/) != nil, "\(id)")
        var system = SystemRandomNumberGenerator()
        let ids = try (0..<1_000).map { _ in try generator.messageID(using: &system) }
        #expect(Set(ids).count == ids.count)
    }

    @Test("the conversation is read back from our ids only", arguments: [
        ("maild.c42.abc@desk.example", "c42"),
        ("maild.c42.abc@DESK.Example", "c42"),
        ("maild.abc@desk.example", nil),
        ("maild.c42.abc@other.example", nil),
        ("maild.c42.abc.def@desk.example", nil),
        ("maild..abc@desk.example", nil),
        ("other.c42.abc@desk.example", nil),
        ("CAF=abc@mail.gmail.com", nil),
        ("", nil),
    ])
    func conversation(_ id: String, _ expected: String?) throws {
        #expect(try MessageIDGenerator(domain: "desk.example").conversation(in: id) == expected)
    }

    @Test("a generated id goes through the writer and comes back with its conversation")
    func throughTheWriter() throws {
        let generator = try MessageIDGenerator(domain: "desk.example")
        var random = SeededGenerator(state: 7)
        var message = WriterSamples.message()
        message.messageID = try generator.messageID(conversation: "1234", using: &random)
        let head = MessageHead(parsing: try message.render())
        #expect(head.messageID == message.messageID)
        #expect(generator.conversation(in: try #require(head.messageID)) == "1234")
    }

    @Test("bad domains and parts are refused", arguments: ["", "desk..example", "desk example", "[192.0.2.1]",
                                                            "-desk.example", "dęsk.example"])
    func badDomain(_ domain: String) {
        let error = #expect(throws: MessageWriterError.self) { try MessageIDGenerator(domain: domain) }
        #expect(error?.kind == .invalidDomain)
    }

    @Test("bad unique parts and conversations are refused", arguments: ["", "a.b", "a b", "a@b", "ż", "a\r\nb"])
    func badParts(_ part: String) throws {
        let generator = try MessageIDGenerator(domain: "desk.example")
        #expect(throws: MessageWriterError.self) { try generator.messageID(unique: part) }
        #expect(throws: MessageWriterError.self) { try generator.messageID(conversation: part, unique: "u") }
    }
}
