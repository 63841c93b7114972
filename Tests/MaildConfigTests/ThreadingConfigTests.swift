import MaildConfig
import Testing
import Threading

/// `ticket_token_prefix` and the channels' subject fallback: read, defaulted, and every mistake located.
@Suite struct ThreadingConfigTests {
    @Test func withoutThreadingKeysTokensUseTAndTheSubjectFallbackIsOffWithA30DayWindow() throws {
        let configuration = try ConfigLoader.parse(ConfigProblemTests.channel(), file: "maild.yaml")

        #expect(configuration.ticketTokenFormat == .standard)
        let channel = try #require(configuration.channels.first)
        #expect(channel.subjectFallback == false)
        #expect(channel.subjectWindowDays == 30)
    }

    @Test func theTokenPrefixAndAChannelsSubjectFallbackAreRead() throws {
        let yaml = "ticket_token_prefix: HD\n" + ConfigProblemTests.channel()
            + "    subject_fallback: yes\n    subject_window_days: 7\n"

        let configuration = try ConfigLoader.parse(yaml, file: "maild.yaml")

        #expect(configuration.ticketTokenFormat == (try TicketTokenFormat(prefix: "HD")))
        let channel = try #require(configuration.channels.first)
        #expect(channel.subjectFallback)
        #expect(channel.subjectWindowDays == 7)
    }

    @Test func anEmptyQuotedPrefixMeansTokensWithoutLetters() throws {
        let configuration = try ConfigLoader.parse("ticket_token_prefix: \"\"\n", file: "maild.yaml")

        #expect(configuration.ticketTokenFormat.prefix == "")
        #expect(configuration.ticketTokenFormat.token(number: 7, check: "abcd") == "[#7-abcd]")
    }

    static let mistakes: [ConfigProblemTests.Case] = [
        .init(name: "prefix with a digit",
              yaml: "ticket_token_prefix: T1\n",
              expected: ["maild.yaml:1: ticket_token_prefix: expected up to 16 ASCII letters, like T or HD, got \"T1\"; "
                         + "the ticket number follows the prefix directly, so anything but letters would make it unreadable"]),
        .init(name: "prefix with punctuation",
              yaml: "log_level: info\nticket_token_prefix: \"T-\"\n",
              expected: ["maild.yaml:2: ticket_token_prefix: expected up to 16 ASCII letters, like T or HD, got \"T-\"; "
                         + "the ticket number follows the prefix directly, so anything but letters would make it unreadable"]),
        .init(name: "prefix longer than 16 letters",
              yaml: "ticket_token_prefix: ABCDEFGHIJKLMNOPQ\n",
              expected: ["maild.yaml:1: ticket_token_prefix: expected up to 16 ASCII letters, like T or HD, got \"ABCDEFGHIJKLMNOPQ\"; "
                         + "the ticket number follows the prefix directly, so anything but letters would make it unreadable"]),
        .init(name: "prefix without a value",
              yaml: "ticket_token_prefix:\n",
              expected: ["maild.yaml:1: ticket_token_prefix: has no value; expected up to 16 ASCII letters, like T or HD (or \"\" for none)"]),
        .init(name: "prefix given as a list",
              yaml: "ticket_token_prefix:\n  - T\n",
              expected: ["maild.yaml:2: ticket_token_prefix: expected up to 16 ASCII letters, like T or HD, got a list"]),
        .init(name: "prefix set on a channel",
              yaml: ConfigProblemTests.channel() + "    ticket_token_prefix: HD\n",
              expected: ["maild.yaml:7: channels[0].ticket_token_prefix: unknown key; ticket_token_prefix is set once, at the top level, for every channel"]),
        .init(name: "subject fallback set at the top level",
              yaml: "subject_fallback: true\n",
              expected: ["maild.yaml:1: subject_fallback: unknown key; subject_fallback is set per channel, under channels"]),
        .init(name: "subject fallback that is not a boolean",
              yaml: ConfigProblemTests.channel() + "    subject_fallback: maybe\n",
              expected: ["maild.yaml:7: channels[0].subject_fallback: expected true or false, got \"maybe\""]),
        .init(name: "subject window of zero days",
              yaml: ConfigProblemTests.channel() + "    subject_window_days: 0\n",
              expected: ["maild.yaml:7: channels[0].subject_window_days: expected a number of days (1 or more), got \"0\"; "
                         + "set subject_fallback: false to turn the fallback off"]),
        .init(name: "subject window with a unit",
              yaml: ConfigProblemTests.channel() + "    subject_window_days: 2w\n",
              expected: ["maild.yaml:7: channels[0].subject_window_days: expected a number of days (1 or more), got \"2w\"; "
                         + "set subject_fallback: false to turn the fallback off"]),
        .init(name: "subject window misspelt",
              yaml: ConfigProblemTests.channel() + "    subject_window_day: 10\n",
              expected: ["maild.yaml:7: channels[0].subject_window_day: unknown key; did you mean subject_window_days?"]),
    ]

    @Test(arguments: mistakes)
    func eachThreadingMistakeIsReportedWithFileLineAndKey(_ mistake: ConfigProblemTests.Case) {
        #expect(ConfigProblemTests.problems(mistake.yaml) == mistake.expected)
    }
}
