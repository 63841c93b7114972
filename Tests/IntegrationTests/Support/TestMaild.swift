import Foundation
import TestSupport

/// The real maild binary with a config written for a test; its log goes to a file the test can read.
final class TestMaild {
    struct Channel {
        var name: String
        var port: Int
        var scheme = "imap"
        var password = "secret"
        var caFile: String?
        var allowInsecure = true
        var onlyUnseen = false
        var maxMessageBytes: Int?
        /// Sends through this SMTP port (plain, `allow_insecure`) as support@example.com.
        var smtpPort: Int?
        var sendDelay = "30s"
    }

    let directory: URL
    let configPath: String
    let logPath: String
    /// Always set: the default, /run/maild/control.sock, is not for tests.
    let socketPath: String
    private var pid: pid_t?

    init(_ label: String, channels: [Channel], pollInterval: String = "1s") throws {
        directory = Paths.temporaryDirectory(label)
        configPath = directory.appendingPathComponent("maild.yaml").path
        logPath = directory.appendingPathComponent("maild.log").path
        socketPath = directory.appendingPathComponent("control.sock").path
        var yaml = "database: \(directory.path)/maild.sqlite\ncontrol_socket: \(socketPath)\npoll_interval: \(pollInterval)\n"
            + "log_level: debug\nchannels:\n"
        for channel in channels {
            let passwordFile = directory.appendingPathComponent("\(channel.name).password").path
            try Data((channel.password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
            yaml += """
                  - name: \(channel.name)
                    imap:
                      url: \(channel.scheme)://127.0.0.1:\(channel.port)
                      username: test
                      password_file: \(passwordFile)
                      allow_insecure: \(channel.allowInsecure)

                """
            if let ca = channel.caFile { yaml += "      ca_file: \(ca)\n" }
            yaml += "    only_unseen: \(channel.onlyUnseen)\n"
            if let max = channel.maxMessageBytes { yaml += "    max_message_bytes: \(max)\n" }
            if let smtp = channel.smtpPort {
                yaml += """
                        address: support@example.com
                        send_delay: \(channel.sendDelay)
                        smtp: {url: "smtp://127.0.0.1:\(smtp)", allow_insecure: true}

                    """
            }
        }
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    deinit { kill() }

    /// Starts the daemon; one at a time per test (a second start would leave the first one running).
    func start() throws {
        precondition(pid == nil, "maild is already running in this test")
        pid = try Shell.spawn(Paths.maild, ["run", "--config", configPath], stdout: logPath, stderr: logPath)
    }

    /// SIGKILL: no chance to finish anything, as in a crash or an OOM kill.
    func kill() {
        guard let pid else { return }
        Glibc.kill(pid, SIGKILL)
        Shell.wait(pid)
        self.pid = nil
    }

    /// SIGTERM and wait: a graceful stop must end the daemon promptly with status 0.
    @discardableResult
    func stop() -> Int32 {
        guard let pid else { return -1 }
        Glibc.kill(pid, SIGTERM)
        self.pid = nil
        return Shell.wait(pid)
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    struct Message: Decodable {
        let message_id: String?
        let channel: String
        let subject: String?
        let from: String?
        let size: Int
        let digest: String
        let parse_error: String?
        let headers_only_reason: String?
    }

    func messages() throws -> [Message] {
        try Shell.run(Paths.maild, ["export", "messages", "--config", configPath])
            .split(separator: "\n").map { try JSONDecoder().decode(Message.self, from: Data($0.utf8)) }
    }

    /// How often `marker` appears in the log so far (the daemon logs at debug: "batch committed",
    /// "poll finished").
    func count(_ marker: String) -> Int { log.components(separatedBy: marker).count - 1 }

    /// Waits until the daemon finished `polls` more polls: a negative check ("nothing more arrives") then
    /// rests on polls that really happened, not on a sleep.
    func waitForPolls(_ polls: Int = 2, timeout: Duration = .seconds(30)) throws {
        let target = count("poll finished") + polls
        try wait(timeout: timeout, "\(polls) more polls") { count("poll finished") >= target }
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes.
    func wait(timeout: Duration = .seconds(30), _ what: String, until condition: () throws -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Shell.Failure(description: "timed out waiting for \(what); maild log:\n\(log.suffix(3000))")
    }
}

import Glibc
