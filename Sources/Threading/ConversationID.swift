/// The number of a conversation: what storage calls the conversation's primary key.
///
/// Conversations are numbered in the order they are created, so the smaller of two ids is the older
/// conversation; a merge keeps the smallest (see `ConversationDecision`).
public struct ConversationID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    public static func < (lhs: ConversationID, rhs: ConversationID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String { "c\(rawValue)" }
}
