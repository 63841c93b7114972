import Foundation
import MailCore
import MailStore
import Outbox
import TestSupport
import Testing

/// "We received your request" and "your ticket is closed", through the outbox to a real SMTP server.
@Suite struct AcknowledgementTests {
    /// Sends what is due until `count` messages arrived: the store tells the outbox of acknowledgements
    /// through a task, which may run a little later than the store's commit.
    func sendUntil(_ f: OutboxFixture, arrived count: Int) async {
        for _ in 0..<3000 {
            await f.outbox.sendDue()
            if f.receiver.messages().count >= count { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func aNewTicketIsAcknowledgedInItsThreadMarkedAsAutomaticWithoutMovingIt() async throws {
        let f = try await OutboxFixture("ack-received", acknowledging: true)
        try await f.outbox.load()   // the fixture's customer message opened ticket 1 and queued its acknowledgement
        await f.outbox.sendDue()
        let messages = f.receiver.messages()
        try #require(messages.count == 1)
        let message = MimeMessage(parsing: messages[0])
        let token = try f.store.ticketToken(number: f.ticket)
        #expect(message.head.subject == "We received your request: Where is my order? \(token)")
        #expect(message.head.inReplyTo == [f.customerMessageID])
        #expect(message.header.first("Auto-Submitted")?.text == "auto-replied")
        #expect(message.header.first("X-Maild-Loop")?.text == "support@example.com")
        #expect(message.bestText?.contains("your ticket is \(f.ticket).") == true)
        #expect(try f.store.tickets()[0].status == "New")

        // An agent's reply answers the customer's message, not our acknowledgement, and references both.
        _ = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        await f.outbox.sendDue()
        let reply = MimeMessage(parsing: try #require(f.receiver.messages().last)).head
        #expect(reply.inReplyTo == [f.customerMessageID])
        #expect(reply.references == [message.head.messageID, f.customerMessageID])   // the parent last
    }

    @Test func machinesNoReplyAddressesAndOurOwnMailAreNeverAcknowledged() async throws {
        let f = try await OutboxFixture("ack-never", acknowledging: true)
        try await f.outbox.load()
        try f.receive(from: "noreply@shop.example", subject: "Order 1")
        try f.receive(from: "MAILER-DAEMON@mx.example", subject: "Order 2")
        try f.receive(from: "bob@example.org", subject: "Out of office", headers: "Auto-Submitted: auto-replied\r\n")
        // Our own acknowledgement coming back (a forwarding loop): recognised by the loop header.
        try f.receive(from: "carol@example.org", subject: "Order 3", headers: "X-Maild-Loop: support@example.com\r\n")
        await f.outbox.sendDue()
        #expect(f.receiver.messages().count == 1)   // only the fixture's customer
    }

    @Test func oneRecipientGetsAtMostThreeAcknowledgementsAnHour() async throws {
        let f = try await OutboxFixture("ack-rate", acknowledging: true)
        try await f.outbox.load()
        for n in 2...5 { try f.receive(from: "Ann Lee <ann@customer.example.org>", subject: "Another question \(n)") }
        await sendUntil(f, arrived: 3)
        try await Task.sleep(for: .milliseconds(200))
        await f.outbox.sendDue()
        #expect(f.receiver.messages().count == 3)
        let last = try #require(try f.store.tickets().last)
        #expect(try f.store.history(ticket: last.id).contains { $0.action == "acknowledgement skipped" })
    }

    @Test func aRefusedAcknowledgementIsRecordedButNeverMovesOrReopensTheTicket() async throws {
        let f = try await OutboxFixture("ack-refused", acknowledging: true)
        try f.receiver.setMode("550")
        try await f.outbox.load()
        await f.outbox.sendDue()   // "we received your request", refused
        let ticket = try f.store.tickets()[0]
        #expect(ticket.status == "New")
        try f.store.setStatus(ticket: ticket.id, status: "Closed", actor: "alice")
        for _ in 0..<300 where try f.store.history(ticket: ticket.id).filter({ $0.action == "send failed" }).count < 2 {
            await f.outbox.sendDue()   // "your ticket is closed", refused too
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try f.store.history(ticket: ticket.id).filter { $0.action == "send failed" }.count == 2)
        #expect(try f.store.tickets()[0].status == "Closed")
    }

    @Test func closingATicketTellsTheCustomer() async throws {
        let f = try await OutboxFixture("ack-closed", acknowledging: true)
        try await f.outbox.load()
        await f.outbox.sendDue()
        let ticket = try f.store.tickets()[0]
        try f.store.setStatus(ticket: ticket.id, status: "Closed", actor: "alice")
        await sendUntil(f, arrived: 2)
        let messages = f.receiver.messages()
        try #require(messages.count == 2)
        #expect(MimeMessage(parsing: messages[1]).head.subject?.hasPrefix("Closed: Where is my order?") == true)
        #expect(try f.store.tickets()[0].status == "Closed")
    }
}
