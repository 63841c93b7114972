extension ConversationDecision {
    /// This decision, unless it would merge conversations an agent split apart (`areSplit`): an agent's
    /// split is stronger evidence than a References chain, which still names the original thread. Then the
    /// message merges nothing and joins the conversation of its nearest known parent: its In-Reply-To id,
    /// else the last known id of References (RFC 5322 §3.6.4 puts the parent last). Its unknown ids go
    /// with it.
    ///
    /// `inReplyTo` and `references` as `MessageHead` gives them; `known` as for `init(for:known:)`.
    public func keepingSplitsApart(inReplyTo: [String], references: [String], known: (String) -> ConversationID?,
                                   areSplit: (ConversationID, ConversationID) -> Bool) -> ConversationDecision {
        guard case let .merge(survivor, absorbed) = action else { return self }
        let linked = [survivor] + absorbed
        guard linked.contains(where: { a in linked.contains { b in a != b && areSplit(a, b) } }) else { return self }
        let links = MessageLinks(messageID: nil, inReplyTo: inReplyTo)
        let parent = (links.references + MessageLinks(messageID: nil, references: references).references.reversed())
            .lazy.compactMap(known).first ?? survivor
        return ConversationDecision(action: .join(parent), idsToRegister: idsToRegister)
    }
}
