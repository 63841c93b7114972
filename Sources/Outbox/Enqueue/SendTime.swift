import Foundation

/// When an agent wants a reply to leave: ISO-8601 with an offset or `Z` (`2026-03-29T09:00:00+02:00`), or
/// a local time with a zone name (`2026-03-29T09:00 Europe/Berlin`, or RFC 9557's `…T09:00[Europe/Berlin]`).
///
/// A zone name means the wall-clock time there, whatever its offset is on that day, so a reply scheduled
/// across a daylight-saving change leaves at the hour the agent meant. A local time the change skips
/// (02:30 on a spring-forward night) is refused rather than guessed; one it repeats (02:30 on a
/// fall-back night) is its first occurrence.
public enum SendTime {
    public static func parse(_ text: String) throws(OutboxRefusal) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var scanner = Scanner(string: trimmed)
        guard let local = scanner.localTime() else {
            throw OutboxRefusal(.invalidSendAt, "send_at \"\(text)\" is not a date and time like 2026-03-29T09:00:00+02:00 or 2026-03-29T09:00 Europe/Berlin")
        }
        let rest = scanner.rest.trimmingCharacters(in: .whitespaces)
        if rest == "Z" || rest == "z" { return local }
        if let offset = Self.offset(rest) { return local.addingTimeInterval(-TimeInterval(offset)) }
        var zoneName = rest
        if zoneName.hasPrefix("["), zoneName.hasSuffix("]") { zoneName = String(zoneName.dropFirst().dropLast()) }
        guard !zoneName.isEmpty else {
            throw OutboxRefusal(.invalidSendAt, "send_at \"\(text)\" has no time zone: add an offset (+02:00), Z, or a zone name (Europe/Berlin)")
        }
        guard let zone = TimeZone(identifier: zoneName) else {
            throw OutboxRefusal(.invalidSendAt, "send_at \"\(text)\": unknown time zone \"\(zoneName)\" (use a name like Europe/Berlin)")
        }
        return try instant(of: local, in: zone, text: text)
    }

    /// The instant at which clocks in `zone` show `local` (given as if it were UTC).
    static func instant(of local: Date, in zone: TimeZone, text: String) throws(OutboxRefusal) -> Date {
        // The offsets in force a day before and after cover both sides of any one change.
        let offsets = [local.addingTimeInterval(-86_400), local.addingTimeInterval(86_400)].map { zone.secondsFromGMT(for: $0) }
        let candidates = Set(offsets).map { local.addingTimeInterval(-TimeInterval($0)) }
            .filter { zone.secondsFromGMT(for: $0) == Int(local.timeIntervalSince($0)) }
        guard let first = candidates.min() else {
            throw OutboxRefusal(.invalidSendAt, "send_at \"\(text)\" does not exist in \(zone.identifier): the clocks skip it for daylight saving")
        }
        return first
    }

    /// `+02:00`, `-0530`, `+02`.
    private static func offset(_ text: String) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.count == 2 || digits.count == 4,
              let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))),
              hours < 24, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// Reads `YYYY-MM-DD[T ]HH:MM[:SS]` as a UTC instant (the zone is applied by the caller).
    private struct Scanner {
        var characters: [Character]
        var position = 0
        init(string: String) { characters = Array(string) }

        var rest: String { String(characters[position...]) }

        mutating func number(_ count: Int) -> Int? {
            guard position + count <= characters.count else { return nil }
            let digits = characters[position..<position + count]
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            position += count
            return Int(String(digits))
        }

        mutating func skip(_ allowed: Set<Character>) -> Bool {
            guard position < characters.count, allowed.contains(characters[position]) else { return false }
            position += 1
            return true
        }

        mutating func localTime() -> Date? {
            guard let year = number(4), skip(["-"]), let month = number(2), skip(["-"]), let day = number(2),
                  skip(["T", "t", " "]), let hour = number(2), skip([":"]), let minute = number(2) else { return nil }
            var second = 0
            var fraction = 0.0
            if skip([":"]) {
                guard let s = number(2) else { return nil }
                second = s
                // Fractions of a second (`09:00:00.250`), for tools that schedule precisely.
                if skip([".", ","]) {
                    let start = position
                    while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
                    guard position > start, let value = Double("0." + String(characters[start..<position])) else { return nil }
                    fraction = value
                }
            }
            guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            guard let date = calendar.date(from: components),
                  calendar.component(.day, from: date) == day else { return nil }   // 2026-02-30 is not a day
            return date.addingTimeInterval(fraction)
        }
    }
}
