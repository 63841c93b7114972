import Foundation
import Logging
import MailCore
import MailStore
import MaildConfig
import Transport

/// Everything the outbox needs to send for one channel, resolved by the wiring.
public struct OutboxChannel: Sendable {
    public var sending: SendingChannel
    public var settings: ChannelSending
    /// For the sent-folder copy: the channel's IMAP account.
    public var imap: IMAPAccount?

    public init(sending: SendingChannel, settings: ChannelSending, imap: IMAPAccount?) {
        self.sending = sending
        self.settings = settings
        self.imap = imap
    }

    var retry: RetryPolicy {
        RetryPolicy(first: settings.retryFirst, cap: settings.retryMax, giveUpAfter: settings.giveUpAfter)
    }
}

/// One channel's SMTP connection and sent-folder copy, on the channel's own thread: libcurl and SQLite
/// calls block, and must not hold the cooperative pool. Only used from `thread`, one call at a time.
final class ChannelSender: @unchecked Sendable {
    let channel: OutboxChannel
    let thread: BlockingThread
    private var connection: SMTPConnection?
    private var sentFolder: SentFolder?

    /// `connection`: which of the channel's connections, from 1.
    init(channel: OutboxChannel, connection: Int = 1) {
        self.channel = channel
        thread = BlockingThread(name: "maild-outbox-\(channel.sending.name)-\(connection)")
    }

    /// Renders and sends one claimed item. Called on `thread`.
    func send(_ claimed: ClaimedSend) -> (outcome: SMTPOutcome, raw: [UInt8]) {
        let raw: [UInt8]
        do { raw = try claimed.message.render() } catch {
            return (.permanent("the message cannot be written: \(error)"), [])
        }
        let connection: SMTPConnection
        if let existing = self.connection {
            connection = existing
        } else {
            let smtp = channel.settings.smtp
            let password: String?
            do { password = try smtp.password?.read() } catch {
                return (.temporary("cannot read the SMTP password of channel \(channel.sending.name): \(error)"), raw)
            }
            connection = SMTPConnection(account: smtp, password: password,
                                        heloName: smtp.heloName ?? channel.sending.messageIDs.domain)
            self.connection = connection
        }
        let outcome = connection.send(from: channel.sending.from.address, to: claimed.message.envelopeRecipients, data: raw)
        return (outcome, raw)
    }

    /// Appends `raw` to the sent folder, when the channel has one; nil or why it failed. Called on `thread`.
    func copyToSentFolder(_ raw: [UInt8]) -> String? {
        guard let folder = channel.settings.sentFolder, let imap = channel.imap else { return nil }
        if sentFolder == nil {
            let password: String
            do { password = try imap.password.read() } catch { return "cannot read the IMAP password: \(error)" }
            sentFolder = SentFolder(account: imap, password: password, folder: folder)
        }
        return sentFolder?.append(raw)
    }
}
