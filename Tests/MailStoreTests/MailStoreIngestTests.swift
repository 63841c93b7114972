import Foundation
import MailStore
import Testing

struct MailStoreIngestTests {
    static let message = Array("From: a@example.org\r\nSubject: Hello\r\nMessage-ID: <m1@example.org>\r\n\r\nBody\r\n".utf8)

    func freshStore() throws -> MailStore {
        let store = try MailStore.inMemory()
        try store.resetCursor(channel: "support", to: ChannelCursor(
            uidValidity: 7, lastUID: 0, backlogUID: 0, backlogSince: nil, updatedAt: Date()))
        return store
    }

    @Test func theSameBytesUnderAnotherUIDAreStoredOnce() throws {
        let store = try freshStore()
        let record = MessageRecord(raw: Self.message)
        let first = try store.store([(.imap(uidValidity: 7, uid: 1), record)], channel: "support", advanceCursorTo: (7, 1))
        let second = try store.store([(.imap(uidValidity: 7, uid: 2), record)], channel: "support", advanceCursorTo: (7, 2))
        guard case let .stored(id) = first[0] else { Issue.record("first copy not stored"); return }
        #expect(second == [.duplicate(of: id)])
        var count = 0
        try store.forEachMessage { _ in count += 1 }
        #expect(count == 1)
        #expect(try store.rawMessage(id: id) == Self.message)
    }

    @Test func theCursorMovesWithTheMessagesAndOnlyForward() throws {
        let store = try freshStore()
        try store.store([(.imap(uidValidity: 7, uid: 5), MessageRecord(raw: Self.message))], channel: "support", advanceCursorTo: (7, 5))
        #expect(try store.cursor(channel: "support")?.lastUID == 5)
        try store.advanceCursor(channel: "support", uidValidity: 7, to: 3)
        #expect(try store.cursor(channel: "support")?.lastUID == 5)
        // A cursor for an old UIDVALIDITY is never moved.
        try store.advanceCursor(channel: "support", uidValidity: 6, to: 50)
        #expect(try store.cursor(channel: "support")?.lastUID == 5)
    }

    @Test func storedUIDsStayInFlightUntilTheServerConfirmsSeen() throws {
        let store = try freshStore()
        let other = Array("Subject: other\r\n\r\nx".utf8)
        try store.store([(.imap(uidValidity: 7, uid: 1), MessageRecord(raw: Self.message)),
                         (.imap(uidValidity: 7, uid: 2), MessageRecord(raw: other))], channel: "support")
        #expect(try store.pendingSeen(channel: "support", uidValidity: 7) == [1, 2])
        try store.confirmSeen(channel: "support", uidValidity: 7, uids: [1])
        #expect(try store.pendingSeen(channel: "support", uidValidity: 7) == [2])
        // A new UIDVALIDITY makes the old UIDs meaningless: they are dropped, not flagged.
        try store.resetCursor(channel: "support", to: ChannelCursor(
            uidValidity: 8, lastUID: 0, backlogUID: 10, backlogSince: nil, updatedAt: Date()))
        #expect(try store.pendingSeen(channel: "support", uidValidity: 7) == [])
    }

    @Test func aHeadersOnlyRecordIsNotFlaggedSeen() throws {
        let store = try freshStore()
        let record = MessageRecord(raw: Self.message, size: 90_000_000, headersOnlyReason: "too large")
        try store.store([(.imap(uidValidity: 7, uid: 1), record)], channel: "support", advanceCursorTo: (7, 1))
        #expect(try store.pendingSeen(channel: "support", uidValidity: 7) == [])
        var exported = [StoredMessage]()
        try store.forEachMessage { exported.append($0) }
        #expect(exported.first?.size == 90_000_000)
        #expect(exported.first?.headersOnlyReason == "too large")
    }

    @Test func aMessageThatIsNotMailIsStoredRawWithItsProblem() throws {
        let store = try MailStore.inMemory()
        let junk: [UInt8] = [0, 1, 2, 0xFF, 0x0A, 0x0A, 0x41]
        try store.store([(.file, MessageRecord(raw: junk))], channel: "import")
        var exported = [StoredMessage]()
        try store.forEachMessage { exported.append($0) }
        #expect(exported.count == 1)
        #expect(try store.rawMessage(id: exported[0].id) == junk)
    }

    @Test func exportWritesEveryFieldWithNulls() throws {
        let store = try MailStore.inMemory()
        try store.store([(.file, MessageRecord(raw: Self.message))], channel: "import")
        var exported = [StoredMessage]()
        try store.forEachMessage { exported.append($0) }
        let json = String(decoding: try JSONEncoder().encode(exported[0]), as: UTF8.self)
        #expect(json.contains("\"ticket_id\":null"))
        #expect(json.contains("\"message_id\":\"m1@example.org\""))
        #expect(json.contains("\"from\":\"a@example.org\""))
        for field in ["\"id\":1", "\"is_auto_reply\":false", "\"is_bounce\":false", "\"bounced_by\":null"] {
            #expect(json.contains(field), "export lacks \(field)")
        }
    }

    @Test func theSameMessageIDWithOtherContentIsKeptAsASecondMessageInTheSameConversation() throws {
        let store = try MailStore.inMemory()
        let resent = Array(String(decoding: Self.message, as: UTF8.self).replacingOccurrences(of: "Body", with: "Body, edited").utf8)
        let outcomes = try store.store([(.file, MessageRecord(raw: Self.message)), (.file, MessageRecord(raw: resent)),
                                        (.file, MessageRecord(raw: Self.message))], channel: "import")
        guard case let .stored(first) = outcomes[0], case .stored = outcomes[1] else {
            Issue.record("both versions should be stored: \(outcomes)")
            return
        }
        #expect(outcomes[2] == .duplicate(of: first))
        var exported = [StoredMessage]()
        try store.forEachMessage { exported.append($0) }
        #expect(exported.map(\.messageID) == ["m1@example.org", "m1@example.org"])
        #expect(exported[0].conversationID == exported[1].conversationID)
        #expect(try store.rawMessage(id: exported[1].id) == resent)
    }
}
