import Foundation
import MailCore
import MailStore
import Testing

/// The outbox's state machine in the store: what a retry, a crash and a failure leave behind.
struct MailStoreOutboxTests {
    typealias TicketTests = MailStoreTicketTests
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A store with ticket 1 (from carol) and one reply to it queued, due at `start`.
    func queued(kind: OutboxItem.Kind = .reply) throws -> (MailStore, Int64) {
        let store = try TicketTests.store()
        try store.store([(.file, TicketTests.message("m1"))], channel: "help", now: start)
        let message = OutgoingMessage(from: MailAddress(name: "Help", address: "help@example.com"),
                                      to: [MailAddress(name: "Carol", address: "carol@customer.org")],
                                      subject: "Re: Printer broken", date: start, timeZone: .gmt, messageID: "pending@example.com",
                                      text: "Try turning it off and on again.\n",
                                      attachments: [.init(filename: "steps.txt", contentType: "text/plain", bytes: Array("1. off\n".utf8))])
        let draft = OutboxDraft(channel: "help", kind: kind, actor: "alice", ticket: 1, queue: nil, message: message, dueAt: start)
        let item = try store.enqueue(draft, messageIDs: try MessageIDGenerator(domain: "example.com"), now: start)
        return (store, item.id)
    }

    @Test func aRetriedSendIsTheSameBytesAsTheFirstAttemptDateIncluded() throws {
        let (store, id) = try queued()
        let first = try #require(try store.claimOutboxItem(id, now: start))
        try store.recordRetry(first, error: "451 4.3.0 try later", retryAt: start.addingTimeInterval(60),
                              now: start.addingTimeInterval(1))
        let second = try #require(try store.claimOutboxItem(id, now: start.addingTimeInterval(3600)))
        #expect(second.attempts == 2)
        let (a, b) = (try first.message.render(), try second.message.render())
        let identical = a == b   // not inside #expect: it would print both messages byte by byte
        #expect(identical, "attempt 2 differs: \(String(decoding: b, as: UTF8.self).prefix(120))")
        #expect(second.message.date == start)
    }

    @Test func aSendRequeuedAfterACrashKeepsItsDateAndCannotBeCancelled() throws {
        let (store, id) = try queued()
        let first = try #require(try store.claimOutboxItem(id, now: start))
        #expect(try store.requeueInterruptedSends(now: start.addingTimeInterval(600)) == 1)
        #expect(try store.cancelOutboxItem(id, actor: "alice") == .mayHaveBeenDelivered)
        #expect(try store.outboxItem(id)?.state == .queued)
        let again = try #require(try store.claimOutboxItem(id, now: start.addingTimeInterval(601)))
        let identical = try again.message.render() == first.message.render()
        #expect(identical)
    }

    @Test func aRetryThatMayHaveDeliveredIsNotCancellableEvenAfterALaterPlainDeferral() throws {
        let (store, id) = try queued()
        let first = try #require(try store.claimOutboxItem(id, now: start))
        try store.recordRetry(first, error: "lost after data", retryAt: start, deliveryUnknown: true, now: start)
        let second = try #require(try store.claimOutboxItem(id, now: start))
        // A 4xx now says nothing about the copy the first attempt may have left.
        try store.recordRetry(second, error: "451 4.3.0", retryAt: start, now: start)
        #expect(try store.cancelOutboxItem(id, actor: "alice") == .mayHaveBeenDelivered)
    }

    @Test func aSendDeferredByAPlainTemporaryFailureStaysCancellable() throws {
        let (store, id) = try queued()
        let first = try #require(try store.claimOutboxItem(id, now: start))
        try store.recordRetry(first, error: "451 4.3.0", retryAt: start.addingTimeInterval(60), now: start)
        #expect(try store.cancelOutboxItem(id, actor: "alice") == .cancelled)
        #expect(try store.claimOutboxItem(id, now: start.addingTimeInterval(60)) == nil)
    }

    @Test func aFailedAcknowledgementIsRecordedButNeitherMovesNorReopensTheTicket() throws {
        let (store, id) = try queued(kind: .acknowledgement)
        let ticket = try #require(try store.tickets().first)
        try store.setStatus(ticket: ticket.id, status: "Closed", actor: "alice")
        let claimed = try #require(try store.claimOutboxItem(id, now: start))
        try store.recordFailure(claimed, error: "550 5.1.1 no such user", ticketStatus: "Waiting on us", now: start)
        let after = try #require(try store.tickets().first)
        #expect(after.status == "Closed")
        #expect(try store.history(ticket: ticket.id).last?.action == "send failed")
        #expect(try store.outboxItem(id)?.state == .failed)
    }

    @Test func aFailedReplyMovesItsTicketWhereAnAgentSeesIt() throws {
        let (store, id) = try queued()
        let claimed = try #require(try store.claimOutboxItem(id, now: start))
        try store.recordFailure(claimed, error: "550 5.1.1 no such user", ticketStatus: "Waiting on us", now: start)
        #expect(try store.tickets().first?.status == "Waiting on us")
    }
}
