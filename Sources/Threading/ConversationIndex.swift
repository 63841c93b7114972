/// What a conversation decision needs to look up: which conversation each id already belongs to.
///
/// An id is known when a stored message carries it or when an earlier message referred to it (a
/// "ghost": referenced but not received). Storage answers with one indexed query
/// (`SELECT message_id, conversation_id FROM … WHERE message_id IN (…)`); tests and benchmarks use
/// `InMemoryThreader`.
///
/// The lookup and the writes that apply the decision must happen in one transaction: a message stored
/// between them could link conversations the decision does not know about.
public protocol ConversationIndex {
    /// How a lookup fails; `Never` for an index in memory.
    associatedtype Failure: Error = Never

    /// The conversation of each id in `ids` that is known; unknown ids are left out of the map.
    func conversations(ofMessageIDs ids: [String]) throws(Failure) -> [String: ConversationID]
}
