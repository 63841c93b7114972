import MailStore

/// Imports the batches of one search result with the server and maild working at the same time: the next
/// batch's FETCH is on the wire while the current batch is committed, and a batch's \\Seen STORE travels
/// with it. Order per batch k (durable first, then tell the server):
///
///     finish FETCH k → finish STORE k-1 → send FETCH k+1 → commit k (and forget k-1's UIDs in flight)
///     → send STORE k
///
/// STORE k leaves only after commit k, so a crash never marks an unstored message \\Seen. Tagged
/// completions come back in the order the commands went out, but a server may run two FETCHes at once
/// and interleave their data (RFC 3501 §5.5; Dovecot does): fetched messages are collected by UID, not by
/// the command being finished.
final class BatchPipeline {
    let session: ChannelSession
    let imap: IMAPConnection
    let uidValidity: UInt32
    let sizes: [UInt32: Int]
    let flagSeen: Bool

    private var limit: Int { session.channel.maxMessageBytes }
    private var fetched = [UInt32: MessageRecord]()

    init(session: ChannelSession, imap: IMAPConnection, uidValidity: UInt32, sizes: [UInt32: Int], flagSeen: Bool) {
        self.flagSeen = flagSeen
        self.session = session
        self.imap = imap
        self.uidValidity = uidValidity
        self.sizes = sizes
    }

    /// Imports `batches` in order. Stops early, with `result.complete == false`, after a batch the server
    /// sent only part of: the cursor then stands before the first missing UID and the next poll's search
    /// decides (an expunged UID is no longer found; anything else is fetched again).
    func run(_ batches: [[UInt32]]) throws -> PollResult {
        var result = PollResult()
        var fetches = try batches.first.map(sendFetch) ?? []
        var storeInFlight: (tag: String, uids: [UInt32])?
        for (index, batch) in batches.enumerated() {
            try session.stop.check()
            let records = try finishFetch(fetches, batch: batch)
            let complete = records.count == batch.count
            let cursor = Self.cursorAfter(batch: batch, stored: records.count)
            var confirmed = [UInt32]()
            if let previous = storeInFlight {
                if try session.finishStore(previous.tag, imap: imap) { confirmed = previous.uids }
                storeInFlight = nil
            }
            if complete && index + 1 < batches.count { fetches = try sendFetch(batches[index + 1]) }
            let outcomes = try session.store.store(
                records, channel: session.channel.name, advanceCursorTo: (uidValidity, cursor),
                confirmedSeen: confirmed, now: session.clock())
            tally(records, outcomes, into: &result)
            let seen = records.compactMap { item -> UInt32? in
                guard item.record.headersOnlyReason == nil, case let .imap(_, uid) = item.source else { return nil }
                return uid
            }
            if flagSeen && !seen.isEmpty {
                storeInFlight = (try imap.send("UID STORE \(UIDSet(seen)) +FLAGS.SILENT (\\Seen)"), seen)
            }
            session.logger.debug("batch committed", metadata: ["messages": "\(records.count)", "cursor": "\(cursor)"])
            if !complete {
                result.complete = false
                break
            }
        }
        if let last = storeInFlight, try session.finishStore(last.tag, imap: imap) {
            try session.store.confirmSeen(channel: session.channel.name, uidValidity: uidValidity, uids: last.uids)
        }
        return result
    }

    /// The cursor moves to the last UID before the first one the server sent nothing for (expunged meanwhile,
    /// or a server fault), and `run` stops there: if it was expunged, the next search skips it; if not, it
    /// is fetched again. Never lost.
    static func cursorAfter(batch: [UInt32], stored: Int) -> UInt32 {
        stored == batch.count ? batch.last! : (stored == 0 ? batch[0] - 1 : batch[stored - 1])
    }

    private typealias Fetch = (tag: String, headersOnly: Bool)

    /// Whole messages with BODY.PEEK[] (fetching never sets \\Seen, RFC 3501 §6.4.5); messages over
    /// max_message_bytes only their header section.
    private func sendFetch(_ batch: [UInt32]) throws(IMAPError) -> [Fetch] {
        let whole = batch.filter { sizes[$0, default: 0] <= limit }
        let oversized = batch.filter { sizes[$0, default: 0] > limit }
        var fetches = [Fetch]()
        if !whole.isEmpty { fetches.append((try imap.send("UID FETCH \(UIDSet(whole)) (UID BODY.PEEK[])"), false)) }
        if !oversized.isEmpty {
            fetches.append((try imap.send("UID FETCH \(UIDSet(oversized)) (UID BODY.PEEK[HEADER])"), true))
        }
        return fetches
    }

    private func finishFetch(_ fetches: [Fetch], batch: [UInt32]) throws(IMAPError)
        -> [(source: MessageSource, record: MessageRecord)]
    {
        for fetch in fetches {
            try imap.finish(fetch.tag, command: "UID FETCH") { response throws(IMAPError) in collect(response) }
        }
        var records = [(source: MessageSource, record: MessageRecord)]()
        for uid in batch {
            guard let record = fetched.removeValue(forKey: uid) else { break }
            records.append((.imap(uidValidity: uidValidity, uid: uid), record))
        }
        if records.count < batch.count {
            session.logger.notice("the server sent nothing for a UID; the cursor stops before it",
                                  metadata: ["uid": "\(batch[records.count])"])
        }
        return records
    }

    private func collect(_ response: IMAPUntagged) {
        guard case let .fetch(_, attributes) = response, let uid = attributes.uid else { return }
        if let body = attributes.body {
            fetched[uid] = MessageRecord(raw: body)
        } else if let header = attributes.header {
            let size = sizes[uid] ?? header.count
            fetched[uid] = MessageRecord(
                raw: header, size: size,
                headersOnlyReason: "message of \(size) bytes exceeds max_message_bytes (\(limit)); only its header was stored and it was left unread on the server")
        }
    }

    private func tally(_ records: [(source: MessageSource, record: MessageRecord)], _ outcomes: [StoreOutcome], into result: inout PollResult) {
        for (item, outcome) in zip(records, outcomes) {
            if case .duplicate = outcome { result.duplicates += 1 } else { result.stored += 1 }
            if let reason = item.record.headersOnlyReason {
                result.headersOnly += 1
                session.logger.warning("message too large, headers stored", metadata: ["reason": "\(reason)"])
            }
            if let problem = item.record.parseError {
                session.logger.notice("message stored with parse problems",
                                      metadata: ["digest": "\(item.record.digest)", "problems": "\(problem)"])
            }
        }
    }
}
