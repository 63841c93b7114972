import MailCore
import Testing

/// What the writer writes, MailCore's MIME parser (`MimeMessage`) reads back: the text an agent sees, the
/// HTML, and every attachment's name, type, bytes and placement.
@Suite struct MimeParserRoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var message: OutgoingMessage
        var testDescription: String { name }
    }

    static let pdf = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
    static let png = Array("\u{89}PNG\r\n\u{1A}\n".utf8) + (0..<300).map { UInt8(truncatingIfNeeded: $0) }

    static func message(text: String, html: String? = nil,
                        attachments: [OutgoingMessage.Attachment] = []) -> OutgoingMessage {
        var message = WriterSamples.message(subject: "Re: Zażółć gęślą jaźń [#1234]", text: text)
        message.html = html
        message.attachments = attachments
        return message
    }

    static let cases: [Case] = [
        Case(name: "ASCII text", message: message(text: "Hello,\nit works.\n")),
        Case(name: "text without a final line end", message: message(text: "one line")),
        Case(name: "lines starting with From and dots, and a 5,000-character line", message: message(
            text: "From the top\n.\n..two\n" + String(repeating: "żółw ", count: 1_000) + "\nend\n")),
        Case(name: "Polish text and HTML", message: message(
            text: "Dzień dobry,\r\nproblem rozwiązany.\r\n",
            html: "<html><body>\n<p>Dzień dobry,</p>\n<p>problem rozwiązany.</p>\n</body></html>\n")),
        Case(name: "files with names in several scripts", message: message(text: "See attached.\n", attachments: [
            .init(filename: "Faktura nr 12 – żółw.pdf", contentType: "application/pdf", bytes: pdf),
            .init(filename: "見積書（最終版）.xlsx",
                  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes: [1, 2, 3]),
            .init(filename: "🎉 party.png", contentType: "image/png", bytes: png),
            .init(filename: "Größe " + String(repeating: "ü", count: 80) + ".txt", contentType: "text/plain",
                  bytes: Array("Grüße\n".utf8)),
            .init(filename: "empty.bin", contentType: "application/octet-stream", bytes: []),
        ])),
        Case(name: "HTML with an inline image and a file", message: message(
            text: "Logo below.\n", html: "<p>Logo:</p><img src=\"cid:logo.1@desk.example\">",
            attachments: [.init(filename: "logo.png", contentType: "image/png", bytes: png, isInline: true,
                                contentID: "logo.1@desk.example"),
                          .init(filename: "report.pdf", contentType: "application/pdf", bytes: pdf)])),
        Case(name: "an inline image without HTML", message: message(text: "Photo:\n", attachments: [
            .init(filename: "photo.png", contentType: "image/png", bytes: png, isInline: true),
        ])),
    ]

    /// The text as `bestText` gives it: line breaks LF, a final one added by the writer.
    static func expectedText(_ text: String) -> String {
        var text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    @Test("the MIME parser reads back text, HTML and attachments", arguments: cases)
    func roundTrips(_ testCase: Case) throws {
        let sent = testCase.message
        let parsed = MimeMessage(parsing: try sent.render())
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(parsed.head.subject == sent.subject)
        #expect(parsed.head.from == sent.from)
        #expect(parsed.head.to == sent.to)
        #expect(parsed.bestText == Self.expectedText(sent.text))
        #expect(parsed.htmlBody == sent.html.map { Self.expectedText($0).replacingOccurrences(of: "\n", with: "\r\n") })
        #expect(parsed.attachments.count == sent.attachments.count)
        for attachment in sent.attachments {
            let found = parsed.attachments.first { $0.filename == attachment.filename }
            let read = try #require(found, "\(attachment.filename) is not among \(parsed.attachments.map(\.filename))")
            #expect(read.contentType == attachment.contentType)
            #expect(read.size == attachment.bytes.count)
            #expect(read.isInline == attachment.isInline)
            #expect(read.contentID == attachment.contentID)
            #expect(parsed.data(of: read) == attachment.bytes)
        }
    }
}
