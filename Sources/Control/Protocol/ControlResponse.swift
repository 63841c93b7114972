import Foundation
import MailStore

/// One response line: `{"ok":true,…}` with what the command produced, or `{"ok":false,"error":{…}}`.
public enum ControlResponse: Sendable, Equatable, Encodable {
    case queued(OutboxItem)
    case cancelled
    case items([OutboxItem])
    case status(ControlStatus)
    case failure(ControlError)

    /// `ok` or the error's code, for the log line of each command.
    public var outcome: String {
        if case .failure(let error) = self { return error.code }
        return "ok"
    }

    /// The response as one line, newline included; keys sorted, so the same answer is always the same bytes.
    public func line() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let json = (try? encoder.encode(self)) ?? Data(#"{"error":{"code":"internal","message":"cannot encode the response"},"ok":false}"#.utf8)
        return [UInt8](json) + [0x0A]
    }

    enum Key: String, CodingKey { case ok, item, outcome, items, error }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        if case .failure(let error) = self {
            try container.encode(false, forKey: .ok)
            try container.encode(error, forKey: .error)
            return
        }
        try container.encode(true, forKey: .ok)
        switch self {
        case .queued(let item): try container.encode(item, forKey: .item)
        case .cancelled: try container.encode("cancelled", forKey: .outcome)
        case .items(let items): try container.encode(items, forKey: .items)
        case .status(let status): try status.encode(to: encoder)
        case .failure: break
        }
    }
}
