import Foundation
import MailCore
import Testing

@Suite struct MessageHeadTests {
    struct Fixture: CustomTestStringConvertible, Sendable {
        var file: String
        var messageID: String?
        var subject: String?
        var from: MailAddress?
        var to: [MailAddress] = []
        var cc: [MailAddress] = []
        var replyTo: [MailAddress] = []
        var date: String?
        var inReplyTo: [String] = []
        var references: [String] = []
        var bodyStart: String            // the first bytes of the body ("" when there is none)
        var problems: [ParseProblem.Kind] = []
        var testDescription: String { file }
    }

    static let fixtures: [Fixture] = [
        Fixture(file: "mbox-from-line.eml", messageID: "mbox-1@example.com", subject: "Printer on fire",
                from: MailAddress(name: "Zoë Customer", address: "customer@example.com"),
                to: [MailAddress(address: "support@helpdesk.example")], date: "2010-12-29T14:07:54Z",
                bodyStart: "It is on fire."),
        Fixture(file: "crlf-folded.eml", messageID: "crlf-2@example.com", subject: "Réponse à votre demande",
                from: MailAddress(name: "Bloggs, Joe", address: "joe@example.com"), to: [],
                cc: [MailAddress(address: "a@example.com"), MailAddress(name: "B", address: "b@example.com")],
                date: "2010-12-29T14:07:54Z", inReplyTo: ["crlf-1@example.com"],
                references: ["root@example.com", "crlf-1@example.com"], bodyStart: "Body line: with a colon"),
        Fixture(file: "no-body.eml", messageID: "bare-id@example.com", subject: "header only",
                from: MailAddress(address: "robot@example.com"), date: "2010-12-29T20:07:00Z", bodyStart: "",
                problems: [.badMessageID]),
        Fixture(file: "broken-header.eml", subject: "café =?bogus?=",
                from: MailAddress(name: "Mailer", address: "mailer@example.com"),
                replyTo: [MailAddress(address: "x@example.com"), MailAddress(address: "y@example.com")],
                bodyStart: "body", problems: [.lineWithoutColon, .badAddress, .badDate]),
    ]

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/\(name)")
        return Array(try Data(contentsOf: url))
    }

    @Test("reads the head of each fixture message", arguments: fixtures)
    func readsFixture(_ expected: Fixture) throws {
        let raw = try Self.fixture(expected.file)
        let head = MessageHead(parsing: raw)
        #expect(head.messageID == expected.messageID)
        #expect(head.subject == expected.subject)
        #expect(head.from == expected.from)
        #expect(head.to == expected.to)
        #expect(head.cc == expected.cc)
        #expect(head.replyTo == expected.replyTo)
        #expect(head.date?.formatted(.iso8601) == expected.date)
        #expect(head.inReplyTo == expected.inReplyTo)
        #expect(head.references == expected.references)
        #expect(String(decoding: raw[head.bodyOffset...], as: UTF8.self).hasPrefix(expected.bodyStart))
        #expect(head.problems.map(\.kind) == expected.problems, "\(head.problems)")
    }

    @Test("a missing field is nil or empty and no problem")
    func missingFields() {
        let head = MessageHead(parsing: Array("X-Other: 1\n\nbody".utf8))
        #expect(head.messageID == nil && head.subject == nil && head.from == nil && head.date == nil)
        #expect(head.to.isEmpty && head.cc.isEmpty && head.inReplyTo.isEmpty && head.references.isEmpty)
        #expect(head.problems.isEmpty)
    }

    @Test("an empty Subject is an empty string, not a missing one")
    func emptySubject() {
        #expect(MessageHead(parsing: Array("Subject:\n\n".utf8)).subject == "")
    }

    @Test("a garbage Date is nil with a problem that quotes it")
    func garbageDate() {
        let head = MessageHead(parsing: Array("Date: yesterday\n\n".utf8))
        #expect(head.date == nil)
        #expect(head.problems.map(\.description) == [#"Date header is not a date: "yesterday""#])
    }

    @Test("the first of repeated single fields wins; address fields are merged")
    func repeatedFields() {
        let raw = "Subject: first\nSubject: second\nTo: a@x.org\nFrom: f@x.org\nto: b@y.org\nFrom: g@x.org\n\n"
        let head = MessageHead(parsing: Array(raw.utf8))
        #expect(head.subject == "first")
        #expect(head.from?.address == "f@x.org")
        #expect(head.to.map(\.address) == ["a@x.org", "b@y.org"])
    }

    @Test("an encoded line break in the Subject becomes a space")
    func subjectLineBreak() {
        let head = MessageHead(parsing: Array("Subject: =?utf-8?q?one=0D=0Atwo=0Athree?=\n\n".utf8))
        #expect(head.subject == "one two three")
    }

    @Test("the body is not scanned")
    func bodyIsNotScanned() {
        let body = String(repeating: "no colon here\nDate: garbage\n", count: 10_000)
        let raw = Array("Subject: s\n\n\(body)".utf8)
        let head = MessageHead(parsing: raw)
        #expect(head.problems.isEmpty)
        #expect(head.bodyOffset == 12)
    }

    @Test("an attached message's bodyOffset is an index of the enclosing buffer")
    func attachedMessage() {
        let raw = Array("outer part\nSubject: inner\nFrom: a@x.org\n\nbody".utf8)
        let head = MessageHead(parsing: raw[11...])
        #expect(head.subject == "inner")
        #expect(head.from?.address == "a@x.org")
        #expect(Array(raw[head.bodyOffset...]) == Array("body".utf8))
    }

    @Test("the problem list is bounded")
    func boundedProblems() {
        let raw = Array(String(repeating: "no colon\n", count: 1_000).utf8)
        let head = MessageHead(parsing: raw)
        #expect(head.problems.count == 101)
        #expect(head.problems.last?.kind == .tooManyProblems)
    }
}
