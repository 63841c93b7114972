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

    /// maild's own files, which no reply may attach: the configuration at `configFile`, every channel's
    /// password files, and the database with its WAL files (it holds the ticket token secret and all mail).
    func ownFiles(configFile: String) -> Set<String> {
        var files: Set<String> = [configFile, database, database + "-wal", database + "-shm"]
        for channel in channels {
            if case let .file(path) = channel.imap.password { files.insert(path) }
            if case let .file(path)? = channel.sending?.smtp.password { files.insert(path) }
        }
        return files
    }
}
