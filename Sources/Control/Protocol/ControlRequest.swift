import Foundation
import MailStore
import Outbox

/// One request line of the control protocol (docs/control-protocol.md): a JSON object whose `command`
/// says what the other keys mean.
///
///     {"command":"send","channel":"support","ticket":12,"to":["ann@example.com"],"subject":"Re: …","text":"…"}
///     {"command":"cancel","id":17,"actor":"alice"}
///     {"command":"outbox","state":"queued"}
///     {"command":"status"}
public enum ControlRequest: Sendable, Equatable {
    case send(ReplyRequest)
    case cancel(id: Int64, actor: String)
    case outbox(state: OutboxItem.State?)
    case status

    public static let commands = ["send", "cancel", "outbox", "status"]

    /// Keys besides `command`, per command. A key outside these is refused, not ignored: a misspelt
    /// `send_at` would otherwise send the reply after the default delay instead of at the time meant.
    static let keys: [String: [String]] = [
        "send": ["channel", "ticket", "queue", "to", "cc", "bcc", "subject", "text", "html", "attachments", "delay",
                 "send_at", "actor"],
        "cancel": ["id", "actor"],
        "outbox": ["state"],
        "status": [],
    ]

    static let states: [OutboxItem.State] = [.queued, .sending, .sent, .failed, .cancelled]

    /// The actor of a request that names none, as `ReplyRequest` has it.
    static let defaultActor = "agent"

    public var command: String {
        switch self {
        case .send: "send"
        case .cancel: "cancel"
        case .outbox: "outbox"
        case .status: "status"
        }
    }

    /// Who the client says it acts for (not checked: whoever can open the socket may say anything).
    public var actor: String? {
        switch self {
        case .send(let request): request.actor
        case .cancel(_, let actor): actor
        case .outbox, .status: nil
        }
    }

    /// Parses one line (without its newline). Every refusal says what was wrong, never quoting a body.
    public init(parsing line: [UInt8]) throws(ControlError) {
        let data = Data(line)
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ControlError.badRequest("expected a JSON object like {\"command\":\"status\"}")
            }
            object = parsed
        } catch let error as ControlError {
            throw error
        } catch {
            throw ControlError.badRequest("not valid JSON: \(Self.describe(jsonError: error))")
        }
        guard let value = object["command"] else {
            throw ControlError.badRequest("missing \"command\"; one of \(Self.commands.joined(separator: ", "))")
        }
        guard let command = value as? String else { throw ControlError.badRequest("\"command\" must be a string") }
        guard let known = Self.keys[command] else { throw ControlError.unknownCommand(command) }
        if let stray = object.keys.sorted().first(where: { $0 != "command" && !known.contains($0) }) {
            let list = known.isEmpty ? "it takes none" : "known keys: \(known.joined(separator: ", "))"
            throw ControlError.badRequest("unknown key \"\(stray)\" for \(command); \(list)")
        }
        switch command {
        case "send":
            self = .send(try Self.decode(ReplyRequest.self, from: data))
        case "cancel":
            let fields = try Self.decode(CancelFields.self, from: data)
            self = .cancel(id: fields.id, actor: fields.actor ?? Self.defaultActor)
        case "outbox":
            let name = try Self.decode(OutboxFields.self, from: data).state
            guard let name else { self = .outbox(state: nil); return }
            guard let state = OutboxItem.State(rawValue: name) else {
                throw ControlError.badRequest("unknown state \"\(name)\"; one of \(Self.states.map(\.rawValue).joined(separator: ", "))")
            }
            self = .outbox(state: state)
        default:
            self = .status
        }
    }

    private struct CancelFields: Decodable {
        var id: Int64
        var actor: String?
    }

    private struct OutboxFields: Decodable {
        var state: String?
    }

    private static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ControlError) -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            throw ControlError.badRequest(Self.describe(error))
        } catch {
            throw ControlError.badRequest("\(error)")
        }
    }
}
