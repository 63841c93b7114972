import Foundation
import MailStore
import Testing
import Threading

/// How threading reaches tickets: forwards and the replies to them, the configured token prefix, merges.
struct MailStoreTicketThreadingTests {
    typealias T = MailStoreTicketTests

    /// A ticket waiting on the customer, and a colleague's forward of its first message to a supplier.
    static func storeWithForward() throws -> (MailStore, ticket: Int64) {
        let store = try T.store()
        try store.store([(.file, T.message("m1"))], channel: "help")
        let id = try #require(try store.tickets().first).id
        try store.setStatus(ticket: id, status: "Waiting on contact", actor: "agent:ann")
        try store.store([(.file, T.message("fwd", replyTo: "m1", from: "ann@customer.org", subject: "Fwd: Printer broken"))],
                        channel: "help")
        return (store, id)
    }

    @Test(arguments: [
        ("In-Reply-To", "In-Reply-To: <fwd>\r\n"),
        ("only References, the forward last (RFC 5322 §3.6.4)", "References: <m1> <fwd>\r\n"),
    ])
    func aReplyToAForwardJoinsTheTicketButNeverMovesIt(_ how: String, headers: String) throws {
        let (store, id) = try Self.storeWithForward()
        // The supplier answers with a subject of their own: only the parent tells it is no customer reply.
        try store.store([(.file, T.message("supplier", from: "sales@supplier.example", subject: "Your order 4711",
                                          extra: headers))], channel: "help")
        let ticket = try #require(try store.tickets().first)
        #expect(ticket.id == id)
        #expect(ticket.status == "Waiting on contact")
        #expect(try T.ticketIDs(store)["supplier"] == id)
    }

    @Test func aCustomerReplyToTheirOwnMessageStillMovesTheTicket() throws {
        let (store, _) = try Self.storeWithForward()
        try store.store([(.file, T.message("m2", subject: "Re: Printer broken", extra: "References: <m1>\r\nIn-Reply-To: <m1>\r\n"))],
                        channel: "help")
        #expect(try store.tickets().first?.status == "Waiting on us")
    }

    @Test func tokensUseTheConfiguredPrefixAndNoOther() throws {
        let store = try T.store().withTicketTokenFormat(TicketTokenFormat(prefix: "HD"))
        try store.store([(.file, T.message("m1"))], channel: "help")
        let token = try store.ticketToken(number: 1)
        #expect(token.hasPrefix("[#HD1-"))
        let check = token.dropFirst("[#HD1-".count).dropLast()
        // A stranger's subject with the valid check joins only in the configured format.
        try store.store([(.file, T.message("hd", from: "eve@elsewhere.org", subject: "Re: \(token)")),
                         (.file, T.message("t", from: "eve@elsewhere.org", subject: "Re: [#T1-\(check)]"))],
                        channel: "help")
        let ids = try T.ticketIDs(store)
        #expect(ids["hd"] == ids["m1"])
        #expect(ids["t"] != ids["m1"])
    }

    @Test func whenAMessageLinksTwoTicketsTheOlderAbsorbsTheOtherAndItsTokenLeadsThere() throws {
        let store = try T.store()
        try store.store([(.file, T.message("a")), (.file, T.message("b", from: "dave@customer.org", subject: "Invoice"))],
                        channel: "help")
        let tokenOfB = try store.ticketToken(number: 2)
        try store.store([(.file, T.message("link", replyTo: "a", from: "dave@customer.org", subject: "Re: Invoice",
                                          extra: "References: <b>\r\n"))], channel: "help")
        try store.store([(.file, T.message("later", replyTo: "b", from: "dave@customer.org")),
                         (.file, T.message("by-token", from: "eve@elsewhere.org", subject: "Re: Invoice \(tokenOfB)"))],
                        channel: "help")
        let tickets = try store.tickets()
        #expect(tickets.count == 2)
        #expect(tickets[1].conversationID == nil)
        #expect(tickets[1].mergedInto == 1)
        #expect(tickets[1].status == "Closed")
        #expect(tickets[0].status == "Waiting on us")
        let ids = try T.ticketIDs(store)
        #expect(ids == ["a": tickets[0].id, "b": tickets[0].id, "link": tickets[0].id, "later": tickets[0].id, "by-token": tickets[0].id])
        #expect(try store.history(ticket: tickets[1].id).suffix(2).map(\.detail)
                == ["merged into ticket 1: message <link> linked the two conversations", "New → Closed"])
        #expect(try store.history(ticket: tickets[0].id).contains {
            $0.detail == "ticket 2 merged into this one with its 1 message: message <link> linked the two conversations"
        })
    }

    @Test func whenTheOlderTicketIsClosedTheOpenOneAbsorbsItAndTakesTheConversation() throws {
        let store = try T.store()
        try store.store([(.file, T.message("a")), (.file, T.message("b", from: "dave@customer.org", subject: "Invoice"))],
                        channel: "help")
        let (older, newer) = try (store.tickets()[0], store.tickets()[1])
        try store.setStatus(ticket: older.id, status: "Closed", actor: "agent:ann")
        try store.assign(ticket: newer.id, to: "bob", actor: "agent:ann")
        try store.store([(.file, T.message("link", replyTo: "a", from: "dave@customer.org", subject: "Re: Invoice",
                                          extra: "References: <b>\r\n"))], channel: "help")
        let tickets = try store.tickets()
        #expect(tickets.count == 2)
        #expect(tickets[0].mergedInto == newer.id && tickets[0].conversationID == nil && tickets[0].status == "Closed")
        #expect(tickets[1].conversationID == older.conversationID && tickets[1].assignee == "bob")
        #expect(try T.ticketIDs(store) == ["a": newer.id, "b": newer.id, "link": newer.id])
    }

    /// One of our Message-IDs the store never saw (sent before a restore from backup) still names its
    /// conversation; only a participant's reply is believed, and only with one of our channels' domains.
    @Test func aReplyQuotingOneOfOurUnknownMessageIDsJoinsItsConversationFromAParticipantOnly() throws {
        let store = try T.store()
        try store.store([(.file, T.message("m1"))], channel: "help")
        let conversation = try #require(try store.tickets().first?.conversationID)
        let ours = "maild.\(conversation).abcdefghijklmnopqrstuvwxyz@example.com"
        let elsewhere = "maild.\(conversation).abcdefghijklmnopqrstuvwxyz@elsewhere.org"
        // The stranger first: once a reply registered the id, it is a known one that threads anyone's reply.
        try store.store([(.file, T.message("stranger", replyTo: ours, from: "eve@elsewhere.org", subject: "Your answer")),
                         (.file, T.message("other-domain", subject: "Your answer", extra: "References: <\(elsewhere)>\r\n"))],
                        channel: "help")
        try store.store([(.file, T.message("customer", subject: "Your answer", extra: "References: <\(ours)>\r\n"))], channel: "help")
        let ids = try T.ticketIDs(store)
        #expect(ids["customer"] == ids["m1"])
        #expect(ids["stranger"] != ids["m1"])
        #expect(ids["other-domain"] != ids["m1"])
        #expect(try store.tickets().first?.status == "Waiting on us")
    }
}
