import Foundation
import MailCore
import Testing

@Suite struct MailDateFormatTests {
    @Test("dates are RFC 5322 date-times in the zone's offset at that instant", arguments: [
        (1_293_631_674.0, "UTC", "Wed, 29 Dec 2010 14:07:54 +0000"),
        (1_293_631_674.9, "UTC", "Wed, 29 Dec 2010 14:07:54 +0000"),
        (1_293_631_674.0, "Europe/Warsaw", "Wed, 29 Dec 2010 15:07:54 +0100"),
        (1_719_792_000.0, "Europe/Warsaw", "Mon, 1 Jul 2024 02:00:00 +0200"),
        (1_711_846_799.0, "Europe/Warsaw", "Sun, 31 Mar 2024 01:59:59 +0100"),
        (1_711_846_800.0, "Europe/Warsaw", "Sun, 31 Mar 2024 03:00:00 +0200"),
        (1_709_164_800.0, "America/New_York", "Wed, 28 Feb 2024 19:00:00 -0500"),
        (1_709_208_000.0, "UTC", "Thu, 29 Feb 2024 12:00:00 +0000"),
        (1_704_067_199.0, "Asia/Kolkata", "Mon, 1 Jan 2024 05:29:59 +0530"),
        (1_704_067_199.0, "Pacific/Marquesas", "Sun, 31 Dec 2023 14:29:59 -0930"),
        (0.0, "UTC", "Thu, 1 Jan 1970 00:00:00 +0000"),
        (-1.0, "UTC", "Wed, 31 Dec 1969 23:59:59 +0000"),
        (-2_208_988_800.0, "UTC", "Mon, 1 Jan 1900 00:00:00 +0000"),
        (4_102_444_800.0, "UTC", "Fri, 1 Jan 2100 00:00:00 +0000"),
    ])
    func format(_ seconds: Double, _ zone: String, _ expected: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let date = Date(timeIntervalSince1970: seconds)
        let written = MailDate.format(date, timeZone: timeZone)
        #expect(written == expected)
        #expect(MailDate(parsing: Array(written.utf8)).date == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test("every day for 30 years formats to a date the parser reads back")
    func manyDays() {
        let zone = TimeZone(secondsFromGMT: -3 * 3600 - 1800)!
        for day in stride(from: -3_000, to: 8_000, by: 1) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 45_296)
            let written = MailDate.format(date, timeZone: zone)
            #expect(MailDate(parsing: Array(written.utf8)).date == date, "\(written)")
        }
    }
}
