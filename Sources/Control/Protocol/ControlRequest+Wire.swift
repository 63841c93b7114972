import Foundation
import MailStore
import Outbox

extension ControlRequest {
    /// The request as one line, newline included, as `maild ctl` sends it.
    public func line() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        // Encoding strings, numbers and arrays of them cannot fail.
        let json = (try? encoder.encode(Wire(request: self))) ?? Data("{}".utf8)
        return [UInt8](json) + [0x0A]
    }

    /// `command` beside the request's own keys, in one object.
    private struct Wire: Encodable {
        let request: ControlRequest

        enum Key: String, CodingKey { case command, id, actor, state }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(request.command, forKey: .command)
            switch request {
            case .send(let reply):
                try reply.encode(to: encoder)
            case let .cancel(id, actor):
                try container.encode(id, forKey: .id)
                try container.encode(actor, forKey: .actor)
            case .outbox(let state):
                try container.encodeIfPresent(state?.rawValue, forKey: .state)
            case .status:
                break
            }
        }
    }

    /// What JSONSerialization found wrong, in its own words ("Unexpected character 'x' around line 1, column 2").
    static func describe(jsonError error: any Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }

    /// A decoding error as the key it concerns and what that key must hold: `"ticket" must be a whole number`.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, context):
            return "missing \"\(path(context.codingPath + [key]))\""
        case let .typeMismatch(type, context):
            return "\"\(path(context.codingPath))\" must be \(kind(type))"
        case let .valueNotFound(type, context):
            return "\"\(path(context.codingPath))\" must be \(kind(type)), not null"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? context.debugDescription
                : "\"\(path(context.codingPath))\": \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int64.Type, is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is [String].Type: "a list of strings"
        default: "a \(type)"
        }
    }
}
