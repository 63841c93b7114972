import Yams

/// A channel's `smtp:` section and the outbox settings beside it (docs/configuration.md, "Sending").
extension ConfigReader {
    static let sendingChannelKeys = ["smtp", "from_name", "send_delay", "sent_folder", "send_failed_status"]
    static let smtpKeys = ["url", "username", "password_file", "password_env", "ca_file", "allow_insecure", "helo_name",
                           "max_per_minute", "retry_first", "retry_max", "give_up_after"]

    /// Nil when the channel has no `smtp` (it only receives); the other keys then are an error.
    func sending(_ section: Section, address: String?) -> ChannelSending? {
        guard let entry = section["smtp"] else {
            for key in Self.sendingChannelKeys.dropFirst() {
                if let stray = section[key] {
                    report(line: stray.line, key: stray.path, "only applies to a channel that sends: add an smtp section")
                }
            }
            return nil
        }
        if address == nil {
            report(line: entry.line, key: entry.path, "a channel that sends needs its address (the From of its replies)")
        }
        guard let smtp = self.section(entry.value, path: entry.path, line: entry.line,
                                      expected: "a mapping with url (and username with password_file or password_env)") else {
            return nil
        }
        rejectUnknownKeys(in: smtp, known: Self.smtpKeys, hints: [:])
        let before = problems.count
        var url: IMAPURL?
        if let entry = required("url", in: smtp), let text = string(entry, expected: "a URL like smtps://mail.example.com") {
            switch IMAPURL.parse(text, protocol: .smtp) {
            case .success(let parsed): url = parsed
            case .failure(let failure): report(line: valueLine(entry), key: entry.path, failure.message)
            }
        }
        let username = smtp["username"].flatMap { string($0) }
        let password = username == nil ? nil : secretSource(smtp)
        let caFile = caFile(smtp)
        let insecure = allowInsecure(smtp, implicitTLS: url?.implicitTLS, schemes: .smtp)
        let heloName = smtp["helo_name"].flatMap { string($0, expected: "a host name") }
        let maxPerMinute = smtp["max_per_minute"].flatMap(count)
        var defaults = ChannelSending(smtp: SMTPAccount(host: ""))
        if let entry = smtp["retry_first"], let value = duration(entry) { defaults.retryFirst = value }
        if let entry = smtp["retry_max"], let value = duration(entry) { defaults.retryMax = value }
        if let entry = smtp["give_up_after"], let value = duration(entry) { defaults.giveUpAfter = value }
        if let entry = section["send_delay"], let value = delay(entry) { defaults.sendDelay = value }
        if let entry = section["sent_folder"], let value = string(entry, expected: "an IMAP folder name like Sent") { defaults.sentFolder = value }
        if let entry = section["send_failed_status"], let value = string(entry, expected: "a status name") { defaults.failedStatus = value }
        if let entry = section["from_name"], let value = string(entry, expected: "a display name like Example Support") { defaults.fromName = value }
        guard let url, problems.count == before, username == nil || password != nil else { return nil }
        let security: SMTPAccount.Security = url.implicitTLS ? .implicitTLS : (insecure ? .insecure : .startTLS)
        defaults.smtp = SMTPAccount(host: url.host, port: url.port, security: security, username: username,
                                    password: password, caFile: caFile, heloName: heloName)
        defaults.maxPerMinute = maxPerMinute
        return defaults
    }

    /// A delay that may be 0 (`send_delay: 0` sends at once).
    private func delay(_ entry: Section.Entry) -> Duration? {
        if case .scalar(let scalar) = entry.value, scalar.string == "0" || scalar.string == "0s" { return .zero }
        return duration(entry)
    }

    /// A whole number, 1 or more.
    private func count(_ entry: Section.Entry) -> Int? {
        guard case .scalar(let scalar) = entry.value, let number = Int(scalar.string), number > 0 else {
            report(line: valueLine(entry), key: entry.path, "expected a whole number, 1 or more, got \(describe(entry.value))")
            return nil
        }
        return number
    }
}
