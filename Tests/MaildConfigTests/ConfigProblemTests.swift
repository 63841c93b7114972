import MaildConfig
import Testing

/// Every kind of mistake an admin can make, with the exact line they will read.
@Suite struct ConfigProblemTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let expected: [String]
        var testDescription: String { name }
    }

    /// Problems as printed, or `[]` when the text is accepted.
    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml, file: "maild.yaml")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// A valid channel whose `imap:` section gets `extra` appended.
    static func channel(imap extra: String = "", url: String = "imaps://mail.example.com") -> String {
        """
        channels:
          - name: support
            imap:
              url: \(url)
              username: support@example.com
              password_env: MAILD_SUPPORT_PASSWORD
        \(extra)
        """
    }

    static let topLevel: [Case] = [
        Case(name: "unknown key close to a known one",
             yaml: "log_level: info\npol_interval: 30s\n",
             expected: ["maild.yaml:2: pol_interval: unknown key; did you mean poll_interval?"]),
        Case(name: "unknown key with no close match",
             yaml: "colour: blue\n",
             expected: ["maild.yaml:1: colour: unknown key"]),
        Case(name: "channel setting at the top level",
             yaml: "only_unseen: true\n",
             expected: ["maild.yaml:1: only_unseen: unknown key; only_unseen is set per channel, under channels"]),
        Case(name: "duration that is a word",
             yaml: "poll_interval: soon\n",
             expected: ["maild.yaml:1: poll_interval: expected a duration like 30s, 5m or 2d, got \"soon\""]),
        Case(name: "duration of zero",
             yaml: "poll_interval: 0s\n",
             expected: ["maild.yaml:1: poll_interval: must be longer than 0s"]),
        Case(name: "size that is a word",
             yaml: "max_message_bytes: big\n",
             expected: ["maild.yaml:1: max_message_bytes: expected a size like 50MB or 25 MiB, got \"big\""]),
        Case(name: "size given as a list",
             yaml: "max_message_bytes:\n  - 1MB\n",
             expected: ["maild.yaml:2: max_message_bytes: expected a size like 50MB or 25 MiB, got a list"]),
        Case(name: "log level not in the list",
             yaml: "log_level: verbose\n",
             expected: ["maild.yaml:1: log_level: expected one of trace, debug, info, notice, warning, error, critical, got \"verbose\""]),
        Case(name: "relative database path",
             yaml: "database: maild.sqlite\n",
             expected: ["maild.yaml:1: database: expected an absolute path, got \"maild.sqlite\""]),
        Case(name: "database without a value",
             yaml: "database:\n",
             expected: ["maild.yaml:1: database: has no value; expected an absolute path"]),
        Case(name: "channels not a list",
             yaml: "channels: support\n",
             expected: ["maild.yaml:1: channels: expected a list of channels, each starting with \"- name:\", got \"support\""]),
        Case(name: "a list instead of settings",
             yaml: "- database: /x\n",
             expected: ["maild.yaml:1: expected a mapping of settings (key: value lines), got a list"]),
        Case(name: "a channel that is a word",
             yaml: "channels:\n  - support\n",
             expected: ["maild.yaml:2: channels[0]: expected a channel (a mapping with name, imap, …), got \"support\""]),
    ]

    static let channelLevel: [Case] = [
        Case(name: "imap setting directly under the channel",
             yaml: """
                channels:
                  - name: support
                    url: imaps://mail.example.com
                    imap:
                      url: imaps://mail.example.com
                      username: support
                      password_env: MAILD_SUPPORT_PASSWORD
                """,
             expected: ["maild.yaml:3: channels[0].url: unknown key; did you mean imap.url? (it belongs under imap:)"]),
        Case(name: "missing name and username, at the lines of their mappings",
             yaml: """
                channels:
                  - imap:
                      url: imaps://mail.example.com
                      password_env: MAILD_SUPPORT_PASSWORD
                """,
             expected: [
                "maild.yaml:2: channels[0].name: required key is missing",
                "maild.yaml:2: channels[0].imap.username: required key is missing",
             ]),
        Case(name: "missing imap",
             yaml: "channels:\n  - name: support\n    only_unseen: true\n",
             expected: ["maild.yaml:2: channels[0].imap: required key is missing"]),
        Case(name: "imap given as a URL",
             yaml: "channels:\n  - name: support\n    imap: imaps://mail.example.com\n",
             expected: ["maild.yaml:3: channels[0].imap: expected a mapping with url, username and password_file or password_env, got \"imaps://mail.example.com\""]),
        Case(name: "duplicate channel name, at the second",
             yaml: """
                channels:
                  - name: support
                    imap:
                      url: imaps://a.example.com
                      username: a
                      password_env: MAILD_A
                  - name: support
                    imap:
                      url: imaps://b.example.com
                      username: b
                      password_env: MAILD_B
                """,
             expected: ["maild.yaml:7: channels[1].name: duplicate channel name \"support\"; channels[0] at line 2 already uses it"]),
        Case(name: "channel name with capitals and a space",
             yaml: channel().replacingOccurrences(of: "name: support", with: "name: Support Desk"),
             expected: ["maild.yaml:2: channels[0].name: expected lowercase letters, digits, \"_\" and \"-\", starting with a letter or digit, at most 64, got \"Support Desk\""]),
        Case(name: "address that is not an address",
             yaml: channel() + "    address: support\n",
             expected: ["maild.yaml:7: channels[0].address: expected an email address like support@example.com, got \"support\""]),
        Case(name: "only_unseen that is not a boolean",
             yaml: channel() + "    only_unseen: maybe\n",
             expected: ["maild.yaml:7: channels[0].only_unseen: expected true or false, got \"maybe\""]),
        Case(name: "misspelled channel key",
             yaml: channel() + "    only_unread: true\n",
             expected: ["maild.yaml:7: channels[0].only_unread: unknown key; did you mean only_unseen?"]),
        Case(name: "YAML merge key",
             yaml: "defaults: &defaults\n  poll_interval: 30s\n<<: *defaults\n",
             expected: [
                "maild.yaml:1: defaults: unknown key",
                "maild.yaml:3: <<: unknown key; YAML merge keys are not supported, write the settings out",
             ]),
        Case(name: "channel poll interval in weeks",
             yaml: channel() + "    poll_interval: 1w\n",
             expected: ["maild.yaml:7: channels[0].poll_interval: expected a duration like 30s, 5m or 2d, got \"1w\""]),
    ]

    static let imapLevel: [Case] = [
        Case(name: "url with another scheme",
             yaml: channel(url: "https://mail.example.com"),
             expected: ["maild.yaml:4: channels[0].imap.url: unsupported scheme \"https\"; use imaps:// (TLS) or imap:// (STARTTLS)"]),
        Case(name: "url without a scheme",
             yaml: channel(url: "mail.example.com"),
             expected: ["maild.yaml:4: channels[0].imap.url: expected a URL like imaps://mail.example.com, got \"mail.example.com\""]),
        Case(name: "url with credentials, not echoed",
             yaml: channel(url: "imaps://support:hunter2@mail.example.com"),
             expected: ["maild.yaml:4: channels[0].imap.url: must not contain a user name or password; use username and password_file or password_env"]),
        Case(name: "url with a mailbox path",
             yaml: channel(url: "imaps://mail.example.com/Support"),
             expected: ["maild.yaml:4: channels[0].imap.url: must not contain a path; maild always reads INBOX"]),
        Case(name: "url with a port out of range",
             yaml: channel(url: "imaps://mail.example.com:99999"),
             expected: ["maild.yaml:4: channels[0].imap.url: invalid port \"99999\"; expected 1 to 65535"]),
        Case(name: "url without a host",
             yaml: channel(url: "imaps://:993"),
             expected: ["maild.yaml:4: channels[0].imap.url: has no host name; expected a URL like imaps://mail.example.com"]),
        Case(name: "username without a value",
             yaml: channel().replacingOccurrences(of: "username: support@example.com", with: "username:"),
             expected: ["maild.yaml:5: channels[0].imap.username: has no value; expected a string"]),
        Case(name: "password key, with a pointer to the right ones",
             yaml: channel(imap: "      password: hunter2\n"),
             expected: ["maild.yaml:7: channels[0].imap.password: unknown key; maild never reads a password from this file; name a file with password_file or an environment variable with password_env"]),
        Case(name: "misspelled imap key",
             yaml: channel(imap: "      passwrd_file: /etc/maild/support.password\n"),
             expected: ["maild.yaml:7: channels[0].imap.passwrd_file: unknown key; did you mean password_file?"]),
        Case(name: "both password_file and password_env, at the later one",
             yaml: channel(imap: "      password_file: /etc/maild/support.password\n"),
             expected: ["maild.yaml:7: channels[0].imap.password_file: password_file and password_env are mutually exclusive; keep only one"]),
        Case(name: "neither password_file nor password_env, at the imap line",
             yaml: channel().replacingOccurrences(of: "      password_env: MAILD_SUPPORT_PASSWORD\n", with: ""),
             expected: ["maild.yaml:3: channels[0].imap: missing password_file or password_env (exactly one is required)"]),
        Case(name: "password_file that does not exist",
             yaml: channel().replacingOccurrences(of: "password_env: MAILD_SUPPORT_PASSWORD",
                                                  with: "password_file: /nonexistent/maild/support.password"),
             expected: ["maild.yaml:6: channels[0].imap.password_file: cannot read the password file /nonexistent/maild/support.password: No such file or directory"]),
        Case(name: "relative password_file, not echoed",
             yaml: channel().replacingOccurrences(of: "password_env: MAILD_SUPPORT_PASSWORD", with: "password_file: hunter2"),
             expected: ["maild.yaml:6: channels[0].imap.password_file: expected an absolute path"]),
        Case(name: "password pasted into password_env, not echoed",
             yaml: channel().replacingOccurrences(of: "password_env: MAILD_SUPPORT_PASSWORD", with: "password_env: hunter2!"),
             expected: ["maild.yaml:6: channels[0].imap.password_env: expected the name of an environment variable (letters, digits and _), not the password itself"]),
        Case(name: "password_file that is a directory",
             yaml: channel().replacingOccurrences(of: "password_env: MAILD_SUPPORT_PASSWORD", with: "password_file: /tmp"),
             expected: ["maild.yaml:6: channels[0].imap.password_file: cannot read the password file /tmp: not a regular file"]),
        Case(name: "ca_file that does not exist",
             yaml: channel(imap: "      ca_file: /nonexistent/maild/ca.pem\n"),
             expected: ["maild.yaml:7: channels[0].imap.ca_file: cannot read the CA bundle /nonexistent/maild/ca.pem: No such file or directory"]),
        Case(name: "allow_insecure with imaps",
             yaml: channel(imap: "      allow_insecure: true\n"),
             expected: ["maild.yaml:7: channels[0].imap.allow_insecure: only applies to imap:// URLs; imaps:// always uses TLS and always verifies the certificate"]),
    ]

    /// A `pipelines:` section with the given statuses lines (indented under `statuses:`), before a valid channel.
    static func pipeline(_ statuses: String, name: String = "support") -> String {
        "pipelines:\n  - name: \(name)\n    statuses:\n\(statuses)" + channel()
    }

    static let ticketLevel: [Case] = [
        Case(name: "pipeline without a closed status",
             yaml: pipeline("      - name: New\n        state: open\n"),
             expected: ["maild.yaml:4: pipelines[0].statuses: needs at least one open and one closed status"]),
        Case(name: "pipeline without an open status",
             yaml: pipeline("      - name: Done\n        state: closed\n"),
             expected: ["maild.yaml:4: pipelines[0].statuses: needs at least one open and one closed status"]),
        Case(name: "status with an unknown state",
             yaml: pipeline("      - name: New\n        state: pending\n      - name: Done\n        state: closed\n"),
             expected: ["maild.yaml:5: pipelines[0].statuses[0].state: expected open or closed, got \"pending\""]),
        Case(name: "duplicate status name, at the second",
             yaml: pipeline("      - name: New\n        state: open\n      - name: New\n        state: closed\n"),
             expected: ["maild.yaml:6: pipelines[0].statuses[1].name: duplicate status name \"New\"; pipelines[0].statuses[0] at line 4 already uses it"]),
        Case(name: "status without a state",
             yaml: pipeline("      - name: New\n      - name: Done\n        state: closed\n"),
             expected: ["maild.yaml:4: pipelines[0].statuses[0].state: required key is missing"]),
        Case(name: "duplicate pipeline name, at the second",
             yaml: "pipelines:\n  - name: support\n    statuses: [{name: New, state: open}, {name: Closed, state: closed}]\n"
                + "  - name: support\n    statuses: [{name: New, state: open}, {name: Closed, state: closed}]\n",
             expected: ["maild.yaml:4: pipelines[1].name: duplicate pipeline name \"support\"; pipelines[0] at line 2 already uses it"]),
        Case(name: "pipelines that is not a list",
             yaml: "pipelines: support\n",
             expected: ["maild.yaml:1: pipelines: expected a list of pipelines, each starting with \"- name:\", got \"support\"; leave pipelines out for the default pipeline support"]),
        Case(name: "channel naming a pipeline that does not exist",
             yaml: channel() + "    pipeline: sales\n",
             expected: ["maild.yaml:7: channels[0].pipeline: no pipeline named \"sales\"; pipelines are \"support\""]),
        Case(name: "channel without pipeline when there is no support pipeline",
             yaml: pipeline("      - name: Lead\n        state: open\n      - name: Won\n        state: closed\n", name: "sales"),
             expected: ["maild.yaml:9: channels[0].pipeline: required key is missing: there is no pipeline named \"support\" to default to"]),
        Case(name: "create_tickets that is not a boolean",
             yaml: channel() + "    create_tickets: sometimes\n",
             expected: ["maild.yaml:7: channels[0].create_tickets: expected true or false, got \"sometimes\""]),
        Case(name: "reopen window that is negative",
             yaml: channel() + "    reopen_window_days: -1\n",
             expected: ["maild.yaml:7: channels[0].reopen_window_days: expected a number of days (0 or more), got \"-1\""]),
        Case(name: "reopen window with a unit",
             yaml: channel() + "    reopen_window_days: 30d\n",
             expected: ["maild.yaml:7: channels[0].reopen_window_days: expected a number of days (0 or more), got \"30d\""]),
        Case(name: "default queue without a value",
             yaml: channel() + "    default_queue:\n",
             expected: ["maild.yaml:7: channels[0].default_queue: has no value; expected a queue name"]),
    ]

    static let yamlSyntax: [Case] = [
        Case(name: "a colon inside a plain value",
             yaml: "poll_interval: 30s\nlog_level: info: debug\n",
             expected: ["maild.yaml:2: invalid YAML: mapping values are not allowed in this context (column 16)"]),
        Case(name: "an unclosed quote",
             yaml: "log_level: info\ndatabase: \"/var/lib/maild.sqlite\npoll_interval: 30s\n",
             expected: ["maild.yaml:4: invalid YAML: found unexpected end of stream (column 1); while scanning a quoted scalar that started at line 2"]),
        Case(name: "a tab used for indentation",
             yaml: "channels:\n\t- name: support\n",
             expected: ["maild.yaml:2: invalid YAML: found character that cannot start any token (column 1)"]),
        Case(name: "two documents in one file",
             yaml: "log_level: info\n---\nlog_level: debug\n",
             expected: ["maild.yaml:2: invalid YAML: expected a single document in the stream, but found another document (column 1)"]),
        Case(name: "a key set twice, at the second",
             yaml: "log_level: info\npoll_interval: 30s\nlog_level: debug\n",
             expected: ["maild.yaml:3: log_level: duplicate key; already set at line 1"]),
        Case(name: "an imap key set twice",
             yaml: channel(imap: "      username: other@example.com\n"),
             expected: ["maild.yaml:7: username: duplicate key; already set at line 5"]),
    ]

    @Test(arguments: topLevel + channelLevel + imapLevel + ticketLevel + yamlSyntax)
    func eachMistakeIsReportedWithFileLineAndKey(_ mistake: Case) {
        #expect(Self.problems(mistake.yaml) == mistake.expected)
    }

    @Test func theChannelTemplateIsValid() {
        #expect(Self.problems(Self.channel()) == [])
    }

    @Test func everyProblemInTheFileIsReportedAtOnceInLineOrder() {
        let yaml = """
            log_level: loud
            poll_interval: soon
            channels:
              - name: support
                imap:
                  url: https://mail.example.com
                  username: support
                only_unseen: sometimes
              - name: support
                imap:
                  url: imaps://mail.example.com
                  username: other
                  password_env: MAILD_OTHER
            unknown_setting: 1
            """

        #expect(Self.problems(yaml) == [
            "maild.yaml:1: log_level: expected one of trace, debug, info, notice, warning, error, critical, got \"loud\"",
            "maild.yaml:2: poll_interval: expected a duration like 30s, 5m or 2d, got \"soon\"",
            "maild.yaml:5: channels[0].imap: missing password_file or password_env (exactly one is required)",
            "maild.yaml:6: channels[0].imap.url: unsupported scheme \"https\"; use imaps:// (TLS) or imap:// (STARTTLS)",
            "maild.yaml:8: channels[0].only_unseen: expected true or false, got \"sometimes\"",
            "maild.yaml:9: channels[1].name: duplicate channel name \"support\"; channels[0] at line 4 already uses it",
            "maild.yaml:14: unknown_setting: unknown key",
        ])
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml, file: "maild.yaml") }
        #expect(error?.description == Self.problems(yaml).joined(separator: "\n"))
    }

    @Test func aSecretWrittenInTheWrongPlaceIsNeverEchoed() {
        let yaml = """
            channels:
              - name: support
                imap:
                  url: imaps://support:hunter2@mail.example.com
                  username: support
                  password: hunter2
                  password_env: "hunter2 "
              - name: billing
                imap:
                  url: imaps://mail.example.com
                  username: billing
                  password_file: hunter2
            """

        let problems = Self.problems(yaml)

        #expect(problems.count == 4)
        #expect(!problems.contains { $0.contains("hunter2") })
    }

    @Test func aProblemWithoutLineOrKeyLeavesThemOut() {
        #expect(ConfigProblem(file: "/etc/maild/maild.yaml", line: 0, key: "", message: "cannot read").description
            == "/etc/maild/maild.yaml: cannot read")
        #expect(ConfigProblem(file: "maild.yaml", line: 3, key: "", message: "invalid YAML").description
            == "maild.yaml:3: invalid YAML")
    }
}
