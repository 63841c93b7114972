/// A lexical token of a structured header field (RFC 5322 §3.2): atoms, quoted strings, comments, domain
/// literals and the specials that address and message-id syntax hang on.
///
/// The lexer is tolerant: an unterminated quoted string, comment or domain literal runs to the end of the
/// field (and says so in `unterminated`); a stray `)` or `]` is an atom character. Whitespace is not a
/// token; the token after it has `spaceBefore` set.
struct HeaderToken: Equatable {
    enum Kind: Equatable {
        /// A run of atext, `.` and 8-bit bytes: atoms, dot-atoms and obs-phrase words alike.
        case atom
        case quoted
        case comment
        case domainLiteral
        /// One of `<` `>` `@` `,` `;` `:`.
        case special(UInt8)
    }

    var kind: Kind
    /// The bytes of the token as written, delimiters included.
    var range: Range<Int>
    var spaceBefore: Bool
    var unterminated = false

    func isSpecial(_ byte: UInt8) -> Bool { kind == .special(byte) }

    /// Splits `buffer` into tokens. Linear in the length of the field; nesting of comments is counted,
    /// not recursed into.
    static func tokenize(_ buffer: UnsafeBufferPointer<UInt8>) -> [HeaderToken] {
        var tokens: [HeaderToken] = []
        tokenize(buffer, into: &tokens)
        return tokens
    }

    /// Tokenizes into `tokens`, replacing what it held but keeping its capacity, so one array serves every
    /// field of a message.
    static func tokenize(_ buffer: UnsafeBufferPointer<UInt8>, into tokens: inout [HeaderToken]) {
        tokens.removeAll(keepingCapacity: true)
        tokens.reserveCapacity(min(buffer.count / 4 + 4, 1_024))
        var index = 0
        var spaceBefore = false
        while index < buffer.count {
            let byte = buffer[index]
            let start = index
            var kind = Kind.atom
            var unterminated = false
            switch byte {
            case _ where ASCII.isLinearWhitespace(byte):
                spaceBefore = true
                index += 1
                continue
            case ASCII.quote:
                kind = .quoted
                (index, unterminated) = scanQuoted(buffer, from: index + 1, close: ASCII.quote)
            case ASCII.openBracket:
                kind = .domainLiteral
                (index, unterminated) = scanQuoted(buffer, from: index + 1, close: ASCII.closeBracket)
            case ASCII.openParen:
                kind = .comment
                (index, unterminated) = scanComment(buffer, from: index + 1)
            case ASCII.lessThan, ASCII.greaterThan, ASCII.at, ASCII.comma, ASCII.semicolon, ASCII.colon:
                kind = .special(byte)
                index += 1
            default:
                while index < buffer.count, isAtomByte(buffer[index]) { index += 1 }
            }
            tokens.append(HeaderToken(kind: kind, range: start..<index, spaceBefore: spaceBefore,
                                      unterminated: unterminated))
            spaceBefore = false
        }
    }

    @inline(__always)
    static func isAtomByte(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.space, ASCII.tab, ASCII.cr, ASCII.lf, ASCII.quote, ASCII.openParen, ASCII.openBracket,
             ASCII.lessThan, ASCII.greaterThan, ASCII.at, ASCII.comma, ASCII.semicolon, ASCII.colon:
            return false
        default:
            return true
        }
    }

    /// Index past the closing byte, or the end; a backslash escapes the next byte (RFC 5322 quoted-pair).
    private static func scanQuoted(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int,
                                   close: UInt8) -> (Int, Bool) {
        var index = start
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ASCII.backslash {
                index += 2
                continue
            }
            if byte == close { return (index + 1, false) }
            index += 1
        }
        return (buffer.count, true)
    }

    /// Index past the comment's closing parenthesis; comments nest (RFC 5322 §3.2.2).
    private static func scanComment(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Bool) {
        var depth = 1
        var index = start
        while index < buffer.count {
            switch buffer[index] {
            case ASCII.backslash: index += 1
            case ASCII.openParen: depth += 1
            case ASCII.closeParen:
                depth -= 1
                if depth == 0 { return (index + 1, false) }
            default: break
            }
            index += 1
        }
        return (buffer.count, true)
    }

    /// The content of a quoted string or comment without its delimiters, quoted-pairs unescaped. Nested
    /// comments keep their parentheses.
    func content(in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var lower = range.lowerBound
        var upper = range.upperBound
        switch kind {
        case .quoted, .comment, .domainLiteral:
            lower += 1
            if !unterminated { upper -= 1 }
        default:
            break
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(upper - lower, 0))
        var index = lower
        while index < upper {
            var byte = buffer[index]
            if byte == ASCII.backslash && kind != .domainLiteral && index + 1 < upper {
                index += 1
                byte = buffer[index]
            }
            bytes.append(byte)
            index += 1
        }
        return bytes
    }
}
