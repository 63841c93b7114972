import Foundation

/// A private SMTP server on 127.0.0.1 (scripts/smtp-receiver.sh, aiosmtpd): STARTTLS with `caFile`,
/// optional AUTH `test`/`secret`. Each accepted message is a file in `messages`; `mode` steers replies.
public final class TestSMTPReceiver: @unchecked Sendable {
    public let directory: URL
    public let port: Int

    public init(_ label: String) throws {
        directory = Paths.temporaryDirectory(label)
        port = try Shell.freePorts(1)[0]
        try Shell.run(Paths.script("smtp-receiver.sh"), ["start", directory.path, "\(port)"])
    }

    deinit { stop() }

    public func stop() { _ = try? Shell.run(Paths.script("smtp-receiver.sh"), ["stop", directory.path]) }

    public var caFile: String { directory.appendingPathComponent("ca.pem").path }

    /// ok, 451, 451-once, 550, 550-rcpt:ADDR, slow-once:SECONDS, hold-once, drop-once (see smtp_receiver.py).
    public func setMode(_ mode: String) throws {
        try (mode + "\n").write(to: directory.appendingPathComponent("mode"), atomically: true, encoding: .utf8)
    }

    /// Lets the message `hold-once` holds back get its `250`.
    public func release() throws {
        try Data().write(to: directory.appendingPathComponent("release"))
    }

    /// The accepted messages' bytes, in arrival order.
    public func messages() -> [[UInt8]] {
        let dir = directory.appendingPathComponent("messages")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { try? [UInt8](Data(contentsOf: dir.appendingPathComponent($0))) }
    }

    /// The accepted messages' envelopes (mail_from, rcpt_tos, helo, tls, auth_user …), in arrival order.
    public func envelopes() -> [[String: Any]] {
        let dir = directory.appendingPathComponent("messages")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap {
            (try? Data(contentsOf: dir.appendingPathComponent($0))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
    }

    /// Every DATA reply and RCPT refusal the server gave, in order (transactions.jsonl).
    public func transactions() -> [[String: Any]] {
        let file = directory.appendingPathComponent("transactions.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Waits (polling the directory) until `count` messages arrived or `timeout` passed; returns them.
    public func waitForMessages(_ count: Int, timeout: TimeInterval = 60) async -> [[UInt8]] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let found = messages()
            if found.count >= count || Date() > deadline { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
