/// A part of a message that is a file rather than its text: what an agent sees listed under a ticket.
///
/// `MimeMessage.attachments` lists every leaf that is not body text: a part with
/// `Content-Disposition: attachment` or with a file name, and every part that is neither text/plain nor
/// text/html (images, PDFs, calendars, signatures, delivery reports, TNEF `winmail.dat` — kept as it is,
/// since only Outlook can read it faithfully). An attached message (message/rfc822) is listed once, as a
/// whole, not its parts.
public struct MimeAttachment: Sendable, Hashable {
    /// Index of the part in `MimeMessage.parts`.
    public var part: Int
    /// RFC 2231 / RFC 2047 decoded, as the sender named it (not sanitised for a file system); nil when none.
    public var filename: String?
    /// `type/subtype`, lower case.
    public var contentType: String
    /// Bytes after transfer decoding.
    public var size: Int
    /// Content-ID without angle brackets: what `cid:` links in the HTML body point at.
    public var contentID: String?
    /// True for `Content-Disposition: inline`, or, without a disposition, a part with a Content-ID (an
    /// image the HTML shows).
    public var isInline: Bool

    public init(part: Int, filename: String?, contentType: String, size: Int, contentID: String?, isInline: Bool) {
        self.part = part
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.contentID = contentID
        self.isInline = isInline
    }
}

extension MimeMessage {
    /// The message's attachments in order (see `MimeAttachment`); parts inside an attached message are not
    /// listed separately.
    public var attachments: [MimeAttachment] {
        var result: [MimeAttachment] = []
        var index = 0
        while index < parts.count {
            let part = parts[index]
            if isAttachment(part) {
                result.append(MimeAttachment(
                    part: index, filename: part.filename, contentType: part.contentType.mimeType,
                    size: decodedSize(of: part), contentID: part.contentID,
                    isInline: part.disposition.map(\.isInline) ?? (part.contentID != nil)))
                index = part.subtreeEnd
            } else {
                index += 1
            }
        }
        return result
    }

    /// The decoded bytes of `attachment`, built from its part's slice of `raw` (nothing else is copied).
    /// Empty when `attachment` is not one of this message's.
    public func data(of attachment: MimeAttachment) -> [UInt8] {
        guard parts.indices.contains(attachment.part) else { return [] }
        return decodedBody(of: parts[attachment.part])
    }

    /// True for a part `attachments` lists.
    func isAttachment(_ part: MimePart) -> Bool {
        if part.isEncapsulatedMessage { return part.index != 0 }
        guard part.isLeaf else { return false }
        if let disposition = part.disposition, !disposition.isInline, !disposition.kind.isEmpty { return true }
        if part.filename != nil { return true }
        return !isBodyText(part.contentType)
    }

    func isBodyText(_ type: ContentType) -> Bool {
        type.type == "text" && (type.subtype == "plain" || type.subtype == "html")
    }
}
