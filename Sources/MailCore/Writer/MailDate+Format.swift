import Foundation

extension MailDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]   // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` as an RFC 5322 §3.3 date-time in the offset `timeZone` has at that instant:
    /// `Thu, 29 Dec 2010 15:07:54 +0100`. Fractions of a second are dropped; an offset that is not whole
    /// minutes (local mean time before 1900) is rounded to the minute and the time shown in it.
    /// English names whatever the locale, computed by hand: no `DateFormatter`.
    public static func format(_ date: Date, timeZone: TimeZone) -> String {
        let offsetMinutes = Int((Double(timeZone.secondsFromGMT(for: date)) / 60).rounded())
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offsetMinutes * 60
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(daysSinceEpoch: days)
        let weekday = weekdays[((days % 7) + 7) % 7]
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        return "\(weekday), \(day) \(months[month - 1]) \(pad(year, 4)) "
            + "\(pad(secondOfDay / 3_600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)) "
            + "\(sign)\(pad(offset / 60, 2))\(pad(offset % 60, 2))"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant, civil_from_days), the
    /// inverse of `daysSinceEpoch`.
    static func civil(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
