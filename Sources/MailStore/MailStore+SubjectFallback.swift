import Foundation
import GRDB
import Threading

/// Storage for the subject fallback (`subject_fallback`): `conversation_subject` remembers, per channel,
/// which conversations each customer wrote under which subject key and when each conversation last had a
/// message. The rule itself is Threading's `SubjectFallback`; this finds its candidates with one range
/// read on (channel, customer, subject key, time), so the cost never grows with the mail stored.
extension MailStore {
    /// The conversation the channel's subject fallback joins, or nil: when the channel has it off, for
    /// machine-written mail (an auto-reply quoting a subject is no customer writing again), for a forward
    /// (a new matter under an old subject), and for mail from the helpdesk's own addresses.
    static func conversationFromSubject(_ message: IncomingMessage, policy: TicketPolicy, db: Database) throws -> ConversationID? {
        guard let fallback = policy.subjectFallback, let customer = customerWriting(message, policy: policy) else { return nil }
        let window = TimeInterval(fallback.windowDays) * 86_400
        let at = message.writtenAt.timeIntervalSince1970
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT conversation, last_message_at FROM conversation_subject
            WHERE channel = ? AND customer = ? AND subject_key = ? AND last_message_at BETWEEN ? AND ?
            """), arguments: [message.channel, customer, message.subject.key, at - window, at + window])
        let candidates = rows.map {
            SubjectFallback.Candidate(conversation: ConversationID(rawValue: $0["conversation"]), customer: customer,
                                      subjectKey: message.subject.key,
                                      lastMessageDate: Date(timeIntervalSince1970: $0["last_message_at"]))
        }
        return fallback.conversation(for: message.subject, customer: customer, date: message.writtenAt,
                                     candidates: candidates)
    }

    /// Keeps `conversation_subject` current for a message stored in `conversation` on a channel with the
    /// fallback on: the message's own customer and subject key are remembered, and every entry of the
    /// conversation learns its latest message time, also from our replies and auto-replies: "active within
    /// the window" counts any message. Off (the default), nothing is kept: the index is keyed by customer,
    /// so keeping it costs a page written per message at random (bench/threading: a third of the growth in
    /// cost from 10,000 to 100,000 stored). Turned on later, a conversation is found by subject once it has
    /// had a message since.
    static func rememberSubject(_ message: IncomingMessage, conversation: Int64, policy: TicketPolicy, db: Database) throws {
        guard policy.subjectFallback != nil else { return }
        let at = message.writtenAt.timeIntervalSince1970
        if let customer = customerWriting(message, policy: policy) {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO conversation_subject (conversation, channel, customer, subject_key, last_message_at)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [conversation, message.channel, customer, message.subject.key, at])
        }
        try db.cachedStatement(sql: """
            UPDATE conversation_subject SET last_message_at = ? WHERE conversation = ? AND last_message_at < ?
            """).execute(arguments: [at, conversation, at])
    }

    /// After a merge the survivor holds both conversations' entries, each with the later of their times.
    static func mergeSubjects(_ absorbed: Int64, into survivor: Int64, db: Database) throws {
        try db.execute(sql: """
            UPDATE OR IGNORE conversation_subject SET conversation = ? WHERE conversation = ?;
            UPDATE conversation_subject SET last_message_at = (
                SELECT max(last_message_at) FROM conversation_subject WHERE conversation IN (?, ?))
            WHERE conversation = ?;
            DELETE FROM conversation_subject WHERE conversation = ?;
            """, arguments: [survivor, absorbed, survivor, absorbed, survivor, absorbed])
    }

    /// The sender as a customer who may be found again by subject: a person (not a machine), not
    /// forwarding, with a subject that says something, writing from outside the helpdesk.
    private static func customerWriting(_ message: IncomingMessage, policy: TicketPolicy) -> String? {
        guard !message.record.isAutomatic, !message.subject.isForward, !message.subject.key.isEmpty,
              let sender = message.sender, !policy.ownAddresses.contains(sender) else { return nil }
        return sender
    }
}
