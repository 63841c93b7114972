import MailCore
import Testing

@Suite struct BodyEncodingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var encoding: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "short ASCII lines", text: "Hello,\n\nit works.\n-- \nHelpdesk\n", encoding: "7bit"),
        Case(name: "no final line end", text: "one line", encoding: "7bit"),
        Case(name: "empty", text: "", encoding: "7bit"),
        Case(name: "a line starting with a dot", text: "a\n.\n..b\n.c\n", encoding: "7bit"),
        Case(name: "a line starting with From", text: "Hello\nFrom me to you\nFrom\nFromage\n",
             encoding: "quoted-printable"),
        Case(name: "Polish", text: "Zażółć gęślą jaźń\n", encoding: "quoted-printable"),
        Case(name: "emoji", text: "🎉 done 👍🏽\n", encoding: "quoted-printable"),
        Case(name: "an ASCII line of 79 characters", text: String(repeating: "a", count: 79) + "\n",
             encoding: "quoted-printable"),
        Case(name: "a line of 5,000 characters", text: String(repeating: "lorem ipsum ", count: 420) + "\n",
             encoding: "quoted-printable"),
        Case(name: "a line of 3,000 multi-byte characters", text: String(repeating: "ż日🎉", count: 1_000),
             encoding: "quoted-printable"),
        Case(name: "a long line starting with From and dots at soft breaks",
             text: "From " + String(repeating: ".", count: 400) + "\n" + String(repeating: "From ", count: 100),
             encoding: "quoted-printable"),
        Case(name: "trailing whitespace", text: "space \ntab\t\n", encoding: "7bit"),
        Case(name: "trailing whitespace in quoted-printable", text: "ż \nż\t\n", encoding: "quoted-printable"),
        Case(name: "control characters", text: "bell\u{7} nul\u{0} del\u{7F}\n", encoding: "quoted-printable"),
        Case(name: "equals signs", text: "a=b =3D =\n", encoding: "7bit"),
        Case(name: "equals signs in quoted-printable", text: "ż=3D=\n", encoding: "quoted-printable"),
    ]

    /// What the reader gets back: the text with CRLF line ends and a final one.
    static func expected(_ text: String) -> [UInt8] {
        var normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if !normalized.isEmpty && !normalized.hasSuffix("\n") { normalized += "\n" }
        return Array(normalized.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test("the text body decodes back to the text, within line limits", arguments: cases)
    func textRoundTrips(_ testCase: Case) throws {
        let bytes = try WriterSamples.message(text: testCase.text).render()
        let part = WrittenPart(bytes[...])
        #expect(part.mediaType == "text/plain")
        #expect(part.parameter("Content-Type", "charset") == "utf-8")
        #expect(part.transferEncoding == testCase.encoding)
        #expect(part.decodedBody == Self.expected(testCase.text))
        let lines = try #require(WriterSamples.lines(bytes))
        let limit = testCase.encoding == "7bit" ? 78 : 76
        for line in lines.dropFirst(WriterSamples.headerLines(bytes).count + 1) {
            #expect(line.count <= limit)
            #expect(!line.starts(with: Array("From ".utf8)), "an mbox would mangle this line")
            #expect(line.last != 0x20 && line.last != 0x09 || testCase.encoding == "7bit")
        }
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test("line ends in the text become CRLF whatever they were", arguments: ["a\nb\n", "a\r\nb\r\n", "a\rb\r", "a\nb\r\n"])
    func lineEnds(_ text: String) throws {
        let bytes = try WriterSamples.message(text: text).render()
        #expect(WrittenPart(bytes[...]).decodedBody == Array("a\r\nb\r\n".utf8))
        #expect(WriterSamples.lines(bytes) != nil)
    }

    @Test("a dot at the start of a line is left for SMTP to stuff")
    func dotsAreNotStuffed() throws {
        let bytes = try WriterSamples.message(text: ".\n..\n").render()
        let lines = try #require(WriterSamples.lines(bytes))
        #expect(Array(lines.suffix(2)) == [[0x2E][...], [0x2E, 0x2E][...]])
    }

    @Test("an HTML body is sent as multipart/alternative after the text")
    func htmlAlternative() throws {
        var message = WriterSamples.message(text: "Plain ż\n")
        message.html = "<html><body><p>" + String(repeating: "HTML ż ", count: 300) + "</p></body></html>"
        let root = WrittenPart(try message.render()[...])
        #expect(root.mediaType == "multipart/alternative")
        #expect(root.children.map(\.mediaType) == ["text/plain", "text/html"])
        #expect(root.children[1].parameter("Content-Type", "charset") == "utf-8")
        #expect(root.children[1].decodedBody == Self.expected(message.html!))
        #expect(root.children[0].decodedBody == Self.expected("Plain ż\n"))
    }
}
