/// Which conversation a new message goes to, decided at insert time from the ids it ties together
/// (the notmuch model: threads are connected sets of ids, kept current as each message arrives).
///
/// - No id of the message is known: a new conversation.
/// - The known ids all belong to one conversation: the message joins it.
/// - They belong to two or more: the message links them, so they merge into the oldest (smallest id);
///   the others are absorbed and storage records the merge.
///
/// In every case the ids that were not known yet (`idsToRegister`: the message's own id and its
/// referenced-but-unseen ids, the "ghosts") are registered to the resulting conversation. That is what
/// makes the result independent of delivery order: a child that arrives before its parent leaves the
/// parent's id behind as a ghost, and the parent finds it; two replies to a message never received meet
/// at its ghost.
///
/// The decision is pure: it reads only the ids and what the index returned for them.
public struct ConversationDecision: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Start a conversation; storage allocates its id.
        case new
        /// Add the message to this conversation.
        case join(ConversationID)
        /// Move everything of `absorbed` (messages, registered ids, tickets' links) into `survivor`, then
        /// add the message to `survivor`. `absorbed` is sorted and never contains `survivor`.
        case merge(survivor: ConversationID, absorbed: [ConversationID])
    }

    public var action: Action
    /// Ids of the message not yet known to the index, in the message's order (own id first): register
    /// each to the conversation the action results in.
    public var idsToRegister: [String]

    public init(action: Action, idsToRegister: [String]) {
        self.action = action
        self.idsToRegister = idsToRegister
    }

    /// The decision for `links` given what is known of its ids: `known(id)` is the id's conversation, or
    /// nil for an id never seen.
    public init(for links: MessageLinks, known: (String) -> ConversationID?) {
        var found: [ConversationID] = []
        var unknown: [String] = []
        for id in links.allIDs {
            if let conversation = known(id) {
                if !found.contains(conversation) { found.append(conversation) }
            } else {
                unknown.append(id)
            }
        }
        switch found.count {
        case 0: action = .new
        case 1: action = .join(found[0])
        default:
            found.sort()
            action = .merge(survivor: found[0], absorbed: Array(found.dropFirst()))
        }
        idsToRegister = unknown
    }

    /// Looks the ids of `links` up in `index` and decides.
    public init<Index: ConversationIndex>(for links: MessageLinks, in index: Index) throws(Index.Failure) {
        let ids = links.allIDs
        let known = ids.isEmpty ? [:] : try index.conversations(ofMessageIDs: ids)
        self.init(for: links, known: { known[$0] })
    }

    /// The conversation the message ends up in, when it already exists (nil for `.new`).
    public var conversation: ConversationID? {
        switch action {
        case .new: nil
        case .join(let conversation): conversation
        case .merge(let survivor, _): survivor
        }
    }

    /// A `.new` decision turned into joining `conversation`, found by a weaker rule once the headers
    /// linked nothing (a ticket token in the subject, the subject fallback). Decisions the headers made
    /// are returned unchanged: Message-IDs are the stronger evidence, and merging two tickets' conversations
    /// because of a subject is an agent's call, not the threader's.
    public func attaching(to conversation: ConversationID) -> ConversationDecision {
        guard action == .new else { return self }
        return ConversationDecision(action: .join(conversation), idsToRegister: idsToRegister)
    }
}
