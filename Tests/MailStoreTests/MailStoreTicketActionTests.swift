import Foundation
import MailStore
import Testing

/// What agents do to tickets: each change lands on the ticket and in its history with who made it, and
/// a request that cannot be done is refused saying why.
struct MailStoreTicketActionTests {
    typealias TicketTests = MailStoreTicketTests

    /// Stores one message on channel `help` and returns its id (what `split` takes).
    @discardableResult
    static func stored(_ record: MessageRecord, in store: MailStore) throws -> Int64 {
        guard case let .stored(id) = try store.store([(.file, record)], channel: "help").first else {
            Issue.record("message not stored")
            return -1
        }
        return id
    }

    static func ticket(_ number: Int64, in store: MailStore) throws -> StoredTicket {
        try #require(try store.tickets().first { $0.number == number })
    }

    @Test func closingATicketClosesItsConversationAndReopeningReopensIt() throws {
        let store = try TicketTests.store()
        try Self.stored(TicketTests.message("m1"), in: store)
        let ticket = try Self.ticket(1, in: store)
        let conversation = try #require(ticket.conversationID)
        #expect(try store.conversation(conversation)?.closedAt == nil)
        let closing = Date(timeIntervalSince1970: 1_750_000_000)
        try store.setStatus(ticket: ticket.id, status: "Closed", actor: "ann", now: closing)
        #expect(try store.conversation(conversation)?.closedAt == closing)
        try store.setStatus(ticket: ticket.id, status: "New", actor: "ann")
        #expect(try store.conversation(conversation)?.closedAt == nil)
        // The automation reopens it too: a customer reply within the window.
        try store.setStatus(ticket: ticket.id, status: "Closed", actor: "ann")
        try Self.stored(TicketTests.message("m2", replyTo: "m1"), in: store)
        #expect(try Self.ticket(1, in: store).status == "Waiting on us")
        #expect(try store.conversation(conversation)?.closedAt == nil)
    }

    @Test func aReplyAfterTheReopenWindowLeavesTheConversationOpenWithItsNewTicket() throws {
        let store = try TicketTests.store()
        let now = Date()
        try store.store([(.file, TicketTests.message("m1"))], channel: "help", now: now.addingTimeInterval(-60 * TicketTests.day))
        let old = try Self.ticket(1, in: store)
        try store.setStatus(ticket: old.id, status: "Closed", actor: "ann", now: now.addingTimeInterval(-40 * TicketTests.day))
        try store.store([(.file, TicketTests.message("m2", replyTo: "m1"))], channel: "help", now: now)
        #expect(try Self.ticket(2, in: store).conversationID == old.conversationID)
        #expect(try store.conversation(old.conversationID!)?.closedAt == nil)
    }
}
