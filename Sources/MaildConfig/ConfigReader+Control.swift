import Yams

/// `control_socket`: where the daemon listens for `maild ctl` (docs/control-protocol.md).
extension ConfigReader {
    static let controlKeys = ["control_socket"]

    /// Linux keeps a Unix socket's path in `sockaddr_un.sun_path`, 108 bytes with the terminating NUL.
    static let maxSocketPathBytes = 107

    func socketPath(_ entry: Section.Entry) -> String? {
        guard let path = absolutePath(entry) else { return nil }
        guard path.utf8.count <= Self.maxSocketPathBytes else {
            report(line: valueLine(entry), key: entry.path,
                   "is \(path.utf8.count) bytes long; a Unix socket path may have at most \(Self.maxSocketPathBytes)")
            return nil
        }
        guard !path.hasSuffix("/") else {
            report(line: valueLine(entry), key: entry.path, "expected the socket file's path, got a directory \(quoted(path))")
            return nil
        }
        return path
    }
}

extension ConfigLoader {
    /// Only `control_socket`, for `maild ctl`: an agent may read the config file but not the password files
    /// the full check opens, and needs nothing else from it. The default when the file does not set it.
    public static func controlSocket(path: String) throws(ConfigError) -> String {
        let bytes: [UInt8]
        switch FileBytes.contents(of: path) {
        case .success(let contents): bytes = contents
        case .failure(let failure):
            throw ConfigError(file: path, message: "cannot read the configuration file: \(failure.reason)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ConfigError([YAMLSyntaxProblem.problem(for: error, in: text, file: path)])
        }
        let reader = ConfigReader(file: path)
        guard let root, let section = reader.section(root, path: "", line: 1, expected: "a mapping of settings"),
              let entry = section["control_socket"] else {
            guard reader.problems.isEmpty else { throw ConfigError(reader.problems) }
            return MaildConfiguration.defaultControlSocket
        }
        guard let socket = reader.socketPath(entry) else { throw ConfigError(reader.problems) }
        return socket
    }
}
