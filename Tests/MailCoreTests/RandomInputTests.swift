import Foundation
import MailCore
import Testing
import TestSupport

/// Nothing crashes, hangs or grows without bound on random or hostile input.
@Suite struct RandomInputTests {
    /// Fragments that steer random input into the parsers' interesting states.
    static let fragments: [[UInt8]] = [
        "From: ", "To: ", "Cc: ", "Subject: ", "Date: ", "Message-ID: ", "References: ", "In-Reply-To: ",
        "Sender: ", "\r\n", "\n", "\r\n ", "\n\t", "\n\n", ":", ";", ",", "<", ">", "@", "(", ")", "\"", "\\",
        "[", "]", "=?", "?=", "=?utf-8?q?", "=?iso-2022-jp?b?", "=?shift_jis*ja?B?", "=C3", "=A9", "_", "Dec",
        "+0100", "-", "12:34:56", "29", "2010", "GMT", "From ", "group:", "\u{FF}", "\u{1B}$B", "é",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x80], [0x00], [0x1B]]

    static func randomInput(_ generator: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        let pieces = Int.random(in: 0...80, using: &generator)
        for _ in 0..<pieces {
            if Bool.random(using: &generator) {
                bytes += fragments.randomElement(using: &generator)!
            } else {
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    bytes.append(UInt8.random(in: 0...255, using: &generator))
                }
            }
        }
        return bytes
    }

    @Test("random input never crashes any parser")
    func randomInput() {
        var generator = SeededGenerator(state: 20_101_229)
        for _ in 0..<4_000 {
            let raw = Self.randomInput(&generator)
            let head = MessageHead(parsing: raw)
            #expect((0...raw.count).contains(head.bodyOffset))
            #expect(head.problems.count <= 101)
            #expect(head == MessageHead(header: HeaderSection(parsing: raw)))
            _ = AddressList(parsing: raw)
            _ = MessageIDList(parsing: raw)
            _ = MailDate(parsing: raw)
            _ = EncodedWords.decode(raw)
            _ = Charset.decode(raw, charset: ["utf-8", "iso-2022-jp", "shift_jis", "utf-16", "utf-7", nil]
                .randomElement(using: &generator)!)
        }
    }

    @Test("pathological fields finish in linear time", arguments: [
        "(", "\"", "<", "=?", "=?a?q?", "a@", ":", ",", "\\", "\r\n ", "=?utf-8?q?a?= ", "1 ",
    ])
    func pathological(unit: String) {
        let value = String(repeating: unit, count: 200_000)
        let raw = Array("To: \(value)\nSubject: \(value)\nReferences: \(value)\nDate: \(value)\n\n".utf8)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = MessageHead(parsing: raw) }
        // Quadratic behaviour on 200,000 repetitions would take minutes; linear takes milliseconds.
        #expect(elapsed < .seconds(10), "\(elapsed) for \(raw.count) bytes of \(unit.debugDescription)")
    }
}
