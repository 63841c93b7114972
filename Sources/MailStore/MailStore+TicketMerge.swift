import Foundation
import GRDB

extension MailStore {
    /// Merges ticket `absorbed` into ticket `survivor` (both by id), when an agent finds a customer wrote
    /// about one matter twice. Only tickets of the same customer merge. The absorbed ticket's messages move to
    /// the survivor, its conversation joins the survivor's (so replies on its thread, and its ticket token,
    /// reach the survivor), and it is closed (the first closed status of its pipeline) and marked merged.
    /// The survivor keeps its own status, queue, assignee, priority, category and tags.
    public func merge(ticket absorbed: Int64, into survivor: Int64, actor: String, now: Date = Date()) throws(StorageError) {
        let policies = ticketPolicies
        try write("merging ticket \(absorbed) into ticket \(survivor)") { db in
            let from = try Self.ticketRow(absorbed, actor: actor, db: db)
            let into = try Self.ticketRow(survivor, actor: actor, db: db)
            let fromNumber: Int64 = from["number"], intoNumber: Int64 = into["number"]
            try Self.checkMerge(from, into: into, db: db)
            let policy = try Self.policy(of: from, in: policies)
            guard let closed = policy.statuses.first(where: { !$0.isOpen })?.name else {
                throw StorageError.refusal("pipeline \(policy.pipeline) has no closed status to close ticket \(fromNumber) with")
            }

            let conversation = from["conversation_id"] as Int64?
            let moved = try Self.absorb(ticket: from, into: into, closedStatus: closed, actor: actor,
                                        detail: "merged into ticket \(intoNumber)", now: now, db: db)
            if let conversation, let target = into["conversation_id"] as Int64? {
                // The survivor's conversation takes over (a ticket is found by its conversation_id), however
                // old: the agent chose the survivor, unlike threading, which keeps the oldest.
                try Self.merge(conversation, into: target, closedStatuses: [:], why: "merged by \(actor)", now: now, db: db)
            }
            try Self.recordHistory(ticket: survivor, actor: actor, action: "merged",
                                   detail: "ticket \(fromNumber) merged into this one with its \(Self.messageCount(moved))", now: now, db: db)
        }
    }

    /// Folds ticket `moving` into `staying`, inside a merge: its messages and its replies not yet sent move to
    /// `staying`, it gives up its conversation, it (and every ticket merged into it, so `merged_into` always
    /// names a live ticket) is marked merged into `staying`, and an open one is closed with `closedStatus`
    /// (when its pipeline is still configured); its history says `detail`. The caller merges the conversations
    /// and writes the survivor's history. Returns how many messages moved.
    static func absorb(ticket moving: Row, into staying: Row, closedStatus: String?, actor: String, detail: String, now: Date,
                       db: Database) throws -> Int {
        let from: Int64 = moving["id"], into: Int64 = staying["id"]
        try db.execute(sql: "UPDATE message SET ticket_id = ? WHERE ticket_id = ?", arguments: [into, from])
        let moved = db.changesCount
        try db.execute(sql: "UPDATE outbox_item SET ticket_id = ? WHERE ticket_id = ? AND state IN ('queued', 'sending')",
                       arguments: [into, from])
        // Its conversation goes first, so closing it below leaves the merged conversation open.
        try db.execute(sql: "UPDATE ticket SET conversation_id = NULL WHERE id = ?", arguments: [from])
        try db.execute(sql: "UPDATE ticket SET merged_into = ? WHERE merged_into = ? OR id = ?", arguments: [into, from, from])
        try db.execute(sql: "UPDATE ticket SET updated_at = ? WHERE id IN (?, ?)", arguments: [now.timeIntervalSince1970, from, into])
        try recordHistory(ticket: from, actor: actor, action: "merged", detail: detail, now: now, db: db)
        if let closedStatus, (moving["closed_at"] as Double?) == nil {
            try changeStatus(ticket: from, from: moving["status"], to: closedStatus, closedAt: now, action: "status", actor: actor,
                             now: now, db: db)
        }
        return moved
    }

    static func messageCount(_ count: Int) -> String { count == 1 ? "1 message" : "\(count) messages" }

    /// Refuses a merge an agent cannot have meant: a ticket into itself, a merged ticket, another customer's
    /// ticket, or a survivor whose conversation a newer ticket has taken over.
    private static func checkMerge(_ from: Row, into: Row, db: Database) throws {
        let fromNumber: Int64 = from["number"], intoNumber: Int64 = into["number"]
        guard fromNumber != intoNumber else {
            throw StorageError.refusal("ticket \(fromNumber) cannot be merged into itself")
        }
        for ticket in [from, into] {
            guard let target = ticket["merged_into"] as Int64? else { continue }
            let number: Int64 = ticket["number"]
            let targetNumber = try Int64.fetchOne(db, sql: "SELECT number FROM ticket WHERE id = ?", arguments: [target]) ?? target
            throw StorageError.refusal("ticket \(number) is already merged into ticket \(targetNumber)")
        }
        guard let customer = from["customer"] as Int64?, customer == into["customer"] as Int64? else {
            throw StorageError.refusal("tickets \(fromNumber) and \(intoNumber) have different customers: merge refused")
        }
        if from["conversation_id"] as Int64? != nil, into["conversation_id"] as Int64? == nil {
            let newer = try Int64.fetchOne(db, sql: "SELECT number FROM ticket WHERE reopened_from = ?", arguments: [into["id"] as Int64])
            guard newer != fromNumber else {
                throw StorageError.refusal("ticket \(fromNumber) continues ticket \(intoNumber): merge ticket \(intoNumber) into it instead")
            }
            throw StorageError.refusal("ticket \(intoNumber) handed its conversation to ticket \(newer.map(String.init) ?? "?") "
                                       + "(a reply after the reopen window): merge into that one")
        }
    }
}
