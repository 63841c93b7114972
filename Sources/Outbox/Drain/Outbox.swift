import DequeModule
import Foundation
import Logging
import MailStore
import ServiceLifecycle
import Synchronization
import Transport

/// The outbox: queues agents' replies, keeps their due times in memory and sends each when it is due,
/// through its channel's SMTP server, recording the outcome on the ticket.
///
/// Exactly-once where it can be, at-least-once where it cannot: an item leaves `queued` only by a
/// compare-and-set in the database (a cancel and the send racing it have one winner); one interrupted
/// while `sending` is sent again after a restart with the same Message-ID, never as a fresh message.
public actor Outbox: Service {
    private let store: MailStore
    /// Per channel, one sender per SMTP connection (`connections`), each on its own thread.
    private let senders: [String: [ChannelSender]]
    private let clock: any OutboxClock
    private let logger: Logger
    private let control = BlockingThread(name: "maild-outbox")
    private let attachments: AttachmentReader
    private var schedule = OutboxSchedule()
    private var throttles: [String: SendThrottle] = [:]
    /// Per channel: due items handed over by the drain loop, in due order, and the workers sending them, one
    /// per busy connection (by its index). Each channel drains on its own, so a slow server delays only its
    /// channel; each dispatch puts every idle connection of the channel to work.
    private var pending: [String: Deque<Int64>] = [:]
    private var workers: [String: [Int: Task<Int, Never>]] = [:]
    /// Per channel: rate-limit slots taken by sends not yet claimed or found cancelled.
    private var reservations: [String: Int] = [:]
    /// Set by a graceful shutdown: each drain ends after its send in progress. Set from the drain loop's
    /// cancellation handler, synchronously with the cancel, so a send finishing just after it starts no other.
    private let stopRequested = Mutex(false)
    private var stopping: Bool { stopRequested.withLock { $0 } }
    /// The drain loop while it waits: resumed by a new item, the timer, or a shutdown.
    private var waiter: CheckedContinuation<Void, Never>?
    /// A wake-up that came while the loop was not waiting: its next wait returns at once.
    private var wakePending = false
    /// The one timer and the instant it sleeps until. Replaced only by an earlier deadline, so queueing
    /// replies due later (the common case) starts no timer at all.
    private var timer: (deadline: Date, task: Task<Void, Never>)?

    /// `ownFiles`: what no reply may attach (the configuration, password files, the database); see `AttachmentReader`.
    public init(store: MailStore, channels: [OutboxChannel], ownFiles: Set<String> = [], clock: any OutboxClock = SystemOutboxClock(),
                logger: Logger) {
        self.store = store
        attachments = AttachmentReader(forbidden: ownFiles)
        self.clock = clock
        self.logger = logger
        var senders = [String: [ChannelSender]]()
        for channel in channels {
            senders[channel.sending.name] = (1...max(channel.settings.connections, 1)).map { ChannelSender(channel: channel, connection: $0) }
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
        guard let sender = senders[request.channel]?.first else {
            throw OutboxRefusal(.unknownChannel, "channel \(request.channel) does not exist or has no smtp settings")
        }
        let (store, now, attachments) = (self.store, clock.now(), self.attachments)
        // On the control thread, not the channel's: an agent never waits behind a slow send.
        let result = await control.run { () -> Result<OutboxItem, OutboxRefusal> in
            do throws(OutboxRefusal) {
                let draft = try request.draft(for: sender.channel.sending, now: now) { path, limit in
                    try attachments.bytes(of: path, limit: limit)
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

    /// Hands every item due now to its channel and waits for those channels' drains; returns how many
    /// attempts they made (a cancelled item's failed claim counts). Tests call it after moving their clock;
    /// the drain loop only hands over and does not wait, so one channel's slow send delays no other.
    @discardableResult
    public func sendDue() async -> Int {
        var total = 0
        for drain in dispatchDue() { total += await drain.value }
        return total
    }

    /// Waits for the next due item or a new one and hands it to its channel; until a graceful shutdown,
    /// which lets the sends in progress finish and leaves the rest queued.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.drainLoop() }
    }

    private func drainLoop() async {
        while !Task.isCancelled {
            dispatchDue()
            await waitForWork(until: schedule.nextDue)
        }
        stopRequested.withLock { $0 = true }
        timer?.task.cancel()
        timer = nil
        // A send on the wire is not taken back; each drain stops after it, the rest still queued in the database.
        for worker in workers.values.flatMap(\.values) { _ = await worker.value }
    }

    /// Moves the items due now to their channels' pending queues and puts each idle connection of those
    /// channels to work. Returns the running workers of the channels that got items.
    @discardableResult
    private func dispatchDue() -> [Task<Int, Never>] {
        var started = [String: [Task<Int, Never>]]()
        var orphans = [String: Int]()
        for item in schedule.popDue(at: clock.now()) {
            guard senders[item.channel] != nil else {
                orphans[item.channel, default: 0] += 1
                continue
            }
            pending[item.channel, default: []].append(item.id)
            if started[item.channel] == nil { started[item.channel] = startWorkers(item.channel) }
        }
        for (channel, count) in orphans {
            logger.error("queued replies of a channel that no longer sends stay queued", metadata: ["channel": "\(channel)", "items": "\(count)"])
        }
        return started.values.flatMap { $0 }
    }

    /// Starts a worker on each idle connection of `channel`; returns all its running workers. A worker
    /// leaves its slot in the same actor step as it finds the pending queue empty, so an item handed over
    /// afterwards always finds a connection to start.
    private func startWorkers(_ channel: String) -> [Task<Int, Never>] {
        for (index, sender) in (senders[channel] ?? []).enumerated() where workers[channel]?[index] == nil {
            workers[channel, default: [:]][index] = Task { await self.work(channel, connection: index, over: sender) }
        }
        return Array((workers[channel] ?? [:]).values)
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
            stopRequested.withLock { $0 = true }
            Task { await self.wakeUp() }
        }
    }

    /// Ends the drain loop's wait, or, while it is handing items over, its next one.
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

    /// Puts an item back in the schedule (a retry, a throttled send) and lets the drain loop wait for it.
    private func reschedule(_ id: Int64, channel: String, due: Date) {
        schedule.add(id, channel: channel, due: due)
        wakeUp()
    }

    /// One connection's work: the channel's pending items, the next one whenever this connection is free,
    /// until none is left. While one connection waits for the server, another's message goes out, and the
    /// store's work for one send (claim, record) overlaps another's time on the wire.
    private func work(_ channel: String, connection: Int, over sender: ChannelSender) async -> Int {
        var attempts = 0
        while let id = pending[channel]?.popFirst() {
            let now = clock.now()
            let start = throttles[channel]?.nextStart(at: now) ?? now
            if !stopping, start > now, reservations[channel, default: 0] > 0 {
                // Over the rate, but another connection's send may yet give its slot back (its item was
                // cancelled): leave this item to that connection rather than put it off a minute.
                pending[channel, default: []].prepend(id)
                break
            }
            if stopping || start > now {
                // Stopping, or over the channel's rate: the rest waits, still queued in the database.
                for rest in [id] + (pending.removeValue(forKey: channel) ?? []) { reschedule(rest, channel: channel, due: start) }
                if !stopping { logger.notice("throttled", metadata: ["channel": "\(channel)", "until": "\(start)"]) }
                break
            }
            // The slot is taken before the send, so the other connections see it; given back when the claim
            // found the item cancelled or taken: only a send that reached the server uses the rate.
            throttles[channel]?.recordSend(at: now)
            reservations[channel, default: 0] += 1
            attempts += 1
            let attempt = await send(id, with: sender)
            reservations[channel, default: 0] -= 1
            if !attempt.claimed { throttles[channel]?.release(now) }
            if let retry = attempt.retryAt { reschedule(id, channel: channel, due: retry) }
        }
        workers[channel]?[connection] = nil
        return attempts
    }

    private func send(_ id: Int64, with sender: ChannelSender) async -> SendAttempt {
        let (store, clock) = (self.store, self.clock)
        var logger = logger
        logger[metadataKey: "item"] = "\(id)"
        logger[metadataKey: "channel"] = "\(sender.channel.sending.name)"
        let itemLogger = logger
        return await sender.thread.run { () -> SendAttempt in
            SendAttempt.run(id, sender: sender, store: store, clock: clock, logger: itemLogger)
        }
    }
}
