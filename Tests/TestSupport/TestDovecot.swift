import Foundation

/// A private Dovecot on 127.0.0.1 started by scripts/dovecot.sh, one per test; user `test`, password `secret`.
public final class TestDovecot: @unchecked Sendable {
    public let directory: URL
    public let imapPort: Int
    public let imapsPort: Int

    public init(_ label: String, ports given: [Int]? = nil) throws {
        directory = Paths.temporaryDirectory(label)
        let ports = try given ?? Shell.freePorts(2)
        imapPort = ports[0]
        imapsPort = ports[1]
        try Shell.run(Paths.script("dovecot.sh"), ["start", directory.path, "\(imapPort)", "\(imapsPort)"])
    }

    deinit { stop() }

    public func stop() { _ = try? Shell.run(Paths.script("dovecot.sh"), ["stop", directory.path]) }

    /// Start again on the same ports, with the same mailbox.
    public func start() throws {
        try Shell.run(Paths.script("dovecot.sh"), ["start", directory.path, "\(imapPort)", "\(imapsPort)"])
    }

    /// Kills every process serving clients (SIGKILL to the master's children): each connection drops at
    /// once, mid-response, and the master starts fresh ones for the next login.
    public func dropConnections() throws {
        let master = try String(contentsOfFile: directory.appendingPathComponent("run/master.pid").path, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try Shell.run("/usr/bin/pkill", ["-KILL", "-P", master])
    }

    public var caFile: String { directory.appendingPathComponent("ca.pem").path }

    public func deliver(_ files: [String]) throws {
        try Shell.run(Paths.script("dovecot.sh"), ["deliver", directory.path] + files)
    }

    /// Writes messages to files and delivers them; returns the files.
    @discardableResult
    public func deliver(messages: [String]) throws -> [String] {
        let folder = directory.appendingPathComponent("outgoing-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = try messages.enumerated().map { index, text in
            let file = folder.appendingPathComponent(String(format: "%06d.eml", index)).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            return file
        }
        try deliver(files)
        return files
    }

    public func recreateInbox() throws { try Shell.run(Paths.script("dovecot.sh"), ["recreate-inbox", directory.path]) }

    public struct State: Decodable {
        public let uidvalidity: UInt32
        public let total: Int
        public let unseen: [Int]
        public let digests: [String]?
    }

    public func state(markSeen: [Int] = [], digests: Bool = false) throws -> State {
        var arguments = [Paths.script("imap-state.py"), "\(imapPort)"]
        if digests { arguments.append("--digests") }
        if !markSeen.isEmpty { arguments += ["--mark-seen", markSeen.map(String.init).joined(separator: ",")] }
        let json = try Shell.run("/usr/bin/python3", arguments)
        return try JSONDecoder().decode(State.self, from: Data(json.utf8))
    }
}
