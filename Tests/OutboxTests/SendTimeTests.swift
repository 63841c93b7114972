import Foundation
import Outbox
import Testing

@Suite struct SendTimeTests {
    @Test(arguments: [
        ("2026-11-30T09:00:00+01:00", "2026-11-30T08:00:00Z"),
        ("2026-11-30T09:00+0100", "2026-11-30T08:00:00Z"),
        ("2026-11-30T09:00:00Z", "2026-11-30T09:00:00Z"),
        ("2026-11-30T09:00:00.250Z", "2026-11-30T09:00:00.250Z"),
        ("2026-11-30 09:00:00 -05:30", "2026-11-30T14:30:00Z"),
        // Europe/Berlin changes to summer time on 2026-03-29 at 02:00 local: 9:00 is 08:00Z the day before, 07:00Z on the day.
        ("2026-03-28T09:00 Europe/Berlin", "2026-03-28T08:00:00Z"),
        ("2026-03-29T09:00 Europe/Berlin", "2026-03-29T07:00:00Z"),
        ("2026-03-29T09:00:00[Europe/Berlin]", "2026-03-29T07:00:00Z"),
        // And back on 2026-10-25 at 03:00 local: 02:30 happens twice; the first is meant.
        ("2026-10-25T02:30 Europe/Berlin", "2026-10-25T00:30:00Z"),
        ("2026-11-08T09:00 America/New_York", "2026-11-08T14:00:00Z"),
    ])
    func readsInstants(text: String, utc: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions.insert(.withFractionalSeconds)
        let expected = formatter.date(from: utc) ?? ISO8601DateFormatter().date(from: utc)
        #expect(try SendTime.parse(text) == expected)
    }

    @Test(arguments: [
        ("2026-03-29T02:30 Europe/Berlin", "skip it for daylight saving"),
        ("2026-03-29T09:00", "has no time zone"),
        ("2026-03-29T09:00 Mars/Olympus", "unknown time zone"),
        ("tomorrow at nine", "is not a date and time"),
        ("2026-02-30T09:00Z", "is not a date and time"),
        ("2026-11-30T25:00Z", "is not a date and time"),
    ])
    func refusesWhatIsNotOneInstant(text: String, reason: String) {
        #expect {
            try SendTime.parse(text)
        } throws: { error in
            (error as? OutboxRefusal)?.reason == .invalidSendAt && "\(error)".contains(reason)
        }
    }
}
