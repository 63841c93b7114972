/// Why talking to a channel's IMAP server failed. The text says what to check; it never holds the password.
public struct IMAPError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case connect, login, tls, timeout, connectionLost, protocolViolation, commandFailed
    }
    public let kind: Kind
    public let description: String

    init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
