import Foundation

/// A response as `maild ctl` reads it: every field a response may have, each optional.
public struct ControlReply: Sendable, Decodable {
    /// An outbox item as the CLI prints it.
    public struct Item: Sendable, Decodable {
        public var id: Int64
        public var channel: String
        public var actor: String
        public var ticket: Int64?
        public var state: String
        public var dueAt: String
        public var sentAt: String?
        public var attempts: Int
        public var lastError: String?

        enum CodingKeys: String, CodingKey {
            case id, channel, actor, ticket, state, attempts
            case dueAt = "due_at", sentAt = "sent_at", lastError = "last_error"
        }
    }

    public var ok: Bool
    public var error: ControlError?
    public var item: Item?
    public var items: [Item]?
    public var outcome: String?
    public var version: String?
    public var channels: [ControlStatus.Channel]?
    public var outboxScheduled: Int?

    enum CodingKeys: String, CodingKey {
        case ok, error, item, items, outcome, version, channels
        case outboxScheduled = "outbox_scheduled"
    }

    public init(parsing line: [UInt8]) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(line))
    }
}
