import MailCore
import Testing

/// The text an agent reads: which part `bestText` takes, and `textPreview`.
@Suite struct MimeBodyTests {
    static func message(_ lines: [String]) -> MimeMessage {
        MimeMessage(parsing: Array(lines.joined(separator: "\r\n").utf8))
    }

    static func alternative(_ parts: [(type: String, body: String)]) -> MimeMessage {
        var lines = ["Content-Type: multipart/alternative; boundary=alt", ""]
        for part in parts { lines += ["--alt", "Content-Type: \(part.type)", "", part.body] }
        return message(lines + ["--alt--", ""])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var parts: [(type: String, body: String)]
        var bestText: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain first", parts: [("text/plain", "plain"), ("text/html", "<p>html</p>")], bestText: "plain"),
        Case(name: "plain after HTML still wins", parts: [("text/html", "<p>html</p>"), ("text/plain", "plain")],
             bestText: "plain"),
        Case(name: "HTML alone", parts: [("text/html", "<p>only <b>html</b></p>")], bestText: "only html"),
        Case(name: "a blank plain part gives way to HTML", parts: [("text/plain", " \r\n"), ("text/html", "<p>real</p>")],
             bestText: "real"),
        Case(name: "a blank plain part without HTML is kept", parts: [("text/plain", " ")], bestText: " "),
        Case(name: "no text at all", parts: [("image/png", "x")], bestText: nil),
        Case(name: "CRLF becomes LF", parts: [("text/plain", "one\r\ntwo\rthree")], bestText: "one\ntwo\nthree"),
    ]

    @Test("bestText prefers text/plain, then HTML made text", arguments: cases)
    func bestText(_ test: Case) {
        #expect(Self.alternative(test.parts).bestText == test.bestText)
    }

    @Test("HTML body as sent, decoded in its charset")
    func htmlBody() throws {
        let message = MimeMessage(parsing: try MessageHeadTests.fixture("html-only.eml"))
        let html = try #require(message.htmlBody)
        #expect(html.hasPrefix("<!DOCTYPE html><html><head><title>Order</title>"))
        #expect(html.contains("<p>Café &amp; cr&egrave;me"))
        #expect(message.bestText == "Thank you\n\nCafé & crème €5 off!\n\none\ntwo\n\nLine\nbreak = done here")
    }

    @Test("text of attachments is not the body; a forwarded message's text is used when there is no other")
    func attachmentsAreNotBody() {
        let withFile = Self.message([
            "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain",
            "Content-Disposition: attachment; filename=log.txt", "", "log file", "--b", "Content-Type: text/plain",
            "", "the message", "--b--", "",
        ])
        #expect(withFile.bestText == "the message")
        let forward = Self.message([
            "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: message/rfc822", "",
            "Subject: inner", "", "forwarded text", "--b--", "",
        ])
        #expect(forward.bestText == "forwarded text")
    }

    @Test("text in the declared charset; undeclared 8-bit text as UTF-8 or windows-1252")
    func charsets() throws {
        let latin2 = Self.message(["Content-Type: text/plain; charset=iso-8859-2",
                                   "Content-Transfer-Encoding: quoted-printable", "", "Za=BF=F3=B3=E6 g=EA=B6l=B1 ja=BC=F1"])
        #expect(latin2.bestText == "Zażółć gęślą jaźń")
        let legacy = MimeMessage(parsing: try MessageHeadTests.fixture("no-content-type.eml"))
        #expect(legacy.bestText == "Café fermé – see you.\n")
    }

    @Test("the preview is 200 characters of the best text, whitespace collapsed", arguments: [
        ("  Hello,\r\n\r\n\tworld  \r\n", "Hello, world"),
        (String(repeating: "ab ", count: 100), String(String(repeating: "ab ", count: 67).prefix(200))),
        (String(repeating: "ż", count: 250), String(repeating: "ż", count: 200)),
        ("👨‍👩‍👧 family", "👨‍👩‍👧 family"),
        // Cut after collapsing, as the oracle does: the 200th character may be the space after a word.
        (String(repeating: "a", count: 199) + "  b", String(repeating: "a", count: 199) + " "),
        (String(repeating: "a", count: 198) + "\n\n b", String(repeating: "a", count: 198) + " b"),
    ])
    func preview(_ body: String, _ expected: String) {
        let message = Self.message(["Content-Type: text/plain; charset=utf-8", "", body])
        #expect(message.textPreview == expected)
        #expect(message.textPreview.count <= 200)
    }

    @Test("a message without text has an empty preview")
    func emptyPreview() {
        #expect(Self.alternative([("image/png", "x")]).textPreview == "")
    }
}
