@testable import Outbox
import Testing

/// What the SMTP trace keeps: refused recipients and the last reply, never a credential.
@Suite struct SMTPTranscriptTests {
    @Test(arguments: [
        "AUTH PLAIN AHRlc3QAc2VjcmV0\r\n",   // SASL-IR: the password in the command itself
        "AUTH LOGIN\r\n",
        "dGVzdA==\r\n",                       // AUTH LOGIN's continuation lines: user name, then password
        "c2VjcmV0\r\n",
        "MAIL FROM:<support@example.com>\r\n",
        "RCPT\r\n",
    ])
    func noCommandButRCPTToIsEverDecoded(command: String) {
        #expect(SMTPTranscript.recipient(inCommand: Array(command.utf8)) == nil)
    }

    @Test func aRecipientRefusedAtRCPTIsKeptWithTheServersReply() {
        var transcript = SMTPTranscript()
        #expect(SMTPTranscript.recipient(inCommand: Array("rcpt to:<Ann@Example.org>\r\n".utf8)) == "Ann@Example.org")
        transcript.sent(Array("RCPT TO:<gone@example.org>\r\n".utf8))
        transcript.received("550 5.1.1 <gone@example.org>: no such user")
        transcript.sent(Array("RCPT TO:<ann@example.org>\r\n".utf8))
        transcript.received("250 OK")
        #expect(transcript.refusedRecipients == ["gone@example.org: 550 5.1.1 <gone@example.org>: no such user"])
    }

    @Test func aReplyToAnAuthContinuationLineIsNoRecipientsRefusal() {
        var transcript = SMTPTranscript()
        transcript.sent(Array("RCPT TO:<ann@example.org>\r\n".utf8))
        transcript.received("250 OK")
        transcript.sent(Array("c2VjcmV0\r\n".utf8))
        transcript.received("535 5.7.8 Authentication credentials invalid")
        #expect(transcript.refusedRecipients.isEmpty)
        #expect(transcript.lastReply == "535 5.7.8 Authentication credentials invalid")
    }
}
