import Foundation
import Logging
import MailStore
import ServiceLifecycle
import Transport

/// The outbox: queues agents' replies, keeps their due times in memory and sends each when it is due,
/// through its channel's SMTP server, recording the outcome on the ticket.
///
/// Exactly-once where it can be, at-least-once where it cannot: an item leaves `queued` only by a
/// compare-and-set in the database (a cancel and the send racing it have one winner); one interrupted
/// while `sending` is sent again after a restart with the same Message-ID, never as a fresh message.
public actor Outbox: Service {
    private let store: MailStore
    private let senders: [String: ChannelSender]
    private let clock: any OutboxClock
    private let logger: Logger
    private let control = BlockingThread(name: "maild-outbox")
    private var schedule = OutboxSchedule()
    private var throttles: [String: SendThrottle] = [:]
    /// The drain loop while it waits: resumed by a new item, the timer, or a shutdown.
    private var waiter: CheckedContinuation<Void, Never>?
    /// A wake-up that came while the loop was sending: its next wait returns at once.
    private var wakePending = false
    /// The one timer and the instant it sleeps until. Replaced only by an earlier deadline, so queueing
    /// replies due later (the common case) starts no timer at all.
    private var timer: (deadline: Date, task: Task<Void, Never>)?

    public init(store: MailStore, channels: [OutboxChannel], clock: any OutboxClock = SystemOutboxClock(), logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
        var senders = [String: ChannelSender]()
        for channel in channels {
            senders[channel.sending.name] = ChannelSender(channel: channel)
            throttles[channel.sending.name] = SendThrottle(perMinute: channel.settings.maxPerMinute)
        }
        self.senders = senders
    }

    /// Reads the schedule from the database; items a crash left `sending` are queued again, due now.
    /// Call once before `run()` or `sendDue()`.
    public func load() async throws(StorageError) {
        let (store, now) = (self.store, clock.now())
        let result = await control.run { () -> Result<(Int, [(id: Int64, channel: String, dueAt: Date)]), StorageError> in
            do throws(StorageError) {
                return .success((try store.requeueInterruptedSends(now: now), try store.queuedOutboxItems()))
            } catch { return .failure(error) }
        }
        let (requeued, items) = try result.get()
        if requeued > 0 {
            logger.warning("sending again what a stop interrupted, with the same Message-ID", metadata: ["items": "\(requeued)"])
        }
        for item in items { schedule.add(item.id, channel: item.channel, due: item.dueAt) }
        logger.info("outbox loaded", metadata: ["queued": "\(items.count)"])
    }

    /// Validates and queues a reply; nothing is stored when it is refused.
    public func enqueue(_ request: ReplyRequest) async throws(OutboxRefusal) -> OutboxItem {
        guard let sender = senders[request.channel] else {
            throw OutboxRefusal(.unknownChannel, "channel \(request.channel) does not exist or has no smtp settings")
        }
        let (store, now) = (self.store, clock.now())
        // On the control thread, not the channel's: an agent never waits behind a slow send.
        let result = await control.run { () -> Result<OutboxItem, OutboxRefusal> in
            do throws(OutboxRefusal) {
                let draft = try request.draft(for: sender.channel.sending, now: now) { path in
                    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                }
                do { return .success(try store.enqueue(draft, messageIDs: sender.channel.sending.messageIDs, now: now)) } catch {
                    throw OutboxRefusal(.notStored, "\(error)")
                }
            } catch { return .failure(error) }
        }
        let item = try result.get()
        schedule.add(item.id, channel: item.channel, due: item.dueAt)
        wakeUp()
        logger.info("reply queued", metadata: ["item": "\(item.id)", "ticket": "\(item.ticket.map(String.init) ?? "-")",
                                              "due": "\(item.dueAt)", "actor": "\(item.actor)"])
        return item
    }

    /// Schedules items the store queued by itself (acknowledgements), told after their commit.
    public func schedule(_ items: [QueuedOutboxItem]) {
        for item in items { schedule.add(item.id, channel: item.channel, due: item.dueAt) }
        wakeUp()
    }

    /// Cancels a queued item: `cancelled`, or `tooLate` when the send won the race (or it had finished).
    public func cancel(_ id: Int64, actor: String) async throws(StorageError) -> CancelOutcome {
        let (store, now) = (self.store, clock.now())
        let result = await control.run { () -> Result<CancelOutcome, StorageError> in
            do throws(StorageError) { return .success(try store.cancelOutboxItem(id, actor: actor, now: now)) } catch {
                return .failure(error)
            }
        }
        let outcome = try result.get()
        logger.info("cancel requested", metadata: ["item": "\(id)", "actor": "\(actor)", "outcome": "\(outcome)"])
        return outcome
    }

    /// The number of items waiting in the schedule (cancelled ones until their due time).
    public var scheduled: Int { schedule.count }

    /// Sends every item due now, each channel on its own thread, and returns how many attempts were made.
    /// The drain loop calls it; tests call it after moving their clock.
    @discardableResult
    public func sendDue() async -> Int {
        let due = schedule.popDue(at: clock.now())
        guard !due.isEmpty else { return 0 }
        var byChannel = [String: [Int64]]()
        for item in due { byChannel[item.channel, default: []].append(item.id) }
        return await withTaskGroup(of: Int.self) { group in
            for (channel, ids) in byChannel {
                guard let sender = senders[channel] else {
                    logger.error("queued replies of a channel that no longer sends stay queued",
                                 metadata: ["channel": "\(channel)", "items": "\(ids.count)"])
                    continue
                }
                group.addTask { await self.drain(ids, with: sender) }
            }
            var total = 0
            while let attempts = await group.next() { total += attempts }
            return total
        }
    }

    /// Waits for the next due item or a new one, and sends; until a graceful shutdown, which lets the
    /// send in progress finish and leaves the rest queued.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.drainLoop() }
    }

    private func drainLoop() async {
        while !Task.isCancelled {
            await sendDue()
            await waitForWork(until: schedule.nextDue)
        }
        timer?.task.cancel()
        timer = nil
    }

    /// Returns at `deadline`, when something is queued, or when the task is cancelled; uses no CPU meanwhile.
    ///
    /// Not an `AsyncStream` raced against a sleep in a task group: cancelling the losing `for await` (after
    /// the sleep won) finishes the stream for good, and from then on every wait returned at once, a busy
    /// loop using both cores (each turn also leaving a cancelled sleep's timer behind until its deadline).
    private func waitForWork(until deadline: Date?) async {
        if let deadline, timer.map({ deadline < $0.deadline }) ?? true {
            timer?.task.cancel()
            let clock = clock
            timer = (deadline, Task {   // isolated to the outbox, like this method
                do { try await clock.sleep(until: deadline) } catch { return }
                self.timerFired(at: deadline)
            })
        }
        if wakePending {
            wakePending = false
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter = $0 }
        } onCancel: {
            Task { await self.wakeUp() }
        }
    }

    /// Ends the drain loop's wait, or, while it is sending, its next one.
    private func wakeUp() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            wakePending = true
        }
    }

    private func timerFired(at deadline: Date) {
        if timer?.deadline == deadline { timer = nil }
        wakeUp()
    }

    private func drain(_ ids: [Int64], with sender: ChannelSender) async -> Int {
        let name = sender.channel.sending.name
        var attempts = 0
        for (index, id) in ids.enumerated() {
            let now = clock.now()
            let start = throttles[name]?.nextStart(at: now) ?? now
            if Task.isCancelled || start > now {
                // Stopping, or over the channel's rate: the rest waits, still queued in the database.
                for rest in ids[index...] { schedule.add(rest, channel: name, due: start) }
                if !Task.isCancelled { logger.notice("throttled", metadata: ["channel": "\(name)", "until": "\(start)"]) }
                break
            }
            attempts += 1
            // Only a claimed item reached the server: a cancelled or already-taken one uses none of the rate.
            if await send(id, with: sender).claimed { throttles[name]?.recordSend(at: now) }
        }
        return attempts
    }

    private func send(_ id: Int64, with sender: ChannelSender) async -> SendAttempt {
        let (store, clock) = (self.store, self.clock)
        var logger = logger
        logger[metadataKey: "item"] = "\(id)"
        logger[metadataKey: "channel"] = "\(sender.channel.sending.name)"
        let itemLogger = logger
        let attempt = await sender.thread.run { () -> SendAttempt in
            SendAttempt.run(id, sender: sender, store: store, clock: clock, logger: itemLogger)
        }
        if let retry = attempt.retryAt { schedule.add(id, channel: sender.channel.sending.name, due: retry) }
        return attempt
    }
}
