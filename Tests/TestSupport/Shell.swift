import Foundation
import Glibc

/// Runs commands with posix_spawn and waitpid. Not Foundation.Process: on Linux its waitUntilExit can miss a
/// child's exit when several run at once, and a daemon started by a script keeps its output pipe open.
/// Output goes to files instead of pipes for the same reason.
public enum Shell {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("maild-out-\(UUID().uuidString)").path
        let err = dir.appendingPathComponent("maild-err-\(UUID().uuidString)").path
        defer { unlink(out); unlink(err) }
        let pid = try spawn(executable, arguments, stdout: out, stderr: err)
        let status = wait(pid)
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(status): \(errors)")
        }
        return output
    }

    /// Starts a process with stdin from /dev/null and stdout/stderr appended to files; returns its pid.
    public static func spawn(_ executable: String, _ arguments: [String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        // The caller is a Dispatch or Swift-pool thread, which blocks every signal; a child would inherit
        // that mask, so the servers the scripts start never saw SIGTERM: each stop waited out its 5 s and
        // SIGKILLed, blocking a pool thread meanwhile (measured: SigBlk with SIGTERM set in every receiver).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Waits for `pid` to exit; returns its exit status, or 128+signal when a signal ended it.
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Free TCP ports on 127.0.0.1 (scripts/free-port.py reserves them so parallel tests never share one).
    public static func freePorts(_ count: Int) throws -> [Int] {
        try run("/usr/bin/python3", [Paths.script("free-port.py"), "\(count)"])
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    }
}
