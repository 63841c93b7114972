import ArgumentParser
import Foundation
import Glibc
import MailStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Prints stored data as JSON lines.",
        subcommands: [Messages.self, Tickets.self, OutboxItems.self])

    struct Messages: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One JSON object per stored message.")

        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openStore()
            try ExportCommand.writeLines { line in try store.forEachMessage(line) }
        }
    }

    struct Tickets: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One JSON object per ticket.")

        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openStore()
            try ExportCommand.writeLines { line in try store.forEachTicket(line) }
        }
    }

    struct OutboxItems: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outbox", abstract: "One JSON object per outbox item (queued, sending, sent, failed, cancelled).")

        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openStore()
            try ExportCommand.writeLines { line in try store.forEachOutboxItem(line) }
        }
    }

    /// Writes what `each` yields as JSON lines to stdout, in 64 KiB writes; a failed write exits 1.
    static func writeLines<Item: Encodable>(_ each: ((Item) throws -> Void) throws -> Void) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var out = [UInt8]()
        var written = true
        try each { item in
            out.append(contentsOf: try encoder.encode(item))
            out.append(0x0A)
            if out.count > 1 << 16 { written = written && Output.write(out, fd: 1); out.removeAll(keepingCapacity: true) }
        }
        guard written && Output.write(out, fd: 1) else {
            printError("maild export: writing the output failed: \(String(cString: strerror(errno)))")
            throw ExitStatus.failure
        }
    }
}
