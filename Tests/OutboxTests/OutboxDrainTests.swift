import Foundation
import MailCore
import MailStore
import Outbox
import TestSupport
import Testing

/// How the drain shares time between channels, the rate limit and a stop, against real SMTP servers.
@Suite struct OutboxDrainTests {
    /// Polls the store until `id` is in `state` or `timeout` passed.
    func wait(for id: Int64, _ state: OutboxItem.State, in f: OutboxFixture, timeout: TimeInterval = 60) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try f.item(id)?.state == state { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func aHangingServerOnOneChannelDelaysNoReplyOfAnother() async throws {
        let f = try await OutboxFixture("drain-slow", otherChannels: ["billing"])
        let billing = try #require(f.others["billing"])
        try f.receiver.setMode("hold-once")   // takes the message, then holds back its 250 until released
        try await f.outbox.load()
        let later = try await f.outbox.enqueue(f.reply { $0.channel = "billing"; $0.delay = 30 })
        let loop = Task { try await f.outbox.run() }
        // The loop task holds the fixture until it ends, maybe after the process: stop the servers here.
        defer { loop.cancel(); f.clock.releaseAll(); f.receiver.stop(); billing.stop() }
        let held = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        #expect(await f.receiver.waitForMessages(1).count == 1)
        // While support's send hangs: a reply queued now, and one whose due time comes now.
        let now = try await f.outbox.enqueue(f.reply { $0.channel = "billing"; $0.delay = 0 })
        f.clock.advance(to: f.later(30))
        #expect(try await wait(for: now.id, .sent, in: f))
        #expect(try await wait(for: later.id, .sent, in: f))
        #expect(billing.messages().count == 2)
        #expect(try f.item(held.id)?.state == .sending)
        try f.receiver.release()
        #expect(try await wait(for: held.id, .sent, in: f))
    }

    @Test func whileOneConnectionWaitsForTheServerTheNextReplyLeavesOverAnother() async throws {
        let f = try await OutboxFixture("drain-connections")   // three connections, the default
        try f.receiver.setMode("hold-once")   // whichever reply reaches the server first is held
        try await f.outbox.load()
        let items = [try await f.outbox.enqueue(f.reply { $0.delay = 0 }), try await f.outbox.enqueue(f.reply { $0.delay = 0 })]
        let loop = Task { try await f.outbox.run() }
        defer { loop.cancel(); f.clock.releaseAll(); f.receiver.stop() }
        let deadline = Date().addingTimeInterval(60)
        var states: [OutboxItem.State?] = []
        repeat {
            states = try items.map { try f.item($0.id)?.state }
            try await Task.sleep(for: .milliseconds(20))
        } while !states.contains(.sent) && Date() < deadline
        #expect(states.sorted { "\($0!)" < "\($1!)" } == [.sending, .sent], "one held, the other sent meanwhile")
        try f.receiver.release()
        for item in items { #expect(try await wait(for: item.id, .sent, in: f)) }
        #expect(f.receiver.messages().count == 2)
    }

    @Test func aReplyComingDueWhileAConnectionWaitsLeavesOverAnIdleOne() async throws {
        let f = try await OutboxFixture("drain-rejoin")
        try f.receiver.setMode("hold-once")
        try await f.outbox.load()
        let loop = Task { try await f.outbox.run() }
        defer { loop.cancel(); f.clock.releaseAll(); f.receiver.stop() }
        let held = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        #expect(await f.receiver.waitForMessages(1).count == 1)
        // The connections that found nothing to do went idle; the next due reply must put one back to work.
        let later = try await f.outbox.enqueue(f.reply { $0.delay = 30 })
        f.clock.advance(to: f.later(30))
        #expect(try await wait(for: later.id, .sent, in: f))
        #expect(try f.item(held.id)?.state == .sending)
        try f.receiver.release()
        #expect(try await wait(for: held.id, .sent, in: f))
    }

    @Test func aStopLetsTheSendInProgressFinishAndLeavesTheRestQueued() async throws {
        let f = try await OutboxFixture("drain-stop") { $0.connections = 1 }
        try f.receiver.setMode("hold-once")
        try await f.outbox.load()
        var items = [OutboxItem]()
        for _ in 0..<3 { items.append(try await f.outbox.enqueue(f.reply { $0.delay = 0 })) }
        let loop = Task { try await f.outbox.run() }
        #expect(await f.receiver.waitForMessages(1).count == 1)
        loop.cancel()   // what a graceful shutdown does to the drain loop
        f.clock.releaseAll()
        try f.receiver.release()
        try await loop.value
        #expect(try f.item(items[0].id)?.state == .sent)
        #expect(try items.dropFirst().map { try f.item($0.id)?.state } == [.queued, .queued])
        #expect(f.receiver.messages().count == 1)
    }

    @Test func aCancelledReplyUsesNoneOfTheChannelsRate() async throws {
        let f = try await OutboxFixture("drain-throttle") { $0.maxPerMinute = 2 }
        try await f.outbox.load()
        var items = [OutboxItem]()
        for _ in 0..<4 { items.append(try await f.outbox.enqueue(f.reply { $0.delay = 0 })) }
        #expect(try await f.outbox.cancel(items[0].id, actor: "alice") == .cancelled)
        await f.outbox.sendDue()
        // Items 2 and 3 in this minute: the cancelled first one took no place in it.
        // Over several connections, in either order.
        #expect(Set(f.receiver.messages().compactMap { MimeMessage(parsing: $0).head.messageID }) == [items[1].messageID, items[2].messageID])
        #expect(try f.item(items[3].id)?.state == .queued)
        f.clock.advance(to: f.later(59))
        await f.outbox.sendDue()
        #expect(f.receiver.messages().count == 2)
        f.clock.advance(to: f.later(1))
        await f.outbox.sendDue()
        #expect(f.receiver.messages().count == 3)
    }
}
