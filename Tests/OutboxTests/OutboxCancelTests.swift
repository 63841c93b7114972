import Foundation
import MailCore
import MailStore
import Outbox
import TestSupport
import Testing

/// A cancel says "cancelled" only when the recipient surely never gets the message.
@Suite struct OutboxCancelTests {
    @Test func aReplyWhoseConnectionDroppedAfterTheDataCannotBeCancelledAndArrivesAgainWithTheSameMessageID() async throws {
        let f = try await OutboxFixture("outbox-drop")
        try f.receiver.setMode("drop-once")   // saved, then the connection is reset before the reply
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        #expect(await f.outbox.sendDue() == 1)
        let deferred = try #require(try f.item(item.id))
        #expect(deferred.state == .queued)
        #expect(deferred.lastError?.contains("delivery unknown") == true)
        #expect(try await f.outbox.cancel(item.id, actor: "alice") == .mayHaveBeenDelivered)
        f.clock.advance(to: f.later(60))
        #expect(await f.outbox.sendDue() == 1)
        let arrived = f.receiver.messages().map { MimeMessage(parsing: $0).head.messageID }
        #expect(arrived == [item.messageID, item.messageID])
        #expect(try f.item(item.id)?.state == .sent)
    }

    @Test func aReplyDeferredByATemporaryRefusalCanStillBeCancelled() async throws {
        let f = try await OutboxFixture("outbox-451-cancel")
        try f.receiver.setMode("451-once")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        #expect(await f.outbox.sendDue() == 1)
        #expect(try await f.outbox.cancel(item.id, actor: "alice") == .cancelled)
        f.clock.advance(to: f.later(60))
        await f.outbox.sendDue()
        #expect(f.receiver.messages().isEmpty)
    }

    @Test func aReplyInterruptedByAStopCannotBeCancelledAfterTheRestart() async throws {
        let f = try await OutboxFixture("outbox-crash-cancel")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        _ = try #require(try f.store.claimOutboxItem(item.id, now: f.clock.now()))   // the crash leaves it `sending`
        try await f.outbox.load()
        #expect(try await f.outbox.cancel(item.id, actor: "alice") == .mayHaveBeenDelivered)
        await f.outbox.sendDue()
        #expect(f.receiver.messages().count == 1)
    }
}
