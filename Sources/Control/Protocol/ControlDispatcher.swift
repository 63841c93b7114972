import Logging
import MailStore
import Outbox

/// Turns one request line into one response: parse, ask the backend, log. Never throws: whatever a client
/// sends, it gets an answer.
public struct ControlDispatcher: Sendable {
    private let backend: any ControlBackend
    private let logger: Logger

    public init(backend: any ControlBackend, logger: Logger) {
        self.backend = backend
        self.logger = logger
    }

    /// `peer` names the client process for the log (`uid 1000 pid 4242`): the actor is only what it claims.
    public func respond(to line: [UInt8], peer: String) async -> ControlResponse {
        let request: ControlRequest
        do { request = try ControlRequest(parsing: line) } catch {
            logger.info("control request refused", metadata: ["outcome": "\(error.code)", "peer": "\(peer)",
                                                              "reason": "\(error.message)"])
            return .failure(error)
        }
        let response = await perform(request)
        // The command, who asked and what came of it; never a body, an address list or a path.
        var metadata: Logger.Metadata = ["command": "\(request.command)", "outcome": "\(response.outcome)", "peer": "\(peer)"]
        if let actor = request.actor { metadata["actor"] = "\(actor)" }
        switch (request, response) {
        case (_, .queued(let item)): metadata["item"] = "\(item.id)"
        case (.cancel(let id, _), _): metadata["item"] = "\(id)"
        case (_, .items(let items)): metadata["items"] = "\(items.count)"
        default: break
        }
        logger.info("control command", metadata: metadata)
        return response
    }

    func perform(_ request: ControlRequest) async -> ControlResponse {
        do throws(ControlError) {
            switch request {
            case .send(let reply):
                return .queued(try await backend.send(reply))
            case let .cancel(id, actor):
                switch try await backend.cancel(id, actor: actor) {
                case .cancelled: return .cancelled
                case .tooLate(let state): return .failure(.tooLate(id, state))
                case .mayHaveBeenDelivered: return .failure(.mayHaveBeenDelivered(id))
                }
            case .outbox(let state):
                return .items(try await backend.outbox(state: state))
            case .status:
                return .status(await backend.status())
            }
        } catch {
            return .failure(error)
        }
    }
}
