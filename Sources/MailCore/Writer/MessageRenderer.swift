/// Writes an `OutgoingMessage`: the header fields, then the MIME tree (RFC 2045–2049).
///
/// The tree has the shape mail clients expect and show best (what Thunderbird and Apple Mail send):
///
///     multipart/mixed                     only with attachments
///     ├─ multipart/alternative            only with an HTML body
///     │  ├─ text/plain
///     │  └─ multipart/related             only with inline attachments that have a content id
///     │     ├─ text/html
///     │     └─ image/png (inline, cid)
///     └─ application/pdf (attachment)
///
/// Without HTML, inline attachments go into multipart/mixed with `Content-Disposition: inline`.
struct MessageRenderer {
    let message: OutgoingMessage

    private indirect enum Node {
        case text(subtype: String, TextBody)
        case attachment(Int)
        case multipart(subtype: String, parameters: [[UInt8]], [Node])
    }

    private static let reservedNames: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references",
        "mime-version", "content-type", "content-transfer-encoding", "content-disposition", "content-id",
    ]

    func render() throws(MessageWriterError) -> [UInt8] {
        let tree = makeTree()
        var output: [UInt8] = []
        output.reserveCapacity(estimatedSize())
        try write(tree, depth: 1, fields: try header(), into: &output)
        return output
    }

    /// Every field but the MIME content fields of the top part, validated.
    func header() throws(MessageWriterError) -> HeaderWriter {
        var writer = HeaderWriter()
        try writer.field("Date", MailDate.format(message.date, timeZone: message.timeZone))
        try writer.field("From", try addresses([message.from], field: "From"))
        if !message.replyTo.isEmpty { try writer.field("Reply-To", try addresses(message.replyTo, field: "Reply-To")) }
        if !message.to.isEmpty { try writer.field("To", try addresses(message.to, field: "To")) }
        if !message.cc.isEmpty { try writer.field("Cc", try addresses(message.cc, field: "Cc")) }
        _ = try addresses(message.bcc, field: "Bcc")   // validated, never written
        if message.to.isEmpty && message.cc.isEmpty && !message.bcc.isEmpty {
            // An empty group (RFC 5322 §A.1.3), as Postfix and sendmail write for Bcc-only mail: some spam
            // filters score a message without To.
            try writer.field("To", "undisclosed-recipients:;")
        }
        try MessageWriterError.checkNoLineBreak(message.subject, field: "Subject", what: "Subject")
        try writer.field("Subject", HeaderText.unstructured(message.subject, nameLength: "Subject".utf8.count))
        try writer.field("Message-ID", try ids([message.messageID], field: "Message-ID", strict: true))
        if !message.inReplyTo.isEmpty {
            try writer.field("In-Reply-To", try ids(message.inReplyTo, field: "In-Reply-To", strict: false))
        }
        if !message.references.isEmpty {
            try writer.field("References", try ids(message.references, field: "References", strict: false))
        }
        for (index, extra) in message.extraHeaders.enumerated() {
            try checkExtraName(extra.name, number: index + 1)
            try MessageWriterError.checkNoLineBreak(extra.value, field: extra.name, what: "\(extra.name) value")
            try writer.field(extra.name, HeaderText.unstructured(extra.value, nameLength: extra.name.utf8.count,
                                                                 keepingASCII: true))
        }
        try writer.field("MIME-Version", "1.0")
        return writer
    }

    /// The content fields of attachment `index`, validated.
    func attachmentHeader(_ index: Int) throws(MessageWriterError) -> HeaderWriter {
        let attachment = message.attachments[index]
        let what = "attachment \(index + 1)"
        try MessageWriterError.checkNoLineBreak(attachment.contentType, field: "Content-Type",
                                                what: "\(what) content type")
        try MessageWriterError.checkNoLineBreak(attachment.filename, field: "Content-Disposition",
                                                what: "\(what) filename")
        guard Self.isMediaType(attachment.contentType) else {
            throw MessageWriterError(.invalidContentType, field: "Content-Type", "\(what) content type "
                                     + ParseProblem.quoted(attachment.contentType.utf8)
                                     + " is not type/subtype (e.g. application/pdf)")
        }
        var writer = HeaderWriter(capacity: 256)
        let name = MIMEParameter.pieces(name: "name", value: attachment.filename)
        try writer.field("Content-Type", Self.joined(" " + attachment.contentType, name))
        let disposition = attachment.isInline ? " inline" : " attachment"
        let filename = MIMEParameter.pieces(name: "filename", value: attachment.filename)
        try writer.field("Content-Disposition", Self.joined(disposition, filename))
        try writer.field("Content-Transfer-Encoding", "base64")
        if let contentID = attachment.contentID {
            try writer.field("Content-ID", try ids([contentID], field: "Content-ID", strict: true))
        }
        return writer
    }

    private func makeTree() -> Node {
        let text = Node.text(subtype: "plain", TextBody(message.text))
        var body = text
        var related: Set<Int> = []
        if let html = message.html {
            var htmlNode = Node.text(subtype: "html", TextBody(html))
            related = Set(message.attachments.indices.filter {
                message.attachments[$0].isInline && message.attachments[$0].contentID != nil
            })
            if !related.isEmpty {
                let type = MIMEParameter.pieces(name: "type", value: "text/html")
                htmlNode = .multipart(subtype: "related", parameters: type,
                                      [htmlNode] + related.sorted().map(Node.attachment))
            }
            body = .multipart(subtype: "alternative", parameters: [], [text, htmlNode])
        }
        let others = message.attachments.indices.filter { !related.contains($0) }
        if !others.isEmpty {
            body = .multipart(subtype: "mixed", parameters: [], [body] + others.map(Node.attachment))
        }
        return body
    }

    /// Appends `fields` with `node`'s content fields, the blank line, and `node`'s body to `output`.
    private func write(_ node: Node, depth: Int, fields: HeaderWriter,
                       into output: inout [UInt8]) throws(MessageWriterError) {
        var fields = fields
        switch node {
        case .text(let subtype, let text):
            try fields.field("Content-Type", [.plain(" text/\(subtype);"), .plain(" charset=utf-8")])
            try fields.field("Content-Transfer-Encoding", text.transferEncoding)
            fields.end()
            output += fields.bytes
            text.write(to: &output)
        case .attachment(let index):
            fields.append(try attachmentHeader(index))
            fields.end()
            output += fields.bytes
            Base64.appendLines(message.attachments[index].bytes, to: &output)
        case .multipart(let subtype, let parameters, let children):
            let boundary = MIMEBoundary.make(depth: depth, messageID: message.messageID,
                                             avoiding: Self.sevenBitTexts(children))
            let boundaryParameter = MIMEParameter.pieces(name: "boundary", value: boundary)
            try fields.field("Content-Type", Self.joined(" multipart/\(subtype)", parameters + boundaryParameter))
            fields.end()
            output += fields.bytes
            // RFC 2046 §5.1.1: the CRLF before each delimiter belongs to the delimiter, so every part keeps
            // its own final line end.
            let delimiter = Array("--\(boundary)".utf8)
            for (index, child) in children.enumerated() {
                if index > 0 { output += [ASCII.cr, ASCII.lf] }
                output += delimiter
                output += [ASCII.cr, ASCII.lf]
                try write(child, depth: depth + 1, fields: HeaderWriter(capacity: 256), into: &output)
            }
            output += [ASCII.cr, ASCII.lf]
            output += delimiter
            output += [ASCII.minus, ASCII.minus, ASCII.cr, ASCII.lf]
        }
    }

    private static func sevenBitTexts(_ nodes: [Node]) -> [String] {
        nodes.flatMap { node -> [String] in
            switch node {
            case .text(_, let text): return text.isSevenBit ? [text.text] : []
            case .attachment: return []
            case .multipart(_, _, let children): return sevenBitTexts(children)
            }
        }
    }

    /// Enough for the whole message in nearly every case, so the output is not copied as it grows: text
    /// as quoted-printable may take up to 3 bytes a byte and asks for that room while it is written.
    private func estimatedSize() -> Int {
        let text = message.text.utf8.count + (message.html?.utf8.count ?? 0)
        return text * 3 + text / 8 + 4_096
            + message.attachments.reduce(0) { $0 + Base64.encodedLength($1.bytes.count) + 512 }
    }

    /// `value; p1; p2`, each parameter a foldable piece.
    private static func joined(_ value: String, _ parameters: [[UInt8]]) -> [HeaderPiece] {
        var pieces = [Array(value.utf8)]
        for parameter in parameters {
            pieces[pieces.count - 1].append(ASCII.semicolon)
            pieces.append(parameter)
        }
        return pieces.map(HeaderPiece.plain)
    }

    private func addresses(_ list: [MailAddress], field: String) throws(MessageWriterError) -> [HeaderPiece] {
        for (index, mailbox) in list.enumerated() {
            let what = list.count == 1 ? "\(field) address" : "\(field) address \(index + 1)"
            try MessageWriterError.checkNoLineBreak(mailbox.address, field: field, what: what)
            if let name = mailbox.name {
                try MessageWriterError.checkNoLineBreak(name, field: field, what: "\(what) display name")
            }
            if let problem = AddressSyntax.problem(with: mailbox.address) {
                throw MessageWriterError(.invalidAddress, field: field,
                                         "\(what) " + ParseProblem.quoted(mailbox.address.utf8) + " " + problem)
            }
        }
        return AddressSyntax.list(list)
    }

    private func ids(_ list: [String], field: String, strict: Bool) throws(MessageWriterError) -> [HeaderPiece] {
        var pieces: [HeaderPiece] = []
        for (index, id) in list.enumerated() {
            let what = list.count == 1 ? field : "\(field) id \(index + 1)"
            try MessageWriterError.checkNoLineBreak(id, field: field, what: what)
            if let problem = strict ? AddressSyntax.strictIDProblem(id) : AddressSyntax.lenientIDProblem(id) {
                throw MessageWriterError(.invalidMessageID, field: field,
                                         "\(what) " + ParseProblem.quoted(id.utf8) + " " + problem)
            }
            pieces.append(.plain(" <" + id + ">"))
        }
        return pieces
    }

    private func checkExtraName(_ name: String, number: Int) throws(MessageWriterError) {
        let field = "extra header \(number)"
        try MessageWriterError.checkNoLineBreak(name, field: field, what: "The name of \(field)")
        // RFC 5322 §3.6.8: printable ASCII but the colon.
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != ASCII.colon }) else {
            throw MessageWriterError(.invalidFieldName, field: field, "The name of \(field) "
                                     + ParseProblem.quoted(name.utf8)
                                     + " is not a field name (printable ASCII without spaces or a colon)")
        }
        guard !Self.reservedNames.contains(name.lowercased()) else {
            throw MessageWriterError(.reservedFieldName, field: name, "\(name) cannot be given as an extra header: "
                                     + (name.lowercased() == "bcc" ? "Bcc is never written (use bcc)"
                                        : "the writer writes it from the message's own values"))
        }
    }

    /// `type/subtype`, both RFC 2045 §5.1 tokens.
    private static func isMediaType(_ value: String) -> Bool {
        let parts = value.utf8.split(separator: 0x2F, omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains($0) }
        }
    }
}
