import DequeModule
import Foundation

/// At most `perMinute` sends of one channel in any 60 seconds, because providers limit senders (Gmail,
/// Microsoft 365: a few hundred to a few thousand a day, bursts refused with 4xx). Pure: the drain asks
/// when the next send may start and records each one.
public struct SendThrottle: Sendable {
    public let perMinute: Int?
    private var recent = Deque<Date>()

    /// nil or 0: no limit.
    public init(perMinute: Int?) {
        self.perMinute = (perMinute ?? 0) > 0 ? perMinute : nil
    }

    /// `now` when a send may start now, else the moment the oldest send in the window leaves it.
    public mutating func nextStart(at now: Date) -> Date {
        guard let perMinute else { return now }
        while let oldest = recent.first, now.timeIntervalSince(oldest) >= 60 { recent.removeFirst() }
        guard recent.count >= perMinute, let oldest = recent.first else { return now }
        return oldest.addingTimeInterval(60)
    }

    public mutating func recordSend(at now: Date) {
        guard perMinute != nil else { return }
        recent.append(now)
    }

    /// Gives back a send recorded at `start` that did not happen (its item was cancelled meanwhile).
    public mutating func release(_ start: Date) {
        if let index = recent.lastIndex(of: start) { recent.remove(at: index) }
    }
}
