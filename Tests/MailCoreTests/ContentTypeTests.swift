import MailCore
import Testing

/// Content-Type and Content-Disposition values (RFC 2045 §5.1, RFC 2183, RFC 2231), as real mailers write them.
@Suite struct ContentTypeTests {
    struct TypeCase: CustomTestStringConvertible, Sendable {
        var field: String
        var mimeType: String?
        var parameters: [String: String] = [:]
        var testDescription: String { field }
    }

    static let types: [TypeCase] = [
        TypeCase(field: "text/plain; charset=\"utf-8\"", mimeType: "text/plain", parameters: ["charset": "utf-8"]),
        TypeCase(field: "Text/HTML; Charset=ISO-8859-1", mimeType: "text/html", parameters: ["charset": "ISO-8859-1"]),
        TypeCase(field: "text/plain; charset=us-ascii (Plain text)", mimeType: "text/plain",
                 parameters: ["charset": "us-ascii"]),
        TypeCase(field: "text/plain charset=utf-8", mimeType: "text/plain", parameters: ["charset": "utf-8"]),
        TypeCase(field: "multipart/mixed;\r\n\tboundary=\"----=_Part_1_2.3\"", mimeType: "multipart/mixed",
                 parameters: ["boundary": "----=_Part_1_2.3"]),
        TypeCase(field: "multipart/alternative; boundary=simple; ", mimeType: "multipart/alternative",
                 parameters: ["boundary": "simple"]),
        TypeCase(field: "application/pdf; name=\"=?UTF-8?B?UmVjaG51bmcgw4QucGRm?=\"", mimeType: "application/pdf",
                 parameters: ["name": "Rechnung Ä.pdf"]),
        TypeCase(field: "application/octet-stream; name=My Report 2024.pdf", mimeType: "application/octet-stream",
                 parameters: ["name": "My Report 2024.pdf"]),
        TypeCase(field: "text/plain; format=flowed delsp=yes", mimeType: "text/plain",
                 parameters: ["format": "flowed", "delsp": "yes"]),
        TypeCase(field: "text/plain; junk; charset=utf-8", mimeType: "text/plain", parameters: ["charset": "utf-8"]),
        TypeCase(field: "text/plain; charset=\"utf-8\"junk; format=flowed", mimeType: "text/plain",
                 parameters: ["charset": "utf-8", "format": "flowed"]),
        TypeCase(field: "text/plain; name=\"a \\\"quoted\\\" name.txt\"", mimeType: "text/plain",
                 parameters: ["name": "a \"quoted\" name.txt"]),
        TypeCase(field: "text/plain; charset=utf-8; charset=latin1", mimeType: "text/plain",
                 parameters: ["charset": "utf-8"]),
        TypeCase(field: "text / plain", mimeType: "text/plain"),
        TypeCase(field: "text", mimeType: nil),
        TypeCase(field: "/plain", mimeType: nil),
        TypeCase(field: "text/", mimeType: nil),
        TypeCase(field: "", mimeType: nil),
    ]

    @Test("Content-Type values are read as mail clients read them", arguments: types)
    func contentType(_ expected: TypeCase) {
        let parsed = ContentType(parsing: Array(expected.field.utf8))
        #expect(parsed?.mimeType == expected.mimeType)
        if expected.mimeType != nil { #expect(parsed?.parameters == expected.parameters) }
    }

    struct DispositionCase: CustomTestStringConvertible, Sendable {
        var field: [UInt8]
        var kind: String
        var filename: String?
        var label: String
        var testDescription: String { label }

        init(_ field: String, kind: String = "attachment", filename: String?) {
            self.field = Array(field.utf8)
            self.kind = kind
            self.filename = filename
            self.label = field
        }

        init(bytes: [UInt8], label: String, filename: String?) {
            self.field = bytes
            self.kind = "attachment"
            self.filename = filename
            self.label = label
        }
    }

    static let dispositions: [DispositionCase] = [
        DispositionCase("attachment; filename=\"report.pdf\"", filename: "report.pdf"),
        DispositionCase("attachment; filename*=utf-8''%E2%82%AC%20rates.pdf", filename: "€ rates.pdf"),
        DispositionCase("attachment; filename*=UTF-8'en'%e2%82%ac.pdf", filename: "€.pdf"),
        // A two-byte character split across two sections still decodes.
        DispositionCase("attachment; filename*0*=utf-8''%C5; filename*1*=%81%C3%B3d%C5%BA.txt", filename: "Łódź.txt"),
        DispositionCase("attachment; filename*1=\"second.pdf\"; filename*0=\"first-\"", filename: "first-second.pdf"),
        DispositionCase("attachment;\r\n filename*0*=iso-8859-1'de'M%FCller;\r\n filename*1=\" Bericht.pdf\"",
                        filename: "Müller Bericht.pdf"),
        DispositionCase("attachment; filename=\"fallback.pdf\"; filename*=utf-8''real.pdf", filename: "real.pdf"),
        DispositionCase("attachment; filename*=utf-8''real.pdf; filename=\"fallback.pdf\"", filename: "real.pdf"),
        DispositionCase("attachment; filename*=''plain%20name.txt", filename: "plain name.txt"),
        DispositionCase("attachment; filename*=utf-8''bad%zz%4.txt", filename: "bad%zz%4.txt"),
        DispositionCase("attachment; filename*0*=koi8-r''%F0%D2%C9%D7%C5%D4.txt", filename: "Привет.txt"),
        DispositionCase("attachment; filename=\"Zoë.pdf\"", filename: "Zoë.pdf"),
        DispositionCase(bytes: Array("attachment; filename=\"Zo".utf8) + [0xEB] + Array(".pdf\"".utf8),
                        label: "a windows-1252 file name", filename: "Zoë.pdf"),
        DispositionCase("attachment; filename=\"=?iso-8859-2?Q?Faktura_=B3=F3d=BC.pdf?=\"", filename: "Faktura łódź.pdf"),
        DispositionCase("inline", kind: "inline", filename: nil),
        DispositionCase("INLINE; filename=photo.jpg", kind: "inline", filename: "photo.jpg"),
        DispositionCase("filename=\"no-type.pdf\"", kind: "", filename: "no-type.pdf"),
        DispositionCase("attachment filename=forgot-the-semicolon.pdf", filename: "forgot-the-semicolon.pdf"),
    ]

    @Test("Content-Disposition file names, RFC 2231 and RFC 2047 decoded", arguments: dispositions)
    func disposition(_ expected: DispositionCase) {
        let parsed = ContentDisposition(parsing: expected.field)
        #expect(parsed.kind == expected.kind)
        #expect(parsed.filename == expected.filename)
    }

    @Test("a boundary keeps its exact bytes and its case")
    func boundary() {
        let parsed = ContentType(parsing: Array("Multipart/Mixed; BOUNDARY=\"=_AbC 123\"".utf8))
        #expect(parsed?.mimeType == "multipart/mixed")
        #expect(parsed?.parameters["boundary"] == "=_AbC 123")
    }
}
