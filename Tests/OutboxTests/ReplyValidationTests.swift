import Foundation
import MailCore
import Outbox
import Testing

@Suite struct ReplyValidationTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let channel = try! SendingChannel(name: "support", from: MailAddress(name: "Support", address: "support@example.com"))

    func request(_ change: (inout ReplyRequest) -> Void = { _ in }) -> ReplyRequest {
        var request = ReplyRequest(channel: "support", ticket: 7, to: ["Ann Lee <ann@example.org>"], subject: "Your order",
                                   text: "Hello", actor: "alice")
        change(&request)
        return request
    }

    func refusal(_ request: ReplyRequest, files: [String: Int] = [:]) -> OutboxRefusal? {
        do {
            _ = try request.draft(for: channel, now: now) { path, _ in
                guard let size = files[path] else { throw CocoaError(.fileNoSuchFile) }
                return [UInt8](repeating: 0x41, count: size)
            }
            return nil
        } catch { return error }
    }

    @Test func aValidReplyIsDueAfterTheChannelsUndoDelay() throws {
        let draft = try request().draft(for: channel, now: now) { _, _ in [] }
        #expect(draft.dueAt == now.addingTimeInterval(30))
        #expect(draft.message.to == [MailAddress(name: "Ann Lee", address: "ann@example.org")])
        #expect(draft.message.from.address == "support@example.com")
        let immediate = try request { $0.delay = 0 }.draft(for: channel, now: now) { _, _ in [] }
        #expect(immediate.dueAt == now)
    }

    @Test(arguments: [
        (31, OutboxRefusal.Reason.tooManyCC, "at most 30"),
    ])
    func refusesThirtyOneCC(count: Int, reason: OutboxRefusal.Reason, text: String) {
        let cc = (0..<count).map { "cc\($0)@example.org" }
        let refused = refusal(request { $0.cc = cc })
        #expect(refused?.reason == reason)
        #expect(refused?.description.contains(text) == true)
        #expect(refusal(request { $0.cc = Array(cc.prefix(30)) }) == nil)
    }

    @Test func refusesAttachmentsOverTwentyFiveMegabytesInTotal() {
        let files = ["/a.pdf": 20 << 20, "/b.pdf": 6 << 20]
        let refused = refusal(request { $0.attachments = ["/a.pdf", "/b.pdf"] }, files: files)
        #expect(refused?.reason == .attachmentsTooLarge)
        #expect(refusal(request { $0.attachments = ["/a.pdf"] }, files: files) == nil)
        #expect(refusal(request { $0.attachments = ["/missing.pdf"] })?.reason == .attachmentUnreadable)
    }

    @Test func refusesASendMoreThanFourteenDaysAheadOrInThePast() {
        #expect(refusal(request { $0.sendAt = "2027-01-30T09:00:00Z" })?.reason == .sendAtTooFar)   // now is 2027-01-15
        #expect(refusal(request { $0.sendAt = "2027-01-10T09:00:00Z" })?.reason == .sendAtInPast)
        #expect(refusal(request { $0.sendAt = "2027-01-20T09:00:00Z" }) == nil)
        #expect(refusal(request { $0.sendAt = "2027-01-20T09:00:00Z"; $0.delay = 5 })?.reason == .invalidSendAt)
        #expect(refusal(request { $0.delay = -1 })?.reason == .invalidDelay)
    }

    @Test(arguments: ["Order\r\nBcc: victim@example.net", "Order\nX-Evil: 1", "Order\r"])
    func refusesALineBreakInTheSubject(subject: String) {
        let refused = refusal(request { $0.subject = subject })
        #expect(refused?.reason == .forbiddenCharacter)
        #expect(refused?.description.contains("Subject") == true)
    }

    @Test func refusesMissingSubjectQueueOrRecipientAndBadAddresses() {
        #expect(refusal(request { $0.subject = "  " })?.reason == .missingSubject)
        #expect(refusal(request { $0.ticket = nil })?.reason == .missingQueue)
        #expect(refusal(request { $0.ticket = nil; $0.queue = "Sales" }) == nil)
        #expect(refusal(request { $0.to = [] })?.reason == .noRecipient)
        #expect(refusal(request { $0.to = [] ; $0.bcc = ["b@example.org"] }) == nil)
        #expect(refusal(request { $0.to = ["not an address"] })?.reason == .invalidAddress)
        #expect(refusal(request { $0.to = ["a@example.org, b@example.org"] })?.reason == .invalidAddress)
        #expect(refusal(request { $0.cc = ["x@example.org\r\nBcc: y@example.org"] })?.reason == .forbiddenCharacter)
    }
}
