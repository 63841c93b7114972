import Testing
@testable import MailIngest

/// Feeds `chunks` one after the other, collecting every response.
func parseAll(_ chunks: [[UInt8]], parser: IMAPResponseParser = IMAPResponseParser()) throws -> [IMAPResponse] {
    var parser = parser
    var responses: [IMAPResponse] = []
    for chunk in chunks {
        parser.append(chunk)
        while let response = try parser.next() { responses.append(response) }
    }
    return responses
}

func parseAll(_ wire: [UInt8]) throws -> [IMAPResponse] { try parseAll([wire]) }

@Suite struct IMAPResponseParserTests {
    @Test(arguments: WireFixtures.session)
    func sessionResponsesParse(_ fixture: WireFixture) throws {
        #expect(try parseAll(fixture.wire) == fixture.expected)
    }

    @Test(arguments: WireFixtures.quirks)
    func serverQuirksAreTolerated(_ fixture: WireFixture) throws {
        #expect(try parseAll(fixture.wire) == fixture.expected)
    }

    @Test func incompleteResponseWaitsForMoreBytes() throws {
        var parser = IMAPResponseParser()
        parser.append(bytes("* 1 FETCH (UID 3 BODY[] {10}\r\n01234"))
        #expect(try parser.next() == nil)
        parser.append(bytes("56789)\r"))
        #expect(try parser.next() == nil)
        parser.append(bytes("\n"))
        #expect(try parser.next() == fetch(1, FetchAttributes(uid: 3, body: bytes("0123456789"))))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func unsafeRawBufferOverloadMatchesArray() throws {
        var parser = IMAPResponseParser()
        bytes("* 5 EXISTS\r\n").withUnsafeBytes { parser.append($0) }
        #expect(try parser.next() == .untagged(.exists(5)))
    }

    @Test func largeLiteralInSmallChunksComesOutWhole() throws {
        let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let wire = bytes("* 9 FETCH (UID 77 BODY[] {\(body.count)}\r\n") + body + bytes(")\r\nA1 OK done\r\n")
        var parser = IMAPResponseParser()
        var responses: [IMAPResponse] = []
        var offset = 0
        while offset < wire.count {
            let end = min(wire.count, offset + 16 << 10)
            parser.append(Array(wire[offset..<end]))
            while let response = try parser.next() { responses.append(response) }
            offset = end
        }
        #expect(responses == [fetch(9, FetchAttributes(uid: 77, body: body)),
                              .tagged(tag: "A1", status: .ok, code: nil, text: "done")])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func nestingUpToTheLimitParses() throws {
        // The FETCH list is one level; 63 more make 64.
        let deep = String(repeating: "(", count: 63) + String(repeating: ")", count: 63)
        #expect(try parseAll(bytes("* 1 FETCH (X-DEEP \(deep) UID 2)\r\n")) == [fetch(1, FetchAttributes(uid: 2))])
    }
}
