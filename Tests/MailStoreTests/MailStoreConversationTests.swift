import Foundation
import MailStore
import Testing

/// Conversations as the store keeps them, at insert time, whatever the delivery order.
struct MailStoreConversationTests {
    static func message(_ id: String, replyTo parent: String? = nil, references: [String] = []) -> MessageRecord {
        var text = "From: a@example.org\r\nSubject: s\r\nMessage-ID: <\(id)>\r\n"
        if let parent { text += "In-Reply-To: <\(parent)>\r\n" }
        if !references.isEmpty { text += "References: " + references.map { "<\($0)>" }.joined(separator: " ") + "\r\n" }
        return MessageRecord(raw: Array((text + "\r\nbody\r\n").utf8))
    }

    static func conversations(_ store: MailStore) throws -> [Set<String>] {
        var groups = [Int64: Set<String>]()
        try store.forEachMessage { groups[$0.conversationID ?? -1, default: []].insert($0.messageID ?? "") }
        return Array(groups.values)
    }

    @Test func aChildBeforeItsParentAndTwoRepliesToAnUnseenMessageMeetInOneConversation() throws {
        let store = try MailStore.inMemory()
        try store.store([(.file, Self.message("child", replyTo: "parent"))], channel: "c")
        try store.store([(.file, Self.message("other-reply", replyTo: "never-received"))], channel: "c")
        #expect(try Self.conversations(store).count == 2)
        // The parent links both: the conversations merge into the older.
        try store.store([(.file, Self.message("parent", references: ["never-received"]))], channel: "c")
        #expect(try Self.conversations(store) == [["child", "other-reply", "parent"]])
    }

    @Test(arguments: ["notmuch-threading", "notmuch-default", "notmuch-broken", "notmuch-duplicate", "notmuch-lkml"])
    func corpusConversationsMatchNotmuchInFileAndReverseOrderWithOneTicketEach(corpus: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpora/\(corpus)")
        let expectedData = try Data(contentsOf: root.appendingPathComponent("expected-threads.json"))
        let expected = Set(try JSONDecoder().decode([[String]].self, from: expectedData).map(Set.init))
        let folder = root.appendingPathComponent("messages").path
        let files = FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }
            .filter { !FileManager.default.isDirectory(folder + "/" + $0) }.sorted()
        #expect(!files.isEmpty, "corpus \(corpus) missing at \(root.path)")
        for order in [files, files.reversed()] {
            let store = try MailStore.inMemory().withTicketPolicies(["corpus": MailStoreTicketTests.support])
            for file in order {
                let raw = [UInt8](FileManager.default.contents(atPath: folder + "/" + file)!)
                try store.store([(.file, MessageRecord(raw: raw))], channel: "corpus")
            }
            #expect(Set(try Self.conversations(store)) == expected)
            // Whatever merges the order caused, each conversation's messages are on at most one ticket, a live one.
            var ticketsByConversation = [Int64: Set<Int64>]()
            try store.forEachMessage { message in
                if let ticket = message.ticketID { ticketsByConversation[message.conversationID ?? -1, default: []].insert(ticket) }
            }
            let live = try store.tickets().filter { $0.mergedInto == nil }
            #expect(ticketsByConversation.values.allSatisfy { $0.count == 1 })
            #expect(Set(live.map(\.id)) == Set(ticketsByConversation.values.flatMap { $0 }))
        }
    }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
