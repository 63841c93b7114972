import Foundation
import GRDB
import Threading

/// maild's database: one SQLite file in WAL mode. Every public method is one write transaction that
/// keeps the import invariants (see `store(_:channel:advanceCursorTo:confirmedSeen:now:)`).
public struct MailStore: Sendable {
    let writer: any DatabaseWriter
    /// Per channel name; a channel not listed stores its mail without tickets.
    private(set) var ticketPolicies: [String: TicketPolicy] = [:]
    /// How ticket tokens look, on every channel: recognised in subjects and made by `ticketToken(number:)`.
    private(set) var ticketTokenFormat = TicketTokenFormat.standard
    /// Told, after the commit, of outbox items the store queued itself (acknowledgements), so the running
    /// outbox schedules them; the outbox's own items it schedules as it queues them.
    private(set) var outboxObserver: (@Sendable ([QueuedOutboxItem]) -> Void)?

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public init(path: String) throws(StorageError) {
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // NORMAL in WAL mode: a commit survives a process crash (SIGKILL); only a power loss can
                // drop the last transactions, and the IMAP server still holds those messages unseen.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Checkpoint every ~40 MB of WAL instead of SQLite's 4 MB. A checkpoint writes each page the WAL
                // holds back into the database; the indexes on digests and Message-IDs take random keys, so
                // the larger the store, the more distinct pages a batch dirties. Checkpointing every batch
                // or two made the cost per message grow by a third from 10,000 to 100,000 stored
                // (bench/threading); rarer checkpoints write a page dirtied by several batches once.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
                // 8 MiB of page cache per connection (SQLite's default is 2 MiB): those random-key indexes are
                // ~25 MB at 100,000 messages; more of their pages stay cached, so fewer page reads per message as
                // the store grows. A cache fills only as its connection reads: the writer's does; GRDB's readers
                // (exports, status) hold what their queries touched.
                try db.execute(sql: "PRAGMA cache_size = -8192")
            }
            writer = try Self.openAndMigrate(path: path, configuration: configuration)
        } catch {
            throw StorageError("cannot open database \(path): \(error)")
        }
    }

    /// Two processes may create the database at once (the daemon and `maild export`): switching a new file
    /// to WAL can then fail with SQLITE_BUSY outside the busy timeout, and the loser of the race on a
    /// migration fails on "table exists". Each migration is one transaction, so a retry finds it applied.
    private static func openAndMigrate(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 1
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrator.migrate(pool)
                return pool
            } catch where attempt < 10 {
                attempt += 1
                usleep(100_000)
            }
        }
    }

    /// An in-memory database, for tests of code that needs a store but not a file.
    public static func inMemory() throws(StorageError) -> MailStore {
        do {
            let queue = try DatabaseQueue()
            try migrator.migrate(queue)
            return MailStore(writer: queue)
        } catch {
            throw StorageError("cannot create in-memory database: \(error)")
        }
    }

    private init(writer: any DatabaseWriter) { self.writer = writer }

    /// The same database, keeping tickets for these channels (by name). The wiring sets this once, so
    /// every caller of `store(_:channel:…)` (pollers, local import) gets the channel's policy.
    public func withTicketPolicies(_ policies: [String: TicketPolicy]) -> MailStore {
        var copy = self
        copy.ticketPolicies = policies
        return copy
    }

    /// The same database, telling `observer` of the acknowledgements it queues (see `outboxObserver`).
    public func withOutboxObserver(_ observer: @escaping @Sendable ([QueuedOutboxItem]) -> Void) -> MailStore {
        var copy = self
        copy.outboxObserver = observer
        return copy
    }

    /// The same database, reading and writing ticket tokens in `format` (`ticket_token_prefix`).
    public func withTicketTokenFormat(_ format: TicketTokenFormat) -> MailStore {
        var copy = self
        copy.ticketTokenFormat = format
        return copy
    }

    /// A refusal thrown by `body` (see `StorageError.refusal`) already says what was wrong: it passes as is.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StorageError) -> T {
        do { return try writer.write(body) } catch let error as StorageError where error.isRefusal {
            throw error
        } catch { throw StorageError("\(what): \(error)") }
    }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StorageError) -> T {
        do { return try writer.read(body) } catch { throw StorageError("\(what): \(error)") }
    }
}

/// A database failure, or a refused request. The text says what maild was doing, or what was wrong with the
/// request; it never holds message content or secrets.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// True when the request itself was wrong ("there is no ticket with id 12"), so the caller (an agent)
    /// can fix it; false when the database failed, which retrying later may cure.
    public let isRefusal: Bool

    init(_ description: String) {
        self.description = description
        self.isRefusal = false
    }

    private init(refusal description: String) {
        self.description = description
        self.isRefusal = true
    }

    static func refusal(_ description: String) -> StorageError { StorageError(refusal: description) }
}
