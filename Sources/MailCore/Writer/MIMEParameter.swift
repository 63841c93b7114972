import Foundation

/// MIME parameters (`; name=value`, RFC 2045 §5.1) for Content-Type and Content-Disposition, with file
/// names in any script (RFC 2231).
///
/// A name that is printable ASCII and fits on a line is written `filename="report.pdf"`. Any other is
/// written twice: `filename="Zazolc.pdf"`, an ASCII stand-in for readers that do not know RFC 2231, then
/// `filename*=utf-8''Za%C5%BC%C3%B3%C5%82%C4%87.pdf`, split into numbered continuations
/// (`filename*0*=`, `filename*1*=` …, RFC 2231 §3–4) when it would not fit on one line. Readers that know
/// RFC 2231 take the `*` form (RFC 2231 §4.1 gives it precedence in practice: Thunderbird, Apple Mail,
/// Gmail, Python). Continuations are cut between characters, never inside one.
enum MIMEParameter {
    /// Pieces for `; name=value`, each starting with the `;`-less separator space; the caller joins them
    /// to what precedes with `;`.
    static func pieces(name: String, value: String) -> [[UInt8]] {
        let quoted = quotedValue(value)
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
           name.utf8.count + quoted.count + 3 <= HeaderWriter.preferredLineLength {
            return [[ASCII.space] + Array(name.utf8) + [ASCII.equals] + quoted]
        }
        let fallback = [ASCII.space] + Array(name.utf8) + [ASCII.equals] + quotedValue(asciiStandIn(value))
        return [fallback] + extended(name: name, value: value)
    }

    /// A token value (`boundary`, `charset`) needs no quotes when it is a token (RFC 2045 §5.1); the
    /// writer's are, but quoting costs nothing and some parsers mishandle `=` in an unquoted boundary.
    static func quotedValue(_ value: String) -> [UInt8] {
        var bytes: [UInt8] = [ASCII.quote]
        for byte in value.utf8 {
            if byte == ASCII.quote || byte == ASCII.backslash { bytes.append(ASCII.backslash) }
            bytes.append(byte)
        }
        bytes.append(ASCII.quote)
        return bytes
    }

    /// `name*=utf-8''…`, or `name*0*=utf-8''…` `name*1*=…` when one line is not enough.
    private static func extended(name: String, value: String) -> [[UInt8]] {
        let characters = value.map { percentEncoded($0) }
        let single = " \(name)*=utf-8''".utf8.count + characters.reduce(0) { $0 + $1.count }
        if single <= HeaderWriter.preferredLineLength - 1 {
            return [Array(" \(name)*=utf-8''".utf8) + characters.joined()]
        }
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        func start() { current = Array(" \(name)*\(pieces.count)*=\(pieces.isEmpty ? "utf-8''" : "")".utf8) }
        start()
        var hasValue = false
        for character in characters {
            // The `;` the caller adds after each piece takes the last column.
            if hasValue, current.count + character.count > HeaderWriter.preferredLineLength - 1 {
                pieces.append(current)
                start()
            }
            current += character
            hasValue = true
        }
        pieces.append(current)
        return pieces
    }

    /// RFC 2231 §7 attribute-char as itself, every other byte as `%XX`.
    private static func percentEncoded(_ character: Character) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in character.utf8 {
            if isAttributeChar(byte) {
                bytes.append(byte)
            } else {
                bytes += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return bytes
    }

    /// Printable ASCII but space, `*`, `'`, `%` and the tspecials (RFC 2045 §5.1).
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        return !"*'%()<>@,;:\\\"/[]?=".utf8.contains(byte)
    }

    /// Letters and marks that have no decomposition, so folding diacritics leaves them as they are.
    private static let latinStandIns: [Unicode.Scalar: String] = [
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
        "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i", "–": "-", "—": "-", "‘": "'", "’": "'",
        "“": "'", "”": "'", "„": "'", "«": "'", "»": "'", "…": "...", "\u{A0}": " ",
    ]

    /// The name in ASCII for old readers: accents dropped (`ż` → `z`), other characters `_`, cut to fit a
    /// line with its extension kept; `attachment` plus the extension when nothing readable is left.
    static func asciiStandIn(_ value: String) -> String {
        let folded = value.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var result = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F {
                result.unicodeScalars.append(scalar)
            } else if let replacement = latinStandIns[scalar] {
                result += replacement
            } else if !result.hasSuffix("_") {
                result += "_"
            }
        }
        var stem = Substring(result)
        var suffix = Substring("")
        if let dot = result.lastIndex(of: "."), result.distance(from: dot, to: result.endIndex) <= 10,
           !result[dot...].contains("_") {
            stem = result[..<dot]
            suffix = result[dot...]
        }
        if !stem.contains(where: { $0.isLetter || $0.isNumber }) { stem = "attachment" }
        let maxStem = 50 - suffix.count
        if stem.count > maxStem { stem = stem.prefix(maxStem) }
        return String(stem) + suffix
    }
}
