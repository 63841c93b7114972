import ArgumentParser
import Control
import Foundation
import MailStore

/// `maild ctl cancel ID`: stops a queued reply before it leaves.
struct CtlCancel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancels a queued reply.")

    @OptionGroup var options: CtlOptions
    @Argument(help: "The outbox item's id (maild ctl send printed it).") var id: Int64
    @Option(help: "Who cancels it, for the ticket's history (default: your login name).") var actor: String?

    func run() throws {
        _ = try options.exchange(.cancel(id: id, actor: actor ?? currentUser()))
        options.say("cancelled item \(id)")
    }
}

/// `maild ctl outbox`: one line per outbox item, oldest first.
struct CtlOutbox: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Lists the outbox, oldest first.")

    @OptionGroup var options: CtlOptions
    @Option(help: "Only items in this state: queued, sending, sent, failed or cancelled.") var state: String?

    func validate() throws {
        if let state, OutboxItem.State(rawValue: state) == nil {
            throw ValidationError("unknown state \(state); use queued, sending, sent, failed or cancelled")
        }
    }

    func run() throws {
        let items = try options.exchange(.outbox(state: state.flatMap(OutboxItem.State.init(rawValue:)))).items ?? []
        if items.isEmpty { options.say(state.map { "no \($0) items" } ?? "the outbox is empty") }
        for item in items {
            let ticket = item.ticket.map { "ticket \($0)" } ?? "no ticket"
            let when = item.sentAt.map { "sent \($0)" } ?? "due \(item.dueAt)"
            let error = item.lastError.map { " (\($0))" } ?? ""
            options.say("\(item.id)  \(item.state.padding(toLength: 9, withPad: " ", startingAt: 0))  \(ticket)  \(item.channel)  \(when)  by \(item.actor)\(error)")
        }
    }
}

/// `maild ctl status`: is the daemon up, which version, which channels, how much is scheduled.
struct CtlStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Shows the running daemon's state.")

    @OptionGroup var options: CtlOptions

    func run() throws {
        let reply = try options.exchange(.status)
        let channels = (reply.channels ?? []).map { channel in
            channel.sends ? "\(channel.name) (sends as \(channel.address ?? "?"))" : "\(channel.name) (receives only)"
        }
        options.say("maild \(reply.version ?? "?") running; channels: \(channels.isEmpty ? "none" : channels.joined(separator: ", ")); "
                    + "\(reply.outboxScheduled ?? 0) repl\(reply.outboxScheduled == 1 ? "y" : "ies") scheduled")
    }
}
