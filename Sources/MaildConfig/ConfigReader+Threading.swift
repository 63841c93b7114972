import Threading
import Yams

/// The keys that tune threading: the ticket token's prefix and a channel's subject fallback.
extension ConfigReader {
    /// `ticket_token_prefix`: the letters between `[#` and the number. Threading's own check decides what is
    /// usable, so the reader and the parser of subjects can never disagree. `""` (no letters) is allowed.
    func ticketTokenFormat(_ entry: Section.Entry) -> TicketTokenFormat? {
        let expected = "up to 16 ASCII letters, like T or HD"
        guard case .scalar(let scalar) = entry.value, !entry.value.isNull else {
            report(line: valueLine(entry), key: entry.path,
                   entry.value.isNull ? "has no value; expected \(expected) (or \"\" for none)"
                                      : "expected \(expected), got \(describe(entry.value))")
            return nil
        }
        do {
            return try TicketTokenFormat(prefix: scalar.string)
        } catch {
            report(line: valueLine(entry), key: entry.path,
                   "expected \(expected), got \(quoted(scalar.string)); the ticket number follows the prefix directly, "
                   + "so anything but letters would make it unreadable")
            return nil
        }
    }

    /// `subject_window_days`: at least one day; a window of none would make the fallback join nothing.
    func subjectWindowDays(_ entry: Section.Entry) -> Int? {
        guard case .scalar(let scalar) = entry.value, !entry.value.isNull, let days = Int(scalar.string), days >= 1 else {
            report(line: valueLine(entry), key: entry.path,
                   "expected a number of days (1 or more), got \(describe(entry.value)); "
                   + "set subject_fallback: false to turn the fallback off")
            return nil
        }
        return days
    }
}
