import Foundation

/// What the ingest pipeline needs from a message's header section, parsed once, tolerantly.
///
/// Never throws and never traps: every value that cannot be read is nil or empty and a problem says why.
/// Only the header section is scanned, and `init(parsing:)` keeps only the fields read here (a typical
/// 5 KB message costs about 5 µs in a release build); time and memory are linear in the header's size.
public struct MessageHead: Sendable, Hashable {
    /// The first id of the Message-ID field, without angle brackets.
    public var messageID: String?
    /// The Subject, unfolded and RFC 2047 decoded; nil when the field is absent.
    public var subject: String?
    /// The first mailbox of From, or of Sender when From has none.
    public var from: MailAddress?
    /// Every mailbox of every To field (groups flattened, repeated fields merged in order).
    public var to: [MailAddress]
    /// Every mailbox of every Cc field (some mailers write `Cc:` and `cc:` both).
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    /// The Date field as a UTC instant; nil when missing or not a date (a problem is recorded then).
    public var date: Date?
    /// Ids of In-Reply-To, in order, without brackets.
    public var inReplyTo: [String]
    /// Ids of References, in order, without brackets.
    public var references: [String]
    /// Where the body starts in the parsed bytes.
    public var bodyOffset: Int
    public var problems: [ParseProblem]

    public init(parsing raw: [UInt8], limits: HeaderSection.Limits = .default) {
        self.init(header: raw.withUnsafeBufferPointer {
            HeaderSection(parsing: $0, limits: limits, onlyKnownFields: true)
        })
    }

    /// Parses the head of a message inside a larger buffer (an attached message/rfc822 part);
    /// `bodyOffset` is an index of `raw`.
    public init(parsing raw: ArraySlice<UInt8>, limits: HeaderSection.Limits = .default) {
        self.init(header: raw.withUnsafeBufferPointer {
            HeaderSection(parsing: $0, limits: limits, onlyKnownFields: true)
        })
        bodyOffset += raw.startIndex
    }

    /// Reads the head from a header section parsed already (with every field kept).
    public init(header: HeaderSection) {
        messageID = nil
        subject = nil
        from = nil
        to = []
        cc = []
        replyTo = []
        date = nil
        inReplyTo = []
        references = []
        bodyOffset = header.bodyOffset
        var log = ProblemLog()
        log.append(contentsOf: header.problems)
        var seen: UInt16 = 0
        var sender: MailAddress?
        var tokens: [HeaderToken] = []   // scratch for every structured field

        for field in header.fields {
            guard let kind = field.known else { continue }
            let isFirst = seen & 1 << kind.rawValue == 0
            seen |= 1 << kind.rawValue
            switch kind {
            case .to, .cc, .replyTo:
                let list = field.withUTF8Value { AddressList(utf8: $0, fieldName: field.name, tokens: &tokens) }
                log.append(contentsOf: list.problems)
                switch kind {
                case .to: Self.merge(list.addresses, into: &to)
                case .cc: Self.merge(list.addresses, into: &cc)
                default: Self.merge(list.addresses, into: &replyTo)
                }
            case .from, .sender:
                guard isFirst else { continue }
                let list = field.withUTF8Value { AddressList(utf8: $0, fieldName: field.name, tokens: &tokens) }
                log.append(contentsOf: list.problems)
                if kind == .from { from = list.addresses.first } else { sender = list.addresses.first }
            case .subject:
                guard isFirst else { continue }
                subject = MailboxReader.cleaned(field.withUTF8Value {
                    EncodedWords.decode(utf8: $0) ?? String(decoding: $0, as: UTF8.self)
                })
            case .date:
                guard isFirst else { continue }
                let parsed = MailDate(parsing: field.rawValue)
                date = parsed.date
                log.append(contentsOf: parsed.problems)
            case .messageID, .inReplyTo, .references:
                guard isFirst else { continue }
                let list = field.withUTF8Value { MessageIDList(utf8: $0, fieldName: field.name, tokens: &tokens) }
                log.append(contentsOf: list.problems)
                switch kind {
                case .messageID: messageID = list.ids.first
                case .inReplyTo: inReplyTo = list.ids
                default: references = list.ids
                }
            case .contentType, .contentTransferEncoding, .contentDisposition, .contentID:
                continue   // read by MimeMessage
            }
        }
        if from == nil { from = sender }
        problems = log.finished
    }

    /// Appends, taking the list's storage when there is nothing yet (the usual single To or Cc field).
    private static func merge(_ addresses: [MailAddress], into list: inout [MailAddress]) {
        if list.isEmpty { list = addresses } else { list += addresses }
    }
}
