import MailCore
import Testing

/// Delivery failure reports and the message that bounced.
@Suite struct BounceTests {
    @Test("recognises bounces and finds the bounced message's id", arguments: [
        ("bounce-dsn.eml", true, "reply-1234@helpdesk.example"),
        ("bounce-headers.eml", true, "folded-5678@helpdesk.example"),
        ("bounce-exim.eml", true, "exim-91@helpdesk.example"),
        ("forwarded-message.eml", false, nil),
        ("nested-alternative-related.eml", false, nil),
    ] as [(String, Bool, String?)])
    func bounce(_ file: String, _ isBounce: Bool, _ id: String?) throws {
        let message = MimeMessage(parsing: try MessageHeadTests.fixture(file))
        #expect(message.isBounce == isBounce)
        #expect(message.bouncedMessageID == id)
    }

    @Test("a multipart/report that is not about delivery is no bounce")
    func otherReports() {
        let text = "Content-Type: multipart/report; report-type=disposition-notification; boundary=r\n\n"
            + "--r\nContent-Type: text/plain\n\nRead.\n--r--\n"
        #expect(!MimeMessage(parsing: Array(text.utf8)).isBounce)
    }
}
