import ArgumentParser
import MailIngest

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Stores local .eml files, Maildir folders and mbox files, each message exactly once.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The channel the messages are recorded under.")
    var channel: String = "import"

    @Argument(help: "Files and folders to import.")
    var paths: [String]

    func run() throws {
        let store = try options.openStore()
        do {
            let summary = try LocalImport(store: store, channel: channel).importPaths(paths)
            print("imported \(summary.stored) new message(s), \(summary.duplicates) already stored, from \(summary.files) file(s)")
        } catch {
            printError("maild import: \(error)")
            throw ExitStatus.failure
        }
    }
}
