import COpenSSL
import Foundation
import MailCore

/// One message as maild keeps it: the bytes exactly as received, their digest, and what was parsed from them.
public struct MessageRecord: Sendable {
    public let raw: [UInt8]
    /// SHA-256 of `raw`, lowercase hex: with the Message-ID, how a message is recognised when it comes back.
    public let digest: String
    /// The size the server reported; larger than `raw.count` only for a headers-only record.
    public let size: Int
    public let head: MessageHead
    /// Everything the parser found wrong (header and MIME tree); the message is stored either way.
    public let problems: [ParseProblem]
    /// Set when only the header section was kept (an oversized message left on the server), saying why.
    public let headersOnlyReason: String?
    /// Written by a machine (auto-reply, bounce, list mail): joins its conversation, never opens or moves a
    /// ticket, never joins by subject. Nil for mail a person wrote.
    public let automaticKind: AutomaticMailKind?
    /// For a bounce, the Message-ID of the message it reports (from the returned message or headers): the
    /// bounce joins that message's conversation and marks it bounced.
    public let bouncedMessageID: String?

    public init(raw: [UInt8], size: Int? = nil, headersOnlyReason: String? = nil) {
        self.raw = raw
        self.digest = Self.sha256(raw).hexString
        self.size = size ?? raw.count
        let message = MimeMessage(parsing: raw)
        self.head = message.head
        self.problems = message.problems
        self.headersOnlyReason = headersOnlyReason
        self.automaticKind = message.automaticKind
        self.bouncedMessageID = automaticKind == .bounce ? message.bouncedMessageID : nil
    }

    public var isAutomatic: Bool { automaticKind != nil }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in _ = SHA256(input.baseAddress, input.count, &out) }
        return out
    }

    /// The parse problems as one line, or nil for a clean message. The message is stored either way.
    public var parseError: String? {
        problems.isEmpty ? nil : problems.map(\.description).joined(separator: "; ")
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
