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

    /// The refusal `action` throws, as an agent would read it.
    static func refusal(_ action: () throws -> Void) -> String? {
        let error = #expect(throws: StorageError.self) { try action() }
        #expect(error?.isRefusal == true)
        return error?.description
    }

    @Test func assigneeQueuePriorityAndCategoryChangeWithWhoDidItAndWhatItWas() throws {
        let store = try TicketTests.store()
        try Self.stored(TicketTests.message("m1"), in: store)
        let id = try Self.ticket(1, in: store).id
        try store.assign(ticket: id, to: " ann ", actor: "ann")
        try store.setQueue(ticket: id, queue: "Billing", actor: "ann")
        try store.setPriority(ticket: id, priority: "High", actor: "ann")
        try store.setCategory(ticket: id, category: "hardware", actor: "bob")
        // The same value again changes nothing and records nothing.
        try store.setPriority(ticket: id, priority: "high", actor: "bob")
        try store.assign(ticket: id, to: nil, actor: "bob")
        try store.setCategory(ticket: id, category: nil, actor: "system")

        let ticket = try Self.ticket(1, in: store)
        #expect(ticket.assignee == nil)
        #expect(ticket.queue == "Billing")
        #expect(ticket.priority == "high")
        #expect(ticket.category == nil)
        let history = try store.history(ticket: id).dropFirst()
        #expect(history.map(\.action) == ["assignee", "queue", "priority", "category", "assignee", "category"])
        #expect(history.map(\.actor) == ["ann", "ann", "ann", "bob", "bob", "system"])
        #expect(history.map(\.detail) == ["nobody → ann", "Support → Billing", "normal → high", "none → hardware",
                                          "ann → nobody", "hardware → none"])
    }

    @Test func tagsAreTrimmedLowercasedKeptOnceAndSorted() throws {
        let store = try TicketTests.store()
        try Self.stored(TicketTests.message("m1"), in: store)
        let id = try Self.ticket(1, in: store).id
        try store.setTags(ticket: id, tags: [" VIP", "printer", "vip"], actor: "ann")
        #expect(try Self.ticket(1, in: store).tags == ["printer", "vip"])
        try store.addTags(ticket: id, tags: ["Toner", "printer"], actor: "ann")
        #expect(try Self.ticket(1, in: store).tags == ["printer", "toner", "vip"])
        try store.removeTags(ticket: id, tags: ["PRINTER", "never-there"], actor: "bob")
        try store.addTags(ticket: id, tags: ["vip"], actor: "bob")
        #expect(try Self.ticket(1, in: store).tags == ["toner", "vip"])
        try store.setTags(ticket: id, tags: ["billing"], actor: "bob")
        #expect(try store.history(ticket: id).dropFirst().map(\.detail) == [
            "added printer, vip", "added toner", "removed printer", "added billing; removed toner, vip"])
    }

    @Test func refusalsSayWhatWasWrong() throws {
        let store = try TicketTests.store()
        try Self.stored(TicketTests.message("m1"), in: store)
        let id = try Self.ticket(1, in: store).id
        #expect(Self.refusal { try store.assign(ticket: 99, to: "ann", actor: "ann") } == "there is no ticket with id 99")
        #expect(Self.refusal { try store.setPriority(ticket: id, priority: "critical", actor: "ann") }
                == "\"critical\" is not a priority: use low, normal, high or urgent")
        #expect(Self.refusal { try store.setStatus(ticket: id, status: "Resolved", actor: "ann") }
                == "\"Resolved\" is not a status of pipeline support: use New, Waiting on contact, Waiting on us or Closed")
        #expect(Self.refusal { try store.setQueue(ticket: id, queue: "  ", actor: "ann") } == "a queue cannot be empty")
        #expect(Self.refusal { try store.addTags(ticket: id, tags: ["a,b"], actor: "ann") } == "a tag cannot hold a comma: \"a,b\"")
        #expect(Self.refusal { try store.setCategory(ticket: id, category: "x", actor: "") }
                == "say who makes the change: an agent's name, or system")
        #expect(try store.history(ticket: id).count == 1)
    }

    @Test func mergeMovesMessagesAndConversationClosesTheAbsorbedTicketAndRepliesReachTheSurvivor() throws {
        let store = try TicketTests.store()
        try Self.stored(TicketTests.message("a1"), in: store)
        try Self.stored(TicketTests.message("b1", subject: "Toner empty"), in: store)
        try Self.stored(TicketTests.message("b2", replyTo: "b1", from: "help@example.com", subject: "Re: Toner empty"), in: store)
        let (a, b) = (try Self.ticket(1, in: store), try Self.ticket(2, in: store))
        try store.merge(ticket: b.id, into: a.id, actor: "ann")

        let absorbed = try Self.ticket(2, in: store), survivor = try Self.ticket(1, in: store)
        #expect(absorbed.status == "Closed")
        #expect(absorbed.mergedInto == 1)
        #expect(absorbed.messageCount == 0)
        #expect(survivor.messageCount == 3)
        #expect(survivor.status == "New")
        #expect(try store.conversation(b.conversationID!)?.mergedInto == a.conversationID)
        #expect(try store.history(ticket: b.id).dropFirst().map(\.detail) == ["merged into ticket 1", "New → Closed"])
        #expect(try store.history(ticket: a.id).last?.detail == "ticket 2 merged into this one with its 2 messages")
        #expect(try store.history(ticket: a.id).last?.actor == "ann")

        // A reply on the absorbed thread, and one carrying only its ticket token, reach the survivor.
        try Self.stored(TicketTests.message("b3", replyTo: "b2", subject: "Re: Toner empty"), in: store)
        let token = try store.ticketToken(number: 2)
        try Self.stored(TicketTests.message("b4", subject: "Re: Toner empty \(token)"), in: store)
        let ids = try TicketTests.ticketIDs(store)
        #expect(ids["b3"] == a.id)
        #expect(ids["b4"] == a.id)
        #expect(try store.tickets().count == 2)
        #expect(try Self.ticket(1, in: store).status == "Waiting on us")
    }

    @Test func aTicketMergedIntoOneThatIsMergedLaterFollowsIt() throws {
        let store = try TicketTests.store()
        for id in ["a1", "b1", "c1"] { try Self.stored(TicketTests.message(id, subject: id), in: store) }
        let ids = try store.tickets().map(\.id)
        try store.merge(ticket: ids[0], into: ids[1], actor: "ann")
        try store.merge(ticket: ids[1], into: ids[2], actor: "ann")
        #expect(try store.tickets().map(\.mergedInto) == [3, 3, nil])
        #expect(try Self.ticket(3, in: store).messageCount == 3)
    }

    @Test func mergesAnAgentCannotHaveMeantAreRefused() throws {
        let store = try TicketTests.store()
        try Self.stored(TicketTests.message("a1"), in: store)
        try Self.stored(TicketTests.message("b1", subject: "Toner"), in: store)
        try Self.stored(TicketTests.message("d1", from: "dave@customer.org", subject: "Invoice"), in: store)
        let ids = try store.tickets().map(\.id)
        #expect(Self.refusal { try store.merge(ticket: ids[0], into: ids[0], actor: "ann") } == "ticket 1 cannot be merged into itself")
        #expect(Self.refusal { try store.merge(ticket: ids[2], into: ids[0], actor: "ann") }
                == "tickets 3 and 1 have different customers: merge refused")
        try store.merge(ticket: ids[1], into: ids[0], actor: "ann")
        #expect(Self.refusal { try store.merge(ticket: ids[1], into: ids[0], actor: "ann") } == "ticket 2 is already merged into ticket 1")
        #expect(Self.refusal { try store.merge(ticket: ids[0], into: ids[1], actor: "ann") } == "ticket 2 is already merged into ticket 1")
        #expect(try store.tickets().map(\.messageCount) == [2, 0, 1])
    }

    @Test func splitMovesOneMessageToANewTicketThatItsRepliesJoin() throws {
        let store = try TicketTests.store()
        try Self.stored(TicketTests.message("m1"), in: store)
        let m2 = try Self.stored(TicketTests.message("m2", replyTo: "m1", from: "Dave <dave@customer.org>", subject: "Re: Printer broken, and my VPN"), in: store)
        try Self.stored(TicketTests.message("m3", replyTo: "m2", from: "help@example.com", subject: "Re: Printer broken"), in: store)
        let old = try Self.ticket(1, in: store)
        try store.assign(ticket: old.id, to: "ann", actor: "ann")
        try store.setPriority(ticket: old.id, priority: "urgent", actor: "ann")
        try store.setCategory(ticket: old.id, category: "hardware", actor: "ann")
        try store.setQueue(ticket: old.id, queue: "Onsite", actor: "ann")
        try store.addTags(ticket: old.id, tags: ["printer"], actor: "ann")
        let newID = try store.split(message: m2, actor: "bob")

        let new = try Self.ticket(2, in: store)
        #expect(new.id == newID)
        #expect(new.subject == "Re: Printer broken, and my VPN")
        #expect(new.customer == "dave@customer.org")
        #expect(new.status == "New")
        #expect([new.queue, new.assignee, new.priority, new.category] == ["Onsite", "ann", "urgent", "hardware"])
        #expect(new.tags == [])
        #expect(new.conversationID != old.conversationID)
        #expect(try TicketTests.ticketIDs(store) == ["m1": old.id, "m2": new.id, "m3": old.id])
        #expect(try store.history(ticket: old.id).last?.detail == "split message <m2> into ticket 2")
        #expect(try store.history(ticket: new.id).map(\.detail) == ["split message <m2> from ticket 1, status New"])
        #expect(try store.history(ticket: new.id).map(\.actor) == ["bob"])

        // A reply whose References still name the old thread joins the split message's ticket, and the
        // conversations stay apart; a reply on the old thread stays on the old ticket.
        try Self.stored(TicketTests.message("r1", replyTo: "m2", from: "dave@customer.org", subject: "Re: VPN",
                                  extra: "References: <m1> <m2>\r\n"), in: store)
        try Self.stored(TicketTests.message("r2", replyTo: "m3", subject: "Re: Printer broken", extra: "References: <m1> <m2> <m3>\r\n"), in: store)
        let ids = try TicketTests.ticketIDs(store)
        #expect(ids["r1"] == new.id)
        #expect(ids["r2"] == old.id)
        #expect(try store.conversation(new.conversationID!)?.mergedInto == nil)
        #expect(try store.conversation(new.conversationID!)?.splitFrom == old.conversationID)
        #expect(try store.tickets().map(\.messageCount) == [3, 2])
    }

    @Test func splittingTheOnlyMessageOrAMessageWithoutATicketIsRefused() throws {
        let store = try TicketTests.store()
        let only = try Self.stored(TicketTests.message("m1"), in: store)
        let automatic = try Self.stored(TicketTests.message("ooo", subject: "Away", extra: TicketTests.autoReply), in: store)
        #expect(Self.refusal { try store.split(message: only, actor: "ann") }
                == "message <m1> is the only message of ticket 1: nothing would be left to split it from")
        #expect(Self.refusal { try store.split(message: automatic, actor: "ann") }
                == "message <ooo> is on no ticket: there is nothing to split it from")
        #expect(Self.refusal { try store.split(message: 999, actor: "ann") } == "there is no message with id 999")
        #expect(try store.tickets().count == 1)
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
