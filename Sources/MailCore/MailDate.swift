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
        guard let tokens = DateToken.tokenize(buffer), let fields = DateFields(tokens) else {
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
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
    var zoneMinutes = 0
    var hasTime = false
    var unknownZone = false

    init?(_ tokens: [DateToken]) {
        var numbers: [(value: Int, digits: Int, beforeMonth: Bool)] = []
        var numericZone: Int??
        var namedZone: Int?
        var unknownWords: [[UInt8]] = []
        var time: (Int, Int, Int)?
        var pm: Bool?
        for token in tokens {
            switch token {
            case .number(let value, let digits):
                numbers.append((value, digits, month == 0))
            case .time(let h, let m, let s):
                guard time == nil else { return nil }
                time = (h, m, s)
            case .zone(let minutes):
                if numericZone == nil { numericZone = .some(minutes) }
            case .word(let word):
                if month == 0, let number = DateNames.month(word) {
                    month = number
                } else if DateNames.isWeekday(word) || word == [0x74] || word == [0x61, 0x74] {
                    continue   // "Thu", ISO's "T", "at"
                } else if word == [0x61, 0x6D] || word == [0x70, 0x6D] {
                    pm = word[0] == 0x70
                } else if let offset = DateNames.zoneOffset(word) {
                    if namedZone == nil { namedZone = offset }
                } else {
                    unknownWords.append(word)
                }
            }
        }
        guard month != 0 || Self.readISO(numbers, into: &self) else { return nil }
        if year == 0 {
            let before = numbers.filter(\.beforeMonth)
            let after = numbers.filter { !$0.beforeMonth }
            let dayAndYear = before.isEmpty ? Array(after.prefix(2)) : [before[before.count - 1]] + after.prefix(1)
            guard dayAndYear.count == 2 else { return nil }
            // "2010 Dec 29" and "Dec 2010 29": the four-digit number is the year whatever its place.
            let (dayPart, yearPart) = dayAndYear[0].digits > 2 ? (dayAndYear[1], dayAndYear[0])
                                                               : (dayAndYear[0], dayAndYear[1])
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
        } else if !unknownWords.isEmpty {
            unknownZone = true
        }
    }

    /// `2010-12-29`: year, month, day as numbers, the year written with four digits.
    private static func readISO(_ numbers: [(value: Int, digits: Int, beforeMonth: Bool)],
                                into fields: inout DateFields) -> Bool {
        guard numbers.count >= 3, numbers[0].digits == 4, numbers[1].digits <= 2, numbers[2].digits <= 2 else {
            return false
        }
        (fields.year, fields.month, fields.day) = (numbers[0].value, numbers[1].value, numbers[2].value)
        return true
    }
}
