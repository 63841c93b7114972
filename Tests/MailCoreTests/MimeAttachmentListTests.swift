import Foundation
import MailCore
import Testing

/// The attachment list an agent sees, and each attachment's bytes.
@Suite struct MimeAttachmentListTests {
    struct Listed: Equatable, CustomStringConvertible {
        var filename: String?
        var contentType: String
        var size: Int
        var contentID: String?
        var isInline: Bool
        var description: String { "\(filename ?? "-") \(contentType) \(size) \(contentID ?? "-") inline=\(isInline)" }

        init(_ filename: String?, _ contentType: String, _ size: Int, cid: String? = nil, inline: Bool = false) {
            self.filename = filename
            self.contentType = contentType
            self.size = size
            self.contentID = cid
            self.isInline = inline
        }

        init(_ attachment: MimeAttachment) {
            self.init(attachment.filename, attachment.contentType, attachment.size, cid: attachment.contentID,
                      inline: attachment.isInline)
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var attachments: [Listed]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "nested-alternative-related.eml", attachments: [
            Listed(nil, "image/png", 72, cid: "shot@example.com", inline: true),
            Listed("Druckerfehler – Bericht.pdf", "application/pdf", 309),
        ]),
        Case(file: "tnef.eml", attachments: [Listed("winmail.dat", "application/ms-tnef", 57)]),
        Case(file: "forwarded-message.eml", attachments: [Listed(nil, "message/rfc822", 267)]),
        Case(file: "signed.eml", attachments: [Listed("signature.asc", "application/pgp-signature", 74)]),
        Case(file: "lf-missing-close.eml", attachments: [Listed("notes.txt", "text/plain", 27)]),
        Case(file: "bounce-dsn.eml", attachments: [Listed(nil, "message/delivery-status", 105),
                                                   Listed(nil, "message/rfc822", 134)]),
        Case(file: "html-only.eml", attachments: []),
        Case(file: "unknown-encoding.eml", attachments: [Listed("data.bin", "application/octet-stream", 31)]),
    ]

    @Test("lists every part that is not body text", arguments: cases)
    func list(_ expected: Case) throws {
        let message = MimeMessage(parsing: try MessageHeadTests.fixture(expected.file))
        #expect(message.attachments.map(Listed.init) == expected.attachments)
        for attachment in message.attachments {
            #expect(message.data(of: attachment).count == attachment.size)
        }
    }

    @Test("an attachment's bytes are its decoded body")
    func data() throws {
        let message = MimeMessage(parsing: try MessageHeadTests.fixture("nested-alternative-related.eml"))
        let pdf = try #require(message.attachments.last)
        let expected = Array("%PDF-1.4\n".utf8) + (0..<300).map { UInt8(($0 * 7) % 256) }
        #expect(message.data(of: pdf) == expected)
        let image = try #require(message.attachments.first)
        #expect(message.data(of: image).prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test("an attachment of another message gives no bytes rather than trapping")
    func foreignAttachment() throws {
        let message = MimeMessage(parsing: try MessageHeadTests.fixture("tnef.eml"))
        let foreign = MimeAttachment(part: 99, filename: "x", contentType: "a/b", size: 1, contentID: nil, isInline: false)
        #expect(message.data(of: foreign).isEmpty)
    }

    @Test("file names come from Content-Disposition, else Content-Type's name", arguments: [
        ("Content-Type: application/pdf; name=\"from-type.pdf\"\nContent-Disposition: attachment", "from-type.pdf"),
        ("Content-Type: application/pdf; name=\"type.pdf\"\nContent-Disposition: attachment; filename=disp.pdf",
         "disp.pdf"),
        ("Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"  \"", nil),
        ("Content-Type: image/jpeg; name*=utf-8''%F0%9F%93%B7.jpg", "📷.jpg"),
    ] as [(String, String?)])
    func filenames(_ header: String, _ filename: String?) {
        let text = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\(header)\n\nAAAA\n--b--\n"
        let message = MimeMessage(parsing: Array(text.utf8))
        #expect(message.attachments.count == 1)
        #expect(message.attachments.first?.filename == filename)
    }

    @Test("a large attachment is decoded on demand from its slice of the message")
    func largeAttachment() {
        let payload = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let encoded = Data(payload).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let text = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n"
            + "--b\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=big.zip\r\n\r\n\(encoded)\r\n--b--\r\n"
        let message = MimeMessage(parsing: Array(text.utf8))
        let attachment = message.attachments.first
        #expect(attachment?.size == payload.count)
        #expect(attachment.map { message.data(of: $0) == payload } == true)
        #expect(message.bestText == "see file")
    }
}
