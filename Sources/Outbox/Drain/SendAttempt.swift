import Foundation
import Logging
import MailStore

/// One attempt at an outbox item, on its channel's thread: claim, send, record the outcome.
struct SendAttempt: Sendable {
    /// False when the claim found the item cancelled, taken or gone: nothing reached the server.
    var claimed: Bool
    /// When to try again, if at all.
    var retryAt: Date?

    static func run(_ id: Int64, sender: ChannelSender, store: MailStore, clock: any OutboxClock, logger: Logger,
                    write: OutcomeWrite = OutcomeWrite()) -> SendAttempt {
        let claimed: ClaimedSend
        do {
            guard let claim = try store.claimOutboxItem(id, now: clock.now()) else { return SendAttempt(claimed: false) }
            claimed = claim
        } catch {
            logger.error("cannot claim a due reply; trying again in a minute: \(error)")
            return SendAttempt(claimed: false, retryAt: clock.now().addingTimeInterval(60))
        }
        let (outcome, raw) = sender.send(claimed)
        let now = clock.now()
        var retryAt: Date?
        let record: () throws(StorageError) -> Void
        switch outcome {
        case let .accepted(refused):
            record = { () throws(StorageError) in try store.recordSent(claimed, raw: raw, refusedRecipients: refused, now: now) }
        case let .temporary(reason), let .deliveryUnknown(reason):
            switch sender.channel.retry.decision(attempts: claimed.attempts, firstFailure: claimed.firstFailureAt, now: now) {
            case let .retry(at):
                retryAt = at
                record = { () throws(StorageError) in
                    try store.recordRetry(claimed, error: reason, retryAt: at, deliveryUnknown: outcome.mayHaveBeenDelivered, now: now)
                }
            case .giveUp:
                let error = "gave up after \(claimed.attempts) attempts: \(reason)"
                record = { () throws(StorageError) in
                    try store.recordFailure(claimed, error: error, ticketStatus: sender.channel.settings.failedStatus, now: now)
                }
            }
        case let .permanent(reason):
            record = { () throws(StorageError) in
                try store.recordFailure(claimed, error: reason, ticketStatus: sender.channel.settings.failedStatus, now: now)
            }
        }
        let failure = write.run(record) { error, pause in
            logger.error("cannot record a send's outcome; trying again in \(Int(pause)) s: \(error)")
        }
        if let failure {
            // The item stays `sending`: the next start sends it again with the same Message-ID.
            logger.critical("cannot record a send's outcome (\(outcome)): \(failure)")
            return SendAttempt(claimed: true)
        }
        switch outcome {
        case let .accepted(refused):
            logger.info("reply sent", metadata: ["message_id": "\(claimed.message.messageID)", "attempt": "\(claimed.attempts)",
                                                "refused": "\(refused.count)"])
            if let failure = sender.copyToSentFolder(raw) { logger.warning("sent, but no copy in the sent folder: \(failure)") }
        case let .temporary(reason), let .deliveryUnknown(reason):
            if let retryAt {
                logger.warning("send deferred: \(reason)", metadata: ["retry_at": "\(retryAt)", "attempt": "\(claimed.attempts)"])
            } else {
                logger.error("send failed: gave up after \(claimed.attempts) attempts: \(reason)")
            }
        case let .permanent(reason):
            logger.error("send failed: \(reason)")
        }
        return SendAttempt(claimed: true, retryAt: retryAt)
    }
}

/// Writes a send's outcome, trying again when the database refuses (SQLITE_BUSY past the busy timeout, a
/// disk full for a moment): an item left `sending` is sent again at the next start (a duplicate) or, were
/// it a retry, never rescheduled. Bounded: 5 tries with 2, 4, 8 and 16 s between them, about 30 s, on the
/// channel's thread, which has nothing else to do meanwhile. Each try is one transaction, so a failed one
/// left nothing behind.
struct OutcomeWrite: Sendable {
    var pauses: [TimeInterval] = [2, 4, 8, 16]
    var sleep: @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }

    /// Nil once written; else the last try's error.
    func run(_ write: () throws(StorageError) -> Void, retrying: (StorageError, TimeInterval) -> Void) -> StorageError? {
        var tries = 0
        while true {
            do throws(StorageError) {
                try write()
                return nil
            } catch {
                guard tries < pauses.count else { return error }
                retrying(error, pauses[tries])
                sleep(pauses[tries])
                tries += 1
            }
        }
    }
}
