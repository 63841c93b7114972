/// An address field (From, To, Cc, Reply-To, Sender …) parsed into mailboxes (RFC 5322 §3.4).
///
/// Handles display names (atoms, quoted strings with escapes, RFC 2047 encoded words, even inside quotes
/// as Thunderbird and Outlook write them), groups (`undisclosed-recipients:;`, `Team: a@x, b@y;`, members
/// flattened into the list), nested comments, quoted local parts, obsolete routes (`<@route:a@b>`) and CFWS
/// inside addresses (RFC 5322 §4.4), bare addresses with an old-style comment name (`joe@x (Joe)`).
/// Garbage is skipped with a problem; the rest of the list is kept.
public struct AddressList: Sendable, Hashable {
    public var addresses: [MailAddress]
    public var problems: [ParseProblem]

    public init(addresses: [MailAddress], problems: [ParseProblem] = []) {
        self.addresses = addresses
        self.problems = problems
    }

    /// Parses the unfolded value of an address field. `fieldName` only names the field in problems.
    public init(parsing value: some Collection<UInt8>, fieldName: String = "Address") {
        let field = HeaderField(name: fieldName, known: nil, rawValue: ArraySlice(value))
        self = field.withUTF8Value { AddressList(utf8: $0, fieldName: fieldName) }
    }

    init(utf8 buffer: UnsafeBufferPointer<UInt8>, fieldName: String) {
        var tokens: [HeaderToken] = []
        self.init(utf8: buffer, fieldName: fieldName, tokens: &tokens)
    }

    /// `tokens` is scratch space, reused across the fields of a message.
    init(utf8 buffer: UnsafeBufferPointer<UInt8>, fieldName: String, tokens: inout [HeaderToken]) {
        HeaderToken.tokenize(buffer, into: &tokens)
        var parser = AddressListParser(buffer: buffer, tokens: tokens, fieldName: fieldName)
        parser.run()
        addresses = parser.addresses
        problems = parser.log.finished
    }
}

/// Splits the token stream into items (mailboxes, group openers) at top-level `,` `;` and group `:`,
/// then reads each item as a mailbox with `MailboxReader`.
private struct AddressListParser {
    let buffer: UnsafeBufferPointer<UInt8>
    let tokens: [HeaderToken]
    let fieldName: String
    var addresses: [MailAddress] = []
    var log = ProblemLog()

    init(buffer: UnsafeBufferPointer<UInt8>, tokens: [HeaderToken], fieldName: String) {
        self.buffer = buffer
        self.tokens = tokens
        self.fieldName = fieldName
    }

    mutating func run() {
        var index = 0
        var inGroup = false
        // "Doe, John <john@x>": Outlook users' unquoted "Last, First" names. The phrase before the comma
        // is carried to the next item and joined back when that item is a name-addr.
        var carried: (name: String, item: Range<Int>)?
        while index < tokens.count {
            let (end, opensGroup) = itemEnd(from: index, inGroup: inGroup)
            let item = index..<end
            if opensGroup {
                // The group's display name is not a mailbox; members follow (RFC 5322 §3.4).
                inGroup = true
                dropCarried(&carried)
            } else {
                let reader = MailboxReader(buffer: buffer, tokens: tokens[item])
                switch reader.read() {
                case .mailbox(var mailbox, let hadAngle, let problem):
                    if let previous = carried, hadAngle {
                        mailbox.name = [previous.name, mailbox.name].compactMap { $0 }.joined(separator: ", ")
                        log.record(.badAddress, "\(fieldName) has an unquoted comma in a display name: "
                                   + quote(previous.item.lowerBound..<end))
                        carried = nil
                    }
                    dropCarried(&carried)
                    if let problem { log.record(.badAddress, "\(fieldName) \(problem): " + quote(item)) }
                    addresses.append(mailbox)
                case .phrase(let name):
                    dropCarried(&carried)
                    carried = (name, item)
                case .empty:
                    break
                case .invalid(let reason):
                    dropCarried(&carried)
                    log.record(.badAddress, "\(fieldName) \(reason): " + quote(item))
                }
            }
            if end < tokens.count, tokens[end].isSpecial(ASCII.semicolon) { inGroup = false }
            index = end + 1
        }
        dropCarried(&carried)
    }

    private mutating func dropCarried(_ carried: inout (name: String, item: Range<Int>)?) {
        guard let previous = carried else { return }
        carried = nil
        log.record(.badAddress, "\(fieldName) has \(quote(previous.item)), which is not an address")
    }

    /// Where the item starting at `start` ends (the index of its `,` `;` or group `:`), and whether it is a
    /// group's display name. A `,` inside `<...>` belongs to an obsolete route (`<@a,@b:x@y>`) only when
    /// an `@` follows it; otherwise the `>` is missing and the comma ends the item.
    private func itemEnd(from start: Int, inGroup: Bool) -> (Int, Bool) {
        var index = start
        var inAngle = false
        var sawAtOrAngle = false
        while index < tokens.count {
            let token = tokens[index]
            if case .special(let byte) = token.kind {
                switch byte {
                case ASCII.lessThan:
                    inAngle = true
                    sawAtOrAngle = true
                case ASCII.greaterThan:
                    inAngle = false
                case ASCII.at:
                    sawAtOrAngle = true
                case ASCII.comma where inAngle:
                    if index + 1 < tokens.count, tokens[index + 1].isSpecial(ASCII.at) { break }
                    return (index, false)
                case ASCII.comma, ASCII.semicolon:
                    if !inAngle { return (index, false) }
                case ASCII.colon where !inAngle && !inGroup && !sawAtOrAngle:
                    return (index, true)
                default:
                    break
                }
            }
            index += 1
        }
        return (index, false)
    }

    private func quote(_ item: Range<Int>) -> String {
        let tokens = tokens[item.clamped(to: 0..<tokens.count)]
        guard let first = tokens.first, let last = tokens.last else { return "\"\"" }
        return ParseProblem.quoted(UnsafeBufferPointer(rebasing: buffer[first.range.lowerBound..<last.range.upperBound]))
    }
}
