import MailCore
import Testing

@Suite struct AddressListTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var value: [UInt8]
        var addresses: [MailAddress]
        var problems: [ParseProblem.Kind] = []
        var testDescription: String { label }

        init(_ label: String, _ value: String, _ addresses: [MailAddress], problems: [ParseProblem.Kind] = []) {
            self.init(label, Array(value.utf8), addresses, problems: problems)
        }

        init(_ label: String, _ value: [UInt8], _ addresses: [MailAddress], problems: [ParseProblem.Kind] = []) {
            self.label = label
            self.value = value
            self.addresses = addresses
            self.problems = problems
        }
    }

    static func mailbox(_ name: String?, _ address: String) -> MailAddress { MailAddress(name: name, address: address) }

    static let cases: [Case] = [
        Case("a bare address", "joe@example.com", [mailbox(nil, "joe@example.com")]),
        Case("a display name", "Joe Bloggs <joe@example.com>", [mailbox("Joe Bloggs", "joe@example.com")]),
        Case("an angle address without a name", "<joe@example.com>", [mailbox(nil, "joe@example.com")]),
        Case("a quoted display name with a comma", #""Bloggs, Joe" <joe@example.com>"#,
             [mailbox("Bloggs, Joe", "joe@example.com")]),
        Case("escapes in a quoted display name", #""Joe \"JB\" Bloggs \\ Co" <joe@example.com>"#,
             [mailbox(#"Joe "JB" Bloggs \ Co"#, "joe@example.com")]),
        Case("whitespace inside quotes is kept", #"" via RT" <rt@example.com>"#, [mailbox(" via RT", "rt@example.com")]),
        Case("runs of whitespace between words become one space", "Jjgod   Jiang <j@example.com>",
             [mailbox("Jjgod Jiang", "j@example.com")]),
        Case("dots in an unquoted name (obs-phrase)", "Aneesh Kumar K.V <a@example.com>",
             [mailbox("Aneesh Kumar K.V", "a@example.com")]),
        Case("an encoded-word display name", "=?utf-8?q?Fran=C3=A7ois?= Boulogne <f@example.com>",
             [mailbox("François Boulogne", "f@example.com")]),
        Case("an encoded word inside quotes, as Thunderbird writes it",
             #""=?ISO-8859-1?Q?Fran=E7ois_Boulogne?=" <f@example.com>"#, [mailbox("François Boulogne", "f@example.com")]),
        Case("adjacent encoded words are joined", "=?utf-8?b?w6k=?= =?utf-8?b?w6k=?= <e@example.com>",
             [mailbox("éé", "e@example.com")]),
        Case("a list", #"a@x.org, B <b@y.org>,"C" <c@z.org>"#,
             [mailbox(nil, "a@x.org"), mailbox("B", "b@y.org"), mailbox("C", "c@z.org")]),
        Case("an empty group", "undisclosed-recipients:;", []),
        Case("an empty group with a comment after it", "unlisted-recipients:; (no To-header on input)", []),
        Case("a group with members, then more", "Team: a@x.org, B <b@y.org>;, c@z.org",
             [mailbox(nil, "a@x.org"), mailbox("B", "b@y.org"), mailbox(nil, "c@z.org")]),
        Case("a group without its semicolon", "Team: a@x.org, b@y.org",
             [mailbox(nil, "a@x.org"), mailbox(nil, "b@y.org")]),
        Case("nested comments as an old-style name", "joe@example.com (Joe (the boss) Bloggs)",
             [mailbox("Joe (the boss) Bloggs", "joe@example.com")]),
        Case("a comment inside a name is dropped", "Joe (work) Bloggs <joe@example.com> (trailing)",
             [mailbox("Joe Bloggs", "joe@example.com")]),
        Case("a quoted local part keeps its quotes", #""joe bloggs"@example.com"#,
             [mailbox(nil, #""joe bloggs"@example.com"#)]),
        Case("needless quotes on a local part are dropped", #"<"joe"@example.com>"#, [mailbox(nil, "joe@example.com")]),
        Case("an obsolete route is dropped", "Joe <@relay.example,@other.example:joe@example.com>, b@y.org",
             [mailbox("Joe", "joe@example.com"), mailbox(nil, "b@y.org")]),
        Case("obsolete whitespace inside an address", "joe . bloggs @ example . com",
             [mailbox(nil, "joe.bloggs@example.com")]),
        Case("only the domain is lowercased", "Joe.Bloggs@Example.COM", [mailbox(nil, "Joe.Bloggs@example.com")]),
        Case("a domain literal", "joe@[192.0.2.1]", [mailbox(nil, "joe@[192.0.2.1]")]),
        Case("words before a bare address are its name", "John Doe john@example.com",
             [mailbox("John Doe", "john@example.com")]),
        Case("Outlook's semicolon separators", "a@x.org; b@y.org", [mailbox(nil, "a@x.org"), mailbox(nil, "b@y.org")]),
        Case("an unquoted Last, First name", "Doe, John <john@example.com>, b@y.org",
             [mailbox("Doe, John", "john@example.com"), mailbox(nil, "b@y.org")], problems: [.badAddress]),
        Case("garbage is skipped and the rest kept", "not an address, joe@example.com",
             [mailbox(nil, "joe@example.com")], problems: [.badAddress]),
        Case("an address cut short by the archive", "a@x.org, linu", [mailbox(nil, "a@x.org")], problems: [.badAddress]),
        Case("an empty angle address", "<>, b@y.org", [mailbox(nil, "b@y.org")], problems: [.badAddress]),
        Case("a missing closing bracket", "Joe <joe@example.com", [mailbox("Joe", "joe@example.com")],
             problems: [.badAddress]),
        Case("an unterminated quote", #""Joe <joe@example.com>"#, [], problems: [.badAddress]),
        Case("an empty field", "", []),
        Case("only commas", " , ,, ", []),
        Case("a UTF-8 name", "Jürgen Müller <j@example.de>", [mailbox("Jürgen Müller", "j@example.de")]),
        Case("a Latin-1 name read as windows-1252", [0x4A, 0xFC, 0x72, 0x67, 0x65, 0x6E] + Array(" <j@example.de>".utf8),
             [mailbox("Jürgen", "j@example.de")]),
        Case("an encoded CR LF in a name becomes spaces", "=?utf-8?q?a=0D=0Ab?= <x@y.org>", [mailbox("a b", "x@y.org")]),
    ]

    @Test("parses address lists", arguments: cases)
    func parses(_ testCase: Case) {
        let list = AddressList(parsing: testCase.value, fieldName: "To")
        #expect(list.addresses == testCase.addresses)
        #expect(list.problems.map(\.kind) == testCase.problems, "\(list.problems)")
    }

    @Test("a problem names the field and quotes the garbage")
    func problemDescription() {
        let list = AddressList(parsing: Array("a@x.org, linu".utf8), fieldName: "Cc")
        #expect(list.problems.map(\.description) == [#"Cc has "linu", which is not an address"#])
    }

    @Test("domain is the part after the last @")
    func domain() {
        #expect(MailAddress(address: "joe@example.com").domain == "example.com")
        #expect(MailAddress(address: "root").domain == nil)
    }
}
