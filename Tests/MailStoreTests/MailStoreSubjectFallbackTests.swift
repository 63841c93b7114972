import Foundation
import MailStore
import Testing
import Threading

/// The channel option `subject_fallback`: a message whose headers and token link nothing joins the same
/// customer's recent conversation with the same subject, and nothing else does.
struct MailStoreSubjectFallbackTests {
    typealias T = MailStoreTicketTests
    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func policy(windowDays: Int? = 30) -> TicketPolicy {
        var policy = T.support
        policy.subjectFallback = windowDays.map(SubjectFallback.init(windowDays:))
        return policy
    }

    static func store(windowDays: Int? = 30) throws -> MailStore {
        try MailStore.inMemory().withTicketPolicies(["help": policy(windowDays: windowDays), "sales": policy(windowDays: windowDays)])
    }

    static func conversationIDs(_ store: MailStore) throws -> [String: Int64] {
        var ids = [String: Int64]()
        try store.forEachMessage { ids[$0.messageID ?? ""] = $0.conversationID }
        return ids
    }

    @Test func aReplyWithoutHeadersJoinsTheCustomersConversationAndMovesItsTicket() throws {
        let store = try Self.store()
        try store.store([(.file, T.message("m1"))], channel: "help", now: Self.start)
        try store.store([(.file, T.message("m2", from: "carol@customer.org", subject: "AW: [Support] printer  BROKEN"))],
                        channel: "help", now: Self.start.addingTimeInterval(5 * Self.day))
        let ids = try Self.conversationIDs(store)
        #expect(ids["m2"] == ids["m1"])
        let tickets = try store.tickets()
        #expect(tickets.count == 1)
        #expect(tickets.first?.status == "Waiting on us")
        #expect(tickets.first?.messageCount == 2)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var from = "Carol <carol@customer.org>"
        var subject = "Re: Printer broken"
        var extra = ""
        var channel = "help"
        var days: Double = 5
        var windowDays: Int? = 30
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "another customer", from: "dave@customer.org"),
        Refusal(name: "another subject", subject: "Re: Invoice"),
        Refusal(name: "after the window", days: 31),
        Refusal(name: "a forward", subject: "Fwd: Printer broken"),
        Refusal(name: "a forward written as WG", subject: "WG: Printer broken"),
        Refusal(name: "an auto-reply", extra: T.autoReply),
        Refusal(name: "another channel", channel: "sales"),
        Refusal(name: "the helpdesk's own address", from: "help@example.com"),
        Refusal(name: "the option off", windowDays: nil),
    ]

    @Test(arguments: refusals)
    func neverJoinsBySubject(_ refusal: Refusal) throws {
        let store = try Self.store(windowDays: refusal.windowDays)
        try store.store([(.file, T.message("m1"))], channel: "help", now: Self.start)
        try store.store([(.file, T.message("m2", from: refusal.from, subject: refusal.subject, extra: refusal.extra))],
                        channel: refusal.channel, now: Self.start.addingTimeInterval(refusal.days * Self.day))
        let ids = try Self.conversationIDs(store)
        #expect(ids["m2"] != ids["m1"])
        #expect(try store.tickets().first?.status == "New")
    }

    @Test func theWindowCountsFromTheConversationsLastMessageEvenOurs() throws {
        let store = try Self.store()
        try store.store([(.file, T.message("m1"))], channel: "help", now: Self.start)
        try store.store([(.file, T.message("ours", replyTo: "m1", from: "help@example.com", subject: "Re: Printer broken"))],
                        channel: "help", now: Self.start.addingTimeInterval(25 * Self.day))
        try store.store([(.file, T.message("m2", subject: "Re: Printer broken"))],
                        channel: "help", now: Self.start.addingTimeInterval(40 * Self.day))
        let ids = try Self.conversationIDs(store)
        #expect(ids["m2"] == ids["m1"])
    }

    @Test func ofTwoConversationsInTheWindowTheMostRecentIsJoined() throws {
        // Two conversations of one customer under one subject: begun while the option was off (on, the second
        // would have joined the first), each with a reply since it was turned on.
        let off = try Self.store(windowDays: nil)
        try off.store([(.file, T.message("older"))], channel: "help", now: Self.start)
        try off.store([(.file, T.message("newer"))], channel: "help", now: Self.start.addingTimeInterval(Self.day))
        let on = off.withTicketPolicies(["help": Self.policy()])
        for (reply, parent, days) in [("older2", "older", 3.0), ("newer2", "newer", 2.0)] {
            try on.store([(.file, T.message(reply, replyTo: parent, subject: "Re: Printer broken"))], channel: "help",
                         now: Self.start.addingTimeInterval(days * Self.day))
        }
        try on.store([(.file, T.message("m3", subject: "Re: Printer broken"))], channel: "help",
                     now: Self.start.addingTimeInterval(4 * Self.day))
        let ids = try Self.conversationIDs(on)
        #expect(ids["older"] != ids["newer"])
        #expect(ids["m3"] == ids["older"])
    }

    /// Off, nothing is indexed (it would cost every message a random write); turned on, a conversation is
    /// found by subject once it has had a message since.
    @Test func turnedOnLaterItFindsConversationsWithMailSinceThen() throws {
        let off = try Self.store(windowDays: nil)
        try off.store([(.file, T.message("quiet"))], channel: "help", now: Self.start)
        try off.store([(.file, T.message("active", subject: "Toner empty"))], channel: "help", now: Self.start)
        let on = off.withTicketPolicies(["help": Self.policy()])
        try on.store([(.file, T.message("active2", replyTo: "active", subject: "Re: Toner empty"))], channel: "help",
                     now: Self.start.addingTimeInterval(Self.day))
        try on.store([(.file, T.message("m1", subject: "Re: Printer broken")), (.file, T.message("m2", subject: "Re: Toner empty"))],
                     channel: "help", now: Self.start.addingTimeInterval(2 * Self.day))
        let ids = try Self.conversationIDs(on)
        #expect(ids["m1"] != ids["quiet"])
        #expect(ids["m2"] == ids["active"])
    }

    @Test func anImportedArchiveIsWindowedByItsDateHeaders() throws {
        let store = try Self.store()
        let now = Date()
        let first = T.message("m1", extra: "Date: Mon, 6 Jan 2020 10:00:00 +0000\r\n")
        let close = T.message("m2", subject: "Re: Printer broken", extra: "Date: Fri, 10 Jan 2020 10:00:00 +0000\r\n")
        let yearLater = T.message("m3", subject: "Re: Printer broken", extra: "Date: Wed, 6 Jan 2021 10:00:00 +0000\r\n")
        try store.store([(.file, first), (.file, close), (.file, yearLater)], channel: "help", now: now)
        let ids = try Self.conversationIDs(store)
        #expect(ids["m2"] == ids["m1"])
        #expect(ids["m3"] != ids["m1"])
    }

    @Test func aMergedConversationIsStillFoundByTheSubjectsOfBoth() throws {
        let store = try Self.store()
        try store.store([(.file, T.message("m1")),
                         (.file, T.message("d1", from: "dave@customer.org", subject: "Invoice"))],
                        channel: "help", now: Self.start)
        // Linking both merges dave's conversation into carol's (the older); its own subject is another, so
        // only the merged entry of d1 can lead d2 there.
        try store.store([(.file, T.message("link", replyTo: "m1", from: "dave@customer.org", subject: "Re: Printer broken",
                                          extra: "References: <d1>\r\n"))], channel: "help", now: Self.start)
        try store.store([(.file, T.message("d2", from: "dave@customer.org", subject: "Re: Invoice"))],
                        channel: "help", now: Self.start.addingTimeInterval(Self.day))
        let ids = try Self.conversationIDs(store)
        #expect(Set(ids.values).count == 1)
    }
}
