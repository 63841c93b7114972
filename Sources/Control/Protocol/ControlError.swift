import MailStore
import Outbox

/// The `error` of a response: a stable `code` for tools and a `message` for people. Refused replies carry
/// the outbox's own codes (`too_many_cc`, `unknown_channel`, …); the rest are the protocol's.
public struct ControlError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var code: String
    public var message: String
    /// With `too_late`: the state the item was in, so a tool need not parse the message.
    public var state: String?

    public init(code: String, message: String, state: String? = nil) {
        self.code = code
        self.message = message
        self.state = state
    }

    public var description: String { "\(message) (\(code))" }

    public static func badRequest(_ message: String) -> ControlError { .init(code: "bad_request", message: message) }

    public static func unknownCommand(_ name: String) -> ControlError {
        .init(code: "unknown_command",
              message: "unknown command \"\(name)\"; known commands: \(ControlRequest.commands.joined(separator: ", "))")
    }

    public static let requestTooLarge = ControlError(
        code: "request_too_large",
        message: "a request line may be at most \(LineBuffer.maxLineBytes) bytes; attach large content as files")

    public static func refused(_ refusal: OutboxRefusal) -> ControlError {
        .init(code: refusal.reason.code, message: refusal.description)
    }

    public static func tooLate(_ id: Int64, _ state: OutboxItem.State) -> ControlError {
        let what = switch state {
        case .queued, .sending: "is already sending"
        case .sent: "was already sent"
        case .failed: "has already failed"
        case .cancelled: "was already cancelled"
        }
        return .init(code: "too_late", message: "item \(id) \(what): it cannot be cancelled", state: state.rawValue)
    }

    /// Still `queued`, but an earlier attempt may have reached the recipient: cancelling would promise
    /// what maild cannot keep. Same code as any too-late cancel, so tools need no new case.
    public static func mayHaveBeenDelivered(_ id: Int64) -> ControlError {
        .init(code: "too_late",
              message: "item \(id) may already have been delivered (the connection was lost after the message was sent, "
                  + "or maild stopped while sending); it will be sent again with the same Message-ID: it cannot be cancelled",
              state: OutboxItem.State.queued.rawValue)
    }

    public static func noSuchItem(_ id: Int64) -> ControlError {
        .init(code: "no_such_item", message: "there is no outbox item \(id)")
    }

    /// The database's own words stay in the daemon's log: they help an admin, not the agent's tool.
    public static let storageFailed = ControlError(
        code: "storage_error", message: "maild could not read or write its database; its log says why; try again")

    public static let busy = ControlError(
        code: "busy", message: "too many open control connections; try again in a moment")

    public static let idle = ControlError(
        code: "idle_timeout", message: "no complete request for \(ControlSocket.idleTimeoutSeconds) seconds; closing")
}
