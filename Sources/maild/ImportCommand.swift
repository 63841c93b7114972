import ArgumentParser
import MailIngest
import MailStore
import MaildConfig

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Stores local .eml files, Maildir folders and mbox files, each message exactly once.")

    @OptionGroup var options: StoreOptions

    /// A configured channel keeps its own ticket settings; any other channel (and `--database`) opens tickets in
    /// the default pipeline `support` and queue.
    @Option(help: "The channel the messages are recorded under.")
    var channel: String = "import"

    @Argument(help: "Files and folders to import.")
    var paths: [String]

    func run() throws {
        let configuration = try options.config.map(loadConfiguration) ?? MaildConfiguration()
        var policies = configuration.ticketPolicies(acknowledging: false)
        if policies[channel] == nil { policies[channel] = .forImport(configuration: configuration) }
        let store = try options.openStore().configured(configuration, policies: policies)
        do {
            let summary = try LocalImport(store: store, channel: channel).importPaths(paths)
            print("imported \(summary.stored) new message(s), \(summary.duplicates) already stored, from \(summary.files) file(s)")
        } catch {
            printError("maild import: \(error)")
            throw ExitStatus.failure
        }
    }
}
