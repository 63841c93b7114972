import Foundation

/// A Date field (RFC 5322 §3.3) read as a UTC instant, in every form seen in the wild:
///
/// - `Thu, 29 Dec 2010 15:07:54 +0100`, with or without weekday, seconds, or the space after the comma;
/// - obsolete zones `UT` `GMT` `EST` `EDT` `CST` `CDT` `MST` `MDT` `PST` `PDT` (RFC 5322 §4.3), military
///   letters (read as UTC, as §4.3 advises: RFC 822 had their signs backwards), `+0000 (UTC)` comments,
///   and common non-RFC names (`CET`, `BST`, `JST` …);
/// - two-digit years (00–49 → 20xx, 50–99 → 19xx) and three-digit years (+1900), per RFC 5322 §4.3;
/// - full and lowercase month and day names, `29-Dec-2010`, asctime order (`Thu Dec 29 15:07:54 2010`),
///   and ISO 8601 (`2010-12-29T15:07:54Z`), which some scripts put in Date.
///
/// No zone, or `-0000`, is UTC. Anything that is not a date gives nil and a problem. Parsed by hand:
/// `DateFormatter` would cost more than the rest of the header.
public struct MailDate: Sendable, Hashable {
    public var date: Date?
    public var problems: [ParseProblem]

    public init(date: Date?, problems: [ParseProblem] = []) {
        self.date = date
        self.problems = problems
    }

    public init(parsing value: some Collection<UInt8>) {
        let parsed = value.withContiguousStorageIfAvailable { MailDate(buffer: $0) }
        self = parsed ?? Array(value).withUnsafeBufferPointer { MailDate(buffer: $0) }
    }

    init(buffer: UnsafeBufferPointer<UInt8>) {
        problems = []
        let fields = withUnsafeTemporaryAllocation(of: DateToken.self, capacity: DateToken.maxTokens) { tokens in
            DateToken.tokenize(buffer, into: tokens).flatMap { DateFields(UnsafeBufferPointer(rebasing: tokens[..<$0])) }
        }
        guard let fields else {
            date = nil
            problems.append(ParseProblem(.badDate, "Date header is not a date: " + ParseProblem.quoted(buffer)))
            return
        }
        if !fields.hasTime {
            problems.append(ParseProblem(.dateWithoutTime, "Date header has no time of day; midnight assumed: "
                                         + ParseProblem.quoted(buffer)))
        }
        if fields.unknownZone {
            problems.append(ParseProblem(.unknownTimeZone, "Date header has an unknown time zone, read as UTC: "
                                         + ParseProblem.quoted(buffer)))
        }
        let days = Self.daysSinceEpoch(year: fields.year, month: fields.month, day: fields.day)
        let seconds = days * 86_400 + fields.hour * 3_600 + fields.minute * 60 + fields.second
            - fields.zoneMinutes * 60
        date = Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date
    /// algorithms", days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// The calendar fields found among the tokens, validated; nil when they do not make a date.
private struct DateFields {
    typealias Number = (value: Int, digits: Int)

    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
    var zoneMinutes = 0
    var hasTime = false
    var unknownZone = false

    init?(_ tokens: UnsafeBufferPointer<DateToken>) {
        var firstNumbers = FewNumbers()          // the first three, for ISO 8601
        var beforeMonth: Number?                 // the last number before the month name
        var afterMonth = FewNumbers()            // the first ones after it
        var numericZone: Int??
        var namedZone: Int?
        var unknownWord = false
        var time: (Int, Int, Int)?
        var pm: Bool?
        for token in tokens {
            switch token {
            case .number(let value, let digits):
                firstNumbers.append((value, digits))
                if month == 0 {
                    beforeMonth = (value, digits)
                } else {
                    afterMonth.append((value, digits))
                }
            case .time(let h, let m, let s):
                guard time == nil else { return nil }
                time = (h, m, s)
            case .zone(let minutes):
                if numericZone == nil { numericZone = .some(minutes) }
            case .word(let word):
                if month == 0, let number = DateNames.month(word) {
                    month = number
                } else if DateNames.isWeekday(word) || word == DateNames.isoTimeSeparator || word == DateNames.at {
                    continue
                } else if word == DateNames.am || word == DateNames.pm {
                    pm = word == DateNames.pm
                } else if let offset = DateNames.zoneOffset(word) {
                    if namedZone == nil { namedZone = offset }
                } else {
                    unknownWord = true
                }
            }
        }
        if month == 0 {
            // ISO 8601 "2010-12-29": year, month, day, the year written with four digits.
            let (first, second, third) = firstNumbers.numbers
            guard firstNumbers.count == 3, first.digits == 4, second.digits <= 2, third.digits <= 2 else {
                return nil
            }
            (year, month, day) = (first.value, second.value, third.value)
        } else {
            // "29 Dec 2010" or, asctime style, "Dec 29 ... 2010".
            let pair: (Number, Number)
            if let beforeMonth, afterMonth.count >= 1 {
                pair = (beforeMonth, afterMonth.numbers.0)
            } else if beforeMonth == nil, afterMonth.count >= 2 {
                pair = (afterMonth.numbers.0, afterMonth.numbers.1)
            } else {
                return nil
            }
            // "2010 Dec 29" and "Dec 2010 29": the longer number is the year whatever its place.
            let (dayPart, yearPart) = pair.0.digits > 2 ? (pair.1, pair.0) : (pair.0, pair.1)
            guard dayPart.digits <= 2 else { return nil }
            day = dayPart.value
            switch yearPart.digits {
            case 1, 2: year = yearPart.value < 50 ? 2000 + yearPart.value : 1900 + yearPart.value
            case 3: year = 1900 + yearPart.value
            case 4: year = yearPart.value
            default: return nil
            }
        }
        if let (h, m, s) = time {
            (hour, minute, second) = (h, m, s)
            hasTime = true
            if let pm, hour >= 1, hour <= 12 { hour = hour % 12 + (pm ? 12 : 0) }
        }
        guard (1...12).contains(month), day >= 1, day <= MailDate.daysInMonth(month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        if let numericZone {
            if let minutes = numericZone { zoneMinutes = minutes } else { unknownZone = true }
        } else if let namedZone {
            zoneMinutes = namedZone
        } else {
            unknownZone = unknownWord
        }
    }
}

/// The first three numbers of a date, kept without an array.
private struct FewNumbers {
    var numbers: (DateFields.Number, DateFields.Number, DateFields.Number) = ((0, 0), (0, 0), (0, 0))
    var count = 0

    mutating func append(_ number: DateFields.Number) {
        switch count {
        case 0: numbers.0 = number
        case 1: numbers.1 = number
        case 2: numbers.2 = number
        default: break
        }
        count += 1
    }
}
