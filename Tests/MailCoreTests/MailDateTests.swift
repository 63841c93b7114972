import Foundation
import MailCore
import Testing

@Suite struct MailDateTests {
    /// Forms seen in the wild and the UTC instant each means.
    static let dates: [(String, String)] = [
        ("Thu, 29 Dec 2010 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("Mon, 15 Nov 2010 19:04:19 -0800 (PST)", "2010-11-16T03:04:19Z"),
        ("Wed, 17 Nov 2010 10:00:00 +0000 (UTC)", "2010-11-17T10:00:00Z"),
        ("29 Dec 2010 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("Thu, 29 Dec 2010 15:07 +0100", "2010-12-29T14:07:00Z"),
        ("Thu,29 Dec 2010 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("  Thu,   29  Dec   2010   15:07:54    +0100  ", "2010-12-29T14:07:54Z"),
        ("Thursday, 29 December 2010 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("thu, 29 dec 2010 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("THU, 29 DEC 2010 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("Tue, 9 Aug 2011 9:07:54 -0400", "2011-08-09T13:07:54Z"),
        ("Sat, 3 Sept 2011 10:00:00 +0000", "2011-09-03T10:00:00Z"),
        // RFC 5322 §4.3 years.
        ("Thu, 29 Dec 10 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("Wed, 29 Dec 49 15:07:54 +0000", "2049-12-29T15:07:54Z"),
        ("Wed, 29 Dec 99 15:07:54 +0000", "1999-12-29T15:07:54Z"),
        ("Wed, 29 Dec 50 15:07:54 +0000", "1950-12-29T15:07:54Z"),
        ("Wed, 29 Dec 110 15:07:54 +0000", "2010-12-29T15:07:54Z"),
        ("Wed, 1 Jan 1969 00:00:00 +0000", "1969-01-01T00:00:00Z"),
        // Obsolete zones (RFC 5322 §4.3).
        ("29 Dec 2010 15:07:54 UT", "2010-12-29T15:07:54Z"),
        ("29 Dec 2010 15:07:54 GMT", "2010-12-29T15:07:54Z"),
        ("29 Dec 2010 15:07:54 EST", "2010-12-29T20:07:54Z"),
        ("29 Dec 2010 15:07:54 EDT", "2010-12-29T19:07:54Z"),
        ("29 Dec 2010 15:07:54 CST", "2010-12-29T21:07:54Z"),
        ("29 Dec 2010 15:07:54 CDT", "2010-12-29T20:07:54Z"),
        ("29 Dec 2010 15:07:54 MST", "2010-12-29T22:07:54Z"),
        ("29 Dec 2010 15:07:54 MDT", "2010-12-29T21:07:54Z"),
        ("29 Dec 2010 15:07:54 PST", "2010-12-29T23:07:54Z"),
        ("29 Dec 2010 15:07:54 PDT", "2010-12-29T22:07:54Z"),
        ("29 Dec 2010 15:07:54 Z", "2010-12-29T15:07:54Z"),
        ("29 Dec 2010 15:07:54 A", "2010-12-29T15:07:54Z"),
        ("29 Dec 2010 15:07:54 -0000", "2010-12-29T15:07:54Z"),
        ("29 Dec 2010 15:07:54", "2010-12-29T15:07:54Z"),
        ("29 Dec 2010 15:07:54 -0800 PST", "2010-12-29T23:07:54Z"),
        ("29 Dec 2010 15:07:54 CET", "2010-12-29T14:07:54Z"),
        ("29 Dec 2010 15:07:54 GMT+0100", "2010-12-29T14:07:54Z"),
        ("29 Dec 2010 15:07:54 +0530", "2010-12-29T09:37:54Z"),
        // Other orders and separators.
        ("Thu Dec 29 15:07:54 2010", "2010-12-29T15:07:54Z"),
        ("Dec 29, 2010 3:07:54 PM", "2010-12-29T15:07:54Z"),
        ("29-Dec-2010 15:07:54 +0100", "2010-12-29T14:07:54Z"),
        ("2010-12-29T15:07:54Z", "2010-12-29T15:07:54Z"),
        ("2010-12-29T15:07:54.123+01:00", "2010-12-29T14:07:54Z"),
        ("2010-12-29 15:07:54 -0500", "2010-12-29T20:07:54Z"),
        ("Tue, 29 Feb 2012 23:59:60 +0000", "2012-03-01T00:00:00Z"),
    ]

    @Test("reads dates in every form seen in the wild", arguments: dates)
    func reads(value: String, utc: String) {
        let parsed = MailDate(parsing: Array(value.utf8))
        #expect(parsed.date?.formatted(.iso8601) == utc)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
    }

    @Test("garbage is no date and a problem", arguments: [
        "yesterday", "", "   ", "32 Dec 2010 10:00:00 +0000", "29 Feb 2011 10:00:00 +0000", "Thu, 29 Foo 2010 10:00",
        "29 Dec 2010 24:00:00 +0000", "29 Dec 2010 12:60:00 +0000", "29 Dec 12345 10:00:00", "29 Dec", "Dec 2010",
        "12/29/2010 10:00", "29 Dec 2010 10:00:00 10:00:00", "0 Dec 2010 10:00:00", "29 Dec 2010 100:00:00",
        String(repeating: "1 ", count: 100),
    ])
    func garbage(value: String) {
        let parsed = MailDate(parsing: Array(value.utf8))
        #expect(parsed.date == nil)
        #expect(parsed.problems.map(\.kind) == [.badDate])
    }

    @Test("the problem quotes the field")
    func problemDescription() {
        #expect(MailDate(parsing: Array("yesterday".utf8)).problems.map(\.description)
                == [#"Date header is not a date: "yesterday""#])
    }

    @Test("tolerated oddities are dated and noted", arguments: [
        ("Thu, 29 Dec 2010", "2010-12-29T00:00:00Z", ParseProblem.Kind.dateWithoutTime),
        ("Thu, 29 Dec 2010 15:07:54 XYZT", "2010-12-29T15:07:54Z", .unknownTimeZone),
        ("Thu, 29 Dec 2010 15:07:54 +9900", "2010-12-29T15:07:54Z", .unknownTimeZone),
    ])
    func tolerated(value: String, utc: String, problem: ParseProblem.Kind) {
        let parsed = MailDate(parsing: Array(value.utf8))
        #expect(parsed.date?.formatted(.iso8601) == utc)
        #expect(parsed.problems.map(\.kind) == [problem])
    }
}
