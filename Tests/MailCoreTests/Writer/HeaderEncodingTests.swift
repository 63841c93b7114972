import Foundation
import MailCore
import Testing

@Suite struct HeaderEncodingTests {
    static let subjects: [String] = [
        "Zażółć gęślą jaźń",
        "Größenänderung der Bestellung für Herrn Müller — bitte prüfen Sie die Änderungen",
        "お問い合わせありがとうございます。担当者より折り返しご連絡いたします。",
        "🎉👨‍👩‍👧‍👦🏳️‍🌈🇵🇱 emoji ✅",
        "Ελληνικά και русский и עברית mixed with ASCII words",
        String(repeating: "ż", count: 200),
        String(repeating: "日本", count: 150),
        String(repeating: "👩🏽‍💻", count: 40),
        "Re: Re: Fwd: " + String(repeating: "word ", count: 60) + "end",
        String(repeating: "y", count: 500),
        "tabs\tand  double  spaces\t\tkept",
        "=?utf-8?q?looks_encoded?= but is not",
    ]

    @Test("subjects in any script are read back identically", arguments: subjects)
    func subjectRoundTrips(_ subject: String) throws {
        let bytes = try WriterSamples.message(subject: subject).render()
        #expect(MessageHead(parsing: bytes).subject == subject)
        for line in WriterSamples.headerLines(bytes) { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test("encoded words are at most 75 characters and never split a character", arguments: subjects)
    func encodedWordsAreWellFormed(_ subject: String) throws {
        var message = WriterSamples.message(subject: subject)
        message.from.name = subject
        message.to[0].name = nil
        let bytes = try message.render()
        #expect(MessageHead(parsing: bytes).from?.name == subject, "the display name reads back too")
        let header = WriterSamples.headerLines(bytes).joined(separator: "\n")
        let words = header.matches(of: /=\?UTF-8\?([BQ])\?([^?]*)\?=/)
        for word in words {
            #expect(word.output.0.count <= 75, "\(word.output.0)")
            let payload = String(word.output.2)
            let bytes = word.output.1 == "B"
                ? Array(Data(base64Encoded: payload) ?? Data([0xFF]))
                : WrittenPart.decodeQuotedPrintable(payload.replacingOccurrences(of: "_", with: " ").utf8)
            #expect(String(validating: bytes, as: UTF8.self) != nil, "\(word.output.0) is not UTF-8 on its own")
        }
        let plainASCII = subject.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 0x20 || $0 == "\t") }
            && !subject.contains("=?") && !subject.contains(/[^ \t]{70}/)
        #expect(words.isEmpty == plainASCII)
    }

    @Test("the shorter of B and Q is used", arguments: [
        ("café", "=?UTF-8?B?Y2Fmw6k=?="),
        ("résumé-of-the-application", "=?UTF-8?Q?r=C3=A9sum=C3=A9-of-the-application?="),
        ("żółć", "=?UTF-8?B?xbzDs8WCxIc=?="),
        ("日本", "=?UTF-8?B?5pel5pys?="),
        ("naïve résumé", "=?UTF-8?B?bmHDr3ZlIHLDqXN1bcOp?="),
    ])
    func shorterEncoding(_ subject: String, _ expected: String) throws {
        let header = WriterSamples.headerLines(try WriterSamples.message(subject: subject).render())
        #expect(header.contains("Subject: " + expected))
    }

    @Test("display names are atoms, a quoted string, or encoded words as needed", arguments: [
        ("Joe Bloggs", "Joe Bloggs <joe@example.com>"),
        ("Bloggs, Joe", "\"Bloggs, Joe\" <joe@example.com>"),
        ("Joe \"Fixer\" Bloggs", "\"Joe \\\"Fixer\\\" Bloggs\" <joe@example.com>"),
        ("J. R. Bloggs", "\"J. R. Bloggs\" <joe@example.com>"),
        ("joe@example.com", "\"joe@example.com\" <joe@example.com>"),
        ("Joe  Bloggs", "\"Joe  Bloggs\" <joe@example.com>"),
        ("  Joe  ", "Joe <joe@example.com>"),
        ("", "joe@example.com"),
        ("Zoë Bloggs", "=?UTF-8?Q?Zo=C3=AB?= Bloggs <joe@example.com>"),
        ("Bloggs, Zoë", "=?UTF-8?B?QmxvZ2dzLCBab8Or?= <joe@example.com>"),
        ("Zoë Bloggs-Smith-Johnson", "=?UTF-8?Q?Zo=C3=AB?= Bloggs-Smith-Johnson <joe@example.com>"),
        ("Zoë  Bloggs", "=?UTF-8?Q?Zo=C3=AB__Bloggs?= <joe@example.com>"),
    ])
    func displayName(_ name: String, _ expected: String) throws {
        var message = WriterSamples.message()
        message.from = MailAddress(name: name, address: "joe@example.com")
        let bytes = try message.render()
        #expect(WriterSamples.headerLines(bytes).contains("From: " + expected))
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        #expect(MessageHead(parsing: bytes).from?.name == (trimmed.isEmpty ? nil : trimmed))
    }

    @Test("an empty subject is an empty field")
    func emptySubject() throws {
        let bytes = try WriterSamples.message(subject: "").render()
        #expect(WriterSamples.headerLines(bytes).contains("Subject:"))
        #expect(MessageHead(parsing: bytes).subject == "")
    }

    @Test("extra headers are written in order after the writer's own, non-ASCII values encoded")
    func extraHeaders() throws {
        var message = WriterSamples.message()
        message.extraHeaders = [.init("Auto-Submitted", "auto-replied"), .init("X-Loop", "help@desk.example"),
                                .init("X-Note", "Zażółć")]
        let bytes = try message.render()
        let header = HeaderSection(parsing: bytes)
        let names = header.fields.map(\.name)
        #expect(names.firstIndex(of: "Auto-Submitted")! > names.firstIndex(of: "Message-ID")!)
        #expect(header.first("Auto-Submitted")?.text == "auto-replied")
        #expect(header.first("X-Loop")?.text == "help@desk.example")
        #expect(EncodedWords.decode(header.first("X-Note")!.text) == "Zażółć")
    }

    @Test("extra header values keep ASCII words as given, however long")
    func extraHeaderStructuredValue() throws {
        let value = "<https://desk.example/unsubscribe/" + String(repeating: "a1b2", count: 30) + ">, "
            + "<mailto:unsubscribe@desk.example?subject=unsubscribe=?x>"
        var message = WriterSamples.message()
        message.extraHeaders = [.init("List-Unsubscribe", value)]
        let bytes = try message.render()
        #expect(HeaderSection(parsing: bytes).first("List-Unsubscribe")?.text == value)
        #expect(WriterSamples.headerLines(bytes).contains { $0.hasPrefix(" <mailto:") })
    }

    @Test("extra header names must be field names the writer does not own", arguments: [
        ("X Loop", MessageWriterError.Kind.invalidFieldName),
        ("X-Loop:", .invalidFieldName),
        ("", .invalidFieldName),
        ("Zażółć", .invalidFieldName),
        ("bcc", .reservedFieldName),
        ("Content-Type", .reservedFieldName),
        ("SUBJECT", .reservedFieldName),
        ("Message-Id", .reservedFieldName),
    ])
    func extraHeaderNames(_ name: String, _ kind: MessageWriterError.Kind) {
        var message = WriterSamples.message()
        message.extraHeaders = [.init(name, "value")]
        let error = #expect(throws: MessageWriterError.self) { try message.render() }
        #expect(error?.kind == kind)
    }

    @Test("a structured value with a word too long for any line is refused")
    func unfoldableWord() {
        var message = WriterSamples.message()
        message.references = [String(repeating: "r", count: 990) + "@example.com"]
        let error = #expect(throws: MessageWriterError.self) { try message.render() }
        #expect(error?.field == "References")
    }
}
