/// One helpdesk mailbox: where to fetch mail from and how often. Every value is resolved — the
/// file's top-level defaults are already applied — so the poller never consults the parent.
public struct ChannelConfiguration: Sendable, Equatable {
    /// Unique, `[a-z0-9][a-z0-9_-]*`; appears in log lines and keys the channel's rows in the database.
    public var name: String
    /// The helpdesk's own address; replies will be sent from it once the outbox exists.
    public var address: String?
    public var imap: IMAPAccount
    public var pollInterval: Duration
    /// Import only messages that are still unread when first seen above the cursor.
    public var onlyUnseen: Bool
    /// Messages larger than this are not downloaded whole; only their header is kept.
    public var maxMessageBytes: Int
    /// False: a shared inbox; conversations are stored without tickets.
    public var createTickets: Bool
    /// The name of the pipeline new tickets of this channel follow.
    public var pipeline: String
    /// The queue new tickets land in.
    public var defaultQueue: String
    /// A customer reply to a ticket closed fewer days ago reopens it; later, it opens a new linked ticket.
    public var reopenWindowDays: Int
    /// How replies leave; nil for a channel that only receives.
    public var sending: ChannelSending?
    /// Thread by subject as a last resort: a message whose headers and subject token link nothing joins
    /// the same customer's conversation with the same subject, if it was active within `subjectWindowDays`.
    public var subjectFallback: Bool
    /// Days either side of a message within which a conversation's last message must lie for the fallback.
    public var subjectWindowDays: Int

    public static let defaultPipeline = "support"
    public static let defaultQueue = "Support"
    public static let defaultReopenWindowDays = 30
    public static let defaultSubjectWindowDays = 30

    public init(
        name: String,
        address: String? = nil,
        imap: IMAPAccount,
        pollInterval: Duration = MaildConfiguration.defaultPollInterval,
        onlyUnseen: Bool = false,
        maxMessageBytes: Int = MaildConfiguration.defaultMaxMessageBytes,
        createTickets: Bool = true,
        pipeline: String = Self.defaultPipeline,
        defaultQueue: String = Self.defaultQueue,
        reopenWindowDays: Int = Self.defaultReopenWindowDays,
        sending: ChannelSending? = nil,
        subjectFallback: Bool = false,
        subjectWindowDays: Int = Self.defaultSubjectWindowDays
    ) {
        self.name = name
        self.address = address
        self.imap = imap
        self.pollInterval = pollInterval
        self.onlyUnseen = onlyUnseen
        self.maxMessageBytes = maxMessageBytes
        self.createTickets = createTickets
        self.pipeline = pipeline
        self.defaultQueue = defaultQueue
        self.reopenWindowDays = reopenWindowDays
        self.sending = sending
        self.subjectFallback = subjectFallback
        self.subjectWindowDays = subjectWindowDays
    }
}
