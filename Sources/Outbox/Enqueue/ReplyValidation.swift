import Foundation
import MailCore
import MailStore

/// What the outbox knows of a channel that sends: its From address and undo delay.
public struct SendingChannel: Sendable, Equatable {
    public var name: String
    public var from: MailAddress
    public var undoDelay: Duration
    /// Message-IDs are made in the From address's domain.
    public var messageIDs: MessageIDGenerator

    public init(name: String, from: MailAddress, undoDelay: Duration = .seconds(30)) throws(OutboxRefusal) {
        self.name = name
        self.from = from
        self.undoDelay = undoDelay
        do { messageIDs = try MessageIDGenerator(domain: from.domain ?? "") } catch {
            throw OutboxRefusal(.channelCannotSend, "channel \(name): its address \(from.address) has no usable domain")
        }
    }
}

/// The limits every queued reply is checked against, before anything is stored.
public enum ReplyLimits {
    public static let maxCC = 30
    /// Total size of a reply's attachments (before base64): what the major providers accept per message.
    public static let maxAttachmentBytes = 25 * 1024 * 1024
    public static let maxScheduleAhead: TimeInterval = 14 * 86_400
}

extension ReplyRequest {
    /// Checks the request and turns it into a draft for the store. Pure except for `readFile`, which gives
    /// an attachment's bytes, told how many bytes the limit leaves (the daemon reads the path with an
    /// `AttachmentReader`; tests pass bytes); an `OutboxRefusal` it throws passes as is. Every refusal
    /// says which field.
    public func draft(for channel: SendingChannel, now: Date,
                      readFile: (_ path: String, _ limit: Int) throws -> [UInt8]) throws(OutboxRefusal) -> OutboxDraft {
        guard !subject.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OutboxRefusal(.missingSubject, "a subject is required")
        }
        if ticket == nil, (queue ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw OutboxRefusal(.missingQueue, "a queue is required for a message that starts a new conversation (no ticket given)")
        }
        guard cc.count <= ReplyLimits.maxCC else {
            throw OutboxRefusal(.tooManyCC, "\(cc.count) CC addresses: at most \(ReplyLimits.maxCC) are allowed")
        }
        let to = try Self.addresses(self.to, field: "To")
        let cc = try Self.addresses(self.cc, field: "Cc")
        let bcc = try Self.addresses(self.bcc, field: "Bcc")
        guard !(to + cc + bcc).isEmpty else { throw OutboxRefusal(.noRecipient, "at least one To, Cc or Bcc recipient is required") }
        let dueAt = try dueTime(channel: channel, now: now)
        let files = try readAttachments(readFile)
        let message = OutgoingMessage(from: channel.from, to: to, cc: cc, bcc: bcc, subject: subject, date: now,
                                      timeZone: .current, messageID: "pending@\(channel.messageIDs.domain)",
                                      text: text, html: html, attachments: files)
        do { try message.validate() } catch {
            let reason: OutboxRefusal.Reason = error.kind == .forbiddenCharacter ? .forbiddenCharacter : .invalidAddress
            throw OutboxRefusal(reason, error.description)
        }
        return OutboxDraft(channel: channel.name, actor: actor, ticket: ticket, queue: queue, message: message, dueAt: dueAt)
    }

    private func dueTime(channel: SendingChannel, now: Date) throws(OutboxRefusal) -> Date {
        if let sendAt {
            guard delay == nil else { throw OutboxRefusal(.invalidSendAt, "give either delay or send_at, not both") }
            let at = try SendTime.parse(sendAt)
            guard at > now else { throw OutboxRefusal(.sendAtInPast, "send_at \(sendAt) is in the past") }
            guard at.timeIntervalSince(now) <= ReplyLimits.maxScheduleAhead else {
                throw OutboxRefusal(.sendAtTooFar, "send_at \(sendAt) is more than 14 days ahead")
            }
            return at
        }
        let seconds = delay ?? channel.undoDelay.seconds
        guard seconds.isFinite, seconds >= 0, seconds <= ReplyLimits.maxScheduleAhead else {
            throw OutboxRefusal(.invalidDelay, "delay must be 0 to \(Int(ReplyLimits.maxScheduleAhead)) seconds")
        }
        return now.addingTimeInterval(seconds)
    }

    private func readAttachments(_ readFile: (String, Int) throws -> [UInt8]) throws(OutboxRefusal) -> [OutgoingMessage.Attachment] {
        var total = 0
        var files = [OutgoingMessage.Attachment]()
        for path in attachments {
            let bytes: [UInt8]
            do { bytes = try readFile(path, ReplyLimits.maxAttachmentBytes - total) } catch let refusal as OutboxRefusal {
                throw refusal
            } catch {
                throw OutboxRefusal(.attachmentUnreadable, "attachment \(path) cannot be read by maild: \(error)")
            }
            total += bytes.count
            guard total <= ReplyLimits.maxAttachmentBytes else {
                throw OutboxRefusal(.attachmentsTooLarge, "attachments total more than 25 MB (\(total) bytes with \(path))")
            }
            let name = URL(fileURLWithPath: path).lastPathComponent
            files.append(.init(filename: name, contentType: MediaTypeGuess.forFilename(name), bytes: bytes))
        }
        return files
    }

    /// Each string must be exactly one address.
    static func addresses(_ values: [String], field: String) throws(OutboxRefusal) -> [MailAddress] {
        var result = [MailAddress]()
        for value in values {
            if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw OutboxRefusal(.forbiddenCharacter, "\(field) address contains a line break")
            }
            let list = AddressList(parsing: Array(value.utf8), fieldName: field)
            guard list.problems.isEmpty, list.addresses.count == 1, let address = list.addresses.first,
                  address.domain.map({ !$0.isEmpty }) == true else {
                throw OutboxRefusal(.invalidAddress, "\(field) address \"\(value)\" is not one valid email address")
            }
            result.append(address)
        }
        return result
    }
}
