import ArgumentParser
import Control
import Foundation
import Outbox

/// `maild ctl send`: queues a reply (or a first message, with --queue) and says how to cancel it.
struct CtlSend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Queues a reply; it leaves after the undo delay unless cancelled.")

    @OptionGroup var options: CtlOptions

    @Option(help: "The channel that sends it.") var channel: String
    @Option(help: "The ticket answered (its number); leave out to start a new conversation (needs --queue).") var ticket: Int64?
    @Option(help: "The queue of the new ticket, for a message that starts a conversation.") var queue: String?
    @Option(help: ArgumentHelp("A To address (repeat for more).", valueName: "address")) var to: [String] = []
    @Option(help: ArgumentHelp("A Cc address (repeat for more).", valueName: "address")) var cc: [String] = []
    @Option(help: ArgumentHelp("A Bcc address (repeat for more).", valueName: "address")) var bcc: [String] = []
    @Option(help: "The subject; the ticket's token is added to it.") var subject: String
    @Option(help: "The plain-text body.") var text: String?
    @Option(help: ArgumentHelp("Read the plain-text body from this file (- for stdin).", valueName: "path")) var textFile: String?
    @Option(help: ArgumentHelp("Read an HTML body from this file.", valueName: "path")) var htmlFile: String?
    @Option(help: ArgumentHelp("Attach a file maild can read (repeat for more).", valueName: "path")) var attach: [String] = []
    @Option(help: ArgumentHelp("Seconds to wait before sending (0: at once); default: the channel's send_delay.", valueName: "seconds"))
    var delay: Double?
    @Option(help: ArgumentHelp("When to send: 2026-03-29T09:00:00+02:00 or '2026-03-29T09:00 Europe/Berlin'.", valueName: "time"))
    var sendAt: String?
    @Option(help: "Who wrote it, for the ticket's history (default: your login name).") var actor: String?

    func validate() throws {
        if text != nil && textFile != nil { throw ValidationError("give --text or --text-file, not both") }
        if delay != nil && sendAt != nil { throw ValidationError("give --delay or --send-at, not both") }
    }

    func run() throws {
        // Bodies are read here, by the agent: the daemon may not see the agent's files (ProtectHome=yes).
        let body = try textFile.map(Self.read) ?? text ?? ""
        let html = try htmlFile.map(Self.read)
        let cwd = FileManager.default.currentDirectoryPath
        let attachments = attach.map { $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: cwd + "/")).path }
        let request = ReplyRequest(channel: channel, ticket: ticket, queue: queue, to: to, cc: cc, bcc: bcc, subject: subject,
                                   text: body, html: html, attachments: attachments, delay: delay, sendAt: sendAt,
                                   actor: actor ?? currentUser())
        guard let item = try options.exchange(.send(request)).item else { return }
        let ticket = item.ticket.map { "ticket \($0)" } ?? "a new ticket"
        options.say("queued item \(item.id) for \(ticket), sending at \(item.dueAt) (cancel with: maild ctl cancel \(item.id))")
    }

    private static func read(_ path: String) throws -> String {
        let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
        guard let data, let text = String(data: data, encoding: .utf8) else {
            printError("maild ctl: cannot read \(path) as UTF-8 text")
            throw ExitStatus.usage
        }
        return text
    }
}
