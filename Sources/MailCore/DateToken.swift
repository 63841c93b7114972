/// A lexical token of a Date field as mail really writes it: words, numbers, times and numeric zones, with
/// commas, comments and stray separators (`-` in `29-Dec-2010`, `/`, `.`) dropped.
enum DateToken: Equatable {
    case word(Word)
    case number(value: Int, digits: Int)
    case time(hour: Int, minute: Int, second: Int)
    /// `+hhmm`, `-hhmm`, `+hh:mm` or `+hh`: minutes east of UTC, or nil when the digits are not a zone.
    case zone(minutes: Int?)

    /// A lowercased word packed five bits a letter (up to 12 letters), so matching month, day and zone
    /// names allocates nothing.
    struct Word: Hashable {
        var packed: UInt64 = 0
        var count = 0

        init(_ name: StaticString) {
            name.withUTF8Buffer { for byte in $0 { append(byte) } }
        }

        init() {}

        mutating func append(_ letter: UInt8) {
            if count < 12 { packed |= UInt64(ASCII.lowercased(letter) &- 0x60) << UInt64(5 * count) }
            count += 1
        }

        /// True when `self` is `full` or an abbreviation of it at least `minimum` letters long.
        func abbreviates(_ full: Word, minimum: Int = 3) -> Bool {
            guard count >= minimum, count <= full.count, count <= 12 else { return false }
            return full.packed & (1 << UInt64(5 * count) - 1) == packed
        }
    }

    static let maxTokens = 24

    /// Writes the tokens of `buffer` into `tokens` (room for `maxTokens`) and returns how many, or nil when
    /// there are more (no date has that many).
    static func tokenize(_ buffer: UnsafeBufferPointer<UInt8>, into tokens: UnsafeMutableBufferPointer<DateToken>)
        -> Int? {
        var count = 0
        var last: DateToken?
        func append(_ token: DateToken) -> Bool {
            guard count < tokens.count else { return false }
            tokens.baseAddress!.advanced(by: count).initialize(to: token)
            count += 1
            last = token
            return true
        }
        var index = 0
        var previous: UInt8 = ASCII.space
        while index < buffer.count {
            let byte = buffer[index]
            let start = index
            if ASCII.isDigit(byte) {
                let (value, digits, end) = number(buffer, from: index)
                index = end
                if index + 1 < buffer.count, buffer[index] == ASCII.colon, ASCII.isDigit(buffer[index + 1]) {
                    guard append(time(buffer, hour: digits <= 2 ? value : 99, index: &index)) else { return nil }
                } else {
                    guard append(.number(value: value, digits: digits)) else { return nil }
                }
            } else if ASCII.isLetter(byte) {
                var word = Word()
                while index < buffer.count, ASCII.isLetter(buffer[index]) {
                    word.append(buffer[index])
                    index += 1
                }
                guard append(.word(word)) else { return nil }
            } else if (byte == ASCII.plus || byte == ASCII.minus) && index + 1 < buffer.count
                        && ASCII.isDigit(buffer[index + 1]) && startsZone(after: previous, last) {
                guard append(zone(buffer, sign: byte == ASCII.minus ? -1 : 1, index: &index)) else { return nil }
            } else if byte == ASCII.openParen {
                index = skipComment(buffer, from: index)
                previous = ASCII.space
                continue
            } else {
                index += 1   // whitespace, ",", ".", "/", a separating "-", 8-bit garbage
            }
            previous = buffer[max(index - 1, start)]
        }
        return count
    }

    /// A sign starts a zone after whitespace, a time or "GMT"/"UTC" ("GMT+0100"), but not between the
    /// parts of `29-Dec-2010` or `2010-12-29`.
    private static func startsZone(after previous: UInt8, _ last: DateToken?) -> Bool {
        if case .time = last { return true }
        if case .word(let word) = last, ASCII.isLetter(previous) { return DateNames.zoneOffset(word) == 0 }
        return !ASCII.isLetter(previous) && !ASCII.isDigit(previous)
    }

    /// Up to 9 digits read as a value (more stay counted, so a 10-digit "year" is rejected, not overflowed).
    private static func number(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int, Int) {
        var value = 0
        var index = start
        while index < buffer.count, ASCII.isDigit(buffer[index]) {
            if index - start < 9 { value = value * 10 + Int(buffer[index] - 0x30) }
            index += 1
        }
        return (value, index - start, index)
    }

    /// `hh:mm` or `hh:mm:ss`, fractions of a second dropped. A part with more than two digits makes the
    /// time invalid (99), so validation rejects it.
    private static func time(_ buffer: UnsafeBufferPointer<UInt8>, hour: Int, index: inout Int) -> DateToken {
        var minute = -1
        var second = 0
        var parts = 1
        while parts < 3, index + 1 < buffer.count, buffer[index] == ASCII.colon, ASCII.isDigit(buffer[index + 1]) {
            let (value, digits, end) = number(buffer, from: index + 1)
            if parts == 1 { minute = digits <= 2 ? value : 99 } else { second = digits <= 2 ? value : 99 }
            parts += 1
            index = end
        }
        if index + 1 < buffer.count, buffer[index] == ASCII.dot, ASCII.isDigit(buffer[index + 1]) {
            index = number(buffer, from: index + 1).2
        }
        return .time(hour: hour, minute: minute, second: second)
    }

    private static func zone(_ buffer: UnsafeBufferPointer<UInt8>, sign: Int, index: inout Int) -> DateToken {
        let (value, digits, end) = number(buffer, from: index + 1)
        index = end
        var hours = -1
        var minutes = 0
        switch digits {
        case 4: (hours, minutes) = (value / 100, value % 100)
        case 1, 2:
            hours = value
            if index + 2 < buffer.count, buffer[index] == ASCII.colon {
                let (more, moreDigits, moreEnd) = number(buffer, from: index + 1)
                if moreDigits == 2 {
                    minutes = more
                    index = moreEnd
                }
            }
        default: break
        }
        guard hours >= 0, hours <= 23, minutes < 60 else { return .zone(minutes: nil) }
        return .zone(minutes: sign * (hours * 60 + minutes))
    }

    private static func skipComment(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < buffer.count {
            switch buffer[index] {
            case ASCII.openParen: depth += 1
            case ASCII.closeParen:
                depth -= 1
                if depth == 0 { return index + 1 }
            case ASCII.backslash: index += 1
            default: break
            }
            index += 1
        }
        return buffer.count
    }
}
