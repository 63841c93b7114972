/// How a channel sends: its SMTP server and the outbox's rules for it. Nil on a channel without `smtp`,
/// which then only receives.
public struct ChannelSending: Sendable, Equatable {
    public var smtp: SMTPAccount
    /// The display name of the From field (`Example Support <support@example.com>`); nil: the address alone.
    public var fromName: String?
    /// The undo delay a reply waits before it leaves, unless the agent gives one.
    public var sendDelay: Duration
    /// At most this many sends per minute; nil for no limit.
    public var maxPerMinute: Int?
    /// How many SMTP connections the channel sends over at once. While one waits for the server's reply,
    /// another's message goes out; 1 sends strictly one after the other, in due order.
    public var connections = Self.defaultConnections
    public static let defaultConnections = 3
    public static let maxConnections = 10
    /// Temporary failures are retried after `retryFirst`, doubling up to `retryMax`, for `giveUpAfter`.
    public var retryFirst: Duration
    public var retryMax: Duration
    public var giveUpAfter: Duration
    /// The status a ticket goes to when its reply could not be sent (when its pipeline has that status).
    public var failedStatus: String
    /// The IMAP folder a copy of each sent message is appended to (on the channel's IMAP account); nil: none.
    public var sentFolder: String?

    /// Automatic answers on new and closed tickets; nil: none.
    public var acknowledgements: Acknowledgements?

    /// The templates of a channel's acknowledgements (`{ticket}`, `{subject}`, `{customer}`, `{channel}`
    /// are replaced) and their rate limit per recipient.
    public struct Acknowledgements: Sendable, Equatable {
        public struct Template: Sendable, Equatable {
            public var subject: String
            public var text: String

            public init(subject: String, text: String) {
                self.subject = subject
                self.text = text
            }
        }

        public var received: Template?
        public var closed: Template?
        public var maxPerHour: Int
        public var maxPerDay: Int

        public init(received: Template? = nil, closed: Template? = nil, maxPerHour: Int = 3, maxPerDay: Int = 10) {
            self.received = received
            self.closed = closed
            self.maxPerHour = maxPerHour
            self.maxPerDay = maxPerDay
        }
    }

    public static let defaultSendDelay = Duration.seconds(30)
    public static let defaultFailedStatus = "Waiting on us"

    public init(smtp: SMTPAccount, sendDelay: Duration = Self.defaultSendDelay, maxPerMinute: Int? = nil,
                retryFirst: Duration = .seconds(60), retryMax: Duration = .seconds(3600),
                giveUpAfter: Duration = .seconds(2 * 86_400), failedStatus: String = Self.defaultFailedStatus,
                sentFolder: String? = nil) {
        self.smtp = smtp
        self.sendDelay = sendDelay
        self.maxPerMinute = maxPerMinute
        self.retryFirst = retryFirst
        self.retryMax = retryMax
        self.giveUpAfter = giveUpAfter
        self.failedStatus = failedStatus
        self.sentFolder = sentFolder
    }
}
