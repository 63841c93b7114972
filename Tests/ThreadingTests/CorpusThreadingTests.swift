import Foundation
import Testing
import Threading
import TestSupport

/// Conversations built at insert time match the threads notmuch computed for the shared corpora, whatever
/// the delivery order: file order, reverse order, and shuffled orders.
@Suite struct CorpusThreadingTests {
    /// Corpora where our conversations may differ from notmuch's, and why. Empty: every corpus matches
    /// exactly, traps included (a reference cycle in broken/loop, ghost parents and an RT exchange joined
    /// only through a never-seen References id in threading/ghost-root, a misspelt References id in
    /// threading/parent-priority, repeated Message-IDs with differing content in duplicate and lkml,
    /// which become one message each, as in notmuch). An entry that no longer differs fails the test.
    static let knownDifferences: [String: String] = [:]

    enum Order: String, CaseIterable, CustomTestStringConvertible {
        case fileOrder, reverse, shuffled1, shuffled2, shuffled3
        var testDescription: String { rawValue }

        func apply(_ messages: [ThreadingCorpus.Message]) -> [ThreadingCorpus.Message] {
            switch self {
            case .fileOrder: return messages
            case .reverse: return messages.reversed()
            case .shuffled1, .shuffled2, .shuffled3:
                var generator = SeededGenerator(state: UInt64(rawValue.utf8.last!))
                return messages.shuffled(using: &generator)
            }
        }
    }

    @Test("conversations equal notmuch's threads", arguments: ThreadingCorpus.names, Order.allCases)
    func matchesNotmuch(corpus: String, order: Order) throws {
        let messages = order.apply(try ThreadingCorpus.messages(of: corpus))
        #expect(!messages.isEmpty, "\(corpus) has no messages")
        var threader = InMemoryThreader()
        for message in messages {
            #expect(message.links.messageID != nil, "\(corpus)/\(message.file) has no Message-ID")
            // The batch lookup storage uses decides the same as the threader's direct one.
            let viaIndex = ConversationDecision(for: message.links, in: threader)
            #expect(threader.insert(message.links).decision == viaIndex, "\(corpus)/\(message.file)")
        }
        let ours = Set(threader.conversationIDs.map { threader.messageIDs(in: $0) })
        let expected = try ThreadingCorpus.expectedThreads(of: corpus)
        if let reason = Self.knownDifferences[corpus] {
            #expect(ours != expected, "\(corpus) now matches notmuch; remove it from knownDifferences (\(reason))")
            return
        }
        for thread in ours.subtracting(expected) {
            Issue.record("\(corpus), \(order): our conversation \(thread.sorted()) is not a notmuch thread")
        }
        for thread in expected.subtracting(ours) {
            Issue.record("\(corpus), \(order): notmuch thread \(thread.sorted()) is not one of our conversations")
        }
        #expect(threader.conversationIDs.count == expected.count)
    }

    @Test("every file of the corpora is read and threaded")
    func fileCounts() throws {
        let counts = try ThreadingCorpus.names.map { try ThreadingCorpus.messages(of: $0).count }
        #expect(counts == [4, 53, 9, 210, 12], "file counts per corpus in \(ThreadingCorpus.root.path)")
    }

    @Test("a missing corpus is an error that says where it should be, not a skip")
    func missingCorpusFails() {
        #expect(throws: ThreadingCorpus.Missing.self) { try ThreadingCorpus.messages(of: "no-such-corpus") }
    }

    @Test("the reference cycle of broken/loop is one conversation and terminates")
    func referenceCycle() throws {
        let loop = try ThreadingCorpus.messages(of: "notmuch-broken").filter { $0.file.hasPrefix("loop/") }
        #expect(loop.count == 2)
        var threader = InMemoryThreader()
        let first = threader.insert(loop[0].links).conversation
        let second = threader.insert(loop[1].links)
        #expect(second.conversation == first)
        #expect(second.decision.action == .join(first))
        #expect(second.decision.idsToRegister.isEmpty, "the second message was a ghost of the first already")
    }
}

