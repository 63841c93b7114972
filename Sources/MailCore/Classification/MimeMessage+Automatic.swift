/// What kind of machine-written mail a message is, from its headers and its MIME structure together.
public enum AutomaticMailKind: Sendable, Hashable {
    /// A delivery failure report: X-Failed-Recipients, a mailer-daemon sender, or a multipart/report
    /// delivery-status body (RFC 3464).
    case bounce
    /// Any other automatic mail: vacation replies, auto-generated notices, bulk and list mail.
    case autoReply
}

extension MimeMessage {
    /// nil for mail a person wrote. The one place that combines the header markers with the MIME bounce test.
    public var automaticKind: AutomaticMailKind? {
        let markers = AutoReplyDetector().classify(header)
        if isBounce || markers.isBounce { return .bounce }
        return markers.isAutomatic ? .autoReply : nil
    }
}
