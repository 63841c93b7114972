import Yams

/// Reads a `MaildConfiguration` from the YAML file an admin wrote, or says precisely what is wrong
/// with it: every problem at once, each as `FILE:LINE: key: message`.
///
/// Besides the YAML itself, the files the configuration names are checked here, so that a typo
/// shows at startup and not at the first poll: each `password_file` must be readable and not empty,
/// each `ca_file` readable. `password_env` variables are read later, by the daemon, because a
/// config check in an admin's shell lacks the service's environment.
public enum ConfigLoader {
    /// Reads and checks the file at `path`.
    public static func load(path: String = MaildConfiguration.defaultPath) throws(ConfigError) -> MaildConfiguration {
        let bytes: [UInt8]
        switch FileBytes.contents(of: path) {
        case .success(let contents):
            bytes = contents
        case .failure(let failure):
            throw ConfigError(file: path, message: "cannot read the configuration file: \(failure.reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(file: path, line: firstLineNotUTF8(bytes),
                              message: "not valid UTF-8; save the file as UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Reads and checks YAML text; `file` is the name used in problems.
    public static func parse(_ yaml: String, file: String) throws(ConfigError) -> MaildConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError([YAMLSyntaxProblem.problem(for: error, in: yaml, file: file)])
        }
        let reader = ConfigReader(file: file)
        let configuration = reader.configuration(from: root)
        guard reader.problems.isEmpty else {
            // Stable, so that problems on one line keep the order in which they were found.
            let inFileOrder = reader.problems.enumerated()
                .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
                .map(\.element)
            throw ConfigError(inFileOrder)
        }
        return configuration
    }

    private static func firstLineNotUTF8(_ bytes: [UInt8]) -> Int {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let index = lines.firstIndex { String(validating: $0, as: UTF8.self) == nil } ?? 0
        return index + 1
    }
}
