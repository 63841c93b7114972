import MailCore

/// A channel's automatic answers: "we received your request" when a customer's mail opens a ticket, and
/// "your ticket is closed" when an agent closes one. Built by the wiring from the configuration.
///
/// Never sent to automatic mail, to no-reply or mailer-daemon addresses, or to the helpdesk's own
/// addresses, and at most `maxPerHour` / `maxPerDay` per recipient: an auto-responder that escapes every
/// marker still gets a handful of answers, not a loop. Each carries `Auto-Submitted: auto-replied`
/// (RFC 3834 §5) and the loop header, which maild recognises on anything that comes back.
public struct AcknowledgementPolicy: Sendable, Equatable {
    /// Text with placeholders: `{ticket}` (the number), `{subject}` (the ticket's), `{customer}` (the
    /// customer's name, else address), `{channel}`.
    public struct Template: Sendable, Equatable {
        public var subject: String
        public var text: String

        public init(subject: String, text: String) {
            self.subject = subject
            self.text = text
        }

        func render(_ values: [String: String]) -> (subject: String, text: String) {
            (fill(subject, values), fill(text, values))
        }

        private func fill(_ template: String, _ values: [String: String]) -> String {
            var result = template
            for (key, value) in values { result = result.replacingOccurrences(of: "{\(key)}", with: value) }
            return result
        }
    }

    /// Written on every acknowledgement; the header the detector looks for, so the two cannot drift apart.
    public static let loopHeader = AutoReplyDetector.maildLoopHeader

    public var from: MailAddress
    public var messageIDs: MessageIDGenerator
    public var received: Template?
    public var closed: Template?
    public var maxPerHour: Int
    public var maxPerDay: Int

    public init(from: MailAddress, messageIDs: MessageIDGenerator, received: Template?, closed: Template?,
                maxPerHour: Int = 3, maxPerDay: Int = 10) {
        self.from = from
        self.messageIDs = messageIDs
        self.received = received
        self.closed = closed
        self.maxPerHour = maxPerHour
        self.maxPerDay = maxPerDay
    }

    /// Local parts that never read their mail (RFC 2142 §4–6 reserves the role ones).
    static func isNoReply(_ address: String) -> Bool {
        let local = address.split(separator: "@").first.map { $0.lowercased() } ?? ""
        let compact = local.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
            .replacingOccurrences(of: ".", with: "")
        return ["noreply", "donotreply", "mailerdaemon", "postmaster", "bounce", "bounces"].contains(compact)
            || compact.hasPrefix("noreply") || compact.hasPrefix("donotreply") || compact.hasPrefix("bounce")
    }
}
