import Foundation
import MailCore
import Testing

@Suite struct HeaderSectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var raw: String
        var fields: [String]            // "Name: value" as unfolded
        var bodyOffset: Int?            // nil: the end of the input
        var problems: [ParseProblem.Kind] = []
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "CRLF line ends", raw: "From: a@x\r\nTo: b@y\r\n\r\nbody", fields: ["From: a@x", "To: b@y"],
             bodyOffset: 22),
        Case(label: "bare LF line ends", raw: "From: a@x\nTo: b@y\n\nbody", fields: ["From: a@x", "To: b@y"],
             bodyOffset: 19),
        Case(label: "mixed line ends", raw: "From: a@x\r\nTo: b@y\n\r\nbody", fields: ["From: a@x", "To: b@y"],
             bodyOffset: 21),
        Case(label: "folding removes the line break and keeps the whitespace",
             raw: "Subject: one\r\n\ttwo\r\n  three\r\n\r\n", fields: ["Subject: one\ttwo  three"], bodyOffset: 31),
        Case(label: "a value that starts on the continuation line", raw: "Subject:\n   hello\n\n",
             fields: ["Subject: hello"], bodyOffset: 19),
        Case(label: "repeated fields are kept in order",
             raw: "Received: 1\nCc: a@x\nReceived: 2\ncc: b@y\n\n",
             fields: ["Received: 1", "Cc: a@x", "Received: 2", "cc: b@y"], bodyOffset: 41),
        Case(label: "no blank line and no body", raw: "Subject: x\r\nFrom: a@x\r\n", fields: ["Subject: x", "From: a@x"]),
        Case(label: "no final line end", raw: "Subject: x", fields: ["Subject: x"]),
        Case(label: "empty input", raw: "", fields: [], bodyOffset: 0),
        Case(label: "a blank first line means an empty header", raw: "\nSubject: x\n", fields: [], bodyOffset: 1),
        Case(label: "an mbox From line is skipped",
             raw: "From joe@example.com Thu Dec 29 15:07:54 2010\nFrom: joe@example.com\n\nhi",
             fields: ["From: joe@example.com"], bodyOffset: 69),
        Case(label: "a From field with obsolete space before the colon is not an mbox line",
             raw: "From : joe@example.com\n\n", fields: ["From: joe@example.com"], bodyOffset: 24),
        Case(label: "a line without a colon is skipped and parsing goes on",
             raw: "From: a@x\nthis is not a header\nTo: b@y\n\n", fields: ["From: a@x", "To: b@y"],
             bodyOffset: 40, problems: [.lineWithoutColon]),
        Case(label: "a name with a space is not a field name", raw: "Hello world: x\nTo: b@y\n\n",
             fields: ["To: b@y"], bodyOffset: 24, problems: [.lineWithoutColon]),
        Case(label: "a continuation before any field is dropped", raw: " stray\nTo: b@y\n\n", fields: ["To: b@y"],
             bodyOffset: 16, problems: [.foldedLineWithoutField]),
        Case(label: "obsolete whitespace before the colon (RFC 5322 §4.5)", raw: "Subject : x\n\n",
             fields: ["Subject: x"], bodyOffset: 13),
        Case(label: "an empty value", raw: "Subject:\nTo: b@y\n\n", fields: ["Subject: ", "To: b@y"], bodyOffset: 18),
        Case(label: "trailing whitespace is trimmed", raw: "Subject: x  \t\r\n\r\n", fields: ["Subject: x"],
             bodyOffset: 17),
    ]

    @Test("splits the header section", arguments: cases)
    func splits(_ testCase: Case) {
        let raw = Array(testCase.raw.utf8)
        let section = HeaderSection(parsing: raw)
        #expect(section.fields.map { "\($0.name): \($0.text)" } == testCase.fields)
        #expect(section.bodyOffset == (testCase.bodyOffset ?? raw.count))
        #expect(section.problems.map(\.kind) == testCase.problems)
    }

    struct LimitCase: CustomTestStringConvertible, Sendable {
        var label: String
        var raw: String
        var limits: HeaderSection.Limits
        var fields: [String]
        var problem: ParseProblem.Kind
        var testDescription: String { label }
    }

    static let limitCases: [LimitCase] = [
        LimitCase(label: "fields past maxFields are dropped", raw: "A: 1\nB: 2\n  b\nC: 3\n\n",
                  limits: .init(maxFields: 1), fields: ["A: 1"], problem: .tooManyFields),
        LimitCase(label: "a line past maxLineLength is cut", raw: "Subject: 0123456789abcdef\n\n",
                  limits: .init(maxLineLength: 14), fields: ["Subject: 01234"], problem: .lineTooLong),
        LimitCase(label: "an unfolded value past maxFieldLength is cut", raw: "Subject: 0123\n 4567\n 89ab\n\n",
                  limits: .init(maxFieldLength: 9), fields: ["Subject: 0123 456"], problem: .fieldTooLong),
        LimitCase(label: "a cut does not split a UTF-8 character", raw: "Subject: caf\u{E9}s\n\n",
                  limits: .init(maxFieldLength: 5), fields: ["Subject: caf"], problem: .fieldTooLong),
    ]

    @Test("each exceeded limit is a problem and bounds what is kept", arguments: limitCases)
    func limits(_ testCase: LimitCase) {
        let section = HeaderSection(parsing: Array(testCase.raw.utf8), limits: testCase.limits)
        #expect(section.fields.map { "\($0.name): \($0.text)" } == testCase.fields)
        #expect(section.problems.map(\.kind) == [testCase.problem])
    }

    @Test("10,000 fields are the default limit")
    func defaultFieldLimit() {
        let raw = Array(String(repeating: "X-A: 1\n", count: 10_050).utf8) + Array("\nbody".utf8)
        let section = HeaderSection(parsing: raw)
        #expect(section.fields.count == 10_000)
        #expect(section.problems.map(\.kind) == [.tooManyFields])
        #expect(section.bodyOffset == raw.count - 4)
    }

    @Test("8-bit values read as UTF-8 when valid, else windows-1252", arguments: [
        ([0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),
        ([0x63, 0x61, 0x66, 0xE9], "café"),
        ([0x93, 0x71, 0x94, 0x20, 0x80], "\u{201C}q\u{201D} €"),
    ] as [([UInt8], String)])
    func eightBitText(value: [UInt8], text: String) {
        let section = HeaderSection(parsing: Array("Subject: ".utf8) + value + [0x0A, 0x0A])
        #expect(section.first("subject")?.text == text)
    }

    @Test("field names are looked up without regard to case")
    func lookup() {
        let section = HeaderSection(parsing: Array("Cc: a@x\nSUBJECT: s\ncc: b@y\n\n".utf8))
        #expect(section.first("Subject")?.text == "s")
        #expect(section.all("CC").map(\.text) == ["a@x", "b@y"])
        #expect(section.first("To") == nil)
        #expect(section.first("cc")?.hasName("Cc") == true)
    }

    @Test("an attached message's bodyOffset is an index of the enclosing buffer")
    func sliceOffsets() {
        let raw = Array("outer\nSubject: inner\n\nbody".utf8)
        let section = HeaderSection(parsing: raw[6...])
        #expect(section.first("Subject")?.text == "inner")
        #expect(Array(raw[section.bodyOffset...]) == Array("body".utf8))
    }

    @Test("rawValue holds the unfolded bytes")
    func rawValue() {
        let section = HeaderSection(parsing: Array("References: <a@b>\r\n <c@d>\r\n\r\n".utf8))
        #expect(Array(section.fields[0].rawValue) == Array("<a@b> <c@d>".utf8))
    }

    @Test("problems name the line and quote it")
    func problemDescription() {
        let section = HeaderSection(parsing: Array("From: a@x\nnot a header\n\n".utf8))
        #expect(section.problems.map(\.description) == ["Header line 2 is not a field: \"not a header\""])
    }
}
