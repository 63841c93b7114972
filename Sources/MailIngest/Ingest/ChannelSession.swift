import Foundation
import Logging
import MailStore
import MaildConfig

/// One channel's IMAP work: a kept connection and the poll that imports new INBOX mail exactly once.
///
/// The order that makes a crash harmless is written once, in `MailStore.store`; `BatchPipeline` follows it.
///
/// Blocking: runs on its channel's own thread (see `ChannelPoller`), never on the cooperative pool.
final class ChannelSession {
    let channel: ChannelConfiguration
    let store: MailStore
    let logger: Logger
    let clock: @Sendable () -> Date
    let stop: StopFlag
    private var connection: IMAPConnection?
    private var warnedReadOnly = false

    init(channel: ChannelConfiguration, store: MailStore, logger: Logger, stop: StopFlag = StopFlag(),
         clock: @escaping @Sendable () -> Date = Date.init) {
        self.stop = stop
        self.channel = channel
        self.store = store
        self.logger = logger
        self.clock = clock
    }

    /// Imports everything new and says what it did. A kept connection that went stale
    /// (server timeout, restart) is replaced once before the failure counts.
    func poll() throws -> PollResult {
        if connection != nil {
            do { return try pollOnce() } catch let error as IMAPError where error.kind == .connectionLost || error.kind == .timeout {
                connection = nil
                logger.debug("reconnecting after a stale connection", metadata: ["reason": "\(error)"])
            }
        }
        return try pollOnce()
    }

    func disconnect() { connection = nil }

    private func connect() throws -> IMAPConnection {
        if let connection { return connection }
        let password: String
        do { password = try channel.imap.password.read() } catch {
            throw IMAPError(.login, "cannot read the password of channel \(channel.name): \(error)")
        }
        let fresh = try IMAPConnection(
            account: channel.imap, password: password,
            maxLiteralBytes: channel.maxMessageBytes + (1 << 20))
        connection = fresh
        return fresh
    }

    private func pollOnce() throws -> PollResult {
        let imap = try connect()
        do {
            return try importNew(imap)
        } catch {
            connection = nil  // after any failure the connection's state is unknown: start clean next time
            throw error
        }
    }

    private func importNew(_ imap: IMAPConnection) throws -> PollResult {
        var uidValidity: UInt32?
        var uidNext: UInt32?
        let selected = try imap.run("SELECT INBOX") { response throws(IMAPError) in
            switch response {
            case let .status(.ok, .uidValidity(value)?, _): uidValidity = value
            case let .status(.ok, .uidNext(value)?, _): uidNext = value
            default: break
            }
        }
        guard let uidValidity else {
            throw IMAPError(.protocolViolation, "\(imap.server) sent no UIDVALIDITY for INBOX; maild cannot track it")
        }
        // RFC 3501 §6.3.1: a read-only INBOX (an ACL without the "s" right) can be imported, not flagged.
        var canFlag = true
        if case .other(name: "READ-ONLY", _)? = selected.code { canFlag = false }
        if !canFlag && !warnedReadOnly {
            logger.warning("INBOX is read-only for this user: mail is imported but stays unread on the server; grant the seen (s) right")
            warnedReadOnly = true
        }
        var cursor = try store.cursor(channel: channel.name)
        if let fresh = IngestPlan.cursorAfterSelect(stored: cursor, uidValidity: uidValidity, uidNext: uidNext ?? 1, now: clock()) {
            if let old = cursor {
                logger.warning("INBOX UIDVALIDITY changed: looking at its mail again, known messages are recognised",
                               metadata: ["old": "\(old.uidValidity)", "new": "\(uidValidity)"])
            }
            try store.resetCursor(channel: channel.name, to: fresh)
            cursor = fresh
        }
        guard let cursor else { return PollResult() }

        // UIDs committed by an earlier run that died before the server confirmed \Seen.
        if canFlag {
            try markSeen(try store.pendingSeen(channel: channel.name, uidValidity: uidValidity), imap: imap, uidValidity: uidValidity)
        }

        let found = try search(IngestPlan.searchCriteria(cursor: cursor, onlyUnseen: channel.onlyUnseen), imap: imap)
        let uids = IngestPlan.newUIDs(found, cursor: cursor)
        var result = PollResult()
        if !uids.isEmpty {
            let sizes = try fetchSizes(UIDSet(uids), imap: imap)
            let batches = IngestPlan.batches(uids.filter { sizes[$0] != nil }, sizes: sizes)
            result = try BatchPipeline(session: self, imap: imap, uidValidity: uidValidity, sizes: sizes, flagSeen: canFlag).run(batches)
        }
        if cursor.inBacklog && result.complete {
            try store.advanceCursor(channel: channel.name, uidValidity: uidValidity, to: cursor.backlogUID, now: clock())
        }
        return result
    }

    /// ESEARCH (RFC 4731) answers with ranges (`1:5000`) instead of one number per message.
    private func search(_ criteria: String, imap: IMAPConnection) throws(IMAPError) -> [UInt32] {
        var found = [UInt32]()
        let command = imap.capabilities.contains("ESEARCH") ? "UID SEARCH RETURN (ALL) \(criteria)" : "UID SEARCH \(criteria)"
        try imap.run(command) { response throws(IMAPError) in
            switch response {
            case let .search(uids): found.append(contentsOf: uids)
            case let .esearch(_, all?, _, _, _): found.append(contentsOf: all)
            default: break
            }
        }
        return found
    }

    private func fetchSizes(_ uids: UIDSet, imap: IMAPConnection) throws(IMAPError) -> [UInt32: Int] {
        var sizes = [UInt32: Int]()
        try imap.run("UID FETCH \(uids) (UID RFC822.SIZE)") { response throws(IMAPError) in
            if case let .fetch(_, attributes) = response, let uid = attributes.uid, let size = attributes.size {
                sizes[uid] = size
            }
        }
        return sizes
    }

    /// Sets \\Seen on UIDs stored earlier. A refusal is logged, not fatal: the UIDs stay in flight and new
    /// mail keeps coming in (a mailbox must never stop importing because a flag cannot be set).
    func markSeen(_ uids: [UInt32], imap: IMAPConnection, uidValidity: UInt32) throws {
        guard !uids.isEmpty else { return }
        if try finishStore(imap.send("UID STORE \(UIDSet(uids)) +FLAGS.SILENT (\\Seen)"), imap: imap) {
            try store.confirmSeen(channel: channel.name, uidValidity: uidValidity, uids: uids)
        }
    }

    /// Waits for a \\Seen STORE; false when the server refused it.
    func finishStore(_ tag: String, imap: IMAPConnection) throws(IMAPError) -> Bool {
        do {
            try imap.finish(tag, command: "UID STORE")
            return true
        } catch where error.kind == .commandFailed {
            logger.warning("could not mark stored mail \\Seen; will try again next poll", metadata: ["reason": "\(error)"])
            return false
        }
    }
}

/// What one poll did.
struct PollResult: Sendable, Equatable {
    /// False when the server sent only part of what was asked: the rest waits for the next poll.
    var complete = true
    var stored = 0
    var duplicates = 0
    var headersOnly = 0
}
