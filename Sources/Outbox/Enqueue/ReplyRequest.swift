import Foundation

/// An agent's reply as tools hand it to maild (the control socket's `send` command, `maild outbox send`).
/// Addresses are strings as typed (`"Ann Lee" <ann@example.com>` or `ann@example.com`); attachments are
/// paths the daemon can read, copied into the database when the reply is queued.
public struct ReplyRequest: Sendable, Codable, Equatable {
    public var channel: String
    /// The ticket answered (its number); nil starts a new conversation, which then needs `queue`.
    public var ticket: Int64?
    public var queue: String?
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]
    public var subject: String
    public var text: String
    public var html: String?
    public var attachments: [String]
    /// The undo delay in seconds; nil takes the channel's (`send_delay`, 30 s by default); 0 sends at once.
    public var delay: Double?
    /// Instead of a delay: when to send (see `SendTime`), at most 14 days ahead.
    public var sendAt: String?
    /// Who wrote it, for the ticket's history.
    public var actor: String

    enum CodingKeys: String, CodingKey {
        case channel, ticket, queue, to, cc, bcc, subject, text, html, attachments, delay, actor
        case sendAt = "send_at"
    }

    public init(channel: String, ticket: Int64? = nil, queue: String? = nil, to: [String] = [], cc: [String] = [],
                bcc: [String] = [], subject: String, text: String, html: String? = nil, attachments: [String] = [],
                delay: Double? = nil, sendAt: String? = nil, actor: String) {
        self.channel = channel
        self.ticket = ticket
        self.queue = queue
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
        self.delay = delay
        self.sendAt = sendAt
        self.actor = actor
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            channel: try c.decode(String.self, forKey: .channel), ticket: try c.decodeIfPresent(Int64.self, forKey: .ticket),
            queue: try c.decodeIfPresent(String.self, forKey: .queue), to: try c.decodeIfPresent([String].self, forKey: .to) ?? [],
            cc: try c.decodeIfPresent([String].self, forKey: .cc) ?? [], bcc: try c.decodeIfPresent([String].self, forKey: .bcc) ?? [],
            subject: try c.decodeIfPresent(String.self, forKey: .subject) ?? "", text: try c.decodeIfPresent(String.self, forKey: .text) ?? "",
            html: try c.decodeIfPresent(String.self, forKey: .html),
            attachments: try c.decodeIfPresent([String].self, forKey: .attachments) ?? [],
            delay: try c.decodeIfPresent(Double.self, forKey: .delay), sendAt: try c.decodeIfPresent(String.self, forKey: .sendAt),
            actor: try c.decodeIfPresent(String.self, forKey: .actor) ?? "agent")
    }
}
