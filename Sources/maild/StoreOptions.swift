import ArgumentParser
import MailStore
import MaildConfig

/// `--config FILE` or, for scripts, `--database PATH` with defaults for everything else.
struct StoreOptions: ParsableArguments {
    @Option(help: "The config file.")
    var config: String?

    @Option(help: "The SQLite database, instead of --config.")
    var database: String?

    func validate() throws {
        if config != nil && database != nil { throw ValidationError("give --config or --database, not both") }
        if config == nil && database == nil { throw ValidationError("give --config FILE or --database PATH") }
    }

    func openStore() throws -> MailStore {
        let path: String
        if let database { path = database } else { path = try loadConfiguration(config!).database }
        do { return try MailStore(path: path) } catch {
            printError("maild: \(error)")
            throw ExitStatus.failure
        }
    }
}

/// Loads the config or prints every problem as `FILE:LINE: key: what is wrong` and exits 2.
func loadConfiguration(_ path: String) throws -> MaildConfiguration {
    do { return try ConfigLoader.load(path: path) } catch {
        printError(error.description)
        throw ExitStatus.badConfig
    }
}
