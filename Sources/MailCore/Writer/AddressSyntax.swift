/// The addresses and ids maild writes, checked before they are written (RFC 5322 §3.4.1, RFC 5321
/// §4.1.2 and §4.5.3.1), and formatted for address fields.
///
/// Stricter than the parser on purpose: what is read is tolerated, what is sent must be right, or a
/// relay refuses it or a recipient's client shows it mangled.
enum AddressSyntax {
    /// Why `address` is not an addr-spec maild can send to, or nil when it is one.
    ///
    /// Accepted: a dot-atom or quoted-string local part (as `MailAddress` keeps it), `@`, and a host name
    /// (letters, digits and hyphens in dot-separated labels) or a domain literal (`[192.0.2.1]`).
    /// Internationalized addresses are refused: sending them needs SMTPUTF8 (RFC 6531), which maild does
    /// not use; an internationalized domain can be given in its ASCII (`xn--`) form.
    static func problem(with address: String) -> String? {
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else {
            return "has non-ASCII characters (internationalized addresses are not supported; give the domain "
                + "in its xn-- form)"
        }
        guard let at = address.utf8.lastIndex(of: ASCII.at) else { return "has no @" }
        let local = address.utf8[..<at]
        let domain = address.utf8[address.utf8.index(after: at)...]
        if local.isEmpty { return "has nothing before the @" }
        if domain.isEmpty { return "has no domain after the @" }
        if local.count > 64 { return "has a local part longer than 64 characters (RFC 5321 §4.5.3.1.1)" }
        if address.utf8.count > 254 { return "is longer than 254 characters (RFC 5321 §4.5.3.1.3)" }
        if let problem = localPartProblem(Array(local)) { return problem }
        return domainProblem(Array(domain))
    }

    /// The mailbox as header pieces: `Name <address>` or just `address`. The address must be valid.
    static func mailbox(_ mailbox: MailAddress) -> [HeaderPiece] {
        guard let name = mailbox.name, let phrase = HeaderText.phrase(name) else {
            return [.plain(" " + mailbox.address)]
        }
        return phrase + [.plain(" <" + mailbox.address + ">")]
    }

    /// An address list, comma separated (RFC 5322 §3.4).
    static func list(_ mailboxes: [MailAddress]) -> [HeaderPiece] {
        var pieces: [HeaderPiece] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var mailboxPieces = self.mailbox(mailbox)
            if index < mailboxes.count - 1, case .plain(var last) = mailboxPieces.removeLast() {
                last.append(ASCII.comma)
                mailboxPieces.append(.plain(last))
            }
            pieces += mailboxPieces
        }
        return pieces
    }

    private static func localPartProblem(_ local: [UInt8]) -> String? {
        if local.first == ASCII.quote {
            guard local.count >= 2, local.last == ASCII.quote else { return "has an unterminated quoted local part" }
            var index = 1
            while index < local.count - 1 {
                let byte = local[index]
                if byte == ASCII.backslash {
                    index += 1
                    guard index < local.count - 1 else { return "has a quoted local part ending in a backslash" }
                } else if byte == ASCII.quote {
                    return "has a quote inside its quoted local part"
                } else if byte < 0x20 || byte == 0x7F {
                    return "has a control character in its local part"
                }
                index += 1
            }
            return nil
        }
        return isDotAtom(local) ? nil : "has a local part that is not a dot-atom (quote it, or remove the "
            + "spaces, specials, or leading, trailing or double dots)"
    }

    /// A host name of LDH labels (RFC 5321 §4.1.2 Domain) or a domain literal.
    static func domainProblem(_ domain: [UInt8]) -> String? {
        if domain.first == ASCII.openBracket {
            guard domain.count > 2, domain.last == ASCII.closeBracket,
                  domain.dropFirst().dropLast().allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != ASCII.openBracket
                      && $0 != ASCII.closeBracket && $0 != ASCII.backslash })
            else { return "has a malformed domain literal" }
            return nil
        }
        if domain.count > 253 { return "has a domain longer than 253 characters" }
        for label in domain.split(separator: ASCII.dot, omittingEmptySubsequences: false) {
            if label.isEmpty { return "has an empty label in its domain (leading, trailing or double dot)" }
            if label.count > 63 { return "has a domain label longer than 63 characters" }
            if label.first == ASCII.minus || label.last == ASCII.minus {
                return "has a domain label starting or ending with a hyphen"
            }
            if !label.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == ASCII.minus }) {
                return "has a character other than a letter, digit, hyphen or dot in its domain"
            }
        }
        return nil
    }

    /// RFC 5322 §3.2.3 dot-atom-text: atext runs separated by single dots.
    static func isDotAtom(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var previousDot = true
        for byte in bytes {
            if byte == ASCII.dot {
                if previousDot { return false }
                previousDot = true
            } else {
                guard HeaderText.isAtext(byte) else { return false }
                previousDot = false
            }
        }
        return !previousDot
    }

    /// Why `id` (without angle brackets) is not a msg-id maild writes as its own (RFC 5322 §3.6.4:
    /// `id-left "@" id-right`, each a dot-atom, the right one possibly a literal), or nil.
    static func strictIDProblem(_ id: String) -> String? {
        if let problem = lenientIDProblem(id) { return problem }
        let bytes = Array(id.utf8)
        guard let at = bytes.lastIndex(of: ASCII.at) else { return "has no @ (ids are unique@domain)" }
        let right = bytes[(at + 1)...]
        guard isDotAtom(bytes[..<at]) else { return "has a left part that is not a dot-atom" }
        guard isDotAtom(right) || (right.first == ASCII.openBracket && right.last == ASCII.closeBracket) else {
            return "has a right part that is not a dot-atom or [literal]"
        }
        return nil
    }

    /// Why `id` cannot be written between angle brackets at all, or nil. For ids copied from other
    /// messages (In-Reply-To, References), which are often not RFC 5322 msg-ids but must be echoed as
    /// they were for threading to work: any printable ASCII but `<` and `>`.
    static func lenientIDProblem(_ id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id.utf8.contains(where: { $0 == ASCII.lessThan || $0 == ASCII.greaterThan }) {
            return "contains < or > (give ids without angle brackets)"
        }
        if id.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            return "contains whitespace, a control character or a non-ASCII character"
        }
        if id.utf8.count > HeaderWriter.maxLineLength - 20 { return "is too long for a header line" }
        return nil
    }
}
