import ArgumentParser
import Control
import Foundation
import MaildConfig

/// `maild ctl`: talks to the running daemon over its control socket (docs/control-protocol.md).
/// Exit codes: 0 done, 1 maild refused (the reason on stderr), 2 bad arguments, 3 maild unreachable.
struct CtlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Talks to the running daemon: queue or cancel a reply, list the outbox, show status.",
        discussion: "Exit codes: 0 done, 1 refused by maild, 2 bad arguments, 3 cannot reach maild.",
        subcommands: [CtlSend.self, CtlCancel.self, CtlOutbox.self, CtlStatus.self])
}

/// Where the daemon listens and how to print its answer; shared by every `ctl` subcommand.
struct CtlOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The daemon's config file, for its control_socket.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The control socket, instead of reading it from --config.", valueName: "path"))
    var socket: String?

    @Flag(help: "Print maild's JSON response as it came.")
    var json = false

    func validate() throws {
        if config != nil && socket != nil { throw ValidationError("give --config or --socket, not both") }
    }

    /// `--socket`, else `control_socket` of `--config` or of the default config file; without a readable
    /// default config file, the default socket.
    func socketPath() throws -> String {
        if let socket { return socket }
        let file = config ?? MaildConfiguration.defaultPath
        if config == nil && access(file, R_OK) != 0 { return MaildConfiguration.defaultControlSocket }
        do { return try ConfigLoader.controlSocket(path: file) } catch {
            printError(error.description)
            throw ExitStatus.badConfig
        }
    }

    /// Sends `request`; returns the reply when maild did what was asked, prints the raw line with `--json`.
    func exchange(_ request: ControlRequest) throws -> ControlReply {
        let path = try socketPath()
        let line: [UInt8]
        do { line = try ControlClient.exchange(request, socket: path) } catch {
            printError("maild ctl: \(error)")
            throw ExitStatus.cannotConnect
        }
        if json { Output.write(line + [0x0A], fd: 1) }
        guard let reply = try? ControlReply(parsing: line) else {
            printError("maild ctl: maild's answer is not a response this version understands: \(String(decoding: line.prefix(200), as: UTF8.self))")
            throw ExitStatus.failure
        }
        guard reply.ok else {
            let error = reply.error ?? ControlError(code: "unknown", message: "maild refused without saying why")
            if !json { printError("maild ctl: \(error.message) (\(error.code))") }
            throw ExitStatus.refused
        }
        return reply
    }

    /// Prints a line unless `--json` printed the response already.
    func say(_ text: String) {
        if !json { print(text) }
    }
}

/// The login name, for `--actor`'s default: the ticket's history shows who did what.
func currentUser() -> String {
    let environment = ProcessInfo.processInfo.environment
    if let name = environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "agent"
}
