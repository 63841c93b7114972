import Testing
@testable import MailIngest

struct BadWire: Sendable, CustomTestStringConvertible {
    let name: String
    let wire: [UInt8]
    let kind: IMAPParseError.Kind
    var testDescription: String { name }

    init(_ name: String, _ wire: String, _ kind: IMAPParseError.Kind = .syntax) {
        self.name = name
        self.wire = bytes(wire)
        self.kind = kind
    }
}

@Suite struct IMAPParseErrorTests {
    static let badWires: [BadWire] = [
        BadWire("not IMAP at all", "HTTP/1.1 400 Bad Request\r\n"),
        BadWire("tagged status that does not exist", "A1 MAYBE later\r\n"),
        BadWire("tagged BYE", "A1 BYE\r\n"),
        BadWire("untagged with nothing after the star", "*\r\n"),
        BadWire("number over 2^32-1", "* 4294967296 EXISTS\r\n", .numberTooLarge),
        BadWire("UID over 2^32-1", "* 1 FETCH (UID 99999999999)\r\n", .numberTooLarge),
        BadWire("UIDVALIDITY over 2^32-1", "* OK [UIDVALIDITY 4294967296] x\r\n", .numberTooLarge),
        BadWire("UIDNEXT that is not a number", "* OK [UIDNEXT soon] x\r\n"),
        BadWire("FETCH list not closed", "* 1 FETCH (UID 1\r\n"),
        BadWire("FETCH item without a value", "* 1 FETCH (UID)\r\n"),
        BadWire("FETCH without a list", "* 1 FETCH UID 1\r\n"),
        BadWire("unterminated quoted string", "* 1 FETCH (BODY[] \"abc)\r\n"),
        BadWire("literal header in the middle of a line", "* 1 FETCH (BODY[] {3} abc)\r\n"),
        BadWire("body that is neither string nor NIL", "* 1 FETCH (BODY[] hello)\r\n"),
        BadWire("data after the end of a response", "* 3 EXISTS now\r\n"),
        BadWire("SEARCH with a word", "* SEARCH 1 two\r\n"),
        BadWire("ESEARCH ALL with a star", "* ESEARCH ALL 1:*\r\n"),
        BadWire("ESEARCH ALL with UID 0", "* ESEARCH ALL 0:3\r\n"),
        BadWire("unbalanced list in an unknown response", "* LIST (\\Noselect \"/\" x\r\n"),
        BadWire("control byte where a value belongs", "* STATUS INBOX (MESSAGES \u{1})\r\n"),
        BadWire("nesting beyond 64", "* 1 FETCH (X " + String(repeating: "(", count: 64) + String(repeating: ")", count: 64) + ")\r\n",
                .nestingTooDeep),
    ]

    @Test(arguments: badWires)
    func badBytesThrow(_ bad: BadWire) {
        #expect {
            _ = try parseAll(bad.wire)
        } throws: { error in
            (error as? IMAPParseError)?.kind == bad.kind
        }
    }

    @Test func literalOverTheLimitThrowsBeforeItsBytesArrive() throws {
        #expect {
            _ = try IMAPResponseParser(maxLiteralBytes: 1000).nextAfter(bytes("* 1 FETCH (BODY[] {1001}\r\n"))
        } throws: { ($0 as? IMAPParseError)?.kind == .literalTooLarge }
        #expect(try IMAPResponseParser(maxLiteralBytes: 1000).nextAfter(bytes("* 1 FETCH (BODY[] {1000}\r\n")) == nil)
    }

    @Test func literalsOfOneResponseShareTheLimit() {
        let wire = bytes("* 1 FETCH (BODY[HEADER] {600}\r\n" + String(repeating: "h", count: 600) + " BODY[] {600}\r\n")
        #expect {
            _ = try IMAPResponseParser(maxLiteralBytes: 1000).nextAfter(wire)
        } throws: { ($0 as? IMAPParseError)?.kind == .literalTooLarge }
    }

    @Test func hugeLiteralLengthThrowsInsteadOfOverflowing() {
        #expect {
            _ = try IMAPResponseParser().nextAfter(bytes("* 1 FETCH (BODY[] {99999999999999999999999999}\r\n"))
        } throws: { ($0 as? IMAPParseError)?.kind == .literalTooLarge }
    }

    @Test func lineOverTheLimitThrowsBeforeItsEndArrives() {
        let wire = bytes("* OK " + String(repeating: "x", count: 200))
        #expect {
            _ = try IMAPResponseParser(maxLineBytes: 100).nextAfter(wire)
        } throws: { ($0 as? IMAPParseError)?.kind == .lineTooLong }
    }

    @Test func linesAroundLiteralsShareTheLimit() throws {
        let line = " X-A " + String(repeating: "a", count: 40)
        let wire = bytes("* 1 FETCH (BODY[] {1}\r\nb" + line + " BODY[1] {1}\r\nc" + line + line + ")\r\n")
        #expect {
            _ = try IMAPResponseParser(maxLineBytes: 100).nextAfter(wire)
        } throws: { ($0 as? IMAPParseError)?.kind == .lineTooLong }
        #expect(try IMAPResponseParser(maxLineBytes: 200).nextAfter(wire) == fetch(1, FetchAttributes(body: [0x62])))
    }

    @Test func errorIsRepeatedOnEveryLaterCall() throws {
        var parser = IMAPResponseParser()
        parser.append(bytes("* 1 EXISTS\r\nA1 PERHAPS\r\n* 2 EXISTS\r\n"))
        #expect(try parser.next() == .untagged(.exists(1)))
        var first: IMAPParseError?
        do { _ = try parser.next() } catch { first = error }
        let error = try #require(first)
        #expect(error.kind == .syntax)
        #expect(throws: error) { try parser.next() }
    }

    @Test func errorGivesTheStreamOffsetAndAShortExcerptOfThatResponseOnly() {
        let secret = "SECRET-TOKEN"
        let wire = bytes("* 1 EXISTS\r\n* 2 FETCH (UID x " + String(repeating: "y", count: 80) + secret + ")\r\n")
        var parser = IMAPResponseParser()
        parser.append(wire)
        do {
            while try parser.next() != nil {}
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 12 + "* 2 FETCH (UID ".utf8.count)
            #expect(error.excerpt.hasPrefix("* 2 FETCH (UID x"))
            #expect(error.excerpt.utf8.count <= IMAPParseError.excerptLimit)
            #expect(!error.description.contains(secret))
            #expect(!error.description.contains("EXISTS"))
        }
    }

    @Test func excerptEscapesControlBytes() {
        do {
            _ = try IMAPResponseParser().nextAfter([0x00, 0x01, 0x41, 0x0D, 0x0A])
            Issue.record("expected an error")
        } catch {
            #expect(error.excerpt == #"\x00\x01A\r\n"#)
        }
    }
}

extension IMAPResponseParser {
    /// Appends `wire` and returns the first response.
    func nextAfter(_ wire: [UInt8]) throws(IMAPParseError) -> IMAPResponse? {
        var parser = self
        parser.append(wire)
        return try parser.next()
    }
}
