/// The `imap.url` setting taken apart: `imaps://host[:port]` or `imap://host[:port]`, nothing else.
/// `smtp.url` is read the same way with `smtps`/`smtp` (see `Schemes`).
///
/// Credentials, a mailbox path or a query are refused rather than ignored: an admin who wrote
/// `imaps://user:pw@host/Support` expects them to matter, and the password would otherwise sit in a
/// file meant to be readable. Messages about a URL with `@` in it never quote the URL.
struct IMAPURL: Equatable {
    var implicitTLS: Bool
    var host: String
    var port: Int?

    struct Failure: Error {
        let message: String
    }

    /// The two schemes of a protocol (implicit TLS, then STARTTLS) and what a path would be mistaken for.
    struct Schemes {
        var tlsScheme: String
        var plainScheme: String
        var pathHint: String

        static let imap = Schemes(tlsScheme: "imaps", plainScheme: "imap", pathHint: "maild always reads INBOX")
        static let smtp = Schemes(tlsScheme: "smtps", plainScheme: "smtp", pathHint: "set helo_name for the EHLO name")
    }

    static func parse(_ text: String, protocol protocolSchemes: Schemes = .imap) -> Result<IMAPURL, Failure> {
        let example = "\(protocolSchemes.tlsScheme)://mail.example.com"
        guard let separator = text.range(of: "://") else {
            let got = text.contains("@") ? "" : ", got \(quoted(text))"
            return .failure(Failure(message: "expected a URL like \(example)\(got)"))
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        let implicitTLS: Bool
        switch scheme {
        case protocolSchemes.tlsScheme: implicitTLS = true
        case protocolSchemes.plainScheme: implicitTLS = false
        default:
            return .failure(Failure(message: "unsupported scheme \(quoted(scheme)); use \(protocolSchemes.tlsScheme):// (TLS) "
                + "or \(protocolSchemes.plainScheme):// (STARTTLS)"))
        }
        var rest = text[separator.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            return .failure(Failure(message: "must not contain a query or fragment"))
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" else {
                return .failure(Failure(message: "must not contain a path; \(protocolSchemes.pathHint)"))
            }
            rest = rest[..<slash]
        }
        if rest.contains("@") {
            return .failure(Failure(message:
                "must not contain a user name or password; use username and password_file or password_env"))
        }
        var host = Substring(rest)
        var portText: Substring?
        if host.hasPrefix("[") {
            // RFC 3986 IP-literal: the brackets keep the address's colons apart from the port's.
            guard let close = host.firstIndex(of: "]") else {
                return .failure(Failure(message: "invalid IPv6 address in \(quoted(text))"))
            }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    return .failure(Failure(message: "invalid host in \(quoted(text))"))
                }
                portText = after.dropFirst()
            }
            host = host[host.index(after: host.startIndex)..<close]
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return .failure(Failure(message: "invalid IPv6 address in \(quoted(text))"))
            }
        } else {
            if let colon = host.lastIndex(of: ":") {
                portText = host[host.index(after: colon)...]
                host = host[..<colon]
            }
            guard !host.isEmpty else {
                return .failure(Failure(message: "has no host name; expected a URL like \(example)"))
            }
            // "_" is not valid in DNS host names, but internal servers named so exist and resolve.
            let isHostName = host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                !label.isEmpty && label.unicodeScalars.allSatisfy { ValueSyntax.isAlphanumericOrNonASCII($0) || $0 == "-" || $0 == "_" }
            }
            guard isHostName else {
                return .failure(Failure(message: "invalid host name \(quoted(String(host)))"))
            }
        }
        var port: Int?
        if let portText {
            guard portText.allSatisfy(\.isASCII), let number = Int(portText), (1...65535).contains(number) else {
                return .failure(Failure(message: "invalid port \(quoted(String(portText))); expected 1 to 65535"))
            }
            port = number
        }
        return .success(IMAPURL(implicitTLS: implicitTLS, host: host.lowercased(), port: port))
    }
}
