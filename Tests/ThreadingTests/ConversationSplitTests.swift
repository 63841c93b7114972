import Testing
import Threading

/// An agent's split holds against a reply whose References still name the original thread.
@Suite struct ConversationSplitTests {
    let original = ConversationID(1), split = ConversationID(2), other = ConversationID(3)

    func decide(inReplyTo: [String], references: [String], known: [String: ConversationID]) -> ConversationDecision {
        let links = MessageLinks(messageID: "new", inReplyTo: inReplyTo, references: references)
        return ConversationDecision(for: links, known: { known[$0] })
            .keepingSplitsApart(inReplyTo: inReplyTo, references: references, known: { known[$0] },
                                areSplit: { [original, split] in ($0, $1) == (split, original) || ($0, $1) == (original, split) })
    }

    @Test func aReplyToTheSplitMessageJoinsItsConversationInsteadOfMergingBack() {
        let known = ["root": original, "moved": split]
        let decision = decide(inReplyTo: ["<moved>"], references: ["root", "moved", "ghost"], known: known)
        #expect(decision.action == .join(split))
        #expect(decision.idsToRegister == ["new", "ghost"])
    }

    @Test func withoutInReplyToTheLastKnownReferenceIsTheParent() {
        let known = ["root": original, "moved": split, "later": original]
        #expect(decide(inReplyTo: [], references: ["root", "moved", "later", "unseen"], known: known).action == .join(original))
    }

    @Test func conversationsNeverSplitApartStillMerge() {
        let known = ["root": original, "elsewhere": other]
        #expect(decide(inReplyTo: ["root"], references: ["elsewhere"], known: known).action
                == .merge(survivor: original, absorbed: [other]))
    }
}
