/// How to reach and log in to one IMAP mailbox.
public struct IMAPAccount: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// `imaps://`, TLS from the first byte (RFC 8314), port 993 by default.
        case implicitTLS
        /// `imap://`, upgraded with STARTTLS (RFC 3501 §6.2.1); the connection fails rather than
        /// continue in plain text if the server does not offer it. Port 143 by default.
        case startTLS
        /// `imap://` with `allow_insecure: true`: plain text, password included. For test servers.
        case insecure

        /// The port used when the URL does not name one.
        public var defaultPort: Int {
            self == .implicitTLS ? 993 : 143
        }

        public var scheme: String {
            self == .implicitTLS ? "imaps" : "imap"
        }
    }

    /// Lower-cased host name or IP address; an IPv6 address without brackets.
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String
    public var password: SecretSource
    /// A private CA bundle (PEM) to trust instead of the system's; `nil` uses the system store.
    public var caFile: String?

    public init(
        host: String,
        port: Int? = nil,
        security: Security = .implicitTLS,
        username: String,
        password: SecretSource,
        caFile: String? = nil
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
    }

    /// The normalised URL, always with a port and never with credentials: `imaps://mail.example.com:993`.
    /// Safe to log.
    public var url: String { Self.url(scheme: security.scheme, host: host, port: port) }

    /// `scheme://host:port`, an IPv6 address in brackets (RFC 3986 §3.2.2); also SMTPAccount's.
    static func url(scheme: String, host: String, port: Int) -> String {
        "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}
