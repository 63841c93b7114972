/// The message data items of one `* n FETCH (...)` response that maild uses (RFC 3501 §7.4.2).
///
/// Items not listed here (INTERNALDATE, ENVELOPE, BODYSTRUCTURE, MODSEQ, X-GM-*, BODY[1.2], BINARY[], ...)
/// are parsed and skipped. A nil property means the server did not send that item (or sent `NIL`).
public struct FetchAttributes: Sendable, Equatable {
    /// `UID n`.
    public var uid: UInt32?
    /// `RFC822.SIZE n`.
    public var size: Int?
    /// `FLAGS (...)`, as sent: `\Seen`, `$Forwarded`, ...
    public var flags: [String]?
    /// `BODY[]` (also `BODY[]<0>` and `RFC822`): the message bytes exactly as sent.
    public var body: [UInt8]?
    /// `BODY[HEADER]` or `RFC822.HEADER`: the header bytes exactly as sent.
    public var header: [UInt8]?

    public init(
        uid: UInt32? = nil, size: Int? = nil, flags: [String]? = nil,
        body: [UInt8]? = nil, header: [UInt8]? = nil
    ) {
        self.uid = uid
        self.size = size
        self.flags = flags
        self.body = body
        self.header = header
    }
}
