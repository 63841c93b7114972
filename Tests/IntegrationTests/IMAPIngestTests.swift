import Foundation
import TestSupport
import Testing

/// maild against a real Dovecot on 127.0.0.1: what an admin would see in the mailbox and in the database.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct IMAPIngestTests {
    @Test func newMessagesAreStoredThenMarkedSeen() throws {
        let dovecot = try TestDovecot("ingest")
        let files = try dovecot.deliver(messages: SampleMail.messages(0..<5))
        let maild = try TestMaild("ingest", channels: [.init(name: "support", port: dovecot.imapPort)])
        try maild.start()
        try maild.wait("5 messages stored and seen") { try maild.messages().count == 5 && dovecot.state().unseen.isEmpty }
        #expect(maild.stop() == 0)
        let digests = Set(try files.map(SampleMail.digest(ofFile:)))
        #expect(Set(try maild.messages().map(\.digest)) == digests, "stored byte-exact")
        #expect(try maild.messages().allSatisfy { $0.channel == "support" && $0.parse_error == nil })
    }

    @Test func firstConnectionImportsOnlyUnreadBacklogThenEveryNewMessage() throws {
        let dovecot = try TestDovecot("backlog")
        try dovecot.deliver(messages: SampleMail.messages(0..<4))
        _ = try dovecot.state(markSeen: [1, 2])  // read before maild ever looked: not helpdesk work
        let maild = try TestMaild("backlog", channels: [.init(name: "support", port: dovecot.imapPort)])
        try maild.start()
        try maild.wait("the 2 unread messages") { try maild.messages().count == 2 && dovecot.state().unseen.isEmpty }
        // New mail read in webmail before maild polls is still new to the helpdesk.
        maild.kill()
        try dovecot.deliver(messages: SampleMail.messages(10..<13))
        _ = try dovecot.state(markSeen: [5, 6])
        try maild.start()
        try maild.wait("the 3 new messages, read or not") { try maild.messages().count == 5 && dovecot.state().unseen.isEmpty }
        #expect(dovecot.stateOrNil?.total == 7)
    }

    @Test func onlyUnseenLeavesReadMessagesAlone() throws {
        let dovecot = try TestDovecot("unseen")
        try dovecot.deliver(messages: SampleMail.messages(0..<2))
        let maild = try TestMaild("unseen", channels: [.init(name: "support", port: dovecot.imapPort, onlyUnseen: true)])
        try maild.start()
        try maild.wait("2 messages") { try maild.messages().count == 2 }
        maild.kill()
        try dovecot.deliver(messages: SampleMail.messages(10..<13))
        _ = try dovecot.state(markSeen: [3])
        try maild.start()
        try maild.wait("the 2 unread new messages") { try dovecot.state().unseen.isEmpty && maild.messages().count == 4 }
        try maild.waitForPolls(2)  // the read one must stay out
        #expect(try maild.messages().count == 4)
    }

    @Test func tlsWithThePrivateCA() throws {
        let dovecot = try TestDovecot("tls")
        try dovecot.deliver(messages: SampleMail.messages(0..<3))
        let maild = try TestMaild("tls", channels: [
            .init(name: "implicit", port: dovecot.imapsPort, scheme: "imaps", caFile: dovecot.caFile, allowInsecure: false),
        ])
        try maild.start()
        try maild.wait("3 messages over imaps") { try maild.messages().count == 3 }
        maild.stop()

        let untrusted = try TestMaild("tls-untrusted", channels: [
            .init(name: "untrusted", port: dovecot.imapsPort, scheme: "imaps", allowInsecure: false),
        ])
        try untrusted.start()
        try untrusted.wait("a TLS error in the log") { untrusted.log.contains("TLS with 127.0.0.1") }
        #expect(untrusted.log.contains("ca_file"))
    }

    @Test func startTLSIsRequiredAndUsedOnPlainPort() throws {
        let dovecot = try TestDovecot("starttls")
        try dovecot.deliver(messages: SampleMail.messages(0..<2))
        let maild = try TestMaild("starttls", channels: [
            .init(name: "starttls", port: dovecot.imapPort, caFile: dovecot.caFile, allowInsecure: false),
        ])
        try maild.start()
        try maild.wait("2 messages over STARTTLS") { try maild.messages().count == 2 }
    }

    @Test func wrongPasswordIsReportedAndOtherChannelsKeepWorking() throws {
        let dovecot = try TestDovecot("password")
        try dovecot.deliver(messages: SampleMail.messages(0..<3))
        let maild = try TestMaild("password", channels: [
            .init(name: "broken", port: dovecot.imapPort, password: "not-the-password"),
            .init(name: "working", port: dovecot.imapPort),
        ])
        try maild.start()
        try maild.wait("the working channel's mail") { try maild.messages().count == 3 }
        try maild.wait("one clear line for the broken channel") { maild.log.contains("refused the login of test") }
        #expect(!maild.log.contains("not-the-password"), "a password never appears in a log")
        #expect(try maild.messages().allSatisfy { $0.channel == "working" })
    }

    @Test func refusedConnectionBacksOffAndRecovers() throws {
        let ports = try Shell.freePorts(2)
        let maild = try TestMaild("refused", channels: [.init(name: "down", port: ports[0])])
        try maild.start()
        try maild.wait("a connection error") { maild.log.contains("cannot connect to 127.0.0.1:\(ports[0])") }
        #expect(maild.log.contains("retry_in"))
        let dovecot = try TestDovecot("refused", ports: ports)
        try dovecot.deliver(messages: SampleMail.messages(0..<2))
        try maild.wait("the channel recovered after its back-off") { try maild.messages().count == 2 }
        #expect(maild.log.contains("channel recovered"))
    }
}

extension TestDovecot {
    var stateOrNil: State? { try? state() }
}
