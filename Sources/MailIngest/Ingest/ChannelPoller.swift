import Transport
import Foundation
import Logging
import MailStore
import MaildConfig
import ServiceLifecycle

/// The long-running service of one channel: poll INBOX every `poll_interval`, back off on failure.
/// Each channel has its own thread for its blocking IMAP and SQLite calls, so a slow or dead server never
/// holds up another channel or the cooperative pool.
public struct ChannelPoller: Service {
    private let channel: ChannelConfiguration
    private let store: MailStore
    private let logger: Logger
    private let backoff: Backoff

    public init(channel: ChannelConfiguration, store: MailStore, logger: Logger, backoff: Backoff = Backoff()) {
        self.channel = channel
        self.store = store
        var logger = logger
        logger[metadataKey: "channel"] = "\(channel.name)"
        self.logger = logger
        self.backoff = backoff
    }

    public func run() async throws {
        let stop = StopFlag()
        let session = SessionBox(ChannelSession(channel: channel, store: store, logger: logger, stop: stop))
        let thread = BlockingThread(name: "maild-\(channel.name)")
        logger.info("polling INBOX", metadata: ["server": "\(channel.imap.url)", "every": "\(channel.pollInterval)"])
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                let wait: Duration
                do {
                    // A shutdown during a long import ends it between two batches: what is committed stays.
                    let result = try await withTaskCancellationHandler {
                        try await thread.run { try session.value.poll() }
                    } onCancel: { stop.set() }
                    logger.debug("poll finished", metadata: ["stored": "\(result.stored)", "complete": "\(result.complete)"])
                    if result.stored + result.duplicates > 0 {
                        logger.info("imported", metadata: ["stored": "\(result.stored)", "duplicates": "\(result.duplicates)"])
                    }
                    if failures > 0 { logger.notice("channel recovered", metadata: ["after_failures": "\(failures)"]) }
                    failures = 0
                    wait = channel.pollInterval
                } catch is StopFlag.Stopped {
                    break
                } catch {
                    failures += 1
                    wait = backoff.delay(afterFailures: failures)
                    logger.error("poll failed: \(error)", metadata: ["retry_in": "\(wait)"])
                }
                // Cancelled by a graceful shutdown: stop here, it is not a failure.
                do { try await Task.sleep(for: wait) } catch { break }
            }
        }
        await thread.run { session.value.disconnect() }
    }
}

extension ChannelPoller: CustomStringConvertible {
    /// What service-lifecycle logs for this service: the channel, never its account settings.
    public var description: String { "ChannelPoller(\(channel.name))" }
}

/// Exponential back-off after consecutive failures, capped so a fixed server is noticed soon.
public struct Backoff: Sendable {
    public var first: Duration
    public var cap: Duration

    public init(first: Duration = .seconds(5), cap: Duration = .seconds(600)) {
        self.first = first
        self.cap = cap
    }

    public func delay(afterFailures failures: Int) -> Duration {
        let factor = 1 << min(max(failures - 1, 0), 20)
        return min(first * factor, cap)
    }
}

/// A channel session is used only on its channel's `BlockingThread`, one call at a time.
private final class SessionBox: @unchecked Sendable {
    let value: ChannelSession
    init(_ value: ChannelSession) { self.value = value }
}
