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

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleWriter.write(string, fd: 2)
    }
}

enum FileHandleWriter {
    static func write(_ string: String, fd: Int32) { write(bytes: Array(string.utf8), fd: fd) }

    static func write(bytes: [UInt8], fd: Int32) {
        var bytes = bytes
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}

import Glibc
