import Foundation
import MailCore
import Testing

/// The MIME tree (RFC 2045, RFC 2046) of fixture messages: which parts, in which order, with which problems.
@Suite struct MimeTreeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        /// Every part in preorder as "section type" (the top-level multipart's section is empty).
        var parts: [String]
        var problems: [ParseProblem.Kind] = []
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "nested-alternative-related.eml", parts: [
            " multipart/mixed", "1 multipart/alternative", "1.1 text/plain", "1.2 multipart/related",
            "1.2.1 text/html", "1.2.2 image/png", "2 application/pdf",
        ]),
        Case(file: "lf-missing-close.eml", parts: [" multipart/mixed", "1 text/plain", "2 text/plain"],
             problems: [.missingCloseDelimiter]),
        Case(file: "boundary-prefix.eml", parts: [" multipart/mixed", "1 multipart/alternative", "1.1 text/plain"]),
        Case(file: "forwarded-message.eml", parts: [
            " multipart/mixed", "1 text/plain", "2 message/rfc822", "2 multipart/alternative", "2.1 text/plain",
            "2.2 text/html",
        ]),
        Case(file: "digest.eml", parts: [
            " multipart/digest", "1 message/rfc822", "1.1 text/plain", "2 message/rfc822", "2.1 text/plain",
        ]),
        Case(file: "signed.eml", parts: [" multipart/signed", "1 text/plain", "2 application/pgp-signature"]),
        Case(file: "no-content-type.eml", parts: ["1 text/plain"]),
        Case(file: "missing-boundary.eml", parts: ["1 text/plain"], problems: [.missingBoundary]),
        Case(file: "boundary-never-appears.eml", parts: ["1 text/plain"], problems: [.boundaryNotFound]),
        Case(file: "part-header-not-ended.eml", parts: [" multipart/mixed", "1 text/plain", "2 text/plain"],
             problems: [.partHeaderNotEnded, .partHeaderNotEnded]),
        Case(file: "unknown-encoding.eml", parts: ["1 application/octet-stream"], problems: [.unknownTransferEncoding]),
        Case(file: "bounce-dsn.eml", parts: [
            " multipart/report", "1 text/plain", "2 message/delivery-status", "3 message/rfc822", "3.1 text/plain",
        ]),
    ]

    static func parse(_ file: String) throws -> MimeMessage {
        MimeMessage(parsing: try MessageHeadTests.fixture(file))
    }

    static func outline(_ message: MimeMessage) -> [String] {
        message.parts.map { "\($0.section) \($0.contentType.mimeType)" }
    }

    @Test("splits each fixture into its parts", arguments: cases)
    func tree(_ expected: Case) throws {
        let message = try Self.parse(expected.file)
        #expect(Self.outline(message) == expected.parts)
        #expect(message.problems.map(\.kind) == expected.problems, "\(message.problems)")
    }

    @Test("a part's body excludes the line break before the next boundary, and CRLF or LF makes no difference",
          arguments: ["\r\n", "\n"])
    func bodyRanges(_ lineBreak: String) {
        let text = ["Content-Type: multipart/mixed; boundary=b", "", "preamble", "--b", "Content-Type: text/plain",
                    "", "one", "two", "--b", "", "three", "--b--", "epilogue", ""].joined(separator: lineBreak)
        let message = MimeMessage(parsing: Array(text.utf8))
        let leaves = message.leaves
        #expect(leaves.count == 2)
        #expect(leaves.map { String(decoding: message.body(of: $0), as: UTF8.self) }
                == ["one\(lineBreak)two", "three"])
        #expect(message.problems.isEmpty)
    }

    @Test("lines that only start like a boundary stay in the body")
    func boundaryPrefixes() throws {
        let message = try Self.parse("boundary-prefix.eml")
        let text = message.text(of: try #require(message.leaves.first))
        #expect(text == "--abcdef is not a boundary\n--abc1x is not one either\n--abc--not-the-end\n-- \nsignature")
    }

    @Test("an outer boundary ends an inner multipart that was never closed")
    func outerBoundaryClosesInner() {
        let text = """
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain

            inner text
            --outer
            Content-Type: application/pdf

            %PDF
            --outer--
            """
        let message = MimeMessage(parsing: Array(text.utf8))
        #expect(Self.outline(message) == [" multipart/mixed", "1 multipart/alternative", "1.1 text/plain",
                                          "2 application/pdf"])
        #expect(message.problems.map(\.kind) == [.missingCloseDelimiter])
        #expect(message.text(of: message.parts[2]) == "inner text")
    }

    @Test("an empty attached message is one empty text/plain part, as Python reads it")
    func emptyAttachedMessage() {
        let text = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n--b--\n"
        let message = MimeMessage(parsing: Array(text.utf8))
        #expect(Self.outline(message) == [" multipart/mixed", "1 message/rfc822", "1.1 text/plain"])
        #expect(message.leaves.map { message.decodedSize(of: $0) } == [0])
    }

    @Test("a base64-encoded message/rfc822 stays one part: its tree is not in the raw bytes")
    func encodedAttachedMessage() {
        let inner = Data("Subject: inner\n\nhello\n".utf8).base64EncodedString()
        let text = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n"
            + "Content-Transfer-Encoding: base64\n\n\(inner)\n--b--\n"
        let message = MimeMessage(parsing: Array(text.utf8))
        #expect(Self.outline(message) == [" multipart/mixed", "1 message/rfc822"])
        #expect(message.attachments.first.map { message.data(of: $0) } == Array("Subject: inner\n\nhello\n".utf8))
    }

    @Test("the parts' ranges point into a slice of a larger buffer")
    func sliceIndices() throws {
        let raw = try MessageHeadTests.fixture("forwarded-message.eml")
        let padded = Array(repeating: UInt8(ascii: "x"), count: 100) + raw
        let inSlice = MimeMessage(parsing: padded[100...])
        let alone = MimeMessage(parsing: raw)
        #expect(inSlice.parts.map(\.bodyRange) == alone.parts.map { ($0.bodyRange.lowerBound + 100)..<($0.bodyRange.upperBound + 100) })
        #expect(inSlice.bestText == alone.bestText)
        #expect(inSlice.encapsulatedHead(of: inSlice.parts[2])?.messageID == "inner-id@example.com")
    }

    @Test("the top-level head is the one MessageHead reads")
    func head() throws {
        let raw = try MessageHeadTests.fixture("nested-alternative-related.eml")
        let message = MimeMessage(parsing: raw)
        #expect(message.head == MessageHead(parsing: raw))
        #expect(message.head.from == MailAddress(name: "Zoë", address: "zoe@example.com"))
        #expect(message.header.first("MIME-Version")?.text == "1.0")
    }
}
