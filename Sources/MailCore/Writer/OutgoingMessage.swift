import Foundation

/// A message maild sends: an agent's reply or an acknowledgement, as the outbox hands it to the writer.
///
/// Plain values, validated only when written (`render()` or `validate()`): every string that ends up in a
/// header is checked there, and a CR, LF or NUL in any of them is refused, so no caller-given value can add
/// a header field of its own.
///
/// Ids (`messageID`, `inReplyTo`, `references`, `Attachment.contentID`) are given without angle brackets,
/// as `MessageHead` reads them; the writer adds the brackets.
public struct OutgoingMessage: Sendable, Hashable {
    /// A header field the writer has no property for (`Auto-Submitted`, `X-Loop`, `List-Unsubscribe` …).
    ///
    /// The value is written as given, folded at its whitespace; words with non-ASCII or control
    /// characters become RFC 2047 encoded words, which is right for unstructured fields (RFC 5322
    /// §3.2.5) only: give structured values (`<mailto:x@y>`) in ASCII.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A file sent with the message, base64 encoded (RFC 2045 §6.8).
    public struct Attachment: Sendable, Hashable {
        /// The name the recipient sees, any Unicode (RFC 2231 encoded when not plain ASCII).
        public var filename: String
        /// `type/subtype` (RFC 2045 §5.1) without parameters, e.g. `application/pdf`.
        public var contentType: String
        public var bytes: [UInt8]
        /// Shown in the text rather than as a download (`Content-Disposition: inline`, RFC 2183).
        public var isInline: Bool
        /// The id an HTML body refers to as `cid:` (RFC 2392), without angle brackets. An inline attachment
        /// with a content id is sent with the HTML body in multipart/related (RFC 2387).
        public var contentID: String?

        public init(filename: String, contentType: String, bytes: [UInt8], isInline: Bool = false,
                    contentID: String? = nil) {
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
            self.isInline = isInline
            self.contentID = contentID
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Envelope recipients only: never written into the message (RFC 5322 §3.6.3 allows either; a helpdesk
    /// must not show one customer's address to another). Validated like the others. A message with only
    /// Bcc recipients gets `To: undisclosed-recipients:;`.
    public var bcc: [MailAddress]
    public var replyTo: [MailAddress]
    public var subject: String
    /// The Date field's instant; written in `timeZone`'s offset at that instant (so daylight saving is
    /// right), to the second.
    public var date: Date
    /// A named zone or a fixed offset (`TimeZone(secondsFromGMT:)`).
    public var timeZone: TimeZone
    /// Given by the caller (see `MessageIDGenerator`) so a retried send keeps the same id.
    public var messageID: String
    public var inReplyTo: [String]
    public var references: [String]
    /// Written after the writer's own fields, in order.
    public var extraHeaders: [Header]
    /// The text body. Any line ends (LF, CRLF, CR) are sent as CRLF; a final line end is added when missing.
    public var text: String
    /// An HTML alternative to `text` (multipart/alternative, RFC 2046 §5.1.4); line ends as for `text`.
    public var html: String?
    public var attachments: [Attachment]

    public init(from: MailAddress, to: [MailAddress] = [], cc: [MailAddress] = [], bcc: [MailAddress] = [],
                replyTo: [MailAddress] = [], subject: String, date: Date, timeZone: TimeZone = .gmt,
                messageID: String, inReplyTo: [String] = [], references: [String] = [],
                extraHeaders: [Header] = [], text: String, html: String? = nil,
                attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.timeZone = timeZone
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// The SMTP envelope's recipients (RCPT TO, RFC 5321 §3.3): To, Cc and Bcc addresses, each once, in
    /// that order. Domains compare case-insensitively; local parts as written (RFC 5321 §2.4).
    public var envelopeRecipients: [String] {
        var seen = Set<String>()
        var result: [String] = []
        for mailbox in to + cc + bcc {
            let key = mailbox.domain.map { String(mailbox.address.dropLast($0.count)) + $0.lowercased() }
                ?? mailbox.address
            if seen.insert(key).inserted { result.append(mailbox.address) }
        }
        return result
    }

    /// Checks every value that goes into a header (the whole message but the bodies' encoding) and throws
    /// what `render()` would throw. Cheap: for refusing a reply at enqueue, long before it is sent.
    public func validate() throws(MessageWriterError) {
        let renderer = MessageRenderer(message: self)
        _ = try renderer.header()
        for index in attachments.indices { _ = try renderer.attachmentHeader(index) }
    }

    /// The message as it goes to SMTP DATA: CRLF line ends only, no line longer than 998 bytes
    /// (RFC 5322 §2.1.1), header lines folded at 78 where the content allows, 7-bit clean throughout.
    ///
    /// Lines starting with `.` are not dot-stuffed here: that is SMTP's transparency rule (RFC 5321
    /// §4.5.2), applied by the SMTP layer (libcurl does it), and a stuffed dot would corrupt the copy
    /// stored or appended to the Sent folder. Lines starting with `From ` are quoted-printable encoded
    /// (`=46rom `) so an mbox on the way cannot turn them into `>From `.
    ///
    /// The output depends only on the message: a retried send with the same values is the same bytes
    /// (MIME boundaries are derived from the Message-ID, see `MIMEBoundary`).
    public func render() throws(MessageWriterError) -> [UInt8] {
        try MessageRenderer(message: self).render()
    }
}
