/// A ticket token found in a subject (see `TicketTokenFormat`).
public struct TicketToken: Sendable, Hashable {
    public enum Check: Sendable, Hashable {
        /// The check matches the installation's check of the number.
        case valid
        /// A bare number, `[#T6311]` (typed by a customer, or from a client that cut the token).
        case missing
        /// A check that does not match: a guess, a typo, or a token of another installation.
        case wrong
    }

    public var number: UInt64
    public var check: Check
    /// Where the token is in the subject it was read from.
    public var range: Range<String.Index>

    public init(number: UInt64, check: Check, range: Range<String.Index>) {
        self.number = number
        self.check = check
        self.range = range
    }

    /// Whether this token may join the message to its ticket: with a valid check from any sender (a
    /// colleague forwarding the thread); bare or wrongly checked only when `sender` already takes part in
    /// the ticket. Addresses are compared ignoring letter case (mailers change the case of local parts,
    /// and treating one customer as two is worse here than the rare case-sensitive mailbox).
    public func admits(sender: String?, participants: Set<String>) -> Bool {
        if check == .valid { return true }
        guard let sender, !sender.isEmpty else { return false }
        let folded = sender.lowercased()
        return participants.contains { $0.lowercased() == folded }
    }

    /// The token of `tokens` that joins: the last one admitted. Our format appends the token to a
    /// subject, so when a subject carries several (a thread that moved between tickets, or a customer
    /// who pasted one number into another ticket's subject), the last is the newest; earlier ones are
    /// tried when the last is not admitted. `participants` gives a ticket's participants by number, nil
    /// for a number that is no ticket (such a token is skipped, whatever its check).
    public static func choose(_ tokens: [TicketToken], sender: String?,
                              participants: (UInt64) -> Set<String>?) -> TicketToken? {
        tokens.last(where: { token in
            guard let known = participants(token.number) else { return false }
            return token.admits(sender: sender, participants: known)
        })
    }
}
