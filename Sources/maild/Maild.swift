import ArgumentParser

@main
struct Maild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maild",
        abstract: "Turns a helpdesk's mailboxes into tickets and sends its replies.",
        version: MaildVersion.current,
        subcommands: [RunCommand.self, CheckConfigCommand.self, ImportCommand.self, ExportCommand.self, CtlCommand.self])

    /// As ArgumentParser's own, except that bad arguments exit 2 (not 64), as the exit codes below promise.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            printError(fullMessage(for: error))
            exit(withError: ExitStatus.usage)
        }
    }
}

/// Exit codes: 2 for a bad config or bad arguments (as `check-config` promises), 1 for a failure at run time
/// or a request maild refused, 3 when `maild ctl` cannot reach the daemon.
enum ExitStatus {
    static let badConfig = ExitCode(2)
    static let usage = ExitCode(2)
    static let failure = ExitCode(1)
    static let refused = ExitCode(1)
    static let cannotConnect = ExitCode(3)
}
