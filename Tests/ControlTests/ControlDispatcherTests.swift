import Foundation
import MailStore
import Outbox
import Testing
@testable import Control

/// Whole exchanges, line in and line out, against a backend in memory.
@Suite struct ControlDispatcherTests {
    let backend = FakeBackend()
    let log = CapturedLog()

    func exchange(_ line: String) async -> String {
        let dispatcher = ControlDispatcher(backend: backend, logger: log.logger)
        let response = await dispatcher.respond(to: Array(line.utf8), peer: "uid 1000 pid 1")
        return String(decoding: response.line().dropLast(), as: UTF8.self)
    }

    static let send = #"{"command":"send","channel":"support","ticket":12,"to":["ann@example.com"],"subject":"Re: printer","text":"The secret fix.","actor":"alice"}"#

    @Test func sendAnswersWithTheQueuedItem() async throws {
        let response = await exchange(Self.send)
        #expect(response.hasPrefix(#"{"item":{"actor":"alice","attempts":0,"channel":"support","due_at":"2027-01-15T08:00:00Z","#))
        #expect(response.hasSuffix(#""ticket":12},"ok":true}"#))
        let reply = try ControlReply(parsing: Array(response.utf8))
        #expect(reply.item?.id == 1)
        #expect(reply.item?.ticket == 12)
        #expect(reply.item?.state == "queued")
        #expect(reply.item?.dueAt == "2027-01-15T08:00:00Z")
    }

    @Test func aRefusedSendCarriesTheOutboxsReasonCode() async throws {
        let cc = (1...31).map { "\"c\($0)@example.com\"" }.joined(separator: ",")
        let response = await exchange(#"{"command":"send","channel":"support","ticket":1,"subject":"s","cc":[\#(cc)]}"#)
        #expect(response == #"{"error":{"code":"too_many_cc","message":"31 CC addresses: at most 30 are allowed"},"ok":false}"#)
    }

    @Test func cancelWhileQueuedThenAgainIsTooLate() async {
        _ = await exchange(Self.send)
        #expect(await exchange(#"{"command":"cancel","id":1,"actor":"alice"}"#) == #"{"ok":true,"outcome":"cancelled"}"#)
        #expect(await exchange(#"{"command":"cancel","id":1}"#)
                == #"{"error":{"code":"too_late","message":"item 1 was already cancelled: it cannot be cancelled","state":"cancelled"},"ok":false}"#)
    }

    @Test func cancelWhileSendingIsTooLate() async {
        _ = await exchange(Self.send)
        backend.mark(1, .sending)
        #expect(await exchange(#"{"command":"cancel","id":1}"#)
                == #"{"error":{"code":"too_late","message":"item 1 is already sending: it cannot be cancelled","state":"sending"},"ok":false}"#)
        #expect(await exchange(#"{"command":"cancel","id":5}"#)
                == #"{"error":{"code":"no_such_item","message":"there is no outbox item 5"},"ok":false}"#)
    }

    @Test func cancelAfterADeliveryUnknownIsTooLateAndSaysItMayAlreadyHaveArrived() async {
        _ = await exchange(Self.send)
        backend.markDeliveryUnknown(1)
        #expect(await exchange(#"{"command":"cancel","id":1}"#)
                == #"{"error":{"code":"too_late","message":"item 1 may already have been delivered (the connection was lost after the message was sent, or maild stopped while sending); it will be sent again with the same Message-ID: it cannot be cancelled","state":"queued"},"ok":false}"#)
    }

    @Test func outboxListsItemsFilteredByState() async throws {
        _ = await exchange(Self.send)
        _ = await exchange(Self.send)
        _ = await exchange(#"{"command":"cancel","id":1}"#)
        let all = try ControlReply(parsing: Array(await exchange(#"{"command":"outbox"}"#).utf8))
        #expect(all.items?.map(\.state) == ["cancelled", "queued"])
        let queued = try ControlReply(parsing: Array(await exchange(#"{"command":"outbox","state":"queued"}"#).utf8))
        #expect(queued.items?.map(\.id) == [2])
    }

    @Test func statusNamesVersionChannelsAndSchedule() async {
        _ = await exchange(Self.send)
        #expect(await exchange(#"{"command":"status"}"#)
                == #"{"channels":[{"address":"support@example.com","name":"support","sends":true},{"address":null,"name":"billing","sends":false}],"ok":true,"outbox_scheduled":1,"version":"test"}"#)
    }

    /// An admin reads who did what; a message's body, recipients or subject never reach the log.
    @Test func eachCommandIsLoggedWithActorAndOutcomeNeverTheBody() async {
        _ = await exchange(Self.send)
        _ = await exchange(#"{"command":"cancel","id":1,"actor":"bob"}"#)
        _ = await exchange("{oops")
        let lines = log.all
        #expect(lines.count == 3)
        #expect(lines[0].metadata["command"] == "send" && lines[0].metadata["actor"] == "alice" && lines[0].metadata["outcome"] == "ok")
        #expect(lines[0].metadata["item"] == "1" && lines[0].metadata["peer"] == "uid 1000 pid 1")
        #expect(lines[1].metadata["command"] == "cancel" && lines[1].metadata["actor"] == "bob" && lines[1].metadata["outcome"] == "ok")
        #expect(lines[2].metadata["outcome"] == "bad_request")
        let everything = lines.map { "\($0.message) \($0.metadata)" }.joined()
        for secret in ["secret fix", "ann@example.com", "printer"] { #expect(!everything.contains(secret)) }
    }
}
