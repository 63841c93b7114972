import MailCore
import MaildConfig
import Outbox

extension MaildConfiguration {
    /// The outbox's view of every channel that sends (has `smtp` and an address).
    func outboxChannels() throws(OutboxRefusal) -> [OutboxChannel] {
        var result = [OutboxChannel]()
        for channel in channels {
            guard let settings = channel.sending, let address = channel.address else { continue }
            let sending = try SendingChannel(name: channel.name, from: MailAddress(name: settings.fromName, address: address),
                                             undoDelay: settings.sendDelay)
            result.append(OutboxChannel(sending: sending, settings: settings, imap: channel.imap))
        }
        return result
    }
}
