/// Delivery failure reports, recognised from the message itself, so that a bounce joins the conversation
/// of the message that bounced instead of opening a ticket of its own.
extension MimeMessage {
    /// True for a delivery status notification: multipart/report with report-type=delivery-status
    /// (RFC 3464 §2, RFC 6522), or a message with X-Failed-Recipients (Exim's non-DSN bounces carry it).
    public var isBounce: Bool {
        let type = root.contentType
        if type.type == "multipart", type.subtype == "report",
           type.parameters["report-type"]?.lowercased() == "delivery-status" {
            return true
        }
        return header.first("X-Failed-Recipients") != nil
    }

    /// For a bounce, the Message-ID of the message that bounced, without brackets. Looked for, in order,
    /// in the returned message (message/rfc822, RFC 3464 §2's third part), in returned headers
    /// (text/rfc822-headers, RFC 6522 §4), and in a quoted header block inside the report's text (Exim
    /// and qmail copy the original header after a line of their own). Nil for anything else.
    public var bouncedMessageID: String? {
        guard isBounce else { return nil }
        for part in parts where part.index != 0 {
            if let id = encapsulatedHead(of: part)?.messageID { return id }
        }
        for part in parts where part.index != 0 && part.isLeaf {
            let type = part.contentType.mimeType
            guard type == "text/rfc822-headers" || type == "message/rfc822-headers"
                || type == "message/global-headers" || type == "message/rfc822" || type == "message/global"
            else { continue }
            if let id = MessageHead(parsing: decodedBody(of: part)).messageID { return id }
        }
        for part in parts where part.isLeaf && part.contentType.type == "text" {
            if let id = Self.quotedMessageID(in: decodedBody(of: part)) { return id }
        }
        return nil
    }

    /// The id of the first `Message-ID:` line (any case, folded or not) in `text`.
    static func quotedMessageID(in text: [UInt8]) -> String? {
        let name = Array("message-id:".utf8)
        var lineStart = 0
        while lineStart + name.count <= text.count {
            if name.indices.allSatisfy({ ASCII.lowercased(text[lineStart + $0]) == name[$0] }) {
                return MessageHead(parsing: text[lineStart...]).messageID
            }
            guard let newline = text[lineStart...].firstIndex(of: ASCII.lf) else { return nil }
            lineStart = newline + 1
        }
        return nil
    }
}
