import Foundation
import MailStore
import Outbox
import TestSupport
import Testing
@testable import Control

/// Request lines as tools write them, and what a tool is told when a line is wrong.
@Suite struct ControlRequestTests {
    static func parse(_ text: String) throws(ControlError) -> ControlRequest { try ControlRequest(parsing: Array(text.utf8)) }

    static let reply = ReplyRequest(channel: "support", ticket: 12, to: ["ann@example.com"], subject: "Re: printer",
                                    text: "Fixed.", sendAt: "2026-03-29T09:00 Europe/Berlin", actor: "alice")

    @Test(arguments: [
        (#"{"command":"status"}"#, ControlRequest.status),
        (#"{"command":"outbox"}"#, .outbox(state: nil)),
        (#"{"command":"outbox","state":"queued"}"#, .outbox(state: .queued)),
        (#"{"command":"cancel","id":17,"actor":"alice"}"#, .cancel(id: 17, actor: "alice")),
        (#"{"command":"cancel","id":17}"#, .cancel(id: 17, actor: "agent")),
        (#"{"command":"send","channel":"support","ticket":12,"to":["ann@example.com"],"subject":"Re: printer","text":"Fixed.","send_at":"2026-03-29T09:00 Europe/Berlin","actor":"alice"}"#,
         .send(reply)),
        (#"  {"actor":"alice","command":"cancel","id":3}  "#, .cancel(id: 3, actor: "alice")),
    ])
    func aWellFormedLineIsUnderstood(line: String, expected: ControlRequest) throws {
        #expect(try Self.parse(line) == expected)
    }

    @Test(arguments: [
        ("status, please", "bad_request", "not valid JSON: "),
        ("[1,2]", "bad_request", #"expected a JSON object like {"command":"status"}"#),
        ("{}", "bad_request", #"missing "command"; one of send, cancel, outbox, status"#),
        (#"{"command":5}"#, "bad_request", #""command" must be a string"#),
        (#"{"command":"launch"}"#, "unknown_command", #"unknown command "launch"; known commands: send, cancel, outbox, status"#),
        (#"{"command":"send","channel":"support","sendat":"2026-03-29T09:00Z"}"#, "bad_request",
         #"unknown key "sendat" for send; known keys: channel, ticket, queue, to, cc, bcc, subject, text, html, attachments, delay, send_at, actor"#),
        (#"{"command":"status","verbose":true}"#, "bad_request", #"unknown key "verbose" for status; it takes none"#),
        (#"{"command":"send","subject":"Hi"}"#, "bad_request", #"missing "channel""#),
        (#"{"command":"send","channel":"support","ticket":"12"}"#, "bad_request", #""ticket" must be a whole number"#),
        (#"{"command":"send","channel":"support","to":["a@example.com",7]}"#, "bad_request", #""to[1]" must be a string"#),
        (#"{"command":"send","channel":null}"#, "bad_request", #""channel" must be a string, not null"#),
        (#"{"command":"cancel","actor":"alice"}"#, "bad_request", #"missing "id""#),
        (#"{"command":"outbox","state":"lost"}"#, "bad_request", #"unknown state "lost"; one of queued, sending, sent, failed, cancelled"#),
    ])
    func aWrongLineSaysWhatIsWrong(line: String, code: String, message: String) {
        do {
            let request = try Self.parse(line)
            Issue.record("accepted \(request)")
        } catch {
            #expect(error.code == code)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func aNumberThatIsNotAWholeOneIsRefused() {
        #expect(throws: ControlError.self) { try Self.parse(#"{"command":"cancel","id":1.5}"#) }
        #expect(throws: ControlError.self) { try Self.parse(#"{"command":"cancel","id":99999999999999999999}"#) }
    }

    /// A field added to ReplyRequest must be added to the keys `send` accepts, or tools could not set it.
    @Test func everyKeyOfAReplyIsAcceptedBySend() throws {
        let full = ReplyRequest(channel: "c", ticket: 1, queue: "q", to: ["a@x.org"], cc: ["b@x.org"], bcc: ["c@x.org"], subject: "s",
                                text: "t", html: "<p>h</p>", attachments: ["/a"], delay: 1, sendAt: "2026-01-01T00:00Z", actor: "a")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(full)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == Set(ControlRequest.keys["send"] ?? []))
    }

    @Test(arguments: [ControlRequest.status, .outbox(state: nil), .outbox(state: .failed), .cancel(id: 9, actor: "bob"), .send(reply)])
    func theClientsLineParsesBackToTheSameRequest(request: ControlRequest) throws {
        let line = request.line()
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A), "one line")
        #expect(try ControlRequest(parsing: Array(line.dropLast())) == request)
    }

    /// A line at the size limit made of nothing but nesting must not exhaust the connection thread's stack.
    @Test func deepNestingIsRefusedNotFollowed() {
        for open in ["[", "{\"a\":"] {
            let line = Array(String(repeating: open, count: LineBuffer.maxLineBytes / open.utf8.count).utf8)
            let error = #expect(throws: ControlError.self) { try ControlRequest(parsing: line) }
            #expect(error?.code == "bad_request")
            #expect(error?.message.hasPrefix("not valid JSON") == true)
        }
    }

    /// Whatever bytes arrive, the answer is a request or a ControlError, never a crash.
    @Test func randomLinesNeverCrashTheParser() {
        var random = SeededGenerator(state: 7)
        let valid = Array(#"{"command":"send","channel":"support","ticket":12,"to":["a@example.com"],"subject":"Hi","delay":0}"#.utf8)
        var accepted = 0
        for round in 0..<3000 {
            var line: [UInt8]
            if round % 2 == 0 {
                line = (0..<Int.random(in: 0..<200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                line = valid
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    line[Int.random(in: 0..<line.count, using: &random)] = UInt8.random(in: 0x20...0x7E, using: &random)
                }
            }
            if (try? ControlRequest(parsing: line)) != nil { accepted += 1 }
        }
        #expect(accepted > 0, "some mutations of a valid line stay valid")
    }
}

extension ControlRequest: CustomTestStringConvertible {
    public var testDescription: String { String(decoding: line().dropLast(), as: UTF8.self) }
}
