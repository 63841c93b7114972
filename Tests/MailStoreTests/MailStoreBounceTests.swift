import Foundation
import MailStore
import Testing

/// Bounces (RFC 3464 delivery status notifications) join the conversation of the message they report and
/// mark it bounced, in either order of arrival; they never open or move a ticket.
struct MailStoreBounceTests {
    typealias T = MailStoreTicketTests

    /// A DSN whose own headers link nothing: the reported Message-ID is only in the returned headers.
    static func bounce(reporting reported: String, id: String = "dsn-1@mx.example.net") -> MessageRecord {
        let text = """
            From: Mail Delivery System <postmaster@mx.example.net>\r
            Subject: Undelivered Mail Returned to Sender\r
            Message-ID: <\(id)>\r
            Content-Type: multipart/report; report-type=delivery-status; boundary=r\r
            \r
            --r\r
            Content-Type: text/plain\r
            \r
            The mail system could not deliver your message.\r
            --r\r
            Content-Type: message/delivery-status\r
            \r
            Action: failed\r
            --r\r
            Content-Type: text/rfc822-headers\r
            \r
            From: help@example.com\r
            Message-ID: <\(reported)>\r
            Subject: Re: Printer broken\r
            --r--\r

            """
        return MessageRecord(raw: Array(text.utf8))
    }

    static let customer = T.message("m1")
    static let sent = T.message("sent1", replyTo: "m1", from: "help@example.com", subject: "Re: Printer broken")

    static func exported(_ store: MailStore) throws -> [String: StoredMessage] {
        var messages = [String: StoredMessage]()
        try store.forEachMessage { messages[$0.messageID ?? ""] = $0 }
        return messages
    }

    /// By Message-ID, so that a failing case names its order readably.
    static let byID = ["m1": customer, "sent1": sent, "dsn": bounce(reporting: "sent1")]

    @Test(arguments: [
        ["m1", "sent1", "dsn"],
        // An archive imported out of order: the reported id waits as a ghost of the bounce's conversation.
        ["dsn", "m1", "sent1"],
    ])
    func aBounceJoinsTheConversationOfTheMessageItReportsAndMarksIt(order: [String]) throws {
        let store = try T.store()
        for id in order { try store.store([(.file, try #require(Self.byID[id]))], channel: "help") }
        let stored = try Self.exported(store)
        let bounce = try #require(stored["dsn-1@mx.example.net"])
        #expect(Set(stored.values.map(\.conversationID)).count == 1)
        #expect(stored["sent1"]?.bouncedBy == bounce.id)
        #expect(stored["m1"]?.bouncedBy == nil)
        #expect(bounce.bouncedBy == nil)
        // One ticket, opened by the customer, not moved by the bounce; the bounce is on it.
        let tickets = try store.tickets()
        #expect(tickets.count == 1)
        #expect(tickets.first?.status == "New")
        #expect(tickets.first?.messageCount == 3)
        let json = String(decoding: try JSONEncoder().encode(stored["sent1"]), as: UTF8.self)
        #expect(json.contains("\"bounced_by\":\(bounce.id)"))
    }

    @Test func aBounceOfAMessageNeverSeenStandsAloneWithoutATicket() throws {
        let store = try T.store()
        try store.store([(.file, Self.customer), (.file, Self.bounce(reporting: "unknown@example.com"))], channel: "help")
        let stored = try Self.exported(store)
        #expect(stored["dsn-1@mx.example.net"]?.conversationID != stored["m1"]?.conversationID)
        #expect(stored["dsn-1@mx.example.net"]?.ticketID == nil)
        #expect(try store.tickets().count == 1)
    }

    @Test func aSecondBounceForTheSameMessageKeepsTheFirst() throws {
        let store = try T.store()
        try store.store([(.file, Self.customer), (.file, Self.sent), (.file, Self.bounce(reporting: "sent1")),
                         (.file, Self.bounce(reporting: "sent1", id: "dsn-2@mx.example.net"))], channel: "help")
        let stored = try Self.exported(store)
        #expect(stored["sent1"]?.bouncedBy == stored["dsn-1@mx.example.net"]?.id)
        #expect(try store.tickets().first?.messageCount == 4)
    }
}
