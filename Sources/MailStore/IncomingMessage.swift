import Foundation
import Threading

/// A message being stored, with what threading and tickets read from it more than once.
struct IncomingMessage {
    /// Its row in `message`.
    let id: Int64
    let record: MessageRecord
    let channel: String
    /// The subject reduced for comparison, with the installation's ticket token format removed.
    let subject: SubjectKey
    /// When it was written, for the subject window: its `Date:` (RFC 5322 §3.6.1), so an imported archive
    /// keeps its own time; the time of storing when it has none, or when a wrong clock put it in the future.
    let writtenAt: Date

    init(id: Int64, record: MessageRecord, channel: String, subject: SubjectKey, now: Date) {
        self.id = id
        self.record = record
        self.channel = channel
        self.subject = subject
        self.writtenAt = min(record.head.date ?? now, now)
    }

    /// The From address, lowercased: how a customer is recognised (as `contact.email`).
    var sender: String? {
        guard let address = record.head.from?.address, !address.isEmpty else { return nil }
        return address.lowercased()
    }
}
