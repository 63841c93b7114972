/// Why an outgoing message could not be written. Nothing is written when any field is refused: the caller
/// (the outbox at enqueue) shows `description` to the agent and asks for a corrected value.
///
/// `field` names the header field the value was meant for (`Subject`, `To`, `Content-Disposition` …), so a
/// form can point at it; `description` says which value, quotes it (control characters made visible) and
/// what is wrong with it.
public struct MessageWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of value was refused. A struct over a private enum, so kinds can be added without breaking
    /// callers that switch on a few of them.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case forbiddenCharacter, invalidAddress, invalidFieldName, reservedFieldName, invalidMessageID
            case invalidContentType, fieldTooLong, invalidDomain, invalidUniquePart
        }
        private let code: Code
        private init(_ code: Code) { self.code = code }

        /// A CR, LF or NUL in a value meant for a header field: it would end the field (or the header) and
        /// let the rest of the value inject fields of its own.
        public static let forbiddenCharacter = Kind(.forbiddenCharacter)
        /// An address that is not an RFC 5322 addr-spec (or is internationalized, which maild does not send).
        public static let invalidAddress = Kind(.invalidAddress)
        /// An extra header's name that is not an RFC 5322 field name.
        public static let invalidFieldName = Kind(.invalidFieldName)
        /// An extra header the writer writes itself (From, Date, Content-Type …) or never writes (Bcc).
        public static let reservedFieldName = Kind(.reservedFieldName)
        /// A Message-ID, In-Reply-To, References or Content-ID id that is not an id.
        public static let invalidMessageID = Kind(.invalidMessageID)
        /// An attachment's content type that is not `type/subtype`.
        public static let invalidContentType = Kind(.invalidContentType)
        /// A value with a word too long to fit in a header line of 998 bytes (RFC 5322 §2.1.1).
        public static let fieldTooLong = Kind(.fieldTooLong)
        /// A Message-ID domain that is not a host name.
        public static let invalidDomain = Kind(.invalidDomain)
        /// The caller's unique part or conversation of a Message-ID has characters an id cannot carry.
        public static let invalidUniquePart = Kind(.invalidUniquePart)

        public var description: String { code.rawValue }
    }

    public let kind: Kind
    /// The header field the refused value was meant for.
    public let field: String
    public let description: String

    public init(_ kind: Kind, field: String, _ description: String) {
        self.kind = kind
        self.field = field
        self.description = description
    }

    /// The error for a CR, LF or NUL in `value`, naming the first one found; nil when there is none.
    static func forbiddenCharacter(in value: String, field: String, what: String) -> MessageWriterError? {
        for byte in value.utf8 {
            let name: String
            switch byte {
            case ASCII.cr: name = "a carriage return (CR)"
            case ASCII.lf: name = "a line feed (LF)"
            case 0: name = "a NUL character"
            default: continue
            }
            return MessageWriterError(.forbiddenCharacter, field: field,
                                      "\(what) contains \(name), which no header field may contain: "
                                      + ParseProblem.quoted(value.utf8))
        }
        return nil
    }

    /// Throws when `value` has a CR, LF or NUL: the one check every caller-given header value passes.
    static func checkNoLineBreak(_ value: String, field: String, what: String) throws(MessageWriterError) {
        if let error = forbiddenCharacter(in: value, field: field, what: what) { throw error }
    }
}
