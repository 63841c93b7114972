import MailCore
import Testing
import TestSupport

/// The MIME tree's promises hold on random input steered by MIME fragments (the fuzzer, scripts/fuzz-mime.sh,
/// checks the same things for longer).
@Suite struct MimeRandomInputTests {
    static let fragments: [[UInt8]] = [
        "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: multipart/alternative; boundary=\"c\"\n",
        "Content-Type: message/rfc822\n", "Content-Type: multipart/digest; boundary=b\n", "Content-Type: text/html\n",
        "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n",
        "Content-Disposition: attachment; filename*0*=utf-8''%C5; filename*1*=%81.txt\n",
        "X-Failed-Recipients: a@b\n", "Message-ID: <x@y>\n", "\r\n", "\n", "\n\n", "--b\n", "--b--\n", "--c\r\n",
        "--c--", "--", "=\r\n", "=C3=A9", "SGVsbG8=", "<p>", "&amp;", "<script>", "</script>", "<!--", "Subject: ",
    ].map { Array($0.utf8) } + [[0xFF], [0x00], [0xC3]]

    @Test("random MIME never traps, and ranges, sizes and the preview stay consistent")
    func randomMIME() {
        var generator = SeededGenerator(state: 2_045_2046)
        let limits = MimeMessage.Limits(maxDepth: 5, maxParts: 30)
        for _ in 0..<3_000 {
            var raw: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                if Int.random(in: 0..<4, using: &generator) > 0 {
                    raw += Self.fragments.randomElement(using: &generator)!
                } else {
                    raw.append(UInt8.random(in: 0...255, using: &generator))
                }
            }
            let message = MimeMessage(parsing: raw, limits: limits)
            #expect(message.parts.count <= 30)
            #expect(message.parts[0].bodyRange.upperBound == raw.count)
            for part in message.parts {
                #expect(part.bodyRange.upperBound <= raw.count && part.headerRange.lowerBound >= 0)
                #expect(part.depth <= 5)
                if let parent = part.parent.map({ message.parts[$0] }) {
                    #expect(parent.bodyRange.lowerBound <= part.headerRange.lowerBound)
                    #expect(part.bodyRange.upperBound <= parent.bodyRange.upperBound)
                }
                #expect(message.decodedSize(of: part) == message.decodedBody(of: part).count)
            }
            for attachment in message.attachments {
                #expect(message.data(of: attachment).count == attachment.size)
            }
            #expect(message.textPreview.count <= 200)
            _ = message.bouncedMessageID
            _ = message.htmlBody
        }
    }
}
