import MailCore
import Testing

@Suite struct AttachmentTests {
    static func message(_ attachments: [OutgoingMessage.Attachment], html: String? = nil) -> OutgoingMessage {
        var message = WriterSamples.message()
        message.attachments = attachments
        message.html = html
        return message
    }

    static func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ $0 >> 8) }
    }

    @Test("attachments are base64 in lines of 76 characters", arguments: [0, 1, 2, 3, 56, 57, 58, 114, 1_000, 100_003])
    func base64Lines(_ count: Int) throws {
        let data = Self.bytes(count)
        let root = WrittenPart(try Self.message([.init(filename: "a.bin", contentType: "application/octet-stream",
                                                       bytes: data)]).render()[...])
        let part = try #require(root.children.last)
        #expect(part.transferEncoding == "base64")
        #expect(part.decodedBody == data)
        let lines = try #require(WriterSamples.lines(Array(part.rawBody)))
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(lines.last.map { $0.count <= 76 } ?? true)
    }

    @Test("file names in any script are read back; old readers get an ASCII stand-in", arguments: [
        ("report.pdf", "report.pdf"),
        ("Faktura żółw.pdf", "Faktura zolw.pdf"),
        ("Größe – Änderung.docx", "Grosse - Anderung.docx"),
        ("見積書.xlsx", "attachment.xlsx"),
        ("🎉.png", "attachment.png"),
        ("say \"hi\".txt", "say \"hi\".txt"),
        (String(repeating: "long name ", count: 20) + ".txt", "long name long name long name long name long n.txt"),
        (String(repeating: "ż", count: 100) + ".pdf", String(repeating: "z", count: 46) + ".pdf"),
    ])
    func filenames(_ filename: String, _ standIn: String) throws {
        let data = Self.bytes(10)
        let bytes = try Self.message([.init(filename: filename, contentType: "application/pdf", bytes: data)]).render()
        let part = try #require(WrittenPart(bytes[...]).children.last)
        #expect(part.parameter("Content-Disposition", "filename") == filename)
        #expect(part.parameter("Content-Type", "name") == filename)
        #expect(part.parameters("Content-Disposition")["filename"] == standIn)
        #expect(part.decodedBody == data)
        for line in WriterSamples.headerLines(Array(bytes[...])) + (WriterSamples.lines(bytes) ?? []).map({
            String(decoding: $0, as: UTF8.self)
        }) where !line.hasPrefix("--") {
            #expect(line.utf8.count <= 78, "\(line)")
        }
    }

    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        var html: Bool
        var attachments: [OutgoingMessage.Attachment]
        var tree: String
        var testDescription: String { name }
    }

    static let pdf = OutgoingMessage.Attachment(filename: "a.pdf", contentType: "application/pdf", bytes: [1, 2])
    static let logo = OutgoingMessage.Attachment(filename: "logo.png", contentType: "image/png", bytes: [3],
                                                 isInline: true, contentID: "logo@desk.example")

    static let shapes: [Shape] = [
        Shape(name: "text", html: false, attachments: [], tree: "text/plain"),
        Shape(name: "text and HTML", html: true, attachments: [],
              tree: "multipart/alternative(text/plain text/html)"),
        Shape(name: "text and a file", html: false, attachments: [pdf],
              tree: "multipart/mixed(text/plain application/pdf)"),
        Shape(name: "text, HTML and files", html: true, attachments: [pdf, pdf],
              tree: "multipart/mixed(multipart/alternative(text/plain text/html) application/pdf application/pdf)"),
        Shape(name: "HTML with an inline image", html: true, attachments: [logo],
              tree: "multipart/alternative(text/plain multipart/related(text/html image/png))"),
        Shape(name: "HTML with an inline image and a file", html: true, attachments: [pdf, logo],
              tree: "multipart/mixed(multipart/alternative(text/plain multipart/related(text/html image/png)) "
                  + "application/pdf)"),
        Shape(name: "text with an inline image", html: false, attachments: [logo],
              tree: "multipart/mixed(text/plain image/png)"),
    ]

    static func tree(_ part: WrittenPart) -> String {
        part.children.isEmpty ? part.mediaType
            : part.mediaType + "(" + part.children.map(tree).joined(separator: " ") + ")"
    }

    @Test("the MIME tree nests mixed, alternative and related as clients expect", arguments: shapes)
    func shape(_ shape: Shape) throws {
        let message = Self.message(shape.attachments, html: shape.html ? "<p>hi</p>" : nil)
        let root = WrittenPart(try message.render()[...])
        #expect(Self.tree(root) == shape.tree)
        #expect(root.header.first("MIME-Version")?.text == "1.0")
        for leaf in root.leaves where leaf.mediaType == "image/png" {
            #expect(leaf.disposition == "inline")
            #expect(leaf.header.first("Content-ID")?.text == "<logo@desk.example>")
        }
    }

    @Test("a boundary that occurs in a 7bit text is not used")
    func boundaryAvoidsContent() throws {
        let first = Self.message([Self.pdf])
        let boundary = try #require(WrittenPart(try first.render()[...]).parameter("Content-Type", "boundary"))
        var quoting = first
        quoting.text = "The raw message was:\n--\(boundary)\nContent-Type: text/plain\n\nfake\n--\(boundary)--\n"
        let root = WrittenPart(try quoting.render()[...])
        let used = try #require(root.parameter("Content-Type", "boundary"))
        #expect(used != boundary)
        #expect(root.children[0].transferEncoding == "7bit")
        #expect(root.children[0].decodedBody == BodyEncodingTests.expected(quoting.text))
        #expect(root.children.count == 2)
    }

    @Test("the same message is written as the same bytes")
    func deterministic() throws {
        let message = Self.message([Self.pdf, Self.logo], html: "<p>x</p>")
        #expect(try message.render() == message.render())
    }

    @Test("content types must be type/subtype", arguments: ["pdf", "application/", "/pdf", "application/pdf; x=1",
                                                            "a b/c", "application/pdf/x"])
    func invalidContentType(_ contentType: String) {
        let message = Self.message([.init(filename: "a", contentType: contentType, bytes: [])])
        let error = #expect(throws: MessageWriterError.self) { try message.render() }
        #expect(error?.kind == .invalidContentType)
        #expect(error?.field == "Content-Type")
    }
}
