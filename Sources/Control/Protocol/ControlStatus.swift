/// What `status` answers besides `ok`: the daemon's version, its channels and its outbox's schedule.
public struct ControlStatus: Sendable, Equatable, Codable {
    public struct Channel: Sendable, Equatable, Codable {
        public var name: String
        public var address: String?
        /// Has an `smtp` section: replies can be queued on it.
        public var sends: Bool

        public init(name: String, address: String?, sends: Bool) {
            self.name = name
            self.address = address
            self.sends = sends
        }

        enum CodingKeys: String, CodingKey { case name, address, sends }

        /// `address` written out as null when unset, as every maild JSON writes its nulls.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(address, forKey: .address)
            try container.encode(sends, forKey: .sends)
        }
    }

    public var version: String
    public var channels: [Channel]
    /// Items the outbox is waiting to send (cancelled ones count until their due time passes).
    public var outboxScheduled: Int

    public init(version: String, channels: [Channel], outboxScheduled: Int) {
        self.version = version
        self.channels = channels
        self.outboxScheduled = outboxScheduled
    }

    enum CodingKeys: String, CodingKey {
        case version, channels
        case outboxScheduled = "outbox_scheduled"
    }
}
