import MailCore
import Testing

/// No caller-given value can end a header field early: each CR, LF, CRLF or NUL is refused, naming the
/// field, before anything is written.
@Suite struct HeaderInjectionTests {
    struct Target: CustomTestStringConvertible, Sendable {
        var what: String
        var field: String
        var inject: @Sendable (inout OutgoingMessage, String) -> Void
        var testDescription: String { what }
    }

    static let targets: [Target] = [
        Target(what: "subject", field: "Subject") { $0.subject = "Hello" + $1 + "Bcc: victim@example.com" },
        Target(what: "From name", field: "From") { $0.from.name = "Help" + $1 + "desk" },
        Target(what: "From address", field: "From") { $0.from.address = "help@desk.example" + $1 + "X: y" },
        Target(what: "To name", field: "To") { $0.to[0].name = "Zoë" + $1 + "Bcc: victim@example.com" },
        Target(what: "To address", field: "To") { $0.to.append(MailAddress(address: "a@b.example" + $1)) },
        Target(what: "Cc address", field: "Cc") { $0.cc = [MailAddress(address: "c@d.example" + $1 + "e")] },
        Target(what: "Cc name", field: "Cc") { $0.cc = [MailAddress(name: $1 + "C", address: "c@d.example")] },
        Target(what: "Bcc address", field: "Bcc") { $0.bcc = [MailAddress(address: "c@d.example" + $1)] },
        Target(what: "Reply-To", field: "Reply-To") { $0.replyTo = [MailAddress(name: "R" + $1, address: "r@x.example")] },
        Target(what: "Message-ID", field: "Message-ID") { $0.messageID = "a@b.example" + $1 + "X-Evil: 1" },
        Target(what: "In-Reply-To", field: "In-Reply-To") { $0.inReplyTo = ["x@y.example" + $1 + "Bcc: v@w.example"] },
        Target(what: "References", field: "References") { $0.references = ["ok@y.example", $1 + "x@y.example"] },
        Target(what: "extra header name", field: "extra header 1") { $0.extraHeaders = [.init("X-Loop" + $1 + "Bcc", "v")] },
        Target(what: "extra header value", field: "X-Loop") { $0.extraHeaders = [.init("X-Loop", "desk" + $1 + "Bcc: v")] },
        Target(what: "attachment filename", field: "Content-Disposition") {
            $0.attachments = [.init(filename: "a.pdf" + $1 + "Content-Type: text/html", contentType: "application/pdf",
                                    bytes: [1])]
        },
        Target(what: "attachment content type", field: "Content-Type") {
            $0.attachments = [.init(filename: "a.pdf", contentType: "application/pdf" + $1, bytes: [1])]
        },
        Target(what: "attachment content id", field: "Content-ID") {
            $0.attachments = [.init(filename: "a.png", contentType: "image/png", bytes: [1], isInline: true,
                                    contentID: "logo@x.example" + $1)]
        },
    ]

    static let breaks = ["\r\n", "\n", "\r", "\0"]

    @Test("a CR, LF, CRLF or NUL in any header value is refused, naming the field",
          arguments: targets, breaks)
    func refusesLineBreak(_ target: Target, _ lineBreak: String) {
        var message = WriterSamples.message()
        target.inject(&message, lineBreak)
        let error = #expect(throws: MessageWriterError.self) { try message.render() }
        #expect(error?.kind == .forbiddenCharacter)
        #expect(error?.field == target.field)
        #expect(error?.description.contains(lineBreak) == false, "the description shows the character escaped")
        let validation = #expect(throws: MessageWriterError.self) { try message.validate() }
        #expect(validation == error)
    }

    @Test("Bcc recipients are in the envelope, never in the message")
    func bccIsNeverWritten() throws {
        var message = WriterSamples.message()
        message.cc = [MailAddress(address: "cc@example.com")]
        message.bcc = [MailAddress(name: "Secret", address: "hidden@example.com"),
                       MailAddress(address: "zoe@CUSTOMER.example")]
        let text = String(decoding: try message.render(), as: UTF8.self)
        #expect(!text.contains("hidden"))
        #expect(!text.lowercased().contains("bcc"))
        #expect(message.envelopeRecipients == ["zoe@customer.example", "cc@example.com", "hidden@example.com"])
    }

    @Test("a message with only Bcc recipients has an empty To group")
    func bccOnly() throws {
        var message = WriterSamples.message()
        message.to = []
        message.bcc = [MailAddress(address: "hidden@example.com")]
        let bytes = try message.render()
        #expect(WriterSamples.headerLines(bytes).contains("To: undisclosed-recipients:;"))
        let head = MessageHead(parsing: bytes)
        #expect(head.to.isEmpty)
        #expect(head.problems.isEmpty, "\(head.problems)")
        #expect(!String(decoding: bytes, as: UTF8.self).contains("hidden"))
    }

    @Test("unicode line separators in a subject are encoded, not written raw")
    func unicodeSeparatorsAreEncoded() throws {
        let message = WriterSamples.message(subject: "a\u{2028}b\u{85}c\u{0B}d")
        let bytes = try message.render()
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(MessageHead(parsing: bytes).subject == message.subject)
    }
}
