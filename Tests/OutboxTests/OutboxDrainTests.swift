import Foundation
import MailCore
import MailStore
import Outbox
import TestSupport
import Testing

/// How the drain shares time between channels, the rate limit and a stop, against real SMTP servers.
@Suite struct OutboxDrainTests {
    @Test func aCancelledReplyUsesNoneOfTheChannelsRate() async throws {
        let f = try await OutboxFixture("drain-throttle") { $0.maxPerMinute = 2 }
        try await f.outbox.load()
        var items = [OutboxItem]()
        for _ in 0..<4 { items.append(try await f.outbox.enqueue(f.reply { $0.delay = 0 })) }
        #expect(try await f.outbox.cancel(items[0].id, actor: "alice") == .cancelled)
        await f.outbox.sendDue()
        // Items 2 and 3 in this minute: the cancelled first one took no place in it.
        #expect(f.receiver.messages().compactMap { MimeMessage(parsing: $0).head.messageID } == [items[1].messageID, items[2].messageID])
        #expect(try f.item(items[3].id)?.state == .queued)
        f.clock.advance(to: f.later(59))
        await f.outbox.sendDue()
        #expect(f.receiver.messages().count == 2)
        f.clock.advance(to: f.later(1))
        await f.outbox.sendDue()
        #expect(f.receiver.messages().count == 3)
    }
}
