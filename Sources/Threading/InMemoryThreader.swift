/// The reference implementation of conversation assignment: an index in memory that decides with
/// `ConversationDecision` and applies each decision the way storage must (register the new ids, move
/// absorbed conversations into the survivor). Tests and benchmarks use it; storage does the same in SQL.
public struct InMemoryThreader: ConversationIndex, Sendable {
    /// Every known id (stored messages and ghosts) → its conversation.
    private var conversationOfID: [String: ConversationID] = [:]
    /// The inverse, so a merge touches only the ids of the absorbed conversations.
    private var idsOfConversation: [ConversationID: [String]] = [:]
    /// Ids of the messages delivered to each conversation (ghosts excluded), and how many messages were
    /// delivered, counting those without an id and repeated ids.
    private var delivered: [ConversationID: Set<String>] = [:]
    private var deliveredCount: [ConversationID: Int] = [:]
    private var lastID: Int64 = 0
    /// Every merge applied, in order: what storage would record.
    public private(set) var merges: [(survivor: ConversationID, absorbed: [ConversationID])] = []

    public init() {}

    public func conversations(ofMessageIDs ids: [String]) -> [String: ConversationID] {
        var found: [String: ConversationID] = [:]
        for id in ids {
            if let conversation = conversationOfID[id] { found[id] = conversation }
        }
        return found
    }

    /// Decides for `links` and applies the decision. `fallback` is the conversation a weaker rule found
    /// (ticket token, subject), used only when the headers link nothing; it must exist.
    @discardableResult
    public mutating func insert(_ links: MessageLinks, fallback: ConversationID? = nil)
        -> (conversation: ConversationID, decision: ConversationDecision) {
        // What `ConversationDecision(for: links, in: self)` decides, without building the batch map.
        var decision = ConversationDecision(for: links, known: { conversationOfID[$0] })
        if let fallback {
            precondition(idsOfConversation[fallback] != nil, "fallback \(fallback) is not a conversation")
            decision = decision.attaching(to: fallback)
        }
        let conversation = apply(decision)
        if let id = links.messageID { delivered[conversation, default: []].insert(id) }
        deliveredCount[conversation, default: 0] += 1
        return (conversation, decision)
    }

    /// Applies a decision made against this index's current state; returns the resulting conversation.
    private mutating func apply(_ decision: ConversationDecision) -> ConversationID {
        let conversation: ConversationID
        switch decision.action {
        case .new:
            lastID += 1
            conversation = ConversationID(lastID)
            idsOfConversation[conversation] = []
        case .join(let existing):
            conversation = existing
        case .merge(let survivor, let absorbed):
            conversation = survivor
            for old in absorbed {
                let ids = idsOfConversation.removeValue(forKey: old) ?? []
                for id in ids { conversationOfID[id] = survivor }
                idsOfConversation[survivor, default: []].append(contentsOf: ids)
                if let messages = delivered.removeValue(forKey: old) {
                    delivered[survivor, default: []].formUnion(messages)
                }
                deliveredCount[survivor, default: 0] += deliveredCount.removeValue(forKey: old) ?? 0
            }
            merges.append((survivor, absorbed))
        }
        for id in decision.idsToRegister { conversationOfID[id] = conversation }
        idsOfConversation[conversation, default: []].append(contentsOf: decision.idsToRegister)
        return conversation
    }

    /// The conversation an id (a delivered message's or a ghost's) belongs to now.
    public func conversation(ofMessageID id: String) -> ConversationID? {
        conversationOfID[id]
    }

    /// The conversations that exist now (absorbed ones are gone).
    public var conversationIDs: [ConversationID] {
        idsOfConversation.keys.sorted()
    }

    /// Ids of the messages delivered to `conversation` (ghosts are not listed).
    public func messageIDs(in conversation: ConversationID) -> Set<String> {
        delivered[conversation] ?? []
    }

    /// How many messages were delivered to `conversation`, counting id-less ones and repeated ids.
    public func messageCount(in conversation: ConversationID) -> Int {
        deliveredCount[conversation] ?? 0
    }

    /// Number of known ids, ghosts included.
    public var knownIDCount: Int { conversationOfID.count }
}
