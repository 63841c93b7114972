/// The small value languages of the configuration file: durations, sizes, channel names, email
/// addresses and environment variable names. Each returns `nil` for text it does not accept; the
/// reader turns that into a problem that quotes the value.
enum ValueSyntax {
    /// `60` (seconds), `30s`, `5m`, `1h`, `2d`, with an optional space before the unit.
    static func duration(_ text: String) -> Duration? {
        guard let (number, unit) = numberAndUnit(text) else { return nil }
        let seconds: Int
        switch unit {
        case "", "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        default: return nil
        }
        let (total, overflow) = number.multipliedReportingOverflow(by: seconds)
        return overflow ? nil : .seconds(total)
    }

    /// `52428800` (bytes), `512KB`, `50MB`, `1GB` (powers of 10, as disks and mail servers count)
    /// or `25 MiB`, `512KiB`, `1GiB` (powers of 2). Units are case-insensitive.
    static func byteCount(_ text: String) -> Int? {
        guard let (number, unit) = numberAndUnit(text) else { return nil }
        let factor: Int
        switch unit {
        case "", "b": factor = 1
        case "kb": factor = 1_000
        case "mb": factor = 1_000_000
        case "gb": factor = 1_000_000_000
        case "kib": factor = 1 << 10
        case "mib": factor = 1 << 20
        case "gib": factor = 1 << 30
        default: return nil
        }
        let (total, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? nil : total
    }

    /// Splits `25 MiB` into `25` and `mib`. Only non-negative whole numbers: `1.5h` is refused
    /// rather than rounded, so nobody gets a silent surprise.
    private static func numberAndUnit(_ text: String) -> (Int, String)? {
        let trimmed = text.trimmingSpaces()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingSpaces().lowercased()
        return (number, unit)
    }

    /// `[a-z0-9][a-z0-9_-]*`, at most 64 characters: safe in log lines, file names and SQL.
    static func isChannelName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
        func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        return isLowerAlphanumeric(first)
            && text.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "_" || $0 == "-" }
    }

    /// An RFC 5322 `addr-spec` in its dot-atom form (`local@example.com`); quoted local parts and
    /// domain literals are refused because no helpdesk needs them. Non-ASCII is allowed (RFC 6531).
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.utf8.count), (1...253).contains(domain.utf8.count) else { return false }
        let atomSpecials: Set<Unicode.Scalar> = ["!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?",
                                                 "^", "_", "`", "{", "|", "}", "~"]
        let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
        let localIsDotAtom = localAtoms.allSatisfy { atom in
            !atom.isEmpty && atom.unicodeScalars.allSatisfy {
                isAlphanumericOrNonASCII($0) || atomSpecials.contains($0)
            }
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let domainIsHostName = labels.count >= 2 && labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { isAlphanumericOrNonASCII($0) || $0 == "-" }
        }
        return localIsDotAtom && domainIsHostName
    }

    /// POSIX portable environment variable name: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isEnvironmentVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && (isAlphanumericOrNonASCII($0) || $0 == "_") }
    }

    static func isAlphanumericOrNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
