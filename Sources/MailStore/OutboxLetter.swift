import Foundation
import MailCore

/// An outgoing message's parts as `outbox_item.letter` keeps them (JSON), attachments apart in
/// `outbox_attachment`. The Date field is not kept here: it is the first send attempt's moment
/// (`outbox_item.message_date`), set when the item is first claimed.
struct OutboxLetter: Codable {
    struct Address: Codable {
        var name: String?
        var address: String
    }

    var from: Address
    var to: [Address]
    var cc: [Address]
    var bcc: [Address]
    var replyTo: [Address]
    var subject: String
    var timeZone: String
    var inReplyTo: [String]
    var references: [String]
    var extraHeaders: [[String]]
    var text: String
    var html: String?

    init(_ message: OutgoingMessage) {
        from = Address(message.from)
        to = message.to.map(Address.init)
        cc = message.cc.map(Address.init)
        bcc = message.bcc.map(Address.init)
        replyTo = message.replyTo.map(Address.init)
        subject = message.subject
        timeZone = message.timeZone.identifier
        inReplyTo = message.inReplyTo
        references = message.references
        extraHeaders = message.extraHeaders.map { [$0.name, $0.value] }
        text = message.text
        html = message.html
    }

    func message(messageID: String, date: Date, attachments: [OutgoingMessage.Attachment]) -> OutgoingMessage {
        OutgoingMessage(
            from: from.mailAddress, to: to.map(\.mailAddress), cc: cc.map(\.mailAddress), bcc: bcc.map(\.mailAddress),
            replyTo: replyTo.map(\.mailAddress), subject: subject, date: date,
            timeZone: TimeZone(identifier: timeZone) ?? .gmt, messageID: messageID, inReplyTo: inReplyTo,
            references: references, extraHeaders: extraHeaders.compactMap { $0.count == 2 ? .init($0[0], $0[1]) : nil },
            text: text, html: html, attachments: attachments)
    }

    func json() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> OutboxLetter {
        try JSONDecoder().decode(OutboxLetter.self, from: Data(json.utf8))
    }
}

extension OutboxLetter.Address {
    init(_ address: MailAddress) { self.init(name: address.name, address: address.address) }
    var mailAddress: MailAddress { MailAddress(name: name, address: address) }
}
