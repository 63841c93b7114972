import Foundation
import MaildConfig
import Testing

@Suite struct ConfigLoaderTests {
    @Test func aFullConfigurationIsReadWithEveryValue() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let passwordFile = try directory.write("support.password", "s3cret\n")
        let caFile = try directory.write("ca.pem", "-----BEGIN CERTIFICATE-----\n", permissions: 0o644)
        let yaml = """
            database: /srv/maild/tickets.sqlite
            poll_interval: 2m
            max_message_bytes: 10MB
            log_level: debug
            channels:
              - name: support
                address: support@example.com
                imap:
                  url: imaps://Mail.Example.com
                  username: support@example.com
                  password_file: \(passwordFile)
                  ca_file: \(caFile)
                poll_interval: 30s
                only_unseen: true
                max_message_bytes: 25 MiB
              - name: billing-eu
                imap:
                  url: imap://127.0.0.1:1143
                  username: billing
                  password_env: MAILD_BILLING_PASSWORD
                  allow_insecure: true
            """

        let configuration = try ConfigLoader.parse(yaml, file: "maild.yaml")

        #expect(configuration == MaildConfiguration(
            database: "/srv/maild/tickets.sqlite",
            pollInterval: .seconds(120),
            maxMessageBytes: 10_000_000,
            logLevel: .debug,
            channels: [
                ChannelConfiguration(
                    name: "support",
                    address: "support@example.com",
                    imap: IMAPAccount(host: "mail.example.com", port: 993, security: .implicitTLS,
                                      username: "support@example.com", password: .file(passwordFile),
                                      caFile: caFile),
                    pollInterval: .seconds(30),
                    onlyUnseen: true,
                    maxMessageBytes: 25 * 1_048_576),
                ChannelConfiguration(
                    name: "billing-eu",
                    imap: IMAPAccount(host: "127.0.0.1", port: 1143, security: .insecure,
                                      username: "billing", password: .environment("MAILD_BILLING_PASSWORD")),
                    pollInterval: .seconds(120),
                    onlyUnseen: false,
                    maxMessageBytes: 10_000_000),
            ]))
        #expect(configuration.channels.map(\.imap.url) == ["imaps://mail.example.com:993", "imap://127.0.0.1:1143"])
    }

    @Test func omittedSettingsTakeTheDefaults() throws {
        let yaml = """
            channels:
              - name: support
                imap:
                  url: imap://mail.example.com
                  username: support
                  password_env: MAILD_SUPPORT_PASSWORD
            """

        let configuration = try ConfigLoader.parse(yaml, file: "maild.yaml")

        #expect(configuration.database == "/var/lib/maild/maild.sqlite")
        #expect(configuration.pollInterval == .seconds(60))
        #expect(configuration.maxMessageBytes == 50_000_000)
        #expect(configuration.logLevel == .info)
        let channel = try #require(configuration.channels.first)
        #expect(channel.address == nil)
        #expect(channel.pollInterval == .seconds(60))
        #expect(channel.maxMessageBytes == 50_000_000)
        #expect(channel.onlyUnseen == false)
        #expect(channel.imap.security == .startTLS)
        #expect(channel.imap.url == "imap://mail.example.com:143")
        #expect(channel.imap.caFile == nil)
    }

    @Test(arguments: ["", "# nothing configured yet\n", "channels: []\n", "channels:\n", "log_level: info\n"])
    func aFileWithoutChannelsIsValidAndRunsNothing(yaml: String) throws {
        let configuration = try ConfigLoader.parse(yaml, file: "maild.yaml")

        #expect(configuration == MaildConfiguration())
    }

    @Test func withoutPipelinesEveryChannelOpensTicketsInTheSupportPipeline() throws {
        let yaml = ConfigProblemTests.channel()
        let configuration = try ConfigLoader.parse(yaml, file: "maild.yaml")

        #expect(configuration.pipelines.map(\.name) == ["support"])
        #expect(configuration.pipelines[0].statuses.map(\.name) == ["New", "Waiting on contact", "Waiting on us", "Closed"])
        #expect(configuration.pipelines[0].statuses.map(\.state) == [.open, .open, .open, .closed])
        let channel = try #require(configuration.channels.first)
        #expect(channel.createTickets)
        #expect(channel.pipeline == "support")
        #expect(channel.defaultQueue == "Support")
        #expect(channel.reopenWindowDays == 30)
    }

    @Test func aChannelFollowsTheConfiguredPipelineWithItsTicketSettings() throws {
        let yaml = """
            pipelines:
              - name: sales
                statuses:
                  - name: Lead
                    state: open
                  - name: Won
                    state: closed
                  - name: Lost
                    state: closed
            """ + "\n" + ConfigProblemTests.channel() + """
                pipeline: sales
                create_tickets: false
                default_queue: Key accounts
                reopen_window_days: 0
            """
        let configuration = try ConfigLoader.parse(yaml, file: "maild.yaml")

        #expect(configuration.pipelines == [PipelineConfiguration(name: "sales", statuses: [
            .init(name: "Lead", state: .open), .init(name: "Won", state: .closed), .init(name: "Lost", state: .closed),
        ])])
        let channel = try #require(configuration.channels.first)
        #expect(channel.pipeline == "sales")
        #expect(channel.createTickets == false)
        #expect(channel.defaultQueue == "Key accounts")
        #expect(channel.reopenWindowDays == 0)
    }

    @Test func theExampleConfigurationLoadsWithoutProblems() throws {
        let example = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/maild.example.yaml")
        let text = try String(contentsOf: example, encoding: .utf8)
        // The example names /etc/maild/support.password, as a real install would; the test puts
        // that file in a temporary directory instead.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("support.password", "example\n")
        let file = try directory.write("maild.yaml", text.replacingOccurrences(of: "/etc/maild/", with: "\(directory.path)/"))

        let configuration = try ConfigLoader.load(path: file)

        #expect(configuration.channels.map(\.name) == ["support", "billing"])
        #expect(configuration.channels.map(\.imap.password) == [
            .file("\(directory.path)/support.password"), .environment("MAILD_BILLING_PASSWORD"),
        ])
    }

    @Test func aMissingConfigurationFileIsOneProblemWithoutALine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/maild.yaml"

        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path) }

        #expect(error?.description == "\(path): cannot read the configuration file: No such file or directory")
    }

    @Test func aDirectoryInsteadOfTheConfigurationFileIsNamedAsSuch() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: directory.path) }

        #expect(error?.description == "\(directory.path): cannot read the configuration file: not a regular file")
    }

    @Test func aFileThatIsNotUTF8NamesTheFirstBadLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/maild.yaml"
        var contents = Data("log_level: info\ndatabase: /var/lib/m\u{E4}ild.sqlite\n".utf8)  // UTF-8 "ä" is fine
        contents.append(contentsOf: [0x23, 0x20, 0xE4, 0x0A])  // "# ä" saved as Latin-1, on line 3
        try contents.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path) }

        #expect(error?.description == "\(path):3: not valid UTF-8; save the file as UTF-8")
    }

    @Test func loadReportsProblemsUnderTheFilesPath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("maild.yaml", "log_level: info\npoll_interval: soon\n")

        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path) }

        #expect(error?.description == "\(path):2: poll_interval: expected a duration like 30s, 5m or 2d, got \"soon\"")
    }
}
