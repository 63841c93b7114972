import Foundation

/// How a charset label found in mail is read: the name iconv should open, or one of the two cases that
/// need no iconv at all.
///
/// Labels are matched after trimming quotes and whitespace, dropping an RFC 2231 language suffix
/// (`utf-8*en`) and lowercasing. Where mail clients read a label as a superset of what it names, so do we
/// (the WHATWG Encoding Standard's label table, which Thunderbird follows): text labelled ISO-8859-1 is full
/// of windows-1252 quotes, "gb2312" is really GBK, "ks_c_5601-1987" (Outlook's name for Korean) is CP949.
enum CharsetLabel: Equatable, Sendable {
    /// No label, `unknown-8bit`, `us-ascii` and friends: UTF-8 when valid, else windows-1252.
    case undeclared
    case utf8
    case iconv(name: String, kind: Kind)

    enum Kind: Equatable, Sendable {
        /// Bytes below 0x80 (other than the ISO-2022 shifts) are ASCII, so plain ASCII skips iconv.
        case asciiCompatible
        /// Anything else: UTF-16/32 (code units of 2 or 4 bytes), UTF-7, HZ, EBCDIC, 7-bit national sets.
        case other(unitSize: Int)

        var unitSize: Int {
            if case .other(let size) = self { return size }
            return 1
        }
    }

    static let windows1252 = "WINDOWS-1252"

    private static let undeclaredLabels: Set<String> = [
        "", "unknown-8bit", "x-unknown", "unknown", "x-unknown-8bit", "default", "none", "8bit", "7bit",
        "us-ascii", "ascii", "us_ascii", "usascii", "ansi_x3.4-1968", "iso646-us", "iso-ir-6", "646",
        "cp367", "ibm367", "csascii", "x-user-defined",
    ]

    private static let utf8Labels: Set<String> = [
        "utf-8", "utf8", "utf_8", "x-utf8", "x-utf-8", "unicode-1-1-utf-8", "unicode-2-0-utf-8",
        "x-unicode20utf8", "unicode",
    ]

    /// Labels iconv does not know, or that mail clients read as a superset of what they name.
    private static let aliases: [String: String] = {
        var table: [String: String] = [:]
        func map(_ labels: [String], to name: String) { for label in labels { table[label] = name } }
        map(["iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "8859-1", "iso_8859-1:1987", "latin1",
             "latin-1", "l1", "iso-ir-100", "cp819", "ibm819", "csisolatin1", "windows-1252", "cp1252",
             "x-cp1252", "cp-1252", "win-1252", "windows1252", "ansi", "ms-ansi"], to: windows1252)
        map(["iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5", "iso-ir-148", "csisolatin5"],
            to: "WINDOWS-1254")
        map(["iso-8859-11", "iso8859-11", "tis-620", "tis620", "dos-874", "windows-874", "cp874"],
            to: "WINDOWS-874")
        map(["ks_c_5601-1987", "ks_c_5601", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean", "euc-kr",
             "euckr", "cseuckr", "csksc56011987", "iso-ir-149", "windows-949", "cp949", "x-windows-949",
             "uhc"], to: "CP949")
        map(["gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "euccn", "x-euc-cn",
             "chinese", "csgb2312", "gb_2312-80", "gb_2312", "iso-ir-58", "csiso58gb231280", "gb18030"],
            to: "GB18030")
        map(["big5", "big-5", "x-x-big5", "cn-big5", "csbig5", "x-big5", "big5-hkscs", "big5hkscs"],
            to: "BIG5-HKSCS")
        map(["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932",
             "x-ms-cp932", "ms932", "shift_jisx0213"], to: "CP932")
        // Mail from Microsoft clients labelled iso-2022-jp may use half-width katakana (ESC ( I), which
        // glibc's ISO-2022-JP rejects and its superset ISO-2022-JP-2 decodes.
        map(["iso-2022-jp", "csiso2022jp", "iso2022jp", "jis", "iso-2022-jp-1"], to: "ISO-2022-JP-2")
        // The "-i" (logical order) Hebrew labels name the same bytes as ISO-8859-8.
        map(["iso-8859-8-i", "iso_8859-8-i", "csiso88598i", "logical"], to: "ISO-8859-8")
        map(["iso-8859-6-i", "iso-8859-6-e"], to: "ISO-8859-6")
        map(["koi8", "koi", "cskoi8r", "koi8_r"], to: "KOI8-R")
        map(["x-mac-roman", "mac", "macintosh", "csmacintosh", "x-mac"], to: "MACINTOSH")
        map(["x-mac-cyrillic", "x-mac-ukrainian"], to: "MAC-CYRILLIC")
        return table
    }()

    /// Families whose bytes below 0x80 are ASCII. SHIFT_JIS is not here on purpose: glibc's SJIS reads
    /// 0x5C as YEN SIGN; we send shift_jis labels to CP932, which reads it as a backslash as clients do.
    private static let asciiCompatiblePrefixes = [
        "WINDOWS-", "CP12", "CP87", "CP9", "ISO-8859-", "ISO8859", "ISO_8859", "KOI8", "GB", "BIG5", "EUC",
        "ISO-2022-", "TIS-620", "VISCII", "MAC", "ARMSCII", "GEORGIAN", "PT154", "UTF-8", "LATIN",
    ]

    static func resolve(_ label: String) -> CharsetLabel {
        // The labels on nearly all mail, answered without normalising.
        switch label.utf8.count {
        case 5 where ASCII.equalsIgnoringCase(label, "utf-8"): return .utf8
        case 8 where ASCII.equalsIgnoringCase(label, "us-ascii"): return .undeclared
        case 10 where ASCII.equalsIgnoringCase(label, "iso-8859-1"): return .iconv(name: windows1252, kind: .asciiCompatible)
        default: break
        }
        return cache.resolution(of: label)
    }

    /// Labels resolved so far: normalising a label costs more than converting a short subject.
    private static let cache = ResolutionCache()

    fileprivate static func resolveUncached(_ label: String) -> CharsetLabel {
        guard let key = normalizedKey(label) else { return .undeclared }
        if undeclaredLabels.contains(key) { return .undeclared }
        if utf8Labels.contains(key) { return .utf8 }
        let name: String
        if let alias = aliases[key] {
            name = alias
        } else if key.hasPrefix("x-") {
            name = String(key.dropFirst(2)).uppercased()
        } else if key.hasPrefix("win-") || key.hasPrefix("windows") && !key.hasPrefix("windows-") {
            // "win-1251", "windows1251": common misspellings of windows-125x.
            name = "WINDOWS-" + key.drop(while: { !$0.isNumber })
        } else {
            name = key.uppercased()
        }
        return .iconv(name: name, kind: kind(of: name))
    }

    private static func kind(of name: String) -> Kind {
        if name.hasPrefix("UTF-16") || name.hasPrefix("UCS-2") || name.hasPrefix("UNICODE") {
            return .other(unitSize: 2)
        }
        if name.hasPrefix("UTF-32") || name.hasPrefix("UCS-4") { return .other(unitSize: 4) }
        if asciiCompatiblePrefixes.contains(where: name.hasPrefix) { return .asciiCompatible }
        return .other(unitSize: 1)
    }

    /// The lowercased label without quotes, whitespace or RFC 2231 language suffix, or nil when it has
    /// characters no charset name has. iconv reads `//` in a name as conversion flags and glibc once had
    /// bugs reachable through odd names, so only the characters of registered charset names pass.
    private static func normalizedKey(_ label: String) -> String? {
        var bytes: [UInt8] = []
        for byte in label.utf8 {
            if byte == ASCII.quote || ASCII.isLinearWhitespace(byte) || byte == 0x27 { continue }
            if byte == 0x2A { break }   // "*": RFC 2231 §5 language suffix, as in =?utf-8*en?Q?...?=
            guard ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == ASCII.minus || byte == ASCII.underscore
                || byte == ASCII.dot || byte == ASCII.colon || byte == ASCII.plus else { return nil }
            bytes.append(ASCII.lowercased(byte))
            if bytes.count > 40 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A bounded, lock-protected map from labels as written to their resolution.
private final class ResolutionCache: @unchecked Sendable {
    private static let capacity = 256
    private let lock = NSLock()
    private var resolved: [String: CharsetLabel] = [:]

    func resolution(of label: String) -> CharsetLabel {
        lock.lock()
        let cached = resolved[label]
        lock.unlock()
        if let cached { return cached }
        let resolution = CharsetLabel.resolveUncached(label)
        lock.lock()
        // Hostile mail can carry any number of distinct labels; start over rather than grow.
        if resolved.count >= Self.capacity { resolved.removeAll(keepingCapacity: true) }
        resolved[label] = resolution
        lock.unlock()
        return resolution
    }
}
