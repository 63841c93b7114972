import Yams

/// A channel's `smtp:` section and the outbox settings beside it (docs/configuration.md, "Sending").
extension ConfigReader {
    static let sendingChannelKeys = ["smtp", "from_name", "send_delay", "sent_folder", "send_failed_status", "acknowledgements"]
    static let acknowledgementKeys = ["received", "closed", "max_per_hour", "max_per_day"]
    static let templateKeys = ["subject", "text", "text_file"]
    static let smtpKeys = ["url", "username", "password_file", "password_env", "ca_file", "allow_insecure", "helo_name",
                           "max_per_minute", "connections", "retry_first", "retry_max", "give_up_after"]

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
        if let entry = smtp["connections"], let value = count(entry) {
            if value > ChannelSending.maxConnections {
                report(line: valueLine(entry), key: entry.path, "at most \(ChannelSending.maxConnections) connections, got \(value)")
            } else {
                defaults.connections = value
            }
        }
        if let entry = smtp["retry_first"], let value = duration(entry) { defaults.retryFirst = value }
        if let entry = smtp["retry_max"], let value = duration(entry) { defaults.retryMax = value }
        if let entry = smtp["give_up_after"], let value = duration(entry) { defaults.giveUpAfter = value }
        if let entry = section["send_delay"], let value = delay(entry) { defaults.sendDelay = value }
        if let entry = section["sent_folder"], let value = string(entry, expected: "an IMAP folder name like Sent") { defaults.sentFolder = value }
        if let entry = section["send_failed_status"], let value = string(entry, expected: "a status name") { defaults.failedStatus = value }
        if let entry = section["from_name"], let value = string(entry, expected: "a display name like Example Support") { defaults.fromName = value }
        if let entry = section["acknowledgements"] { defaults.acknowledgements = acknowledgements(entry) }
        guard let url, problems.count == before, username == nil || password != nil else { return nil }
        let security: SMTPAccount.Security = url.implicitTLS ? .implicitTLS : (insecure ? .insecure : .startTLS)
        defaults.smtp = SMTPAccount(host: url.host, port: url.port, security: security, username: username,
                                    password: password, caFile: caFile, heloName: heloName)
        defaults.maxPerMinute = maxPerMinute
        return defaults
    }

    private func acknowledgements(_ entry: Section.Entry) -> ChannelSending.Acknowledgements? {
        guard let section = self.section(entry.value, path: entry.path, line: entry.line,
                                         expected: "a mapping with received and/or closed templates") else { return nil }
        rejectUnknownKeys(in: section, known: Self.acknowledgementKeys, hints: [:])
        var result = ChannelSending.Acknowledgements()
        result.received = section["received"].flatMap(template)
        result.closed = section["closed"].flatMap(template)
        if let entry = section["max_per_hour"], let value = count(entry) { result.maxPerHour = value }
        if let entry = section["max_per_day"], let value = count(entry) { result.maxPerDay = value }
        return result
    }

    /// `subject` and exactly one of `text` and `text_file` (read now, so a missing file shows at startup).
    private func template(_ entry: Section.Entry) -> ChannelSending.Acknowledgements.Template? {
        guard let section = self.section(entry.value, path: entry.path, line: entry.line,
                                         expected: "a mapping with subject and text or text_file") else { return nil }
        rejectUnknownKeys(in: section, known: Self.templateKeys, hints: [:])
        let subject = required("subject", in: section).flatMap { string($0, expected: "a subject line") }
        if let subject, subject.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            report(line: section.line, key: section.path(of: "subject"), "must be one line")
            return nil
        }
        var text: String?
        switch (section["text"], section["text_file"]) {
        case (let inline?, nil):
            text = string(inline, expected: "the message text")
        case (nil, let file?):
            if let path = absolutePath(file) {
                switch FileBytes.contents(of: path) {
                case .success(let bytes): text = String(decoding: bytes, as: UTF8.self)
                case .failure(let failure): report(line: valueLine(file), key: file.path, "cannot read \(path): \(failure.reason)")
                }
            }
        case (.some, .some):
            report(line: section.line, key: section.path, "text and text_file are mutually exclusive; keep only one")
        case (nil, nil):
            report(line: section.line, key: section.path, "missing text or text_file")
        }
        guard let subject, let text else { return nil }
        return .init(subject: subject, text: text)
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
