import Foundation
import TestSupport
import Testing

/// Exactly once, whatever happens: crashes, a recreated mailbox, odd messages.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct CrashSafetyTests {
    @Test func killedRepeatedlyDuringA2000MessageIngestStoresEachMessageOnce() throws {
        let dovecot = try TestDovecot("crash")
        let files = try dovecot.deliver(messages: SampleMail.messages(0..<2000))
        let maild = try TestMaild("crash", channels: [.init(name: "support", port: dovecot.imapPort)], pollInterval: "1s")
        // Each run is killed right after its next batch commit, give or take a few milliseconds: between the
        // commit and the \\Seen STORE, during the next FETCH, or inside the next commit.
        var kills = 0, commits = 0
        while kills < 8 {
            try maild.start()
            let target = commits + 1
            try maild.wait(timeout: .seconds(60), "a batch commit") { maild.count("batch committed") >= target || maild.count("poll finished") > 0 }
            if maild.count("poll finished") > 0 { break }
            Thread.sleep(forTimeInterval: Double(kills % 4) * 0.01)
            maild.kill()
            kills += 1
            commits = maild.count("batch committed")
        }
        #expect(kills >= 2, "the daemon was killed in the middle of the import")
        if kills == 8 { try maild.start() }  // else the last run finished a poll and is still running
        try maild.wait(timeout: .seconds(120), "all 2,000 messages stored and seen") {
            try dovecot.state().unseen.isEmpty && maild.messages().count == 2000
        }
        try maild.waitForPolls(1)  // one more poll must add nothing
        maild.stop()
        let stored = try maild.messages()
        #expect(stored.count == 2000, "after \(kills) kills")
        #expect(Set(stored.map(\.digest)) == Set(try files.map(SampleMail.digest(ofFile:))))
    }

    @Test func aServerDroppingTheConnectionMidFetchLosesAndDuplicatesNothing() throws {
        let dovecot = try TestDovecot("drop")
        let files = try dovecot.deliver(messages: SampleMail.messages(0..<5000))
        let maild = try TestMaild("drop", channels: [.init(name: "support", port: dovecot.imapPort)])
        try maild.start()
        try maild.wait("the first batch committed") { maild.count("batch committed") >= 1 }
        try dovecot.dropConnections()  // maild's connection dies wherever it was
        #expect(maild.count("poll finished") == 0, "the server went away in the middle of the import")
        try maild.wait(timeout: .seconds(120), "all 5,000 messages after the server came back") {
            try dovecot.state().unseen.isEmpty && maild.messages().count == 5000
        }
        #expect(Set(try maild.messages().map(\.digest)) == Set(try files.map(SampleMail.digest(ofFile:))))
    }

    @Test func aGracefulStopDuringALongImportIsPromptAndKeepsWhatWasCommitted() throws {
        let dovecot = try TestDovecot("graceful")
        try dovecot.deliver(messages: SampleMail.messages(0..<3000))
        let maild = try TestMaild("graceful", channels: [.init(name: "support", port: dovecot.imapPort)])
        try maild.start()
        try maild.wait("the first batch committed") { maild.count("batch committed") >= 1 }
        let started = ContinuousClock.now
        #expect(maild.stop() == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try maild.messages().count < 3000, "stopped in the middle of the import")
        try maild.start()
        try maild.wait(timeout: .seconds(120), "the rest after a restart") {
            try dovecot.state().unseen.isEmpty && maild.messages().count == 3000
        }
    }

    @Test func recreatedMailboxWithNewUIDValidityCreatesNoDuplicates() throws {
        let dovecot = try TestDovecot("uidvalidity")
        try dovecot.deliver(messages: SampleMail.messages(0..<20))
        let maild = try TestMaild("uidvalidity", channels: [.init(name: "support", port: dovecot.imapPort)])
        try maild.start()
        try maild.wait("20 messages") { try maild.messages().count == 20 && dovecot.state().unseen.isEmpty }
        maild.stop()
        let before = try dovecot.state().uidvalidity
        try dovecot.recreateInbox()
        #expect(try dovecot.state().uidvalidity != before)
        try dovecot.deliver(messages: SampleMail.messages(100..<102))
        try maild.start()
        try maild.wait("the 2 new messages, and no copies of the 20") {
            try maild.messages().count == 22 && dovecot.state().unseen.isEmpty
        }
        try maild.waitForPolls(2)
        #expect(try maild.messages().count == 22)
        #expect(maild.log.contains("UIDVALIDITY changed"))
    }

    @Test func unreadingAStoredMessageDoesNotImportItAgain() throws {
        let dovecot = try TestDovecot("unread")
        try dovecot.deliver(messages: SampleMail.messages(0..<3))
        let maild = try TestMaild("unread", channels: [.init(name: "support", port: dovecot.imapPort)])
        try maild.start()
        try maild.wait("3 messages") { try maild.messages().count == 3 && dovecot.state().unseen.isEmpty }
        _ = try Shell.run("/usr/bin/python3", [Paths.script("imap-state.py"), "\(dovecot.imapPort)", "--mark-unseen", "1:3"])
        try maild.waitForPolls(2)
        #expect(try maild.messages().count == 3)
    }

    @Test func largeAndOddMessagesAreStoredByteExact() throws {
        let dovecot = try TestDovecot("odd")
        let folder = dovecot.directory.appendingPathComponent("odd")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // 30 MB of base64-looking lines.
        var large = Array(SampleMail.message(1, subject: "30 MB attachment").utf8)
        let line = Array(String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", count: 2).utf8) + [13, 10]
        while large.count < 30_000_000 { large += line }
        // Bare LF line endings, as some scripts write them.
        let bareLF = Array(SampleMail.message(2, subject: "bare LF").replacingOccurrences(of: "\r\n", with: "\n").utf8)
        // Not a message at all: must still be stored raw and flagged. (Dovecot serves NUL bytes as 0x80 and
        // bare LF as CRLF: maild stores what the server sends, so digests are compared with the server's bytes.)
        let garbage: [UInt8] = Array("\u{0}\u{1}binary junk without headers\r\n\r\n".utf8) + (0..<255).map { UInt8($0) }
        var files = [String]()
        for (name, bytes) in [("large.eml", large), ("barelf.eml", bareLF), ("garbage.eml", garbage)] {
            let path = folder.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        try dovecot.deliver(files)
        let maild = try TestMaild("odd", channels: [.init(name: "support", port: dovecot.imapPort)])
        try maild.start()
        try maild.wait(timeout: .seconds(60), "3 messages") { try maild.messages().count == 3 && dovecot.state().unseen.isEmpty }
        let stored = try maild.messages()
        #expect(Set(stored.map(\.digest)) == Set(try dovecot.state(digests: true).digests ?? []))
        #expect(stored.contains { $0.size >= 30_000_000 })
        #expect(stored.contains { $0.parse_error != nil }, "the junk is stored and flagged")
        #expect(stored.contains { $0.subject == "bare LF" })
    }

    @Test func oversizedMessageKeepsItsHeadersAndStaysUnreadOnTheServer() throws {
        let dovecot = try TestDovecot("oversized")
        let body = String(repeating: "This line makes the message large.\r\n", count: 60_000)  // ~2 MB
        try dovecot.deliver(messages: [SampleMail.message(1, subject: "Huge"), SampleMail.message(2, subject: "Huge", body: body)])
        let maild = try TestMaild("oversized", channels: [.init(name: "support", port: dovecot.imapPort, maxMessageBytes: 1_000_000)])
        try maild.start()
        try maild.wait("2 records") { try maild.messages().count == 2 }
        try maild.waitForPolls(2)
        let stored = try maild.messages()
        let headersOnly = stored.filter { $0.headers_only_reason != nil }
        #expect(headersOnly.count == 1)
        #expect(headersOnly.first?.headers_only_reason?.contains("max_message_bytes") == true)
        #expect(headersOnly.first?.size ?? 0 > 2_000_000)
        #expect(try dovecot.state().unseen == [2], "left unread on the server")
        #expect(stored.count == 2)
    }
}
