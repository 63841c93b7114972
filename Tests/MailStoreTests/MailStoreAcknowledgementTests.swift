import Foundation
import MailCore
import MailStore
import Testing

/// Which new tickets the store answers with a "received" acknowledgement: who never gets one, and how many
/// one address gets per hour and per day (the defaults, 3 and 10), as time passes.
struct MailStoreAcknowledgementTests {
    typealias T = MailStoreTicketTests

    static func store() throws -> MailStore {
        var policy = T.support
        policy.acknowledgements = AcknowledgementPolicy(
            from: MailAddress(name: "Help", address: "help@example.com"), messageIDs: try MessageIDGenerator(domain: "example.com"),
            received: .init(subject: "We received your request", text: "Ticket {ticket}."), closed: nil)
        return try MailStore.inMemory().withTicketPolicies(["help": policy])
    }

    static func acknowledgements(_ store: MailStore) throws -> Int {
        var count = 0
        try store.forEachOutboxItem { if $0.kind == .acknowledgement { count += 1 } }
        return count
    }

    @Test func oneAddressGetsAtMostThreeAnHourAndTenADayThenMoreTheNextDay() throws {
        let store = try Self.store()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var sent = 0, acknowledged = 0
        /// Five new tickets from Ann at `minutes` after the start: how many acknowledgements they added.
        func fiveNewTickets(at minutes: Double) throws -> Int {
            for n in 0..<5 {
                sent += 1
                try store.store([(.file, T.message("q\(sent)", from: "Ann <ann@customer.org>", subject: "Question \(sent)"))],
                                channel: "help", now: start.addingTimeInterval(minutes * 60 + Double(n)))
            }
            let before = acknowledged
            acknowledged = try Self.acknowledgements(store)
            return acknowledged - before
        }
        #expect(try fiveNewTickets(at: 0) == 3)
        #expect(try fiveNewTickets(at: 61) == 3)
        #expect(try fiveNewTickets(at: 122) == 3)
        #expect(try fiveNewTickets(at: 183) == 1)   // ten in the last 24 hours
        #expect(try fiveNewTickets(at: 24 * 60 + 1) == 3)   // the first three left the day's window; three an hour
        // The skipped ones say why in their ticket's history.
        let skipped = try store.tickets().filter { try store.history(ticket: $0.id).contains { $0.action == "acknowledgement skipped" } }
        #expect(skipped.count == 25 - 13)
    }

    @Test func ourOwnAddressesAreNeverAcknowledgedAsFromOrAsReplyTo() throws {
        let store = try Self.store()
        try store.store([(.file, T.message("own", from: "Help <HELP@example.com>", subject: "Forwarded from the phone")),
                         (.file, T.message("reply-to-own", from: "carol@customer.org", subject: "Via the web form",
                                           extra: "Reply-To: help@example.com\r\n"))], channel: "help")
        #expect(try store.tickets().count == 2)
        #expect(try Self.acknowledgements(store) == 0)
    }
}
