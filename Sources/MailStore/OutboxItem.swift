import Foundation
import MailCore

/// One outbox entry as `maild export outbox` prints it (one JSON object per line, nulls written out).
public struct OutboxItem: Sendable, Encodable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Waiting for its due time; the only state a cancel succeeds in.
        case queued
        /// Handed to SMTP. Left in this state only by a crash: the next start sends it again, same Message-ID.
        case sending
        case sent
        /// A permanent (5xx) refusal, or temporary failures for longer than the give-up time.
        case failed
        case cancelled
    }

    /// Why the message exists: an agent's reply, or one of maild's own acknowledgements.
    public enum Kind: String, Sendable, Codable {
        case reply
        case acknowledgement
    }

    public var id: Int64
    public var channel: String
    public var kind: Kind
    /// The agent who wrote it, or `system`.
    public var actor: String
    /// The ticket's number, as agents know it.
    public var ticket: Int64?
    public var state: State
    public var dueAt: Date
    public var attempts: Int
    public var lastError: String?
    public var messageID: String
    public var sentAt: Date?
    /// Recipients the server refused while others were accepted (SMTP replies kept).
    public var refusedRecipients: [String]

    enum CodingKeys: String, CodingKey {
        case id, channel, kind, actor, ticket, state, attempts
        case dueAt = "due_at", lastError = "last_error", messageID = "message_id", sentAt = "sent_at"
        case refusedRecipients = "refused_recipients"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(channel, forKey: .channel)
        try c.encode(kind, forKey: .kind)
        try c.encode(actor, forKey: .actor)
        try c.encode(ticket, forKey: .ticket)
        try c.encode(state, forKey: .state)
        try c.encode(StoredMessage.iso8601(dueAt), forKey: .dueAt)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(sentAt.map(StoredMessage.iso8601), forKey: .sentAt)
        try c.encode(refusedRecipients, forKey: .refusedRecipients)
    }
}

/// A reply ready to be queued: validated by the outbox, addressed, with its attachments' bytes read.
/// The store adds what only it knows: the ticket token, In-Reply-To/References and the Message-ID.
public struct OutboxDraft: Sendable {
    public var channel: String
    public var kind: OutboxItem.Kind
    public var actor: String
    /// The ticket it answers (its number); nil starts a new conversation (and ticket) with the recipients.
    public var ticket: Int64?
    /// For a new conversation: the queue of its ticket. A reply keeps its ticket's queue.
    public var queue: String?
    /// The message without Message-ID, threading fields and date; those are filled in at enqueue and send.
    public var message: OutgoingMessage
    public var dueAt: Date

    public init(channel: String, kind: OutboxItem.Kind = .reply, actor: String, ticket: Int64?, queue: String?,
                message: OutgoingMessage, dueAt: Date) {
        self.channel = channel
        self.kind = kind
        self.actor = actor
        self.ticket = ticket
        self.queue = queue
        self.message = message
        self.dueAt = dueAt
    }
}

/// What a cancel did: exactly one of a cancel and the send racing it wins.
public enum CancelOutcome: Sendable, Equatable {
    case cancelled
    /// Already sending or finished: the message is (being) sent, or was cancelled before.
    case tooLate(OutboxItem.State)
    /// Queued for another attempt, but an earlier one may have reached the server (connection lost after
    /// the data, or maild stopped while sending): it will be sent again with the same Message-ID.
    case mayHaveBeenDelivered
}
