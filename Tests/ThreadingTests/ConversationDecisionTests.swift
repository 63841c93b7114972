import Testing
import Threading

@Suite struct ConversationDecisionTests {
    let a = ConversationID(1), b = ConversationID(2), c = ConversationID(3)

    @Test("In-Reply-To and References become one set without the message's own id, brackets or repeats")
    func linksAreNormalised() {
        let links = MessageLinks(messageID: "<me@x>", inReplyTo: ["p@x", "me@x"],
                                 references: ["<root@x>", "p@x", "", "me@x", "root@x"])
        #expect(links.messageID == "me@x")
        #expect(links.references == ["p@x", "root@x"])
        #expect(links.allIDs == ["me@x", "p@x", "root@x"])
        #expect(MessageLinks(messageID: "", inReplyTo: ["p@x"]).messageID == nil)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var links: MessageLinks
        var known: [String: ConversationID]
        var action: ConversationDecision.Action
        var register: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing known: new, own id and ghosts registered",
             links: MessageLinks(messageID: "m", inReplyTo: ["p"], references: ["r", "p"]),
             known: [:], action: .new, register: ["m", "p", "r"]),
        Case(name: "no ids at all: new, nothing to register",
             links: MessageLinks(messageID: nil), known: [:], action: .new, register: []),
        Case(name: "parent known: join, parent not registered again",
             links: MessageLinks(messageID: "m", inReplyTo: ["p"]),
             known: ["p": ConversationID(2)], action: .join(ConversationID(2)), register: ["m"]),
        Case(name: "own id is a ghost of an earlier child: the parent joins",
             links: MessageLinks(messageID: "p"), known: ["p": ConversationID(3)],
             action: .join(ConversationID(3)), register: []),
        Case(name: "references in one conversation, one unseen: join and register the ghost",
             links: MessageLinks(messageID: "m", references: ["r", "q", "p"]),
             known: ["r": ConversationID(1), "p": ConversationID(1)], action: .join(ConversationID(1)),
             register: ["m", "q"]),
        Case(name: "two conversations linked: the oldest survives",
             links: MessageLinks(messageID: "m", inReplyTo: ["x"], references: ["y"]),
             known: ["x": ConversationID(5), "y": ConversationID(2)],
             action: .merge(survivor: ConversationID(2), absorbed: [ConversationID(5)]), register: ["m"]),
        Case(name: "three conversations linked: absorbed sorted",
             links: MessageLinks(messageID: nil, references: ["x", "y", "z", "w"]),
             known: ["x": ConversationID(9), "y": ConversationID(4), "z": ConversationID(7), "w": ConversationID(9)],
             action: .merge(survivor: ConversationID(4), absorbed: [ConversationID(7), ConversationID(9)]),
             register: []),
        Case(name: "id-less message still links its references",
             links: MessageLinks(messageID: nil, inReplyTo: ["p"]), known: [:], action: .new, register: ["p"]),
    ]

    @Test("decisions", arguments: cases)
    func decides(_ test: Case) {
        let decision = ConversationDecision(for: test.links, known: { test.known[$0] })
        #expect(decision.action == test.action)
        #expect(decision.idsToRegister == test.register)
    }

    @Test("deciding through an index asks it once, for every id of the message")
    func decidesThroughIndex() throws {
        final class CountingIndex: ConversationIndex {
            var asked: [[String]] = []
            struct Failed: Error {}
            func conversations(ofMessageIDs ids: [String]) throws(Failed) -> [String: ConversationID] {
                asked.append(ids)
                return ["p": ConversationID(8)]
            }
        }
        let index = CountingIndex()
        let decision = try ConversationDecision(for: MessageLinks(messageID: "m", inReplyTo: ["p"]), in: index)
        #expect(decision.action == .join(ConversationID(8)))
        #expect(index.asked == [["m", "p"]])
        _ = try ConversationDecision(for: MessageLinks(messageID: nil), in: index)
        #expect(index.asked.count == 1, "a message without ids needs no lookup")
    }

    @Test("an index failure reaches the caller with its type")
    func indexFailurePropagates() {
        struct Broken: ConversationIndex {
            struct DatabaseLocked: Error {}
            func conversations(ofMessageIDs ids: [String]) throws(DatabaseLocked) -> [String: ConversationID] {
                throw DatabaseLocked()
            }
        }
        #expect(throws: Broken.DatabaseLocked.self) {
            try ConversationDecision(for: MessageLinks(messageID: "m"), in: Broken())
        }
    }

    @Test("a weaker rule's conversation is used only when the headers linked nothing")
    func attaching() {
        let new = ConversationDecision(for: MessageLinks(messageID: "m", inReplyTo: ["p"]), known: { _ in nil })
        let attached = new.attaching(to: b)
        #expect(attached.action == .join(b))
        #expect(attached.idsToRegister == ["m", "p"])
        let joined = ConversationDecision(for: MessageLinks(messageID: "m", inReplyTo: ["p"]),
                                          known: { $0 == "p" ? a : nil })
        #expect(joined.attaching(to: b) == joined)
        #expect(joined.conversation == a)
        #expect(new.conversation == nil)
    }

    @Test("a child before its parent, and a reply after both: one conversation")
    func childBeforeParent() {
        var threader = InMemoryThreader()
        let child = threader.insert(MessageLinks(messageID: "child", inReplyTo: ["parent"])).conversation
        let parent = threader.insert(MessageLinks(messageID: "parent"))
        #expect(parent.conversation == child)
        #expect(parent.decision.idsToRegister.isEmpty)
        let reply = threader.insert(MessageLinks(messageID: "reply", inReplyTo: ["child"]))
        #expect(reply.conversation == child)
        #expect(threader.messageIDs(in: child) == ["child", "parent", "reply"])
        #expect(threader.merges.isEmpty)
    }

    @Test("two replies to a message never received meet at its ghost")
    func siblingsOfAGhost() {
        var threader = InMemoryThreader()
        let first = threader.insert(MessageLinks(messageID: "r1", inReplyTo: ["lost"])).conversation
        let second = threader.insert(MessageLinks(messageID: "r2", inReplyTo: ["lost"])).conversation
        #expect(first == second)
        #expect(threader.conversationIDs == [first])
        #expect(threader.messageIDs(in: first) == ["r1", "r2"], "the ghost is not a delivered message")
        #expect(threader.conversation(ofMessageID: "lost") == first)
    }

    @Test("a message linking two conversations merges them into the older and records it")
    func mergeIsRecorded() {
        var threader = InMemoryThreader()
        let old = threader.insert(MessageLinks(messageID: "a")).conversation
        let young = threader.insert(MessageLinks(messageID: "b", inReplyTo: ["x"])).conversation
        let link = threader.insert(MessageLinks(messageID: "c", inReplyTo: ["b"], references: ["a"]))
        #expect(link.decision.action == .merge(survivor: old, absorbed: [young]))
        #expect(threader.conversationIDs == [old])
        #expect(threader.conversation(ofMessageID: "x") == old, "ghosts move with their conversation")
        #expect(threader.messageIDs(in: old) == ["a", "b", "c"])
        #expect(threader.merges.count == 1)
        #expect(threader.merges.first?.absorbed == [young])
    }

    @Test("the same Message-ID delivered twice joins its first copy")
    func duplicateJoins() {
        var threader = InMemoryThreader()
        let first = threader.insert(MessageLinks(messageID: "m")).conversation
        let again = threader.insert(MessageLinks(messageID: "m", inReplyTo: ["other"]))
        #expect(again.decision.action == .join(first))
        #expect(threader.messageCount(in: first) == 2)
        #expect(threader.messageIDs(in: first) == ["m"])
    }

    @Test("a fallback conversation is joined only when the headers link nothing")
    func fallbackInThreader() {
        var threader = InMemoryThreader()
        let ticket = threader.insert(MessageLinks(messageID: "t1")).conversation
        let other = threader.insert(MessageLinks(messageID: "o1")).conversation
        #expect(threader.insert(MessageLinks(messageID: "n1"), fallback: ticket).conversation == ticket)
        #expect(threader.insert(MessageLinks(messageID: "n2", inReplyTo: ["o1"]), fallback: ticket).conversation == other)
        #expect(threader.conversation(ofMessageID: "n1") == ticket)
    }
}
