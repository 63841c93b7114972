import Foundation

/// Wall-clock time for the outbox: due times are instants (stored as UTC), so the drain compares dates.
/// Injected, so tests move time instead of sleeping.
public protocol OutboxClock: Sendable {
    func now() -> Date
    /// Returns at `deadline` or later; throws when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system's clock. Sleeps at most five minutes at a time and looks at the wall clock again, so a
/// clock step (NTP, a resumed VM) delays a due reply by minutes at worst; while idle that is one wake-up
/// per five minutes, not a polling loop.
public struct SystemOutboxClock: OutboxClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return }
            try await Task.sleep(for: .seconds(min(remaining, 300)))
        }
    }
}
