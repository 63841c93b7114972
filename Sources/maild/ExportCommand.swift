import ArgumentParser
import Foundation
import Glibc
import MailStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Prints stored data as JSON lines.",
        subcommands: [Messages.self])

    struct Messages: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One JSON object per stored message.")

        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openStore()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            var out = [UInt8]()
            var written = true
            try store.forEachMessage { message in
                out.append(contentsOf: try encoder.encode(message))
                out.append(0x0A)
                if out.count > 1 << 16 { written = written && Output.write(out, fd: 1); out.removeAll(keepingCapacity: true) }
            }
            guard written && Output.write(out, fd: 1) else {
                printError("maild export: writing the output failed: \(String(cString: strerror(errno)))")
                throw ExitStatus.failure
            }
        }
    }
}
