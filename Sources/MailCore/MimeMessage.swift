/// A whole message: its header, its MIME tree, and the raw bytes both point into.
///
/// Parsing never fails and never traps. It is one pass over the bytes (time linear in the size of the
/// message, times at most `Limits.maxDepth` boundary comparisons per line that starts with `--`), and it
/// copies only header values: bodies are byte ranges of `raw`, decoded when asked for (`decodedBody(of:)`,
/// `text(of:)`, `data(of:)`, `bestText`). What it tolerates, each recorded in `problems`, is listed in
/// `MimeTreeParser`.
public struct MimeMessage: Sendable {
    /// Bounds on the tree a message may make the parser build.
    public struct Limits: Sendable, Hashable {
        /// Nesting of multiparts and attached messages; a deeper one is kept as one undivided part.
        public var maxDepth: Int
        /// Parts in the whole tree; past it the rest of the message stays in the last part.
        public var maxParts: Int
        /// Limits for every header section, the message's and each part's.
        public var header: HeaderSection.Limits

        public init(maxDepth: Int = 50, maxParts: Int = 10_000, header: HeaderSection.Limits = .default) {
            self.maxDepth = maxDepth
            self.maxParts = maxParts
            self.header = header
        }

        public static let `default` = Limits()
    }

    /// The bytes the message was parsed from. Ranges in `parts` are indices of this slice.
    public let raw: ArraySlice<UInt8>
    /// The top-level header section, every field kept.
    public let header: HeaderSection
    /// What the ingest pipeline reads from the top-level header.
    public let head: MessageHead
    /// Every entity in preorder; `parts[0]` is the whole message.
    public let parts: [MimePart]
    /// The header's problems, then the MIME tree's.
    public let problems: [ParseProblem]

    public init(parsing raw: [UInt8], limits: Limits = .default) {
        self.init(parsing: raw[...], limits: limits)
    }

    /// Parses a message inside a larger buffer; ranges are indices of `raw`, not counted from zero.
    public init(parsing raw: ArraySlice<UInt8>, limits: Limits = .default) {
        self.raw = raw
        header = HeaderSection(parsing: raw, limits: limits.header)
        head = MessageHead(header: header)
        var log = ProblemLog()
        log.append(contentsOf: head.problems)
        let header = header
        parts = raw.withUnsafeBufferPointer { buffer in
            var parser = MimeTreeParser(buffer: buffer, offset: raw.startIndex, limits: limits, log: log)
            parser.run(topLevel: header)
            log = parser.log
            return parser.parts
        }
        problems = log.finished
    }

    /// The whole message as a part.
    public var root: MimePart { parts[0] }

    /// The direct children of `part`, in order.
    public func children(of part: MimePart) -> [MimePart] {
        var result: [MimePart] = []
        var index = part.index + 1
        while index < part.subtreeEnd {
            result.append(parts[index])
            index = parts[index].subtreeEnd
        }
        return result
    }

    /// Every part without children, in order (message/rfc822 parts descended into).
    public var leaves: [MimePart] { parts.filter(\.isLeaf) }

    /// The body of `part` as it is in the message, still transfer-encoded: a slice of `raw`, not a copy.
    public func body(of part: MimePart) -> ArraySlice<UInt8> {
        raw[part.bodyRange.clamped(to: raw.indices)]
    }

    /// The body of `part` with its transfer encoding undone.
    public func decodedBody(of part: MimePart) -> [UInt8] {
        part.transferEncoding.decode(body(of: part))
    }

    /// How many bytes `decodedBody(of:)` would return, counted without building them.
    public func decodedSize(of part: MimePart) -> Int {
        part.transferEncoding.decodedCount(body(of: part))
    }

    /// The body of `part` decoded to text in its declared charset (undeclared: UTF-8 when valid, else
    /// windows-1252). Line breaks are left as sent.
    public func text(of part: MimePart) -> String {
        let body = body(of: part)
        if part.transferEncoding.isIdentity { return Charset.decode(body, charset: part.contentType.charset) }
        return Charset.decode(decodedBody(of: part), charset: part.contentType.charset)
    }

    /// The head of the message attached as `part` (message/rfc822), or nil when `part` is not one.
    public func encapsulatedHead(of part: MimePart) -> MessageHead? {
        guard part.isEncapsulatedMessage else { return nil }
        let inner = parts[part.index + 1]
        return MessageHead(parsing: raw[inner.headerRange.clamped(to: raw.indices)])
    }
}
