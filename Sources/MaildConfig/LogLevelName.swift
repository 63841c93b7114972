/// The `log_level` setting. The raw values are those of swift-log's `Logger.Level`, so the daemon
/// maps one to the other with `Logger.Level(rawValue:)` and this module need not import Logging.
public enum LogLevelName: String, Sendable, Equatable, CaseIterable {
    case trace
    case debug
    case info
    case notice
    case warning
    case error
    case critical
}
