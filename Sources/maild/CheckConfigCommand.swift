import ArgumentParser
import MaildConfig

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Checks a config file and reports every problem as FILE:LINE: key: what is wrong (exit 2).")

    @Option(help: "The config file.")
    var config: String = MaildConfiguration.defaultPath

    func run() throws {
        let configuration = try loadConfiguration(config)
        print("\(config): ok, \(configuration.channels.count) channel(s)")
    }
}
