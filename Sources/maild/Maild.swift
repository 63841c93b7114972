import ArgumentParser

@main
struct Maild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maild",
        abstract: "Turns a helpdesk's mailboxes into tickets and sends its replies.",
        subcommands: [RunCommand.self, CheckConfigCommand.self, ImportCommand.self, ExportCommand.self])
}

/// Exit codes: 2 for a bad config or bad arguments (as `check-config` promises), 1 for a failure at run time.
enum ExitStatus {
    static let badConfig = ExitCode(2)
    static let failure = ExitCode(1)
}
