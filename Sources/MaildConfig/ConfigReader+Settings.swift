import Yams

/// The keys of the file, level by level; what each means is in docs/configuration.md.
extension ConfigReader {
    static let topLevelKeys = ["database", "poll_interval", "max_message_bytes", "log_level", "ticket_token_prefix",
                               "pipelines", "channels"]
    static let channelKeys = ["name", "address", "imap", "poll_interval", "only_unseen", "max_message_bytes",
                              "create_tickets", "pipeline", "default_queue", "reopen_window_days",
                              "subject_fallback", "subject_window_days"]
    static let imapKeys = ["url", "username", "password_file", "password_env", "ca_file", "allow_insecure"]

    /// Reads the whole file. An empty document is all defaults and no channels.
    func configuration(from root: Node?) -> MaildConfiguration {
        var configuration = MaildConfiguration()
        guard let root else { return configuration }
        guard let section = section(root, path: "", line: root.mark?.line ?? 1,
                                    expected: "a mapping of settings (key: value lines)") else {
            return configuration
        }
        var hints: [String: String] = [:]
        for key in Self.channelKeys where !Self.topLevelKeys.contains(key) {
            hints[key] = "\(key) is set per channel, under channels"
        }
        for key in Self.imapKeys {
            hints[key] = "\(key) is set per channel, under channels[].imap"
        }
        rejectUnknownKeys(in: section, known: Self.topLevelKeys + Self.controlKeys, hints: hints)

        if let entry = section["database"], let path = absolutePath(entry) {
            configuration.database = path
        }
        if let entry = section["control_socket"], let path = socketPath(entry) { configuration.controlSocket = path }
        if let entry = section["poll_interval"], let interval = duration(entry) {
            configuration.pollInterval = interval
        }
        if let entry = section["max_message_bytes"], let bytes = byteCount(entry) {
            configuration.maxMessageBytes = bytes
        }
        if let entry = section["log_level"], let level = logLevel(entry) {
            configuration.logLevel = level
        }
        if let entry = section["ticket_token_prefix"], let format = ticketTokenFormat(entry) {
            configuration.ticketTokenFormat = format
        }
        // Read before the channels, wherever it stands in the file: channels name their pipeline.
        if let entry = section["pipelines"] {
            configuration.pipelines = pipelines(entry)
        }
        if let entry = section["channels"] {
            configuration.channels = channels(entry, defaults: configuration)
        }
        return configuration
    }

    private func logLevel(_ entry: Section.Entry) -> LogLevelName? {
        let names = LogLevelName.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = string(entry, expected: "one of \(names)") else { return nil }
        guard let level = LogLevelName(rawValue: text.lowercased()) else {
            report(line: valueLine(entry), key: entry.path, "expected one of \(names), got \(quoted(text))")
            return nil
        }
        return level
    }

    /// The list of channels; `channels:` with nothing after it counts as an empty list.
    private func channels(_ entry: Section.Entry, defaults: MaildConfiguration) -> [ChannelConfiguration] {
        let items: [Node]
        switch entry.value {
        case .sequence(let sequence):
            items = Array(sequence)
        case .scalar where entry.value.isNull:
            return []
        default:
            report(line: valueLine(entry), key: entry.path,
                   "expected a list of channels, each starting with \"- name:\", got \(describe(entry.value))")
            return []
        }
        var channels: [ChannelConfiguration] = []
        var firstUse: [String: (path: String, line: Int)] = [:]
        for (index, item) in items.enumerated() {
            let path = "\(entry.path)[\(index)]"
            guard let section = section(item, path: path, line: item.mark?.line ?? entry.line,
                                        expected: "a channel (a mapping with name, imap, …)") else { continue }
            let before = problems.count
            var name: String?
            if let nameEntry = required("name", in: section), let value = channelName(nameEntry) {
                if let first = firstUse[value] {
                    report(line: valueLine(nameEntry), key: nameEntry.path,
                           "duplicate channel name \(quoted(value)); \(first.path) at line \(first.line) already uses it")
                } else {
                    firstUse[value] = (path, valueLine(nameEntry))
                    name = value
                }
            }
            if let channel = channel(section, name: name, defaults: defaults), problems.count == before {
                channels.append(channel)
            }
        }
        return channels
    }

    private func channelName(_ entry: Section.Entry) -> String? {
        guard let name = string(entry, expected: "a channel name") else { return nil }
        guard ValueSyntax.isChannelName(name) else {
            report(line: valueLine(entry), key: entry.path,
                   "expected lowercase letters, digits, \"_\" and \"-\", starting with a letter or digit, at most 64, got \(quoted(name))")
            return nil
        }
        return name
    }

    /// The rest of a channel; its name was read and checked for uniqueness by the caller.
    private func channel(_ section: Section, name: String?, defaults: MaildConfiguration) -> ChannelConfiguration? {
        var hints: [String: String] = [:]
        for key in Self.imapKeys {
            hints[key] = "did you mean imap.\(key)? (it belongs under imap:)"
        }
        // Tokens must read the same on every channel: a customer may write to another one about a ticket.
        hints["ticket_token_prefix"] = "ticket_token_prefix is set once, at the top level, for every channel"
        rejectUnknownKeys(in: section, known: Self.channelKeys + Self.sendingChannelKeys, hints: hints)

        var address: String?
        if let entry = section["address"], let text = string(entry, expected: "an email address") {
            if ValueSyntax.isEmailAddress(text) {
                address = text
            } else {
                report(line: valueLine(entry), key: entry.path,
                       "expected an email address like support@example.com, got \(quoted(text))")
            }
        }
        let imap = required("imap", in: section).flatMap(imapAccount)
        let pollInterval: Duration? = section["poll_interval"].map(duration) ?? defaults.pollInterval
        let onlyUnseen: Bool? = section["only_unseen"].map(bool) ?? false
        let maxMessageBytes: Int? = section["max_message_bytes"].map(byteCount) ?? defaults.maxMessageBytes
        let createTickets: Bool? = section["create_tickets"].map(bool) ?? true
        let pipeline: String? = section["pipeline"].map { pipelineName($0, among: defaults.pipelines) }
            ?? defaultPipelineName(section, among: defaults.pipelines)
        let defaultQueue: String? = section["default_queue"].map { string($0, expected: "a queue name") }
            ?? ChannelConfiguration.defaultQueue
        let reopenWindowDays: Int? = section["reopen_window_days"].map(dayCount) ?? ChannelConfiguration.defaultReopenWindowDays
        let sending = sending(section, address: address)
        let subjectFallback: Bool? = section["subject_fallback"].map(bool) ?? false
        let subjectWindowDays: Int? = section["subject_window_days"].map(subjectWindowDays)
            ?? ChannelConfiguration.defaultSubjectWindowDays

        guard let name, let imap, let pollInterval, let onlyUnseen, let maxMessageBytes, let createTickets,
              let pipeline, let defaultQueue, let reopenWindowDays, let subjectFallback, let subjectWindowDays
        else { return nil }
        return ChannelConfiguration(name: name, address: address, imap: imap, pollInterval: pollInterval,
                                    onlyUnseen: onlyUnseen, maxMessageBytes: maxMessageBytes,
                                    createTickets: createTickets, pipeline: pipeline, defaultQueue: defaultQueue,
                                    reopenWindowDays: reopenWindowDays, sending: sending,
                                    subjectFallback: subjectFallback, subjectWindowDays: subjectWindowDays)
    }

    private func imapAccount(_ entry: Section.Entry) -> IMAPAccount? {
        guard let section = section(entry.value, path: entry.path, line: entry.line,
                                    expected: "a mapping with url, username and password_file or password_env") else {
            return nil
        }
        let secretHint = "maild never reads a password from this file; name a file with password_file "
            + "or an environment variable with password_env"
        rejectUnknownKeys(in: section, known: Self.imapKeys, hints: ["password": secretHint, "pass": secretHint])
        let before = problems.count

        var url: IMAPURL?
        if let entry = required("url", in: section), let text = string(entry, expected: "a URL like imaps://mail.example.com") {
            switch IMAPURL.parse(text) {
            case .success(let parsed): url = parsed
            case .failure(let failure): report(line: valueLine(entry), key: entry.path, failure.message)
            }
        }
        let username = required("username", in: section).flatMap { string($0) }
        let password = secretSource(section)
        let caFile = caFile(section)
        let allowInsecure = allowInsecure(section, implicitTLS: url?.implicitTLS, schemes: .imap)

        guard let url, let username, let password, problems.count == before else { return nil }
        let security: IMAPAccount.Security = url.implicitTLS ? .implicitTLS : (allowInsecure ? .insecure : .startTLS)
        return IMAPAccount(host: url.host, port: url.port, security: security,
                           username: username, password: password, caFile: caFile)
    }

    /// `ca_file`: a readable PEM bundle, checked now so a typo shows at startup.
    func caFile(_ section: Section) -> String? {
        guard let entry = section["ca_file"], let path = absolutePath(entry) else { return nil }
        if let failure = FileBytes.checkReadable(path) {
            report(line: valueLine(entry), key: entry.path, "cannot read the CA bundle \(path): \(failure.reason)")
            return nil
        }
        return path
    }

    /// `allow_insecure`, only meaningful with the plain scheme.
    func allowInsecure(_ section: Section, implicitTLS: Bool?, schemes: IMAPURL.Schemes) -> Bool {
        guard let entry = section["allow_insecure"], let value = bool(entry) else { return false }
        if value, implicitTLS == true {
            // Refused rather than ignored: it reads like "skip certificate checks", which maild never does.
            report(line: valueLine(entry), key: entry.path, "only applies to \(schemes.plainScheme):// URLs; "
                   + "\(schemes.tlsScheme):// always uses TLS and always verifies the certificate")
        }
        return value
    }

    /// Exactly one of `password_file` and `password_env`. Their values are never quoted in a
    /// message: an admin who pasted the password itself there must not see it echoed to a log.
    func secretSource(_ section: Section) -> SecretSource? {
        let fileEntry = section["password_file"]
        let environmentEntry = section["password_env"]
        switch (fileEntry, environmentEntry) {
        case (nil, nil):
            report(line: section.line, key: section.path,
                   "missing password_file or password_env (exactly one is required)")
            return nil
        case (let file?, let environment?):
            let later = file.line > environment.line ? file : environment
            report(line: later.line, key: later.path,
                   "password_file and password_env are mutually exclusive; keep only one")
            return nil
        case (let entry?, nil):
            guard let path = absolutePath(entry, quote: false) else { return nil }
            let source = SecretSource.file(path)
            // Checked now, not at the first poll, so a typo or a wrong owner shows at startup.
            if case .failure(let failure) = source.load() {
                report(line: valueLine(entry), key: entry.path, failure.message)
                return nil
            }
            return source
        case (nil, let entry?):
            guard let name = string(entry, expected: "an environment variable name") else { return nil }
            guard ValueSyntax.isEnvironmentVariableName(name) else {
                report(line: valueLine(entry), key: entry.path,
                       "expected the name of an environment variable (letters, digits and _), not the password itself")
                return nil
            }
            // Not read here: `maild check-config` runs in a shell that lacks the service's environment.
            return .environment(name)
        }
    }
}
