import Foundation
import Glibc
import TestSupport
import Testing

/// `maild ctl` against the real daemon, which sends through a real SMTP server (aiosmtpd on loopback).
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ControlSocketTests {
    /// A daemon whose channel `support` sends through `receiver`; its IMAP side points at a closed port.
    static func daemon(_ label: String, receiver: TestSMTPReceiver) throws -> TestMaild {
        let maild = try TestMaild(label, channels: [.init(name: "support", port: try Shell.freePorts(1)[0], smtpPort: receiver.port)])
        try maild.start()
        try maild.waitForControlSocket()
        return maild
    }

    static func send(_ extra: [String] = []) -> [String] {
        ["send", "--channel", "support", "--queue", "Support", "--to", "ann@example.com", "--subject", "Your order",
         "--text", "It shipped today."] + extra
    }

    /// The id in "queued item 17 for ticket 12, sending at … (cancel with: maild ctl cancel 17)".
    static func itemID(_ output: String) -> String? {
        output.split(separator: " ").dropFirst(2).first.map(String.init)
    }

    @Test func aReplyWithoutDelayArrivesAndThenCannotBeCancelled() throws {
        let receiver = try TestSMTPReceiver("ctl-send")
        let maild = try Self.daemon("ctl-send", receiver: receiver)
        let sent = try maild.ctl(Self.send(["--delay", "0", "--actor", "alice"]))
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.hasPrefix("queued item 1 for ticket "))
        #expect(sent.stdout.hasSuffix("(cancel with: maild ctl cancel 1)\n"))
        try maild.wait("the reply at the SMTP server") { receiver.messages().count == 1 }
        #expect(String(decoding: receiver.messages()[0], as: UTF8.self).contains("\r\nSubject: Your order"))
        #expect(receiver.envelopes()[0]["rcpt_tos"] as? [String] == ["ann@example.com"])
        try maild.wait("the item marked sent") { try maild.ctl(["outbox", "--state", "sent"]).stdout.hasPrefix("1  sent ") }

        let cancel = try maild.ctl(["cancel", "1"])
        #expect(cancel.status == 1)
        #expect(cancel.stderr == "maild ctl: item 1 was already sent: it cannot be cancelled (too_late)\n")
        let json = try maild.ctl(["cancel", "1", "--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""code":"too_late""#) && json.stdout.contains(#""state":"sent""#))
        #expect(maild.log.contains("actor=alice command=send item=1 outcome=ok"))
        #expect(!maild.log.contains("It shipped today"), "a body never reaches the log")

        // `maild export outbox`: one JSON object per item, with every field the issue names.
        let exported = try Shell.run(Paths.maild, ["export", "outbox", "--config", maild.configPath]).split(separator: "\n")
        #expect(exported.count == 1)
        let item = try #require(try JSONSerialization.jsonObject(with: Data(exported[0].utf8)) as? [String: Any])
        for field in ["id", "ticket", "state", "due_at", "attempts", "last_error", "message_id", "sent_at"] {
            #expect(item.keys.contains(field), "export outbox lacks \(field)")
        }
        #expect(item["state"] as? String == "sent" && item["attempts"] as? Int == 1 && item["id"] as? Int == 1)
        #expect((item["message_id"] as? String).map { String(decoding: receiver.messages()[0], as: UTF8.self).contains("<\($0)>") } == true)
    }

    @Test func aReplyCancelledWithinItsDelayNeverLeaves() throws {
        let receiver = try TestSMTPReceiver("ctl-cancel")
        let maild = try Self.daemon("ctl-cancel", receiver: receiver)
        let queued = try maild.ctl(Self.send(["--delay", "2"]))
        #expect(queued.status == 0, "\(queued.stderr)")
        let id = try #require(Self.itemID(queued.stdout))
        let cancel = try maild.ctl(["cancel", id, "--actor", "bob"])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout == "cancelled item \(id)\n")
        // The cancelled item's due time passes; a later reply arriving shows the drain has run past it.
        Thread.sleep(forTimeInterval: 2.5)
        #expect(try maild.ctl(Self.send(["--delay", "0", "--subject", "Second"])).status == 0)
        try maild.wait("the second reply") { receiver.messages().count >= 1 }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(receiver.messages().count == 1)
        #expect(String(decoding: receiver.messages()[0], as: UTF8.self).contains("\r\nSubject: Second"))
        #expect(try maild.ctl(["outbox", "--state", "cancelled"]).stdout.hasPrefix("\(id)  cancelled"))
    }

    @Test func aRefusedReplyExitsOneWithTheReason() throws {
        let receiver = try TestSMTPReceiver("ctl-refused")
        let maild = try Self.daemon("ctl-refused", receiver: receiver)
        let cc = (1...31).flatMap { ["--cc", "cc\($0)@example.com"] }
        let refused = try maild.ctl(Self.send(cc))
        #expect(refused.status == 1)
        #expect(refused.stderr == "maild ctl: 31 CC addresses: at most 30 are allowed (too_many_cc)\n")
        #expect(refused.stdout.isEmpty)
        #expect(try maild.ctl(["outbox"]).stdout == "the outbox is empty\n", "nothing stored")
        let usage = try maild.ctl(Self.send(["--delay", "5", "--send-at", "2030-01-01T09:00Z"]))
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("give --delay or --send-at, not both"))
    }

    @Test func badJSONIsAnsweredAndTheConnectionKeepsWorking() throws {
        let receiver = try TestSMTPReceiver("ctl-raw")
        let maild = try Self.daemon("ctl-raw", receiver: receiver)
        let connection = try ControlConnection(maild.socketPath)
        connection.write("{\"command\": \"send\", \"channel\": \n")
        let bad = try #require(try connection.readResponse())
        #expect(bad["ok"] as? Bool == false)
        let error = try #require(bad["error"] as? [String: Any])
        #expect(error["code"] as? String == "bad_request")
        #expect((error["message"] as? String)?.hasPrefix("not valid JSON") == true)
        connection.write("{\"command\":\"launch\"}\n{\"command\":\"status\"}\n")
        let unknown = try #require(try connection.readResponse())
        #expect((unknown["error"] as? [String: Any])?["message"] as? String
                == "unknown command \"launch\"; known commands: send, cancel, outbox, status")
        let status = try #require(try connection.readResponse())
        #expect(status["ok"] as? Bool == true)
        #expect(status["version"] is String)
        #expect(status["outbox_scheduled"] as? Int == 0)
        let channels = status["channels"] as? [[String: Any]]
        #expect(channels?.first?["name"] as? String == "support" && channels?.first?["sends"] as? Bool == true)
    }

    @Test func aGracefulStopRemovesTheSocketAndCtlThenSaysMaildIsNotRunning() throws {
        let receiver = try TestSMTPReceiver("ctl-stop")
        let maild = try Self.daemon("ctl-stop", receiver: receiver)
        _ = try ControlConnection(maild.socketPath)   // an idle client must not hold up the stop
        let idle = try ControlConnection(maild.socketPath)
        #expect(maild.stop() == 0)
        #expect(access(maild.socketPath, F_OK) != 0, "the socket file is gone")
        #expect(try idle.readResponse() == nil, "closed by the stop")

        let down = try maild.ctl(["status"])
        #expect(down.status == 3)
        #expect(down.stderr.contains("cannot connect to maild's control socket \(maild.socketPath)"))
        #expect(down.stderr.contains("Is maild running?"))
        let nowhere = try maild.ctl(["status", "--socket", "/nonexistent/control.sock"], config: false)
        #expect(nowhere.status == 3)
        #expect(nowhere.stderr.contains("/nonexistent/control.sock"))
    }
}
