import Testing
import Threading

@Suite struct TicketTokenTests {
    /// A stand-in for the keyed check (the real one is 4 base32 characters of an HMAC): distinct per number.
    static func check(_ number: UInt64) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var value = number &* 0x9E37_79B9_7F4A_7C15
        return String((0..<4).map { _ in
            defer { value >>= 5 }
            return alphabet[Int(value & 31)]
        })
    }
    static let k6311 = check(6311)

    struct Parse: CustomTestStringConvertible, Sendable {
        var subject: String
        var expected: [(UInt64, TicketToken.Check)]
        var testDescription: String { subject }
    }

    static let parses: [Parse] = [
        Parse(subject: "Re: Printer broken [#T6311-\(k6311)]", expected: [(6311, .valid)]),
        Parse(subject: "[#T6311-\(k6311.uppercased())] upper-cased by a gateway", expected: [(6311, .valid)]),
        Parse(subject: "[#t6311-\(k6311)] prefix in lower case", expected: [(6311, .valid)]),
        Parse(subject: "AW: [#T6311] bare number", expected: [(6311, .missing)]),
        Parse(subject: "[#T6311-zzzz] wrong check", expected: [(6311, .wrong)]),
        Parse(subject: "[#T6311-\(k6311)x] check too long for this number", expected: [(6311, .wrong)]),
        Parse(subject: "[#T63117] is not 6311", expected: [(63117, .missing)]),
        Parse(subject: "[#T631] is not 6311", expected: [(631, .missing)]),
        Parse(subject: "Re: [#T1-\(check(1))] old, [#T6311-\(k6311)] new", expected: [(1, .valid), (6311, .valid)]),
        Parse(subject: "[[#T6311]]", expected: [(6311, .missing)]),
        Parse(subject: "[#T06311] leading zero", expected: []),
        Parse(subject: "[#T6311 ] space before the bracket", expected: []),
        Parse(subject: "[# T6311] space after the hash", expected: []),
        Parse(subject: "[#T6311-] empty check", expected: []),
        Parse(subject: "[#T6311-k3f9 open", expected: []),
        Parse(subject: "[#X6311] other prefix", expected: []),
        Parse(subject: "[#T] no number", expected: []),
        Parse(subject: "[T6311] no hash", expected: []),
        Parse(subject: "#T6311 no brackets", expected: []),
        Parse(subject: "[#T99999999999999999999] beyond UInt64", expected: []),
        Parse(subject: "[#T18446744073709551615] UInt64.max", expected: [(UInt64.max, .missing)]),
        Parse(subject: "[#T6311-k3f9-x] two dashes", expected: []),
        Parse(subject: "Bug#916805: Debian's token is not ours", expected: []),
        Parse(subject: "", expected: []),
    ]

    @Test("tokens are read exactly", arguments: parses)
    func parsesTokens(_ test: Parse) {
        let tokens = TicketTokenFormat.standard.tokens(in: test.subject, check: Self.check)
        #expect(tokens.map(\.number) == test.expected.map { $0.0 })
        #expect(tokens.map(\.check) == test.expected.map { $0.1 })
        for token in tokens {
            #expect(test.subject[token.range].hasPrefix("[#"))
            #expect(test.subject[token.range].hasSuffix("]"))
        }
    }

    @Test("a configured prefix is used for reading and writing")
    func configuredPrefix() throws {
        let format = try TicketTokenFormat(prefix: "HD")
        #expect(format.token(number: 42, check: "ab2c") == "[#HD42-ab2c]")
        #expect(format.tokens(in: "[#HD42-\(Self.check(42))] [#T42]", check: Self.check).map(\.number) == [42])
        let empty = try TicketTokenFormat(prefix: "")
        #expect(empty.tokens(in: "[#42] x", check: Self.check).map(\.number) == [42])
    }

    @Test("prefixes that would make tokens ambiguous are refused with a message saying what to use",
          arguments: ["T1", "#T", "T-", "Ticket number", "ÄÖ", String(repeating: "T", count: 17)])
    func badPrefixes(_ prefix: String) {
        #expect(throws: TicketTokenFormat.InvalidPrefix.self) { try TicketTokenFormat(prefix: prefix) }
        do {
            _ = try TicketTokenFormat(prefix: prefix)
        } catch {
            #expect(error.description.contains("ASCII letters"))
        }
    }

    struct Outgoing: CustomTestStringConvertible, Sendable {
        var subject: String
        var expected: String
        var testDescription: String { subject }
    }

    static let outgoing: [Outgoing] = [
        Outgoing(subject: "Printer broken", expected: "Printer broken [#T6311-\(k6311)]"),
        Outgoing(subject: "Re: Printer broken [#T6311-\(k6311)]", expected: "Re: Printer broken [#T6311-\(k6311)]"),
        Outgoing(subject: "Re: [#T6311-\(k6311)] Printer", expected: "Re: [#T6311-\(k6311)] Printer"),
        Outgoing(subject: "Re: Printer [#T6311]", expected: "Re: Printer [#T6311-\(k6311)]"),
        Outgoing(subject: "Re: [#T6311-abcd] Printer", expected: "Re: Printer [#T6311-\(k6311)]"),
        Outgoing(subject: "Fwd: Printer [#T63117]", expected: "Fwd: Printer [#T63117] [#T6311-\(k6311)]"),
        Outgoing(subject: "", expected: "[#T6311-\(k6311)]"),
        Outgoing(subject: "Two  spaces kept ", expected: "Two  spaces kept [#T6311-\(k6311)]"),
    ]

    @Test("outgoing subjects carry the ticket's token once", arguments: outgoing)
    func formatsOutgoing(_ test: Outgoing) {
        let subject = TicketTokenFormat.standard.subject(test.subject, number: 6311, check: Self.check)
        #expect(subject == test.expected)
        #expect(TicketTokenFormat.standard.subject(subject, number: 6311, check: Self.check) == subject,
                "formatting is idempotent")
    }

    @Test("written tokens read back as valid", arguments: [1, 9, 10, 6311, 63117, 1_000_000, UInt64.max])
    func roundTrip(_ number: UInt64) {
        let token = TicketTokenFormat.standard.token(number: number, check: Self.check(number))
        let read = TicketTokenFormat.standard.tokens(in: "Re: x \(token)", check: Self.check)
        #expect(read.map(\.number) == [number])
        #expect(read.map(\.check) == [.valid])
    }

    struct Admission: CustomTestStringConvertible, Sendable {
        var name: String
        var check: TicketToken.Check
        var sender: String?
        var admitted: Bool
        var testDescription: String { name }
    }

    static let participants: Set<String> = ["customer@example.com", "Colleague@Example.com"]

    static let admissions: [Admission] = [
        Admission(name: "valid check, stranger", check: .valid, sender: "stranger@else.org", admitted: true),
        Admission(name: "valid check, no sender", check: .valid, sender: nil, admitted: true),
        Admission(name: "bare number, participant", check: .missing, sender: "customer@example.com", admitted: true),
        Admission(name: "bare number, participant in other case", check: .missing, sender: "CUSTOMER@example.com",
                  admitted: true),
        Admission(name: "bare number, participant stored in mixed case", check: .missing,
                  sender: "colleague@example.com", admitted: true),
        Admission(name: "bare number, stranger", check: .missing, sender: "stranger@else.org", admitted: false),
        Admission(name: "wrong check, participant", check: .wrong, sender: "customer@example.com", admitted: true),
        Admission(name: "wrong check, stranger (a guessed number)", check: .wrong, sender: "stranger@else.org",
                  admitted: false),
        Admission(name: "bare number, no sender", check: .missing, sender: nil, admitted: false),
        Admission(name: "bare number, empty sender", check: .missing, sender: "", admitted: false),
    ]

    @Test("who a token admits", arguments: admissions)
    func admits(_ test: Admission) {
        let subject = "x"
        let token = TicketToken(number: 6311, check: test.check, range: subject.startIndex..<subject.endIndex)
        #expect(token.admits(sender: test.sender, participants: Self.participants) == test.admitted)
    }

    @Test("of several tokens the last admitted one joins; unknown tickets are skipped")
    func choosesLastAdmitted() {
        let format = TicketTokenFormat.standard
        let subject = "Re: [#T100-\(Self.check(100))] Fwd: [#T200] [#T300-\(Self.check(300))]"
        let tokens = format.tokens(in: subject, check: Self.check)
        let tickets: [UInt64: Set<String>] = [100: ["a@x"], 200: ["b@x"], 300: ["c@x"]]
        #expect(TicketToken.choose(tokens, sender: "z@x", participants: { tickets[$0] })?.number == 300)
        // Ticket 300 does not exist (deleted): the bare 200 is not admitted for a stranger, so 100 joins.
        #expect(TicketToken.choose(tokens, sender: "z@x", participants: { $0 == 300 ? nil : tickets[$0] })?.number == 100)
        #expect(TicketToken.choose(tokens, sender: "b@x", participants: { $0 == 300 ? nil : tickets[$0] })?.number == 200)
        #expect(TicketToken.choose([], sender: "b@x", participants: { tickets[$0] }) == nil)
    }

    @Test("tokens are removed from a subject")
    func removesTokens() {
        #expect(TicketTokenFormat.standard.removingTokens(from: "Re: x [#T1-ab2c] y [#T22]") == "Re: x y")
        #expect(TicketTokenFormat.standard.removingTokens(from: "Re: x [#T01] y") == "Re: x [#T01] y")
    }
}
