/// What the server answered during one send, read from libcurl's protocol trace (CURLOPT_DEBUGFUNCTION):
/// the reply to each RCPT TO, and the last reply, whose text goes into errors and the ticket's history.
///
/// Only commands maild needs are remembered: AUTH lines (which carry the password, base64) are never
/// looked at beyond their first word, so no secret can reach a log or an error.
struct SMTPTranscript {
    private(set) var refusedRecipients: [String] = []
    private(set) var lastReply: String?
    private var pendingRecipient: String?
    private var partialReply = ""

    mutating func reset() {
        self = SMTPTranscript()
    }

    /// A command line libcurl sent (CURLINFO_HEADER_OUT), e.g. `RCPT TO:<ann@example.com>`.
    mutating func sent(_ line: String) {
        let upper = line.prefix(8).uppercased()
        if upper.hasPrefix("RCPT TO:") {
            let address = line.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
            pendingRecipient = address.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        } else {
            pendingRecipient = nil
        }
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
