#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The last resort of threading, a channel option that is off by default: a message whose headers link
/// nothing and that carries no admitted ticket token joins a recent conversation of the same customer
/// with the same subject key. Some clients (web mailers, phones, ticket forms) drop In-Reply-To and
/// References; the customer's address and a time window keep "Invoice" from one customer from joining
/// another's, or last year's.
public struct SubjectFallback: Sendable, Hashable {
    /// How far apart (either way: mailboxes deliver out of order) the message and the candidate's last
    /// message may be. The channel's `subject_window_days`.
    public var windowDays: Int

    public init(windowDays: Int = 30) {
        self.windowDays = windowDays
    }

    /// A conversation storage found for the subject key and customer (it should narrow by both, and by
    /// the window, with an index; the rule checks all three again).
    public struct Candidate: Sendable, Hashable {
        public var conversation: ConversationID
        /// The conversation's customer address.
        public var customer: String
        /// The conversation's subject key (`SubjectKey.key` of its first message).
        public var subjectKey: String
        /// Date of the conversation's most recent message.
        public var lastMessageDate: Date

        public init(conversation: ConversationID, customer: String, subjectKey: String, lastMessageDate: Date) {
            self.conversation = conversation
            self.customer = customer
            self.subjectKey = subjectKey
            self.lastMessageDate = lastMessageDate
        }
    }

    /// The conversation to join, or nil. Never joins for a forward (a forwarded message starts its own
    /// matter even when the subject is the same), an empty key, or a message without a customer address.
    /// Among several candidates the one with the most recent message wins (the smaller id on a tie, so
    /// the answer does not depend on the candidates' order). Addresses are compared ignoring letter case.
    public func conversation(for subject: SubjectKey, customer: String?, date: Date,
                             candidates: [Candidate]) -> ConversationID? {
        guard !subject.isForward, !subject.key.isEmpty, let customer, !customer.isEmpty else { return nil }
        let folded = customer.lowercased()
        let window = TimeInterval(windowDays) * 86_400
        var best: Candidate?
        for candidate in candidates
        where candidate.subjectKey == subject.key && candidate.customer.lowercased() == folded
            && abs(candidate.lastMessageDate.timeIntervalSince(date)) <= window {
            if let current = best {
                if candidate.lastMessageDate > current.lastMessageDate
                    || (candidate.lastMessageDate == current.lastMessageDate
                        && candidate.conversation < current.conversation) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        return best?.conversation
    }
}
