import Testing
@testable import Control

@Suite struct LineBufferTests {
    static func lines(_ buffer: inout LineBuffer, finishing: Bool = false) -> [String] {
        var found = [String]()
        while case .line(let line) = finishing ? buffer.finish() : buffer.next() { found.append(String(decoding: line, as: UTF8.self)) }
        return found
    }

    @Test func linesSplitAcrossReadsAreJoined() {
        var buffer = LineBuffer()
        buffer.append(Array(#"{"command":"st"#.utf8))
        #expect(buffer.next() == .needMore)
        buffer.append(Array("atus\"}\n{\"command\":\"outbox\"}\n{\"comm".utf8))
        #expect(Self.lines(&buffer) == [#"{"command":"status"}"#, #"{"command":"outbox"}"#])
        buffer.append(Array("and\":\"status\"}\n".utf8))
        #expect(Self.lines(&buffer) == [#"{"command":"status"}"#])
    }

    @Test func crlfAndBlankLinesAreForgiven() {
        var buffer = LineBuffer()
        buffer.append(Array("\r\n\n  \r\n{\"command\":\"status\"}\r\n".utf8))
        #expect(Self.lines(&buffer) == [#"{"command":"status"}"#])
        #expect(buffer.next() == .needMore)
    }

    @Test func aLastLineWithoutNewlineIsReadAtTheEndOfTheStream() {
        var buffer = LineBuffer()
        buffer.append(Array("a\nb".utf8))
        #expect(Self.lines(&buffer) == ["a"])
        #expect(Self.lines(&buffer, finishing: true) == ["b"])
        #expect(buffer.finish() == .needMore)
    }

    @Test func aLineAtTheLimitPassesOneByteMoreDoesNot() {
        var buffer = LineBuffer(limit: 10)
        buffer.append(Array("0123456789\n".utf8))
        #expect(Self.lines(&buffer) == ["0123456789"])
        buffer.append(Array("0123456789A\n".utf8))
        #expect(buffer.next() == .tooLong)
    }

    /// Without a newline the line is refused as soon as it passes the limit, not after the client sent it all.
    @Test func anEndlessLineIsRefusedOnceOverTheLimit() {
        var buffer = LineBuffer(limit: 1 << 20)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 16)
        var refused = false
        for _ in 0..<17 where !refused {
            buffer.append(chunk)
            refused = buffer.next() == .tooLong
        }
        #expect(refused)
    }

    @Test func manySmallReadsKeepEveryByteInOrder() {
        var buffer = LineBuffer()
        let text = (0..<500).map { "{\"id\":\($0)}\n" }.joined()
        var found = [String]()
        for byte in text.utf8 {
            buffer.append([byte])
            found += Self.lines(&buffer)
        }
        #expect(found == (0..<500).map { "{\"id\":\($0)}" })
    }
}
