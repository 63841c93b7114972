import Foundation
import MailCore
import MailStore
import MaildConfig
import Outbox
import TestSupport
import Testing

/// The outbox against a real SMTP server (aiosmtpd on loopback), time driven by a manual clock.
@Suite struct OutboxSMTPTests {
    @Test func aReplyWaitsForItsUndoDelayThenLeavesThreadedAndMovesTheTicket() async throws {
        let f = try await OutboxFixture("outbox-delay")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply())
        #expect(item.dueAt == f.later(30))
        f.clock.advance(to: f.later(29))
        #expect(await f.outbox.sendDue() == 0)
        f.clock.advance(to: f.later(1))
        #expect(await f.outbox.sendDue() == 1)
        let messages = f.receiver.messages()
        try #require(messages.count == 1)
        let head = MimeMessage(parsing: messages[0]).head
        #expect(head.messageID == item.messageID)
        #expect(item.messageID.hasPrefix("maild.") && item.messageID.hasSuffix("@example.com"))
        #expect(head.inReplyTo == [f.customerMessageID])
        #expect(head.references == [f.customerMessageID])
        let token = try f.store.ticketToken(number: f.ticket)
        #expect(head.subject == "Re: Where is my order? \(token)")
        #expect(head.from?.address == "support@example.com")
        #expect(f.receiver.envelopes()[0]["mail_from"] as? String == "support@example.com")
        #expect(try f.item(item.id)?.state == .sent)
        let ticket = try f.store.tickets()[0]
        #expect(ticket.status == "Waiting on contact")
        #expect(ticket.messageCount == 2, "\(ticket)")
    }

    @Test func aReplyCancelledWithinTheWindowNeverLeaves() async throws {
        let f = try await OutboxFixture("outbox-cancel")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply())
        #expect(try await f.outbox.cancel(item.id, actor: "alice") == .cancelled)
        #expect(try await f.outbox.cancel(item.id, actor: "alice") == .tooLate(.cancelled))
        f.clock.advance(to: f.later(3600))
        #expect(await f.outbox.sendDue() == 1)   // its due time came; the claim found it cancelled
        #expect(f.receiver.messages().isEmpty)
        #expect(try f.item(item.id)?.state == .cancelled)
        #expect(try f.store.history(ticket: try f.store.tickets()[0].id).contains { $0.action == "reply cancelled" && $0.actor == "alice" })
    }

    @Test func aCancelRacingTheSendHasExactlyOneWinnerAThousandTimes() async throws {
        let f = try await OutboxFixture("outbox-race")
        try await f.outbox.load()
        var items = [OutboxItem]()
        for _ in 0..<1000 { items.append(try await f.outbox.enqueue(f.reply { $0.delay = 0 })) }
        let outbox = f.outbox
        async let drained = outbox.sendDue()
        var outcomes = [Int64: CancelOutcome]()
        for item in items.shuffled() { outcomes[item.id] = try await outbox.cancel(item.id, actor: "alice") }
        _ = await drained
        let arrived = f.receiver.messages().compactMap { MimeMessage(parsing: $0).head.messageID }
        let arrivals = Dictionary(arrived.map { ($0, 1) }, uniquingKeysWith: +)
        var cancelled = 0
        for item in items {
            let count = arrivals[item.messageID] ?? 0
            if outcomes[item.id] == .cancelled {
                cancelled += 1
                #expect(count == 0, "item \(item.id) was reported cancelled but arrived")
            } else {
                #expect(count == 1, "item \(item.id) was too late to cancel but arrived \(count) times")
            }
        }
        #expect(arrived.count + cancelled == 1000)
    }

    @Test func aScheduledReplyLeavesAtTheWallClockTimeMeantAcrossADaylightSavingChange() async throws {
        // Saturday noon UTC before Europe/Berlin's spring change; 09:00 Berlin on Sunday is 07:00 UTC, not 08:00.
        let f = try await OutboxFixture("outbox-dst", start: ISO8601DateFormatter().date(from: "2026-03-28T12:00:00Z")!)
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply { $0.sendAt = "2026-03-29T09:00 Europe/Berlin" })
        #expect(item.dueAt == ISO8601DateFormatter().date(from: "2026-03-29T07:00:00Z"))
        let loop = Task { try await f.outbox.run() }
        defer { loop.cancel(); f.clock.releaseAll() }
        f.clock.advance(to: ISO8601DateFormatter().date(from: "2026-03-29T06:59:59Z")!)
        try await Task.sleep(for: .milliseconds(300))
        #expect(f.receiver.messages().isEmpty)
        f.clock.advance(to: ISO8601DateFormatter().date(from: "2026-03-29T07:00:00Z")!)
        #expect(await f.receiver.waitForMessages(1).count == 1)
    }

    @Test func afterATimedSendTheDrainLoopWaitsWithoutPollingAndStillWakesForNewReplies() async throws {
        let f = try await OutboxFixture("outbox-idle")
        try await f.outbox.load()
        _ = try await f.outbox.enqueue(f.reply { $0.delay = 60 })
        let loop = Task { try await f.outbox.run() }
        defer { loop.cancel(); f.clock.releaseAll() }
        try await Task.sleep(for: .milliseconds(200))   // the loop now waits for the timer and for new replies
        f.clock.advance(to: f.later(60))                 // the timer wins
        #expect(await f.receiver.waitForMessages(1).count == 1)
        _ = try await f.outbox.enqueue(f.reply { $0.delay = 3600 })
        try await Task.sleep(for: .milliseconds(200))
        let before = f.clock.readings
        try await Task.sleep(for: .milliseconds(500))
        #expect(f.clock.readings == before, "the drain loop read the clock \(f.clock.readings - before) times in 0.5 s with nothing due")
        _ = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        #expect(await f.receiver.waitForMessages(2).count == 2)
    }

    @Test func aTemporaryRefusalIsRetriedAndTheMessageArrivesOnce() async throws {
        let f = try await OutboxFixture("outbox-451")
        try f.receiver.setMode("451-once")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        #expect(await f.outbox.sendDue() == 1)
        let deferred = try #require(try f.item(item.id))
        #expect(deferred.state == .queued)
        #expect(deferred.lastError?.contains("451 4.3.0") == true)
        #expect(deferred.dueAt == f.later(60))
        f.clock.advance(to: f.later(60))
        #expect(await f.outbox.sendDue() == 1)
        #expect(f.receiver.messages().count == 1)
        #expect(f.receiver.transactions().filter { $0["stage"] as? String == "DATA" }.count == 2)
        let sent = try #require(try f.item(item.id))
        #expect(sent.state == .sent && sent.attempts == 2)
    }

    @Test func aPermanentRefusalFailsAtOnceIsRecordedAndNeverRetried() async throws {
        let f = try await OutboxFixture("outbox-550")
        try f.receiver.setMode("550")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        await f.outbox.sendDue()
        f.clock.advance(to: f.later(86_400))
        #expect(await f.outbox.sendDue() == 0)
        let failed = try #require(try f.item(item.id))
        #expect(failed.state == .failed && failed.attempts == 1)
        #expect(failed.lastError?.contains("550 5.7.1") == true)
        let ticket = try f.store.tickets()[0]
        #expect(ticket.status == "Waiting on us")
        #expect(try f.store.history(ticket: ticket.id).contains { $0.action == "send failed" && $0.detail?.contains("550 5.7.1") == true })
        #expect(f.receiver.transactions().count == 1)
    }

    @Test func aRefusedRecipientIsRecordedWhileTheOthersGetTheMessageAndBccStaysHidden() async throws {
        let f = try await OutboxFixture("outbox-rcpt")
        try f.receiver.setMode("550-rcpt:gone@customer.example.org")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply {
            $0.delay = 0
            $0.cc = ["gone@customer.example.org"]
            $0.bcc = ["manager@example.com"]
        })
        await f.outbox.sendDue()
        let sent = try #require(try f.item(item.id))
        #expect(sent.state == .sent)
        #expect(sent.refusedRecipients.count == 1)
        #expect(sent.refusedRecipients.first?.hasPrefix("gone@customer.example.org: 550 5.1.1") == true)
        let envelope = f.receiver.envelopes()[0]
        #expect(envelope["rcpt_tos"] as? [String] == ["ann@customer.example.org", "manager@example.com"])
        #expect(!f.receiver.messages()[0].headerText.contains("manager@example.com"))
    }

    @Test func startTLSWithAuthAndTheChannelDomainAsEHLOName() async throws {
        let receiver = try await offPool { try TestSMTPReceiver("outbox-tls") }
        let passwordFile = Paths.temporaryDirectory("outbox-tls-secret").appendingPathComponent("smtp-password")
        try "secret\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let f = try await OutboxFixture("outbox-tls", receiver: receiver) {
            $0.smtp = SMTPAccount(host: "127.0.0.1", port: receiver.port, security: .startTLS, username: "test",
                                  password: .file(passwordFile.path), caFile: receiver.caFile)
        }
        try await f.outbox.load()
        _ = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        await f.outbox.sendDue()
        let envelope = try #require(f.receiver.envelopes().first)
        #expect(envelope["tls"] as? Bool == true)
        #expect(envelope["auth_user"] as? String == "test")
        #expect(envelope["helo"] as? String == "example.com")
    }

    @Test func aSendInterruptedByAStopIsSentAgainWithTheSameMessageID() async throws {
        let f = try await OutboxFixture("outbox-crash")
        try await f.outbox.load()
        let item = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        // What a crash between claim and SMTP's answer leaves behind: the item `sending`.
        _ = try #require(try f.store.claimOutboxItem(item.id, now: f.clock.now()))
        // The restart: loading the schedule again finds it and queues it again.
        try await f.outbox.load()
        #expect(try f.item(item.id)?.state == .queued)
        await f.outbox.sendDue()
        let arrived = f.receiver.messages().map { MimeMessage(parsing: $0).head.messageID }
        #expect(arrived == [item.messageID])
    }

    @Test func aCopyOfEachSentMessageIsAppendedToTheSentFolder() async throws {
        let dovecot = try await offPool { try TestDovecot("outbox-sent") }
        let passwordFile = dovecot.directory.appendingPathComponent("imap-password")
        try "secret\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let imap = IMAPAccount(host: "127.0.0.1", port: dovecot.imapPort, security: .insecure, username: "test",
                               password: .file(passwordFile.path))
        let f = try await OutboxFixture("outbox-sent", imap: imap) { $0.sentFolder = "Sent" }
        try await f.outbox.load()
        _ = try await f.outbox.enqueue(f.reply { $0.delay = 0 })
        await f.outbox.sendDue()
        let sent = try #require(f.receiver.messages().first)
        let folder = dovecot.directory.appendingPathComponent("mail/Maildir/.Sent")
        let copies = ["new", "cur"].flatMap { sub in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? [])
                .map { folder.appendingPathComponent(sub).appendingPathComponent($0) }
        }
        try #require(copies.count == 1)
        // Dovecot keeps Maildir files with LF line ends; the content is the same.
        let lf = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n") }
        #expect(lf(try [UInt8](Data(contentsOf: copies[0]))) == lf(sent))
    }
}
