/// How to reach and log in to a channel's SMTP submission server.
public struct SMTPAccount: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        /// `smtps://`, TLS from the first byte (RFC 8314), port 465 by default.
        case implicitTLS
        /// `smtp://` upgraded with STARTTLS (RFC 3207); refused rather than sent in plain text if the server
        /// does not offer it. Port 587 by default.
        case startTLS
        /// `smtp://` with `allow_insecure: true`: plain text. For test servers on a trusted network.
        case insecure

        public var defaultPort: Int { self == .implicitTLS ? 465 : 587 }
        public var scheme: String { self == .implicitTLS ? "smtps" : "smtp" }
    }

    /// Lower-cased host name or IP address; an IPv6 address without brackets.
    public var host: String
    public var port: Int
    public var security: Security
    /// Nil: no AUTH (a relay that trusts the host).
    public var username: String?
    public var password: SecretSource?
    public var caFile: String?
    /// The name maild gives in EHLO (RFC 5321 §4.1.1.1): the channel address's domain unless set.
    public var heloName: String?

    public init(host: String, port: Int? = nil, security: Security = .implicitTLS, username: String? = nil,
                password: SecretSource? = nil, caFile: String? = nil, heloName: String? = nil) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.heloName = heloName
    }

    /// `smtps://mail.example.com:465`, never with credentials: safe to log.
    public var url: String { IMAPAccount.url(scheme: security.scheme, host: host, port: port) }
}
