import Foundation
import Logging
@testable import MailStore
import Outbox
import Synchronization
@testable import Control

/// The daemon's side in memory: queues what it is sent, cancels what is queued, refuses more than 30 Cc.
final class FakeBackend: ControlBackend {
    private let items = Mutex<[OutboxItem]>([])
    /// Queued items an earlier attempt may have delivered: not cancellable.
    private let deliveryUnknown = Mutex<Set<Int64>>([])
    /// When set, `status` waits until it opens: a command that does not finish, to show it holds up no other client.
    let statusGate: Gate?

    init(statusGate: Gate? = nil) { self.statusGate = statusGate }

    func send(_ request: ReplyRequest) async throws(ControlError) -> OutboxItem {
        guard request.cc.count <= 30 else {
            throw .refused(OutboxRefusal(.tooManyCC, "\(request.cc.count) CC addresses: at most 30 are allowed"))
        }
        return items.withLock { items in
            let item = OutboxItem(id: Int64(items.count + 1), channel: request.channel, kind: .reply, actor: request.actor,
                                  ticket: request.ticket, state: .queued, dueAt: Date(timeIntervalSince1970: 1_800_000_000),
                                  attempts: 0, lastError: nil, messageID: "m\(items.count + 1)@example.com", sentAt: nil,
                                  refusedRecipients: [])
            items.append(item)
            return item
        }
    }

    func cancel(_ id: Int64, actor: String) async throws(ControlError) -> CancelOutcome {
        try items.withLock { items throws(ControlError) -> CancelOutcome in
            guard let index = items.firstIndex(where: { $0.id == id }) else { throw .noSuchItem(id) }
            guard items[index].state == .queued else { return .tooLate(items[index].state) }
            guard !deliveryUnknown.withLock({ $0.contains(id) }) else { return .mayHaveBeenDelivered }
            items[index].state = .cancelled
            return .cancelled
        }
    }

    func outbox(state: OutboxItem.State?) async throws(ControlError) -> [OutboxItem] {
        items.withLock { items in items.filter { state == nil || $0.state == state } }
    }

    func status() async -> ControlStatus {
        await statusGate?.wait()
        return ControlStatus(version: "test", channels: [.init(name: "support", address: "support@example.com", sends: true),
                                                                .init(name: "billing", address: nil, sends: false)],
                             outboxScheduled: items.withLock { $0.count { $0.state == .queued } })
    }

    func markDeliveryUnknown(_ id: Int64) {
        deliveryUnknown.withLock { _ = $0.insert(id) }
    }

    func mark(_ id: Int64, _ state: OutboxItem.State) {
        items.withLock { items in
            if let index = items.firstIndex(where: { $0.id == id }) { items[index].state = state }
        }
    }
}

/// Closed until `open()`; `wait()` returns once it is open.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}

/// Keeps every log line, so tests can check what is and is not logged.
final class CapturedLog: Sendable {
    struct Line: Sendable { let message: String; let metadata: [String: String] }
    private let lines = Mutex<[Line]>([])

    var all: [Line] { lines.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues { "\($0)" }
            log.lines.withLock { $0.append(Line(message: "\(event.message)", metadata: merged)) }
        }
    }
}
