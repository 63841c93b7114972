import Foundation
import GRDB

/// What agents do to a ticket (through the control socket), each one write transaction that records who did
/// it in the ticket's history. `actor` is the agent's name, or `system`. A change to the value the ticket
/// already has writes nothing and records nothing. A request that cannot be done throws a refusal
/// (`StorageError.isRefusal`) saying what was wrong.
extension MailStore {
    /// The priorities a ticket can have, lowest first: the set Zammad and FreeScout use.
    public static let ticketPriorities = ["low", "normal", "high", "urgent"]

    /// Sets a ticket's status. The status must be one of the ticket's pipeline as configured for its channel
    /// (`withTicketPolicies(_:)`); a closed status stamps `closed_at` (kept when moving between closed
    /// statuses), an open one clears it. The ticket's conversation closes and reopens with it.
    public func setStatus(ticket: Int64, status: String, actor: String, now: Date = Date()) throws(StorageError) {
        let (policies, tokenFormat) = (ticketPolicies, ticketTokenFormat)
        let acknowledgement = try write("setting the status of ticket \(ticket)") { db -> QueuedOutboxItem? in
            let row = try Self.ticketRow(ticket, actor: actor, db: db)
            let policy = try Self.policy(of: row, in: policies)
            guard let isOpen = policy.isOpen(status) else {
                throw StorageError.refusal("\"\(status)\" is not a status of pipeline \(policy.pipeline): use "
                                           + Self.list(policy.statuses.map(\.name), or: true))
            }
            let old: String = row["status"]
            guard old != status else { return nil }
            let wasOpen = row["closed_at"] as Double? == nil
            let closedAt: Date? = isOpen ? nil : ((row["closed_at"] as Double?).map(Date.init(timeIntervalSince1970:)) ?? now)
            try Self.changeStatus(ticket: ticket, from: old, to: status, closedAt: closedAt, action: "status", actor: actor, now: now, db: db)
            // Closing (not moving between closed statuses) tells the customer, when the channel says so.
            guard wasOpen, !isOpen else { return nil }
            return try Self.queueAcknowledgement(.closed, ticket: ticket, recipient: try Self.customer(of: ticket, db: db),
                                                 channel: row["channel"], policy: policy, tokenFormat: tokenFormat, now: now, db: db)
        }
        if let acknowledgement { outboxObserver?([acknowledgement]) }
    }

    /// Assigns a ticket to an agent (by name, as the helpdesk writes it); nil unassigns.
    public func assign(ticket: Int64, to assignee: String?, actor: String, now: Date = Date()) throws(StorageError) {
        let name = try assignee.map { (value) throws(StorageError) in try Self.name(value, of: "an assignee (nil unassigns)") }
        try setField(.assignee, of: ticket, to: name, actor: actor, now: now)
    }

    /// Moves a ticket to another queue. Queues are free names, like `default_queue` in the config.
    public func setQueue(ticket: Int64, queue: String, actor: String, now: Date = Date()) throws(StorageError) {
        try setField(.queue, of: ticket, to: Self.name(queue, of: "a queue"), actor: actor, now: now)
    }

    /// Sets a ticket's priority: one of `ticketPriorities`, in any letter case.
    public func setPriority(ticket: Int64, priority: String, actor: String, now: Date = Date()) throws(StorageError) {
        let value = priority.trimmingCharacters(in: .whitespaces).lowercased()
        guard Self.ticketPriorities.contains(value) else {
            throw StorageError.refusal("\"\(priority)\" is not a priority: use \(Self.list(Self.ticketPriorities, or: true))")
        }
        try setField(.priority, of: ticket, to: value, actor: actor, now: now)
    }

    /// Sets a ticket's category (a free name); nil clears it.
    public func setCategory(ticket: Int64, category: String?, actor: String, now: Date = Date()) throws(StorageError) {
        let name = try category.map { (value) throws(StorageError) in try Self.name(value, of: "a category (nil clears it)") }
        try setField(.category, of: ticket, to: name, actor: actor, now: now)
    }

    /// The ticket columns agents set directly, each with the word history uses for "none".
    private enum Field: String {
        case assignee, queue, priority, category
        var none: String { self == .assignee ? "nobody" : "none" }
    }

    private func setField(_ field: Field, of ticket: Int64, to value: String?, actor: String, now: Date) throws(StorageError) {
        try write("setting the \(field.rawValue) of ticket \(ticket)") { db in
            let row = try Self.ticketRow(ticket, actor: actor, db: db)
            let old: String? = row[field.rawValue]
            guard old != value else { return }
            // The column name comes from `Field`, never from the caller.
            try db.execute(sql: "UPDATE ticket SET \(field.rawValue) = ?, updated_at = ? WHERE id = ?",
                           arguments: [value, now.timeIntervalSince1970, ticket])
            try Self.recordHistory(ticket: ticket, actor: actor, action: field.rawValue,
                                   detail: "\(old ?? field.none) → \(value ?? field.none)", now: now, db: db)
        }
    }

    /// The ticket's row, after checking the actor is named; refuses an unknown id.
    static func ticketRow(_ id: Int64, actor: String, db: Database) throws -> Row {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StorageError.refusal("say who makes the change: an agent's name, or system")
        }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM ticket WHERE id = ?", arguments: [id]) else {
            throw StorageError.refusal("there is no ticket with id \(id)")
        }
        return row
    }

    /// The ticket's channel's policy; its statuses are known only while the channel still uses the ticket's
    /// pipeline in the config.
    static func policy(of ticket: Row, in policies: [String: TicketPolicy]) throws -> TicketPolicy {
        let channel: String = ticket["channel"], pipeline: String = ticket["pipeline"], number: Int64 = ticket["number"]
        guard let policy = policies[channel], policy.pipeline == pipeline else {
            throw StorageError.refusal("ticket \(number) is in pipeline \(pipeline), which channel \(channel) no longer uses "
                                       + "in the configuration: its statuses are unknown")
        }
        return policy
    }

    /// A name an agent typed, trimmed; an empty one is refused.
    static func name(_ value: String, of what: String) throws(StorageError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StorageError.refusal("\(what) cannot be empty") }
        return trimmed
    }

    /// `a, b or c` (`and` when `or` is false).
    static func list(_ items: [String], or: Bool = false) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + items.last!
    }
}
