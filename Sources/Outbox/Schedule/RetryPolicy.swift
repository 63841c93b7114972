import Foundation

/// When a temporary failure (4xx reply, network error, unknown delivery) is tried again: after `first`,
/// doubling each time up to `cap`, until `giveUpAfter` has passed since the first failure. Permanent
/// failures (5xx) are never retried. Defaults follow common MTA practice (Postfix retries for days).
public struct RetryPolicy: Sendable, Equatable {
    public var first: Duration
    public var cap: Duration
    public var giveUpAfter: Duration

    public init(first: Duration = .seconds(60), cap: Duration = .seconds(3600), giveUpAfter: Duration = .seconds(2 * 86_400)) {
        self.first = first
        self.cap = cap
        self.giveUpAfter = giveUpAfter
    }

    public enum Decision: Sendable, Equatable {
        case retry(at: Date)
        case giveUp
    }

    /// `attempts` counts the one that just failed; `firstFailure` is nil when this is the first failure.
    public func decision(attempts: Int, firstFailure: Date?, now: Date) -> Decision {
        let start = firstFailure ?? now
        if now.timeIntervalSince(start) >= giveUpAfter.seconds { return .giveUp }
        let factor = Double(1 << min(max(attempts - 1, 0), 30))
        return .retry(at: now.addingTimeInterval(min(first.seconds * factor, cap.seconds)))
    }
}

extension Duration {
    /// The duration in seconds, as a TimeInterval.
    var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
