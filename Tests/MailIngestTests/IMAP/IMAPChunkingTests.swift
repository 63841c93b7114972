import Testing
@testable import MailIngest
import TestSupport

/// Where a socket read ends is arbitrary: inside a literal's length, between CR and LF, inside a
/// literal. The responses must not depend on it.
@Suite struct IMAPChunkingTests {
    static let stream = WireFixtures.all.flatMap(\.wire)
    static let expected = WireFixtures.all.flatMap(\.expected)

    @Test(arguments: WireFixtures.all)
    func splitAtEveryOffsetGivesTheSameResponses(_ fixture: WireFixture) throws {
        for cut in 0...fixture.wire.count {
            let chunks = [Array(fixture.wire[..<cut]), Array(fixture.wire[cut...])]
            let responses = try parseAll(chunks)
            #expect(responses == fixture.expected, "split at byte \(cut)")
            if responses != fixture.expected { return }
        }
    }

    /// The whole stream byte by byte also crosses every boundary between responses.
    @Test func oneByteAtATimeGivesTheSameResponses() throws {
        #expect(try parseAll(Self.stream.map { [$0] }) == Self.expected)
    }

    @Test(arguments: [1, 2, 3])
    func randomSplitsOfALargeStreamGiveTheSameResponses(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        var wire: [UInt8] = []
        var expected: [IMAPResponse] = []
        // Bodies are cut from bytes that look like IMAP syntax: CR, LF, braces, `*`, digits.
        let pattern = (0..<(64 << 10)).map { _ in Array("\r\n{}*1 )".utf8).randomElement(using: &random) ?? 0 }
        for sequence in 1...150 as ClosedRange<UInt32> {
            let from = Int.random(in: 0..<(32 << 10), using: &random)
            let body = Array(pattern[from..<(from + Int.random(in: 0...(20 << 10), using: &random))])
            wire += bytes("* \(sequence) FETCH (UID \(sequence + 100) BODY[] {\(body.count)}\r\n") + body + bytes(")\r\n")
            expected.append(fetch(sequence, FetchAttributes(uid: sequence + 100, body: body)))
        }
        wire += bytes("A1 OK done\r\n")
        expected.append(.tagged(tag: "A1", status: .ok, code: nil, text: "done"))

        var chunks: [[UInt8]] = []
        var offset = 0
        while offset < wire.count {
            let end = min(wire.count, offset + Int.random(in: 1...40_000, using: &random))
            chunks.append(Array(wire[offset..<end]))
            offset = end
        }
        #expect(try parseAll(chunks) == expected)
    }
}
