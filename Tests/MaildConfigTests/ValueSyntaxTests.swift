import MaildConfig
import Testing

/// Durations, sizes and URLs as an admin writes them, read through the file like the daemon does.
@Suite struct ValueSyntaxTests {
    static func parse(_ yaml: String) throws -> MaildConfiguration {
        try ConfigLoader.parse(yaml, file: "maild.yaml")
    }

    @Test(arguments: [
        ("60", Duration.seconds(60)),
        ("45s", .seconds(45)),
        ("45 s", .seconds(45)),
        ("5m", .seconds(300)),
        ("1h", .seconds(3600)),
        ("2H", .seconds(7200)),
        ("\"90s\"", .seconds(90)),
    ])
    func durationsAreWholeSecondsMinutesOrHours(text: String, expected: Duration) throws {
        #expect(try Self.parse("poll_interval: \(text)\n").pollInterval == expected)
    }

    @Test(arguments: ["soon", "1.5m", "-5s", "5 minutes", "1w", "m", "1h30m", "99999999999999999999s", "true"])
    func durationsInAnyOtherFormAreRefused(text: String) {
        #expect(throws: ConfigError.self) { try Self.parse("poll_interval: \(text)\n") }
    }

    @Test(arguments: [
        ("1048576", 1_048_576),
        ("512B", 512),
        ("512KB", 512_000),
        ("50MB", 50_000_000),
        ("50mb", 50_000_000),
        ("1GB", 1_000_000_000),
        ("512KiB", 524_288),
        ("25 MiB", 26_214_400),
        ("1GiB", 1_073_741_824),
    ])
    func sizesAreBytesOrDecimalOrBinaryMultiples(text: String, expected: Int) throws {
        #expect(try Self.parse("max_message_bytes: \(text)\n").maxMessageBytes == expected)
    }

    @Test(arguments: ["big", "0", "0MB", "1.5MB", "50 megabytes", "10M", "-1MB", "9999999999999GiB"])
    func sizesInAnyOtherFormAreRefused(text: String) {
        #expect(throws: ConfigError.self) { try Self.parse("max_message_bytes: \(text)\n") }
    }

    @Test(arguments: [
        ("imaps://mail.example.com", "imaps://mail.example.com:993", IMAPAccount.Security.implicitTLS),
        ("IMAPS://Mail.Example.COM:10993/", "imaps://mail.example.com:10993", .implicitTLS),
        ("imap://mail.example.com", "imap://mail.example.com:143", .startTLS),
        ("imap://[::1]:1143", "imap://[::1]:1143", .startTLS),
        ("imaps://192.0.2.7", "imaps://192.0.2.7:993", .implicitTLS),
    ])
    func urlsAreNormalisedWithSchemeHostAndPort(url: String, normalised: String, security: IMAPAccount.Security) throws {
        let yaml = """
            channels:
              - name: support
                imap:
                  url: \(url)
                  username: support
                  password_env: MAILD_SUPPORT_PASSWORD
            """

        let imap = try #require(try Self.parse(yaml).channels.first).imap

        #expect(imap.url == normalised)
        #expect(imap.security == security)
    }

    @Test(arguments: [("true", IMAPAccount.Security.insecure), ("false", .startTLS), ("yes", .insecure), ("off", .startTLS)])
    func allowInsecureTurnsPlainIMAPFromStartTLSIntoPlainText(value: String, security: IMAPAccount.Security) throws {
        let yaml = """
            channels:
              - name: support
                imap:
                  url: imap://localhost:1143
                  username: support
                  password_env: MAILD_SUPPORT_PASSWORD
                  allow_insecure: \(value)
            """

        #expect(try #require(try Self.parse(yaml).channels.first).imap.security == security)
    }

    @Test(arguments: ["support@example.com", "first.last+tag@mail.example.co.uk", "støtte@eksempel.no"])
    func addressesInDotAtomFormAreAccepted(address: String) throws {
        let yaml = """
            channels:
              - name: support
                address: \(address)
                imap:
                  url: imaps://mail.example.com
                  username: support
                  password_env: MAILD_SUPPORT_PASSWORD
            """

        #expect(try #require(try Self.parse(yaml).channels.first).address == address)
    }

    @Test(arguments: ["support", "support@localhost", "a@@example.com", "a..b@example.com", ".a@example.com",
                      "\"a b\"@example.com", "a@-example.com", "Support <support@example.com>"])
    func addressesInAnyOtherFormAreRefused(address: String) {
        let yaml = """
            channels:
              - name: support
                address: '\(address)'
                imap:
                  url: imaps://mail.example.com
                  username: support
                  password_env: MAILD_SUPPORT_PASSWORD
            """

        #expect(throws: ConfigError.self) { try Self.parse(yaml) }
    }
}
