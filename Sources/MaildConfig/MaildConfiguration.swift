import Threading

/// Everything the daemon's services need to know, with the defaults an empty configuration file
/// gets. Reading it from YAML lives apart, in `ConfigLoader`; services and tests build it directly.
public struct MaildConfiguration: Sendable, Equatable {
    /// Where the daemon looks for its configuration unless told otherwise.
    public static let defaultPath = "/etc/maild/maild.yaml"
    public static let defaultDatabase = "/var/lib/maild/maild.sqlite"
    public static let defaultPollInterval: Duration = .seconds(60)
    /// 50 MB (10^6 bytes): larger than most helpdesk mail, small enough to refuse a disk image.
    public static let defaultMaxMessageBytes = 50_000_000
    public static let defaultLogLevel: LogLevelName = .info
    /// Under systemd's `RuntimeDirectory=maild`, which creates /run/maild for the service's user.
    public static let defaultControlSocket = "/run/maild/control.sock"

    /// Absolute path of the SQLite database file.
    public var database: String
    /// Default poll interval for channels that do not set their own.
    public var pollInterval: Duration
    /// Default size limit for channels that do not set their own.
    public var maxMessageBytes: Int
    public var logLevel: LogLevelName
    /// Absolute path of the Unix socket `maild ctl` and agents' tools talk to (docs/control-protocol.md).
    public var controlSocket: String = Self.defaultControlSocket
    /// May be empty: the daemon then runs and does nothing, which keeps a fresh install startable.
    public var channels: [ChannelConfiguration]
    /// Never empty: without `pipelines:` in the file, the one pipeline `support`.
    public var pipelines: [PipelineConfiguration]
    /// How ticket tokens in subjects look (`[#T6311-k3f9]` by default); one format for every channel, since a
    /// customer may write to another channel about the same ticket.
    public var ticketTokenFormat: TicketTokenFormat

    public init(
        database: String = Self.defaultDatabase,
        pollInterval: Duration = Self.defaultPollInterval,
        maxMessageBytes: Int = Self.defaultMaxMessageBytes,
        logLevel: LogLevelName = Self.defaultLogLevel,
        channels: [ChannelConfiguration] = [],
        pipelines: [PipelineConfiguration] = [.support],
        ticketTokenFormat: TicketTokenFormat = .standard
    ) {
        self.database = database
        self.pollInterval = pollInterval
        self.maxMessageBytes = maxMessageBytes
        self.logLevel = logLevel
        self.channels = channels
        self.pipelines = pipelines
        self.ticketTokenFormat = ticketTokenFormat
    }

    /// The pipeline a channel names (the reader guarantees it exists).
    public func pipeline(named name: String) -> PipelineConfiguration? {
        pipelines.first { $0.name == name }
    }
}
