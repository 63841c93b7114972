/// One entity of a message's MIME tree (RFC 2045 §2.4), located by byte ranges in the message's raw bytes:
/// nothing of its body is copied when the message is parsed.
///
/// A multipart part's children follow it in `MimeMessage.parts` (preorder), up to `subtreeEnd`. An
/// attached message (message/rfc822) has one child: the root entity of the message inside it.
public struct MimePart: Sendable, Hashable {
    /// Position in `MimeMessage.parts`; the whole message is 0.
    public let index: Int
    /// The IMAP section number (RFC 3501 §6.4.5): `1`, `2.1`, `3.2.1`. The root entity of a message is
    /// addressed by its message's number, so a multipart at the top has `""` and a non-multipart top level
    /// body has `"1"`; the root of an attached message at `2` is `2` when multipart, else `2.1`.
    public internal(set) var section: String
    /// Index of the enclosing part; nil for the whole message.
    public let parent: Int?
    /// 0 for the whole message, 1 for its parts, and so on (an attached message's root counts as a level).
    public let depth: Int
    /// Index just past this part's last descendant; `index + 1` for a part without children.
    public internal(set) var subtreeEnd: Int
    /// The header lines, up to and including the blank line that ends them (empty when there is none).
    public let headerRange: Range<Int>
    /// The body, still transfer-encoded. For a part of a multipart it ends before the line break that
    /// precedes the next boundary (RFC 2046 §5.1.1: that line break belongs to the boundary).
    public internal(set) var bodyRange: Range<Int>
    /// As declared, or the default: text/plain, or message/rfc822 inside multipart/digest. A multipart
    /// that cannot be split (no boundary, or its boundary never appears) is read as text/plain.
    public internal(set) var contentType: ContentType
    public let disposition: ContentDisposition?
    public let transferEncoding: TransferEncoding
    /// The Content-ID without its angle brackets (what `cid:` URLs in HTML refer to, RFC 2392).
    public let contentID: String?

    /// True for a part that holds content rather than other parts.
    public var isLeaf: Bool { subtreeEnd == index + 1 }

    /// The file name: Content-Disposition's `filename`, else Content-Type's `name` (both RFC 2231 and
    /// RFC 2047 decoded); nil when neither is given or it is blank.
    public var filename: String? {
        for candidate in [disposition?.filename, contentType.name] {
            if let candidate, !candidate.allSatisfy(\.isWhitespace) { return candidate }
        }
        return nil
    }

    /// True for an attached message (message/rfc822 or message/global) that was parsed as one.
    public var isEncapsulatedMessage: Bool { contentType.isEncapsulatedMessage && !isLeaf }
}
