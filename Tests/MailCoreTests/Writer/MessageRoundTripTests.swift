import Foundation
import MailCore
import Testing

/// What the writer writes, MailCore's parser reads back to the same values.
@Suite struct MessageRoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var message: OutgoingMessage
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain ASCII", message: WriterSamples.message()),
        Case(name: "Polish", message: OutgoingMessage(
            from: MailAddress(name: "Zażółć Gęślą", address: "biuro@firma.example"),
            to: [MailAddress(name: "Jaźń Łódzka", address: "jazn@klient.example"),
                 MailAddress(address: "bare@klient.example")],
            cc: [MailAddress(name: "Dział Obsługi Klienta", address: "obsluga@firma.example")],
            subject: "Re: Zażółć gęślą jaźń — reklamacja nr 12/2024",
            date: WriterSamples.date, timeZone: TimeZone(identifier: "Europe/Warsaw")!,
            messageID: "maild.c7.x2@firma.example", inReplyTo: ["CAF=abc+def@mail.gmail.com"],
            references: ["root.1@klient.example", "CAF=abc+def@mail.gmail.com"],
            text: "Dzień dobry,\nproblem został rozwiązany.\n")),
        Case(name: "German", message: OutgoingMessage(
            from: MailAddress(name: "Müller, Jürgen", address: "juergen@firma.example"),
            to: [MailAddress(name: "Straße & Söhne GmbH", address: "info@strasse.example")],
            subject: "Ihre Bestellung über 3 Größen: Änderung bestätigt", date: WriterSamples.date,
            timeZone: TimeZone(identifier: "Europe/Berlin")!, messageID: "de.1@firma.example",
            text: "Grüße")),
        Case(name: "Japanese", message: OutgoingMessage(
            from: MailAddress(name: "サポートセンター", address: "support@example.jp"),
            to: [MailAddress(name: "山田 太郎", address: "taro@example.jp")],
            replyTo: [MailAddress(name: "返信先", address: "reply@example.jp")],
            subject: "【重要】お問い合わせ番号 12345 について：パスワードの再設定手順のご案内（再送）",
            date: WriterSamples.date, timeZone: TimeZone(identifier: "Asia/Tokyo")!,
            messageID: "jp.2@example.jp", text: "こんにちは")),
        Case(name: "emoji", message: OutgoingMessage(
            from: MailAddress(name: "Team 🚀 Launch", address: "launch@example.com"),
            to: [MailAddress(name: "👩‍👩‍👧‍👦 Family", address: "family@example.com")],
            subject: "🎉🎉 Party time 👨‍👩‍👧‍👦 at 8 🕗 🍕🍕🍕 don't be late 🏃‍♀️💨",
            date: WriterSamples.date, timeZone: TimeZone(secondsFromGMT: -(9 * 3600 + 30 * 60))!,
            messageID: "emoji.3@example.com", text: "🎉")),
        Case(name: "specials and lookalikes", message: OutgoingMessage(
            from: MailAddress(name: "Joe \"The Fixer\" O'Brien (IT)", address: "\"joe fixer\"@example.com"),
            to: [MailAddress(name: "=?utf-8?q?not_encoded?=", address: "a@example.com"),
                 MailAddress(name: "Dr. A. Smith, Jr.", address: "smith@example.com"),
                 MailAddress(name: "back\\slash", address: "b@[192.0.2.1]")],
            subject: "Price =?x?= 100% <sure> \"quoted\" (comment) a:b; c,d",
            date: WriterSamples.date, messageID: "s.4@example.com", text: "x")),
        Case(name: "long everything", message: OutgoingMessage(
            from: MailAddress(name: Array(repeating: "Very Long Name", count: 8).joined(separator: " "), address: "long@example.com"),
            to: (1...12).map { MailAddress(name: "Recipient Number \($0)", address: "recipient\($0)@example.com") },
            subject: String(repeating: "A rather long subject line that keeps going ", count: 6)
                + "and a \(String(repeating: "x", count: 120)) word",
            date: WriterSamples.date, messageID: "long.5@example.com",
            references: (1...30).map { "reference-\($0)-with-some-length@mail.example.com" },
            text: "x")),
    ]

    @Test("the parser reads back what was written", arguments: cases)
    func headRoundTrips(_ testCase: Case) throws {
        let message = testCase.message
        let head = MessageHead(parsing: try message.render())
        #expect(head.problems.isEmpty, "\(head.problems)")
        #expect(head.subject == message.subject)
        #expect(head.from == message.from)
        #expect(head.to == message.to)
        #expect(head.cc == message.cc)
        #expect(head.replyTo == message.replyTo)
        #expect(head.messageID == message.messageID)
        #expect(head.inReplyTo == message.inReplyTo)
        #expect(head.references == message.references)
        #expect(head.date == message.date)
    }

    @Test("header lines stay within 78 characters and 7-bit ASCII", arguments: cases)
    func headerLinesAreShort(_ testCase: Case) throws {
        let bytes = try testCase.message.render()
        let lines = try #require(WriterSamples.lines(bytes), "a CR or LF outside CRLF")
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let header = WriterSamples.headerLines(bytes)
        for line in header { #expect(line.utf8.count <= 78, "\(line)") }
        #expect(lines.allSatisfy { $0.count <= 998 })
    }

    @Test("a text, HTML and attachments message decodes to what was given")
    func bodiesRoundTrip() throws {
        let pdf = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let logo = Array("PNG-bytes-\u{0}\u{1}\u{2}".utf8)
        var message = WriterSamples.message(text: "Dzień dobry 👋\n\nThe fix is attached.\n")
        message.html = "<p>Dzień dobry 👋</p><img src=\"cid:logo.1@desk.example\">"
        message.attachments = [
            .init(filename: "Faktura – żółw.pdf", contentType: "application/pdf", bytes: pdf),
            .init(filename: "logo.png", contentType: "image/png", bytes: logo, isInline: true,
                  contentID: "logo.1@desk.example"),
        ]
        let root = WrittenPart(try message.render()[...])
        #expect(root.mediaType == "multipart/mixed")
        #expect(root.children.map(\.mediaType) == ["multipart/alternative", "application/pdf"])
        let alternative = root.children[0]
        #expect(alternative.children.map(\.mediaType) == ["text/plain", "multipart/related"])
        let related = alternative.children[1]
        #expect(related.children.map(\.mediaType) == ["text/html", "image/png"])
        #expect(alternative.children[0].text == "Dzień dobry 👋\r\n\r\nThe fix is attached.\r\n")
        #expect(related.children[0].text == message.html! + "\r\n")
        let attachment = root.children[1]
        #expect(attachment.decodedBody == pdf)
        #expect(attachment.disposition == "attachment")
        #expect(attachment.parameter("Content-Disposition", "filename") == "Faktura – żółw.pdf")
        #expect(attachment.parameter("Content-Type", "name") == "Faktura – żółw.pdf")
        let image = related.children[1]
        #expect(image.decodedBody == logo)
        #expect(image.disposition == "inline")
        #expect(image.header.first("Content-ID")?.text == "<logo.1@desk.example>")
    }
}
