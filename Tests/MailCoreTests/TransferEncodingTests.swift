import MailCore
import Testing

/// Content-Transfer-Encoding names and decoding (RFC 2045 §6), tolerant of what real mail carries.
@Suite struct TransferEncodingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var encoding: TransferEncoding
        var input: String
        var output: [UInt8]
        var testDescription: String { "\(encoding): \(input.debugDescription)" }

        init(_ encoding: TransferEncoding, _ input: String, _ output: String) {
            self.encoding = encoding
            self.input = input
            self.output = Array(output.utf8)
        }
    }

    static let cases: [Case] = [
        Case(.base64, "SGVsbG8=", "Hello"),
        Case(.base64, "SGVs\r\nbG8", "Hello"),                         // line break, padding missing
        Case(.base64, "SGVsbG8gV29ybGQ", "Hello World"),
        Case(.base64, " SG!V*sb\tG8= \r\n", "Hello"),                    // junk and whitespace skipped
        Case(.base64, "QQ==QQ==", "AA"),                               // chunks padded one by one
        Case(.base64, "Q", ""),                                        // a lone sextet holds no byte
        Case(.base64, "", ""),
        Case(.quotedPrintable, "caf=C3=A9", "café"),
        Case(.quotedPrintable, "caf=c3=a9", "café"),                   // lower-case hex
        Case(.quotedPrintable, "long=\r\nline", "longline"),           // soft line break
        Case(.quotedPrintable, "long=\nline", "longline"),
        Case(.quotedPrintable, "long=  \r\nline", "longline"),         // transport padding after "="
        Case(.quotedPrintable, "a=ZZb", "a=ZZb"),                      // bad escape kept
        Case(.quotedPrintable, "1+1=2", "1+1=2"),
        Case(.quotedPrintable, "end=4", "end=4"),
        Case(.quotedPrintable, "end=", "end"),
        Case(.quotedPrintable, "a \r\nb\r\n", "a \r\nb\r\n"),          // hard breaks and spaces as sent
        Case(.quotedPrintable, "=3D=3d", "=="),
        Case(.sevenBit, "as =3D is", "as =3D is"),
        Case(.unknown("x-uuencode"), "begin 644", "begin 644"),
    ]

    @Test("decodes", arguments: cases)
    func decodes(_ test: Case) {
        let input = Array(test.input.utf8)
        let decoded = test.encoding.decode(input)
        #expect(decoded == test.output)
        #expect(test.encoding.decodedCount(input) == decoded.count)
    }

    @Test("base64 goes on after padding in the middle, as separately padded chunks")
    func base64AfterPadding() {
        let decoded = TransferEncoding.base64.decode(Array("SGVsbG8=IQ==".utf8))
        #expect(decoded == Array("Hello!".utf8))
    }

    @Test("reads the encoding's name", arguments: [
        ("base64", TransferEncoding.base64), ("BASE64", .base64), (" Quoted-Printable ", .quotedPrintable),
        ("\"8bit\"", .eightBit), ("8-bit", .eightBit), ("7bit (default)", .sevenBit), ("", .sevenBit),
        ("binary", .binary), ("x-uuencode", .unknown("x-uuencode")),
    ])
    func name(_ value: String, _ expected: TransferEncoding) {
        #expect(TransferEncoding(parsing: Array(value.utf8)) == expected)
    }
}
