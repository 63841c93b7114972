import Testing
@testable import MailIngest

struct MboxTests {
    @Test func mboxSplitsAndUnquotesFromLines() {
        let mbox = Array("From a@b Mon Nov 23 10:00:00 2026\nSubject: one\n\n>From here\n>>From there\n\nFrom c@d Mon Nov 23 10:01:00 2026\nSubject: two\n\nx\n".utf8)
        let messages = Mbox.messages(in: mbox).map { String(decoding: $0, as: UTF8.self) }
        #expect(messages == ["Subject: one\n\nFrom here\n>From there\n", "Subject: two\n\nx\n"])
    }

    @Test func aFromLineInsideABodyWithoutABlankLineBeforeItDoesNotSplit() {
        let mbox = Array("From a@b Mon Nov 23 10:00:00 2026\nSubject: one\n\nline\nFrom here, unquoted\n".utf8)
        #expect(Mbox.messages(in: mbox).count == 1)
    }
}
