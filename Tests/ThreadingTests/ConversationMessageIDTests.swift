import Testing
import Threading

@Suite struct ConversationMessageIDTests {
    @Test("our Message-ID carries the conversation and reads back")
    func roundTrip() {
        let id = ConversationMessageID(conversation: ConversationID(42), random: "x7k2m9q4", domain: "help.example.com")
        #expect(id.messageID == "maild.c42.x7k2m9q4@help.example.com")
        #expect(ConversationMessageID(parsing: id.messageID) == id)
        #expect(ConversationMessageID(parsing: "<\(id.messageID)>") == id)
    }

    @Test("other ids are not ours", arguments: [
        "", "maild.c42@host", "maild.c.abc@host", "maild.c42.@host", "maild.c42.abc@", "maild.cx42.abc@host",
        "maild.c042.abc@host", "maild.c0.abc@host", "maild.c-1.abc@host", "maild.c42.a-b@host",
        "maild.c99999999999999999999.abc@host", "Maild.c42.abc@host", "xmaild.c42.abc@host",
        "20091117232137.GA7669@griffis1.net", "maild.c42.abc",
    ])
    func rejects(_ id: String) {
        #expect(ConversationMessageID(parsing: id) == nil)
    }

    @Test("the domain is taken after the last @")
    func domain() {
        #expect(ConversationMessageID(parsing: "maild.c7.ab12@mail.example.org")?.domain == "mail.example.org")
        #expect(ConversationMessageID(parsing: "maild.c7.ab12@mail.example.org")?.conversation == ConversationID(7))
    }
}
