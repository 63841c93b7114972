/// A lexical token of a Date field as mail really writes it: words, numbers, times and numeric zones, with
/// commas, comments and stray separators (`-` in `29-Dec-2010`, `/`, `.`) dropped.
enum DateToken: Equatable {
    /// Letters, lowercased, cut to 16 (no month, day or zone name is longer).
    case word([UInt8])
    case number(value: Int, digits: Int)
    case time(hour: Int, minute: Int, second: Int)
    /// `+hhmm`, `-hhmm`, `+hh:mm` or `+hh`: minutes east of UTC, or nil when the digits are not a zone.
    case zone(minutes: Int?)

    static let maxTokens = 24

    /// The tokens of `buffer`, or nil when there are more than `maxTokens` (no date has that many).
    static func tokenize(_ buffer: UnsafeBufferPointer<UInt8>) -> [DateToken]? {
        var tokens: [DateToken] = []
        var index = 0
        var previous: UInt8 = ASCII.space
        while index < buffer.count {
            let byte = buffer[index]
            let start = index
            if ASCII.isDigit(byte) {
                let (value, digits, end) = number(buffer, from: index)
                index = end
                if index + 1 < buffer.count, buffer[index] == ASCII.colon, ASCII.isDigit(buffer[index + 1]) {
                    tokens.append(time(buffer, hour: digits <= 2 ? value : 99, index: &index))
                } else {
                    tokens.append(.number(value: value, digits: digits))
                }
            } else if ASCII.isLetter(byte) {
                var word: [UInt8] = []
                while index < buffer.count, ASCII.isLetter(buffer[index]) {
                    if word.count < 16 { word.append(ASCII.lowercased(buffer[index])) }
                    index += 1
                }
                tokens.append(.word(word))
            } else if (byte == ASCII.plus || byte == ASCII.minus) && index + 1 < buffer.count
                        && ASCII.isDigit(buffer[index + 1]) && startsZone(after: previous, tokens.last) {
                tokens.append(zone(buffer, sign: byte == ASCII.minus ? -1 : 1, index: &index))
            } else if byte == ASCII.openParen {
                index = skipComment(buffer, from: index)
                previous = ASCII.space
                continue
            } else {
                index += 1   // whitespace, ",", ".", "/", a separating "-", 8-bit garbage
            }
            if tokens.count > maxTokens { return nil }
            previous = buffer[max(index - 1, start)]
        }
        return tokens
    }

    /// A sign starts a zone after whitespace, a time or a zone name ("GMT+0100"), but not between the
    /// parts of `29-Dec-2010` or `2010-12-29`.
    private static func startsZone(after previous: UInt8, _ last: DateToken?) -> Bool {
        if case .time = last { return true }
        if case .word(let word) = last, ASCII.isLetter(previous) {
            return word == Array("gmt".utf8) || word == Array("utc".utf8) || word == Array("ut".utf8)
        }
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
        var parts = [hour]
        while parts.count < 3, index + 1 < buffer.count, buffer[index] == ASCII.colon,
              ASCII.isDigit(buffer[index + 1]) {
            let (value, digits, end) = number(buffer, from: index + 1)
            parts.append(digits <= 2 ? value : 99)
            index = end
        }
        if index + 1 < buffer.count, buffer[index] == ASCII.dot, ASCII.isDigit(buffer[index + 1]) {
            index = number(buffer, from: index + 1).2
        }
        return .time(hour: parts[0], minute: parts[1], second: parts.count > 2 ? parts[2] : 0)
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
