import MailCore
import Testing

/// Hostile structure: every limit is a problem on a message that is still kept, and time stays linear.
@Suite struct MimeLimitsTests {
    /// `depth` multiparts inside each other, the innermost holding one text part.
    static func nested(depth: Int, closed: Bool = true) -> [UInt8] {
        var text = "Subject: deep\r\n"
        for level in 0..<depth {
            text += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\n"
        }
        text += "Content-Type: text/plain\r\n\r\ninnermost\r\n"
        if closed {
            for level in (0..<depth).reversed() { text += "--b\(level)--\r\n" }
        }
        return Array(text.utf8)
    }

    @Test("nesting deeper than the limit is kept undivided, with a problem")
    func depthLimit() {
        let message = MimeMessage(parsing: Self.nested(depth: 200))
        #expect(message.parts.count == 51)
        #expect(message.parts.map(\.depth).max() == 50)
        #expect(message.problems.map(\.kind).contains(.nestingTooDeep))
        #expect(message.bestText == nil)   // the text is inside the undivided part
        let shallow = MimeMessage(parsing: Self.nested(depth: 40))
        #expect(shallow.problems.isEmpty)
        #expect(shallow.bestText == "innermost")
    }

    @Test("attached messages count towards the depth limit too")
    func nestedMessages() {
        var text = ""
        for _ in 0..<300 { text += "Content-Type: message/rfc822\n\n" }
        text += "Subject: bottom\n\nbottom text\n"
        let message = MimeMessage(parsing: Array(text.utf8))
        #expect(message.parts.count == 51)
        #expect(message.problems.map(\.kind) == [.nestingTooDeep])
    }

    @Test("more parts than the limit: the rest stays in the last part, with a problem")
    func partLimit() {
        var text = "Content-Type: multipart/mixed; boundary=b\n\n"
        for index in 0..<12_000 { text += "--b\nContent-Type: text/plain\n\npart \(index)\n" }
        text += "--b--\n"
        let message = MimeMessage(parsing: Array(text.utf8))
        #expect(message.parts.count == 10_000)
        #expect(message.problems.map(\.kind) == [.tooManyParts])
        #expect(message.bestText == "part 0")
    }

    @Test("limits can be set per parse")
    func customLimits() {
        let limits = MimeMessage.Limits(maxDepth: 3, maxParts: 5)
        let message = MimeMessage(parsing: Self.nested(depth: 10), limits: limits)
        #expect(message.parts.count == 4)
        #expect(message.problems.map(\.kind) == [.nestingTooDeep])
    }

    @Test("pathological bodies finish in linear time", arguments: [
        "--b\r\n", "--b", "--b-\n", "--\n", "-", "\n--b0\n--b1 x\n", "<", "&#", "<script>", "<!--", "&amp",
        "=\r\n", "=", "Content-Type: multipart/mixed; boundary=b\n\n", "a*0=b;",
    ])
    func pathological(unit: String) {
        let body = String(repeating: unit, count: 100_000)
        let raw = Array(("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n"
                         + "Content-Disposition: attachment; filename*0=\(body.prefix(50_000))\n"
                         + "Content-Transfer-Encoding: quoted-printable\n\n\(body)\n--b--\n").utf8)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            let message = MimeMessage(parsing: raw)
            _ = message.bestText
            _ = message.attachments.map { message.data(of: $0) }
        }
        // Quadratic behaviour on 100,000 repetitions would take hours; linear takes about a second in a
        // debug build.
        #expect(elapsed < .seconds(20), "\(elapsed) for \(raw.count) bytes of \(unit.debugDescription)")
    }

    @Test("many open multiparts do not slow the scan beyond the depth limit")
    func manyBoundariesPerLine() {
        var raw = Self.nested(depth: 50, closed: false)   // every multipart stays open
        let lines = (0..<200_000).map { "--b\($0 % 50)x\r\n" }.joined()
        raw += Array(lines.utf8)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = MimeMessage(parsing: raw) }
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }
}
