import MaildConfig
import Testing

/// A channel's `smtp:` section and the outbox settings beside it.
@Suite struct SendingConfigTests {
    static func yaml(_ channelExtra: String, address: String? = "support@example.com") -> String {
        """
        channels:
          - name: support
        \(address.map { "    address: \($0)\n" } ?? "")    imap:
              url: imaps://mail.example.com
              username: support@example.com
              password_env: MAILD_SUPPORT_PASSWORD
        \(channelExtra)
        """
    }

    @Test func readsAFullSendingChannel() throws {
        let configuration = try ConfigLoader.parse(Self.yaml("""
                smtp:
                  url: smtp://smtp.example.com
                  username: support
                  password_env: MAILD_SMTP_PASSWORD
                  helo_name: helpdesk.example.com
                  max_per_minute: 20
                  connections: 4
                  retry_first: 30s
                  retry_max: 10m
                  give_up_after: 1d
                from_name: Example Support
                send_delay: 0
                sent_folder: Sent Items
                send_failed_status: New
            """), file: "maild.yaml")
        let sending = try #require(configuration.channels.first?.sending)
        #expect(sending.smtp == SMTPAccount(host: "smtp.example.com", port: 587, security: .startTLS, username: "support",
                                            password: .environment("MAILD_SMTP_PASSWORD"), heloName: "helpdesk.example.com"))
        #expect(sending.maxPerMinute == 20)
        #expect(sending.connections == 4)
        #expect(sending.retryFirst == .seconds(30) && sending.retryMax == .seconds(600) && sending.giveUpAfter == .seconds(86_400))
        #expect(sending.fromName == "Example Support")
        #expect(sending.sendDelay == .zero)
        #expect(sending.sentFolder == "Sent Items")
        #expect(sending.failedStatus == "New")
    }

    @Test func readsAcknowledgementTemplates() throws {
        let configuration = try ConfigLoader.parse(Self.yaml("""
                smtp:
                  url: smtps://smtp.example.com
                acknowledgements:
                  received:
                    subject: "We received your request: {subject}"
                    text: |
                      Hello {customer}, your ticket number is {ticket}.
                  max_per_hour: 2
            """), file: "maild.yaml")
        let acknowledgements = try #require(configuration.channels.first?.sending?.acknowledgements)
        #expect(acknowledgements.received == .init(subject: "We received your request: {subject}",
                                                   text: "Hello {customer}, your ticket number is {ticket}.\n"))
        #expect(acknowledgements.closed == nil)
        #expect(acknowledgements.maxPerHour == 2 && acknowledgements.maxPerDay == 10)
    }

    @Test func aChannelWithoutSMTPOnlyReceives() throws {
        let configuration = try ConfigLoader.parse(Self.yaml(""), file: "maild.yaml")
        #expect(configuration.channels.first?.sending == nil)
    }

    @Test(arguments: [
        ("    smtp:\n      url: smtps://smtp.example.com\n", nil as String?,
         "maild.yaml:7: channels[0].smtp: a channel that sends needs its address (the From of its replies)"),
        ("    send_delay: 10s\n", "support@example.com",
         "maild.yaml:8: channels[0].send_delay: only applies to a channel that sends: add an smtp section"),
        ("    smtp:\n      url: imaps://smtp.example.com\n", "support@example.com",
         "maild.yaml:9: channels[0].smtp.url: unsupported scheme \"imaps\"; use smtps:// (TLS) or smtp:// (STARTTLS)"),
        ("    smtp:\n      url: smtps://smtp.example.com\n      allow_insecure: true\n", "support@example.com",
         "maild.yaml:10: channels[0].smtp.allow_insecure: only applies to smtp:// URLs; smtps:// always uses TLS and always verifies the certificate"),
        ("    smtp:\n      url: smtps://smtp.example.com\n      username: support\n", "support@example.com",
         "maild.yaml:8: channels[0].smtp: missing password_file or password_env (exactly one is required)"),
        ("    smtp:\n      url: smtps://smtp.example.com\n      max_per_minute: lots\n", "support@example.com",
         "maild.yaml:10: channels[0].smtp.max_per_minute: expected a whole number, 1 or more, got \"lots\""),
        ("    smtp:\n      url: smtps://smtp.example.com\n      connections: 11\n", "support@example.com",
         "maild.yaml:10: channels[0].smtp.connections: at most 10 connections, got 11"),
        ("    smtp:\n      url: smtps://smtp.example.com\n    acknowledgements:\n      received:\n        subject: Thanks\n",
         "support@example.com", "maild.yaml:11: channels[0].acknowledgements.received: missing text or text_file"),
    ])
    func reportsMistakesWithFileLineAndKey(extra: String, address: String?, expected: String) {
        do {
            _ = try ConfigLoader.parse(Self.yaml(extra, address: address), file: "maild.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.description).contains(expected), "\(error.problems.map(\.description))")
        }
    }
}
