import Foundation
import MailStore
import Outbox
import TestSupport
import Testing

/// A refused reply is refused through the outbox itself, says why, and leaves nothing in the database.
@Suite struct OutboxRefusalTests {
    /// Queues `request` and returns the refusal, checking that no table a queued reply writes to changed.
    func refusal(_ request: ReplyRequest, by f: OutboxFixture, _ label: String) async throws -> OutboxRefusal? {
        let before = try f.rowCounts()
        var refusal: OutboxRefusal?
        do { _ = try await f.outbox.enqueue(request) } catch { refusal = error }
        #expect(try f.rowCounts() == before, "\(label) left rows behind")
        #expect(try f.rowCounts()["outbox_item"] == 0, "\(label)")
        return refusal
    }

    /// A file of `size` zero bytes, made sparse: checking a 26 MB attachment costs no disk.
    func file(_ name: String, size: Int, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return url.path
    }

    @Test func tooManyCCTooLargeTooFarAheadAndALineBreakInTheSubjectAreRefusedAndStoreNothing() async throws {
        let f = try await OutboxFixture("refuse-validation")
        try await f.outbox.load()
        let files = Paths.temporaryDirectory("refuse-validation-files")
        let parts = [try file("a.pdf", size: 13 << 20, in: files), try file("b.pdf", size: 13 << 20, in: files)]
        let cases: [(String, (inout ReplyRequest) -> Void, OutboxRefusal.Reason)] = [
            ("31 CC", { $0.cc = (1...31).map { "cc\($0)@customer.example.org" } }, .tooManyCC),
            ("26 MB of attachments", { $0.attachments = parts }, .attachmentsTooLarge),
            ("send_at 15 days ahead", { $0.sendAt = ISO8601DateFormatter().string(from: f.later(15 * 86_400)) }, .sendAtTooFar),
            ("CR LF in the subject", { $0.subject = "Re: order\r\nBcc: everyone@example.net" }, .forbiddenCharacter),
        ]
        for (label, change, reason) in cases {
            let refused = try await refusal(f.reply(change), by: f, label)
            #expect(refused?.reason == reason, "\(label): \(String(describing: refused))")
        }
        #expect(try f.store.history(ticket: try f.store.tickets()[0].id).map(\.action) == ["created"])
    }

    @Test func attachmentsThatAreNoRegularFileTooLargeOrMaildsOwnAreRefusedBeforeReadingAndStoreNothing() async throws {
        let dir = Paths.temporaryDirectory("refuse-attachments-files")
        let secret = dir.appendingPathComponent("smtp-password")
        try "hunter2\n".write(to: secret, atomically: true, encoding: .utf8)
        let symlink = dir.appendingPathComponent("innocent.txt")
        try FileManager.default.createSymbolicLink(at: symlink, withDestinationURL: secret)
        let hardlink = dir.appendingPathComponent("notes.txt")
        try FileManager.default.linkItem(at: secret, to: hardlink)
        let fifo = dir.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let huge = try file("huge.bin", size: 26 << 20, in: dir)
        let f = try await OutboxFixture("refuse-attachments", ownFiles: [secret.path])
        try await f.outbox.load()
        let cases: [(String, String, OutboxRefusal.Reason, String)] = [
            ("a directory", dir.path, .attachmentUnreadable, "is a directory"),
            ("/dev/zero", "/dev/zero", .attachmentUnreadable, "is a device"),
            ("a FIFO", fifo.path, .attachmentUnreadable, "is a FIFO"),
            ("a 26 MB file", huge, .attachmentsTooLarge, "is \(26 << 20) bytes"),   // from its size: never read
            ("maild's password file", secret.path, .attachmentForbidden, "maild's own files"),
            ("a symbolic link to it", symlink.path, .attachmentForbidden, "maild's own files"),
            ("a hard link to it", hardlink.path, .attachmentForbidden, "maild's own files"),
        ]
        for (label, path, reason, text) in cases {
            let refused = try await refusal(f.reply { $0.attachments = [path] }, by: f, label)
            #expect(refused?.reason == reason, "\(label): \(String(describing: refused))")
            #expect(refused?.description.contains(text) == true, "\(label): \(String(describing: refused))")
            #expect(refused?.description.contains("hunter2") != true)
        }
        // What is allowed still goes: an ordinary file next to them.
        let letter = try file("letter.pdf", size: 1000, in: dir)
        let item = try await f.outbox.enqueue(f.reply { $0.attachments = [letter] })
        #expect(try f.rowCounts()["outbox_attachment"] == 1)
        #expect(item.state == .queued)
    }
}

