/// What the server answered during one send, read from libcurl's protocol trace (CURLOPT_DEBUGFUNCTION):
/// the reply to each RCPT TO, and the last reply, whose text goes into errors and the ticket's history.
///
/// Only RCPT TO lines are ever made text: every other command maild sends, AUTH and its continuation lines
/// (the password, base64) above all, is dropped as bytes, unread, so no secret can reach a String, a log
/// or an error; not even while an AUTH exchange is in progress, when a continuation line has no AUTH in it.
struct SMTPTranscript {
    private(set) var refusedRecipients: [String] = []
    private(set) var lastReply: String?
    private var pendingRecipient: String?
    private var partialReply = ""

    mutating func reset() {
        self = SMTPTranscript()
    }

    /// A command libcurl sent (CURLINFO_HEADER_OUT), e.g. `RCPT TO:<ann@example.com>`, as bytes.
    mutating func sent<Bytes: Collection<UInt8>>(_ command: Bytes) {
        pendingRecipient = Self.recipient(inCommand: command)
    }

    /// The address of a `RCPT TO:<…>` command; nil, without decoding a byte, for any other.
    static func recipient<Bytes: Collection<UInt8>>(inCommand command: Bytes) -> String? {
        let verb = Array("RCPT TO:".utf8)
        guard command.count >= verb.count,
              zip(command.prefix(verb.count), verb).allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0) == $1 })
        else { return nil }
        let argument = command.dropFirst(verb.count).prefix { $0 != 0x0D && $0 != 0x0A }
        return String(decoding: argument, as: UTF8.self)
            .trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
    }

    /// A reply line the server sent (CURLINFO_HEADER_IN). A multi-line reply (`250-…`, RFC 5321 §4.2.1)
    /// ends with the line whose code is followed by a space.
    mutating func received(_ line: String) {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 3 else { return }
        let isLast = text.count == 3 || text[text.index(text.startIndex, offsetBy: 3)] != "-"
        partialReply = partialReply.isEmpty ? text : partialReply + " | " + text
        guard isLast else { return }
        let reply = partialReply
        partialReply = ""
        lastReply = String(reply.prefix(500))
        if let recipient = pendingRecipient, let first = reply.first, first == "4" || first == "5" {
            refusedRecipients.append("\(recipient): \(lastReply ?? reply)")
        }
        pendingRecipient = nil
    }
}

import Foundation
