/// What `AutoReplyDetector` found in a header section.
public struct AutomaticMail: Sendable, Hashable {
    /// Every marker found, in the order the detector checks them; empty for mail written by a person.
    public var markers: [AutomaticMailMarker]
    /// The sender asked for no automatic answer (`X-Auto-Response-Suppress: All` or `AutoReply`, as
    /// Exchange and many ticket systems and newsletters write it). This alone does not make the message
    /// automatic: plain Outlook mail can carry it.
    public var suppressesAutoResponse: Bool

    public init(markers: [AutomaticMailMarker] = [], suppressesAutoResponse: Bool = false) {
        self.markers = markers
        self.suppressesAutoResponse = suppressesAutoResponse
    }

    /// Sent by a machine: never opens a ticket or changes a ticket's status, never acknowledged.
    public var isAutomatic: Bool { !markers.isEmpty }
    /// A delivery failure report by its headers. Delay warnings ("still trying") carry the same headers;
    /// the per-recipient `Action: failed` inside the report tells them apart.
    public var isBounce: Bool { markers.contains { $0.kind == .bounce } }
    /// Whether an acknowledgement may be sent to this message at all.
    public var mayAutoRespond: Bool { !isAutomatic && !suppressesAutoResponse }
}
