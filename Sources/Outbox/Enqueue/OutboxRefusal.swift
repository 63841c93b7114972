/// Why a reply was not queued. Nothing is stored when a reply is refused; the text says what to change
/// and never holds the message's body. `reason` is a stable code for tools (the control protocol).
public struct OutboxRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        public let code: String
        private init(_ code: String) { self.code = code }
        public var description: String { code }

        public static let unknownChannel = Reason("unknown_channel")
        public static let channelCannotSend = Reason("channel_cannot_send")
        public static let missingSubject = Reason("missing_subject")
        public static let missingQueue = Reason("missing_queue")
        public static let noRecipient = Reason("no_recipient")
        public static let tooManyCC = Reason("too_many_cc")
        public static let invalidAddress = Reason("invalid_address")
        public static let forbiddenCharacter = Reason("forbidden_character")
        public static let attachmentUnreadable = Reason("attachment_unreadable")
        public static let attachmentForbidden = Reason("attachment_forbidden")
        public static let attachmentsTooLarge = Reason("attachments_too_large")
        public static let invalidSendAt = Reason("invalid_send_at")
        public static let sendAtInPast = Reason("send_at_in_past")
        public static let sendAtTooFar = Reason("send_at_too_far")
        public static let invalidDelay = Reason("invalid_delay")
        public static let notStored = Reason("not_stored")
    }

    public let reason: Reason
    public let description: String

    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}
