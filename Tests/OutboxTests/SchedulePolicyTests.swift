import Foundation
import Outbox
import Testing

@Suite struct SchedulePolicyTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func scheduleGivesDueItemsEarliestFirstAndWaitsForTheNext() {
        var schedule = OutboxSchedule()
        schedule.add(3, channel: "a", due: t0.addingTimeInterval(30))
        schedule.add(1, channel: "b", due: t0.addingTimeInterval(10))
        schedule.add(2, channel: "a", due: t0.addingTimeInterval(20))
        #expect(schedule.popDue(at: t0).isEmpty)
        #expect(schedule.nextDue == t0.addingTimeInterval(10))
        #expect(schedule.popDue(at: t0.addingTimeInterval(20)).map(\.id) == [1, 2])
        #expect(schedule.nextDue == t0.addingTimeInterval(30))
        #expect(schedule.popDue(at: t0.addingTimeInterval(99)).map(\.channel) == ["a"])
        #expect(schedule.nextDue == nil)
    }

    @Test func retriesDoubleFromOneMinuteUpToAnHourThenGiveUpAfterTwoDays() {
        let policy = RetryPolicy()
        let delays = (1...9).map { attempt -> TimeInterval in
            guard case let .retry(at) = policy.decision(attempts: attempt, firstFailure: t0, now: t0) else { return -1 }
            return at.timeIntervalSince(t0)
        }
        #expect(delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
        #expect(policy.decision(attempts: 60, firstFailure: t0, now: t0.addingTimeInterval(2 * 86_400)) == .giveUp)
        #expect(policy.decision(attempts: 1, firstFailure: nil, now: t0) == .retry(at: t0.addingTimeInterval(60)))
    }

    @Test func throttleLetsAtMostThePerMinuteCountStartInAnySixtySeconds() {
        var throttle = SendThrottle(perMinute: 2)
        #expect(throttle.nextStart(at: t0) == t0)
        throttle.recordSend(at: t0)
        throttle.recordSend(at: t0.addingTimeInterval(1))
        #expect(throttle.nextStart(at: t0.addingTimeInterval(2)) == t0.addingTimeInterval(60))
        #expect(throttle.nextStart(at: t0.addingTimeInterval(60)) == t0.addingTimeInterval(60))
        var unlimited = SendThrottle(perMinute: nil)
        for i in 0..<1000 { unlimited.recordSend(at: t0.addingTimeInterval(Double(i) / 1000)) }
        #expect(unlimited.nextStart(at: t0) == t0)
    }
}
