/// Something the parser had to tolerate or drop. A message with problems is still kept: the problems are
/// shown next to it so an agent knows why a value looks odd (or is missing).
///
/// `description` is a short sentence for a human, quoting the offending bytes (shortened);
/// `kind` is stable and meant for code and tests.
public struct ParseProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it was. A struct over a private enum, so kinds can be added without breaking
    /// callers that switch on a few of them.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case lineWithoutColon, foldedLineWithoutField, tooManyFields, lineTooLong, fieldTooLong
            case tooManyProblems, badDate, dateWithoutTime, unknownTimeZone, badAddress, badMessageID
            case badContentType, missingBoundary, boundaryNotFound, missingCloseDelimiter, partHeaderNotEnded
            case nestingTooDeep, tooManyParts, unknownTransferEncoding
        }
        private let code: Code
        private init(_ code: Code) { self.code = code }

        /// A header line that is neither `name: value` nor a continuation (RFC 5322 §2.2).
        public static let lineWithoutColon = Kind(.lineWithoutColon)
        /// A line starting with whitespace before any field it could continue.
        public static let foldedLineWithoutField = Kind(.foldedLineWithoutField)
        /// More fields than `HeaderSection.Limits.maxFields`; the rest were dropped.
        public static let tooManyFields = Kind(.tooManyFields)
        /// A physical line longer than `HeaderSection.Limits.maxLineLength`; it was cut.
        public static let lineTooLong = Kind(.lineTooLong)
        /// An unfolded field longer than `HeaderSection.Limits.maxFieldLength`; it was cut.
        public static let fieldTooLong = Kind(.fieldTooLong)
        /// More problems than are worth keeping; the rest were not recorded.
        public static let tooManyProblems = Kind(.tooManyProblems)
        /// A Date field that is not a date; the message has no date.
        public static let badDate = Kind(.badDate)
        /// A Date field without a time of day; midnight was assumed.
        public static let dateWithoutTime = Kind(.dateWithoutTime)
        /// A Date field whose zone is an unknown name; it was read as UTC.
        public static let unknownTimeZone = Kind(.unknownTimeZone)
        /// Part of an address field that is not an address; the rest of the list was kept.
        public static let badAddress = Kind(.badAddress)
        /// A Message-ID, In-Reply-To or References field with something that is not an id.
        public static let badMessageID = Kind(.badMessageID)

        /// A Content-Type that is not `type/subtype`; read as text/plain (RFC 2045 §5.2).
        public static let badContentType = Kind(.badContentType)
        /// A multipart part without a boundary parameter; its body was read as text/plain.
        public static let missingBoundary = Kind(.missingBoundary)
        /// A multipart part whose boundary never appears in its body; the body was read as text/plain.
        public static let boundaryNotFound = Kind(.boundaryNotFound)
        /// A multipart part that ended (at the end of the message or an outer boundary) without its close
        /// delimiter `--boundary--`. Everything up to there was kept.
        public static let missingCloseDelimiter = Kind(.missingCloseDelimiter)
        /// A part header that ended at a line that is not a field instead of a blank line; that line
        /// starts the body.
        public static let partHeaderNotEnded = Kind(.partHeaderNotEnded)
        /// Multiparts or attached messages nested deeper than `MimeMessage.Limits.maxDepth`; the deepest
        /// was kept as one undivided part.
        public static let nestingTooDeep = Kind(.nestingTooDeep)
        /// More parts than `MimeMessage.Limits.maxParts`; the rest of the message is in the last part.
        public static let tooManyParts = Kind(.tooManyParts)
        /// A Content-Transfer-Encoding that is not 7bit, 8bit, binary, quoted-printable or base64; the body
        /// was read as 8bit.
        public static let unknownTransferEncoding = Kind(.unknownTransferEncoding)

        public var description: String { code.rawValue }
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The bytes as they may be quoted in a description: decoded leniently, control characters made visible,
    /// cut to `limit` characters so a 1 MB garbage field does not become a 1 MB problem.
    static func quoted(_ bytes: some Collection<UInt8>, limit: Int = 60) -> String {
        let text = Charset.decode(bytes.prefix(limit * 4), charset: nil)
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { result += "…"; break }
            switch scalar {
            case "\"": result += "\\\""
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result + "\""
    }
}

/// Collects problems up to a fixed number, so a pathological message cannot grow the list without bound.
struct ProblemLog: Sendable {
    static let maxProblems = 100
    private(set) var problems: [ParseProblem] = []
    private var dropped = 0

    mutating func record(_ kind: ParseProblem.Kind, _ description: String) {
        if problems.count < Self.maxProblems {
            problems.append(ParseProblem(kind, description))
        } else {
            dropped += 1
        }
    }

    mutating func append(contentsOf other: [ParseProblem]) {
        for problem in other { record(problem.kind, problem.description) }
    }

    /// The recorded problems, followed by one that counts those dropped.
    var finished: [ParseProblem] {
        guard dropped > 0 else { return problems }
        return problems + [ParseProblem(.tooManyProblems, "\(dropped) more problems were not recorded")]
    }
}
