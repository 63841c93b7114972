import Foundation
import MailStore
import Testing

/// Tickets as the store keeps them at insert time: one per conversation, moved by customer replies only.
struct MailStoreTicketTests {
    static let support = TicketPolicy(
        pipeline: "support",
        statuses: [.init(name: "New", isOpen: true), .init(name: "Waiting on contact", isOpen: true),
                   .init(name: "Waiting on us", isOpen: true), .init(name: "Closed", isOpen: false)],
        defaultQueue: "Support", reopenWindowDays: 30, ownAddresses: ["Help@Example.com"])

    static func store(_ policy: TicketPolicy = support) throws -> MailStore {
        try MailStore.inMemory().withTicketPolicies(["help": policy])
    }

    static func message(_ id: String, replyTo parent: String? = nil, from: String = "Carol <Carol@Customer.org>",
                        subject: String = "Printer broken", extra: String = "") -> MessageRecord {
        var text = "From: \(from)\r\nSubject: \(subject)\r\nMessage-ID: <\(id)>\r\n\(extra)"
        if let parent { text += "In-Reply-To: <\(parent)>\r\n" }
        return MessageRecord(raw: Array((text + "\r\nbody \(id)\r\n").utf8))
    }

    static let autoReply = "Auto-Submitted: auto-replied\r\n"
    static let day: TimeInterval = 86_400

    static func ticketIDs(_ store: MailStore) throws -> [String: Int64?] {
        var ids = [String: Int64?]()
        try store.forEachMessage { ids[$0.messageID ?? ""] = $0.ticketID }
        return ids
    }

    @Test func aNewConversationOpensOneTicketForItsCustomerInTheDefaultQueue() throws {
        let store = try Self.store()
        try store.store([(.file, Self.message("m1"))], channel: "help")
        let tickets = try store.tickets()
        #expect(tickets.count == 1)
        let ticket = try #require(tickets.first)
        #expect(ticket.number == 1)
        #expect(ticket.subject == "Printer broken")
        #expect(ticket.status == "New")
        #expect(ticket.queue == "Support")
        #expect(ticket.pipeline == "support")
        #expect(ticket.priority == "normal")
        #expect(ticket.tags == [])
        #expect(ticket.customer == "carol@customer.org")
        #expect(ticket.messageCount == 1)
        #expect(try Self.ticketIDs(store) == ["m1": ticket.id])
        #expect(try store.history(ticket: ticket.id).map(\.action) == ["created"])
    }

    @Test func aTicketTokenInTheSubjectJoinsWhenTheHeadersWereDropped() throws {
        let store = try Self.store()
        try store.store([(.file, Self.message("m1"))], channel: "help")
        let token = try store.ticketToken(number: 1)
        #expect(token.hasPrefix("[#T1-") && token.count == 10)
        // A colleague forwarding the thread without headers: a valid check joins from anyone.
        try store.store([(.file, Self.message("fwd", from: "eve@elsewhere.org", subject: "Re: Printer broken \(token)"))], channel: "help")
        // A bare number joins only from a participant of the ticket.
        try store.store([(.file, Self.message("bare-customer", subject: "Re: [#T1]"))], channel: "help")
        try store.store([(.file, Self.message("bare-stranger", from: "mallory@evil.org", subject: "Re: [#T1]"))], channel: "help")
        // A wrong check from a stranger does not join; 1 never matches 12.
        try store.store([(.file, Self.message("wrong", from: "mallory@evil.org", subject: "[#T1-zzzz]"))], channel: "help")
        let ids = try Self.ticketIDs(store)
        let first = try #require(ids["m1"] ?? nil)
        #expect(ids["fwd"] == first)
        #expect(ids["bare-customer"] == first)
        #expect(ids["bare-stranger"] != first)
        #expect(ids["wrong"] != first)
        #expect(try store.tickets().count == 3)
    }

    @Test func aConversationStartedByAnAutoReplyGetsItsTicketWhenAPersonWrites() throws {
        let store = try Self.store()
        try store.store([(.file, Self.message("ooo", extra: Self.autoReply))], channel: "help")
        #expect(try store.tickets().isEmpty)
        try store.store([(.file, Self.message("human", replyTo: "ooo"))], channel: "help")
        let tickets = try store.tickets()
        #expect(tickets.count == 1)
        // The auto-reply that came first is part of the conversation, so of its ticket.
        #expect(try Self.ticketIDs(store) == ["ooo": tickets.first?.id, "human": tickets.first?.id])
    }

    @Test func aReplyJoinsTheTicketOfItsConversationAndNewConversationsGetTheNextNumber() throws {
        let store = try Self.store()
        try store.store([(.file, Self.message("m1")), (.file, Self.message("m2", replyTo: "m1", from: "help@example.com"))],
                        channel: "help")
        try store.store([(.file, Self.message("other", from: "dave@customer.org", subject: "Invoice"))], channel: "help")
        let tickets = try store.tickets()
        #expect(tickets.map(\.number) == [1, 2])
        #expect(tickets.map(\.messageCount) == [2, 1])
        #expect(try Self.ticketIDs(store) == ["m1": tickets[0].id, "m2": tickets[0].id, "other": tickets[1].id])
        // Our own reply is not a customer reply: the status stays.
        #expect(tickets[0].status == "New")
    }

    @Test(arguments: [autoReply, "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n",
                      "Precedence: bulk\r\n"])
    func automaticMailNeverOpensOrMovesATicket(header: String) throws {
        let store = try Self.store()
        try store.store([(.file, Self.message("auto", extra: header))], channel: "help")
        #expect(try store.tickets().isEmpty)
        #expect(try Self.ticketIDs(store) == ["auto": nil] as [String: Int64?])

        try store.store([(.file, Self.message("m1"))], channel: "help")
        try store.store([(.file, Self.message("reply", replyTo: "m1", extra: header))], channel: "help")
        let ticket = try #require(try store.tickets().first)
        #expect(try store.tickets().count == 1)
        #expect(ticket.status == "New")
        #expect(ticket.messageCount == 2)
    }

    @Test func aCustomerReplyMovesTheTicketToWaitingOnUsButAForwardDoesNot() throws {
        let store = try Self.store()
        try store.store([(.file, Self.message("m1"))], channel: "help")
        let id = try #require(try store.tickets().first).id
        try store.setStatus(ticket: id, status: "Waiting on contact", actor: "agent:ann")
        try store.store([(.file, Self.message("fwd", replyTo: "m1", subject: "Fwd: Printer broken"))], channel: "help")
        #expect(try store.tickets().first?.status == "Waiting on contact")
        try store.store([(.file, Self.message("m2", replyTo: "m1", subject: "Re: Printer broken"))], channel: "help")
        #expect(try store.tickets().first?.status == "Waiting on us")
        let history = try store.history(ticket: id)
        #expect(history.map(\.actor) == ["system", "agent:ann", "system"])
        #expect(history.last?.detail == "Waiting on contact → Waiting on us")
    }

    @Test func aReplyWithinTheWindowReopensTheClosedTicket() throws {
        let store = try Self.store()
        let now = Date()
        try store.store([(.file, Self.message("m1"))], channel: "help", now: now.addingTimeInterval(-10 * Self.day))
        let id = try #require(try store.tickets().first).id
        try store.setStatus(ticket: id, status: "Closed", actor: "agent:ann", now: now.addingTimeInterval(-9 * Self.day))
        #expect(try store.tickets().first?.closedAt != nil)
        try store.store([(.file, Self.message("m2", replyTo: "m1"))], channel: "help", now: now)
        let tickets = try store.tickets()
        #expect(tickets.count == 1)
        #expect(tickets[0].status == "Waiting on us")
        #expect(tickets[0].closedAt == nil)
        #expect(try store.history(ticket: id).map(\.action) == ["created", "status", "reopened"])
    }

    @Test func aReplyAfterTheWindowOpensANewTicketLinkedToTheOldOneThatKeepsTheConversation() throws {
        let store = try Self.store()
        let now = Date()
        try store.store([(.file, Self.message("m1"))], channel: "help", now: now.addingTimeInterval(-60 * Self.day))
        let old = try #require(try store.tickets().first)
        try store.setStatus(ticket: old.id, status: "Closed", actor: "agent:ann", now: now.addingTimeInterval(-31 * Self.day))
        try store.store([(.file, Self.message("m2", replyTo: "m1"))], channel: "help", now: now)
        try store.store([(.file, Self.message("m3", replyTo: "m2", extra: Self.autoReply))], channel: "help", now: now)
        let tickets = try store.tickets()
        #expect(tickets.count == 2)
        #expect(tickets[0].status == "Closed")
        #expect(tickets[0].conversationID == nil)
        #expect(tickets[1].reopenedFrom == old.id)
        #expect(tickets[1].number == 2)
        #expect(tickets[1].status == "New")
        #expect(tickets[1].conversationID == old.conversationID)
        #expect(try Self.ticketIDs(store) == ["m1": old.id, "m2": tickets[1].id, "m3": tickets[1].id])
        #expect(try store.history(ticket: old.id).last?.action == "continued")
        // The old ticket's token, from a client that dropped the headers, leads to the conversation and its new ticket.
        let token = try store.ticketToken(number: old.number)
        try store.store([(.file, Self.message("m4", subject: "Re: Printer broken \(token)"))], channel: "help", now: now)
        #expect(try Self.ticketIDs(store)["m4"] == tickets[1].id)
        #expect(try store.tickets().count == 2)
    }

    @Test func aChannelWithoutTicketsStoresItsConversationsWithout() throws {
        var shared = Self.support
        shared.createTickets = false
        let store = try Self.store(shared)
        try store.store([(.file, Self.message("m1")), (.file, Self.message("m2", replyTo: "m1"))], channel: "help")
        #expect(try store.tickets().isEmpty)
        #expect(try Self.ticketIDs(store) == ["m1": nil, "m2": nil] as [String: Int64?])
        // A channel without a policy behaves the same: no tickets.
        try store.store([(.file, Self.message("x1"))], channel: "elsewhere")
        #expect(try store.tickets().isEmpty)
    }

    @Test func aStatusOutsideThePipelineIsRefused() throws {
        let store = try Self.store()
        try store.store([(.file, Self.message("m1"))], channel: "help")
        let id = try #require(try store.tickets().first).id
        #expect(throws: StorageError.self) { try store.setStatus(ticket: id, status: "Resolved", actor: "agent:ann") }
    }
}
