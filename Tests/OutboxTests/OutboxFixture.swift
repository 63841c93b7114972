import Foundation
import GRDB
import Logging
import MailCore
import MailStore
import MaildConfig
import Outbox
import TestSupport

/// A clock tests move by hand: `sleep(until:)` returns once `advance(to:)` passes the deadline.
final class ManualClock: OutboxClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [(deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nowCalls = 0

    init(_ start: Date) { current = start }

    func now() -> Date {
        lock.withLock {
            nowCalls += 1
            return current
        }
    }

    /// How often `now()` has been called: a drain loop that polls shows up here.
    var readings: Int { lock.withLock { nowCalls } }

    func sleep(until deadline: Date) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = lock.withLock { () -> Bool in
                if deadline <= current || Task.isCancelled { return true }
                sleepers.append((deadline, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
        try Task.checkCancellation()
    }

    func advance(to date: Date) {
        let due = lock.withLock { () -> [CheckedContinuation<Void, any Error>] in
            current = date
            let due = sleepers.filter { $0.deadline <= date }.map(\.continuation)
            sleepers.removeAll { $0.deadline <= date }
            return due
        }
        due.forEach { $0.resume() }
    }

    /// Ends every sleep (the drain loop's task is being cancelled).
    func releaseAll() {
        let all = lock.withLock { () -> [CheckedContinuation<Void, any Error>] in
            defer { sleepers = [] }
            return sleepers.map(\.continuation)
        }
        all.forEach { $0.resume(throwing: CancellationError()) }
    }
}

/// A store with one customer ticket on channel `support`, an outbox sending to a real SMTP receiver.
struct OutboxFixture {
    static let support = TicketPolicy(
        pipeline: "support",
        statuses: [.init(name: "New", isOpen: true), .init(name: "Waiting on contact", isOpen: true),
                   .init(name: "Waiting on us", isOpen: true), .init(name: "Closed", isOpen: false)],
        defaultQueue: "Support", reopenWindowDays: 30, ownAddresses: ["support@example.com"])

    let receiver: TestSMTPReceiver
    /// The receivers of the channels named in `otherChannels`, by name.
    let others: [String: TestSMTPReceiver]
    let store: MailStore
    let databasePath: String
    let clock: ManualClock
    let outbox: Outbox
    let ticket: Int64
    let customerMessageID = "order-1@customer.example.org"

    static let acknowledgements = try! AcknowledgementPolicy(
        from: MailAddress(name: "Example Support", address: "support@example.com"),
        messageIDs: MessageIDGenerator(domain: "example.com"),
        received: .init(subject: "We received your request: {subject}", text: "Hello {customer},\nyour ticket is {ticket}.\n"),
        closed: .init(subject: "Closed: {subject}", text: "Ticket {ticket} is closed.\n"))

    init(_ label: String, start: Date = Date(timeIntervalSince1970: 1_800_000_000), receiver given: TestSMTPReceiver? = nil,
         acknowledging: Bool = false, imap: IMAPAccount? = nil, otherChannels: [String] = [], ownFiles: Set<String> = [],
         change: (inout ChannelSending) -> Void = { _ in }) async throws {
        if let given { receiver = given } else { receiver = try await offPool { try TestSMTPReceiver(label) } }
        var others = [String: TestSMTPReceiver]()
        for name in otherChannels { others[name] = try await offPool { try TestSMTPReceiver("\(label)-\(name)") } }
        self.others = others
        let path = Paths.temporaryDirectory(label).appendingPathComponent("maild.sqlite").path
        databasePath = path
        var policy = Self.support
        if acknowledging { policy.acknowledgements = Self.acknowledgements }
        let plain = try MailStore(path: path).withTicketPolicies(["support": policy])
        clock = ManualClock(start)
        var settings = ChannelSending(smtp: SMTPAccount(host: "127.0.0.1", port: receiver.port, security: .insecure))
        change(&settings)
        let channel = OutboxChannel(
            sending: try SendingChannel(name: "support", from: MailAddress(name: "Example Support", address: "support@example.com")),
            settings: settings, imap: imap)
        var channels = [channel]
        for (name, other) in others.sorted(by: { $0.key < $1.key }) {
            channels.append(OutboxChannel(
                sending: try SendingChannel(name: name, from: MailAddress(name: nil, address: "\(name)@example.com")),
                settings: ChannelSending(smtp: SMTPAccount(host: "127.0.0.1", port: other.port, security: .insecure)), imap: nil))
        }
        var logger = Logger(label: "maild-test")
        logger.logLevel = .critical
        let outbox = Outbox(store: plain, channels: channels, ownFiles: ownFiles, clock: clock, logger: logger)
        self.outbox = outbox
        store = plain.withOutboxObserver { items in Task { await outbox.schedule(items) } }
        let raw = Array("""
            From: Ann Lee <ann@customer.example.org>\r
            To: support@example.com\r
            Subject: Where is my order?\r
            Message-ID: <\(customerMessageID)>\r
            Date: Fri, 15 Jan 2027 08:00:00 +0000\r
            \r
            It has not arrived.\r

            """.utf8)
        try store.store([(source: .file, record: MessageRecord(raw: raw))], channel: "support", now: start)
        ticket = try store.tickets()[0].number
    }

    /// Stores a message from `from` as if ingested now; returns its ticket's number, if it has one.
    @discardableResult
    func receive(from: String, subject: String, headers: String = "", messageID: String = UUID().uuidString + "@x.example") throws -> Int64? {
        let raw = Array("From: \(from)\r\nTo: support@example.com\r\nSubject: \(subject)\r\nMessage-ID: <\(messageID)>\r\n\(headers)\r\nBody\r\n".utf8)
        try store.store([(source: .file, record: MessageRecord(raw: raw))], channel: "support", now: clock.now())
        return try store.tickets().last { $0.subject == subject }?.number
    }

    func reply(_ change: (inout ReplyRequest) -> Void = { _ in }) -> ReplyRequest {
        var request = ReplyRequest(channel: "support", ticket: ticket, to: ["Ann Lee <ann@customer.example.org>"],
                                   subject: "Re: Where is my order?", text: "It left our warehouse today.\n", actor: "alice")
        change(&request)
        return request
    }

    func item(_ id: Int64) throws -> OutboxItem? {
        var found: OutboxItem?
        try store.forEachOutboxItem { if $0.id == id { found = $0 } }
        return found
    }

    func later(_ seconds: TimeInterval) -> Date { clock.now().addingTimeInterval(seconds) }

    /// How many rows the tables hold that queueing a reply writes: read with SQL from the database file,
    /// so a refused reply is seen to leave nothing behind.
    func rowCounts() throws -> [String: Int] {
        var configuration = Configuration()
        configuration.readonly = true
        let tables = ["outbox_item", "outbox_attachment", "ticket_history", "ticket", "conversation_ref"]
        return try DatabaseQueue(path: databasePath, configuration: configuration).read { db in
            try Dictionary(uniqueKeysWithValues: tables.map { ($0, try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1) })
        }
    }
}

extension Array where Element == UInt8 {
    /// The message's header section as text, for assertions on fields.
    var headerText: String {
        let text = String(decoding: self, as: UTF8.self)
        return String(text[..<(text.range(of: "\r\n\r\n")?.lowerBound ?? text.endIndex)])
    }
}
