import MailStore
import Outbox

/// What the control socket asks of the daemon. The daemon implements it over its `Outbox` and store;
/// tests implement it in memory, so the protocol is tested without a database or a socket.
public protocol ControlBackend: Sendable {
    func send(_ request: ReplyRequest) async throws(ControlError) -> OutboxItem
    func cancel(_ id: Int64, actor: String) async throws(ControlError) -> CancelOutcome
    func outbox(state: OutboxItem.State?) async throws(ControlError) -> [OutboxItem]
    func status() async -> ControlStatus
}
