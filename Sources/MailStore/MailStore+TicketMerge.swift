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

            try db.execute(sql: "UPDATE message SET ticket_id = ? WHERE ticket_id = ?", arguments: [survivor, absorbed])
            let moved = db.changesCount
            if let conversation = from["conversation_id"] as Int64?, let target = into["conversation_id"] as Int64? {
                // The survivor's conversation takes over (a ticket is found by its conversation_id), however
                // old: the agent chose the survivor, unlike threading, which keeps the oldest.
                try db.execute(sql: "UPDATE ticket SET conversation_id = NULL WHERE id = ?", arguments: [absorbed])
                try Self.merge(conversation, into: target, now: now, db: db)
            }
            // Tickets merged into the absorbed one follow it, so merged_into always names a live ticket.
            try db.execute(sql: "UPDATE ticket SET merged_into = ? WHERE merged_into = ? OR id = ?",
                           arguments: [survivor, absorbed, absorbed])
            try db.execute(sql: "UPDATE ticket SET updated_at = ? WHERE id IN (?, ?)", arguments: [now.timeIntervalSince1970, absorbed, survivor])
            try Self.recordHistory(ticket: absorbed, actor: actor, action: "merged", detail: "merged into ticket \(intoNumber)", now: now, db: db)
            let status: String = from["status"]
            if policy.isOpen(status) != false {
                try Self.changeStatus(ticket: absorbed, from: status, to: closed, closedAt: now, action: "status", actor: actor, now: now, db: db)
            }
            let messages = moved == 1 ? "1 message" : "\(moved) messages"
            try Self.recordHistory(ticket: survivor, actor: actor, action: "merged",
                                   detail: "ticket \(fromNumber) merged into this one with its \(messages)", now: now, db: db)
        }
    }

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
