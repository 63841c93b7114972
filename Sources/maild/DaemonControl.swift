import Control
import Logging
import MailStore
import MaildConfig
import Outbox
import Transport

/// What the control socket's commands do in the running daemon: queue and cancel through the `Outbox`
/// (so its schedule hears of every change), read the outbox from the store.
struct DaemonControl: ControlBackend {
    let outbox: Outbox
    let store: MailStore
    let channels: [ControlStatus.Channel]
    let logger: Logger
    /// SQLite reads block: never on Swift's cooperative pool.
    private let reads = BlockingThread(name: "maild-control-reads")

    init(outbox: Outbox, store: MailStore, configuration: MaildConfiguration, logger: Logger) {
        self.outbox = outbox
        self.store = store
        self.channels = configuration.channels.map { .init(name: $0.name, address: $0.address, sends: $0.sending != nil) }
        self.logger = logger
    }

    func send(_ request: ReplyRequest) async throws(ControlError) -> OutboxItem {
        do { return try await outbox.enqueue(request) } catch { throw .refused(error) }
    }

    func cancel(_ id: Int64, actor: String) async throws(ControlError) -> CancelOutcome {
        // Looked up first: "no such item" is a typo to report as such, not a database failure.
        guard try await read({ store throws(StorageError) in try store.outboxItem(id) }) != nil else { throw .noSuchItem(id) }
        do { return try await outbox.cancel(id, actor: actor) } catch { throw storageFailed(error) }
    }

    func outbox(state: OutboxItem.State?) async throws(ControlError) -> [OutboxItem] {
        try await read { store throws(StorageError) in
            var items = [OutboxItem]()
            try store.forEachOutboxItem(state: state) { items.append($0) }
            return items
        }
    }

    func status() async -> ControlStatus {
        ControlStatus(version: MaildVersion.current, channels: channels, outboxScheduled: await outbox.scheduled)
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (MailStore) throws(StorageError) -> T) async throws(ControlError) -> T {
        let store = self.store
        let result = await reads.run { () -> Result<T, StorageError> in
            do throws(StorageError) { return .success(try body(store)) } catch { return .failure(error) }
        }
        do { return try result.get() } catch { throw storageFailed(error) }
    }

    private func storageFailed(_ error: StorageError) -> ControlError {
        logger.error("control command failed on the database: \(error)")
        return .storageFailed
    }
}
