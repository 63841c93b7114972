import Foundation
import Glibc
import TestSupport
import Testing

/// The daemon killed while a reply is `sending`: after a restart the reply arrives, every copy with the
/// one Message-ID it was queued with (at least once, never a fresh message).
@Suite(.serialized, .timeLimit(.minutes(5)))
struct OutboxCrashTests {
    @Test func aReplyInterruptedBySIGKILLIsSentAgainWithTheSameMessageID() throws {
        let receiver = try TestSMTPReceiver("crash-send")
        // The server takes the message, then waits 20 s before its "250": maild is killed meanwhile.
        try receiver.setMode("slow-once:20")
        let maild = try TestMaild("crash-send", channels: [.init(name: "support", port: try Shell.freePorts(1)[0],
                                                                 smtpPort: receiver.port)])
        try maild.start()
        try maild.waitForControlSocket()
        let sent = try maild.ctl(["send", "--channel", "support", "--queue", "Support", "--to", "ann@example.com",
                                  "--subject", "Your order", "--text", "It shipped today.", "--delay", "0"])
        #expect(sent.status == 0, "\(sent.stderr)")
        try maild.wait("the message at the server, its reply withheld") { receiver.messages().count == 1 }
        maild.kill()

        try maild.start()
        try maild.wait("the reply sent again and recorded") {
            try maild.ctl(["outbox", "--state", "sent"]).stdout.hasPrefix("1  sent ")
        }
        let ids = receiver.messages().map { message -> String in
            let text = String(decoding: message, as: UTF8.self)
            let line = text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("message-id:") } ?? ""
            return line.trimmingCharacters(in: .whitespaces)
        }
        #expect(ids.count == 2, "the first copy arrived before the kill, the second after the restart")
        #expect(Set(ids).count == 1, "\(ids)")
        #expect(maild.log.contains("sending again what a stop interrupted"))
        _ = maild.stop()
    }
}
