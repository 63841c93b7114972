import MailCore
import Testing

@Suite struct CharsetTests {
    static let cases: [([UInt8], String?, String)] = [
        (Array("café".utf8), "utf-8", "café"),
        (Array("café".utf8), "UTF8", "café"),
        (Array("café".utf8), "\"utf-8\"", "café"),
        (Array("café".utf8), " UTF-8 ", "café"),
        ([0x61, 0xFF, 0x62], "utf-8", "a\u{FFFD}b"),
        (Array("café".utf8), nil, "café"),
        ([0x93, 0x68, 0x69, 0x94], nil, "\u{201C}hi\u{201D}"),
        ([0x63, 0x61, 0x66, 0xE9], "unknown-8bit", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "x-unknown", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "us-ascii", "café"),
        (Array("café".utf8), "us-ascii", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "no-such-charset", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "iso-8859-1", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "latin1", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "iso8859-1", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "ISO_8859-1", "café"),
        ([0x80], "iso-8859-1", "€"),
        ([0xA4], "iso-8859-15", "€"),
        ([0xB1], "iso-8859-2", "ą"),
        ([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "koi8-r", "Привет"),
        ([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], "windows-1251", "Привет"),
        ([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], "win-1251", "Привет"),
        ([0x83, 0x65, 0x83, 0x58, 0x83, 0x67], "shift_jis", "テスト"),
        ([0x5C], "shift_jis", "\\"),
        ([0xA5, 0xC6, 0xA5, 0xB9, 0xA5, 0xC8], "euc-jp", "テスト"),
        ([0x1B, 0x24, 0x42, 0x25, 0x46, 0x25, 0x39, 0x25, 0x48, 0x1B, 0x28, 0x42], "iso-2022-jp", "テスト"),
        ([0x1B, 0x28, 0x49, 0x31, 0x1B, 0x28, 0x42], "iso-2022-jp", "ｱ"),
        ([0xC4, 0xE3, 0xBA, 0xC3], "gb2312", "你好"),
        ([0xA4, 0xA4, 0xA4, 0xE5], "big5", "中文"),
        ([0xC7, 0xD1, 0xB1, 0xDB], "ks_c_5601-1987", "한글"),
        ([0xC7, 0xD1, 0xB1, 0xDB], "euc-kr", "한글"),
        ([0x68, 0x00, 0x69, 0x00], "utf-16le", "hi"),
        ([0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00], "utf-16", "hi"),
        // Invalid sequences become U+FFFD and decoding goes on; an incomplete one at the end too.
        ([0x83, 0x65, 0xFF, 0x83, 0x58], "shift_jis", "テ\u{FFFD}ス"),
        ([0x83, 0x65, 0x83], "shift_jis", "テ\u{FFFD}"),
        ([0xA4, 0xA4, 0xFF, 0x41], "big5", "中\u{FFFD}A"),
        ([0x61, 0x62], "utf-8//TRANSLIT", "ab"),
        ([0x61, 0x62], "../../../etc/passwd", "ab"),
        ([], "koi8-r", ""),
    ]

    @Test("decodes through iconv, never failing or truncating", arguments: cases)
    func decodes(bytes: [UInt8], charset: String?, text: String) {
        #expect(Charset.decode(bytes, charset: charset) == text)
    }

    @Test("normalises labels the way mail clients read them", arguments: [
        ("ks_c_5601-1987", "CP949"), ("gb2312", "GB18030"), ("GBK", "GB18030"), ("latin1", "WINDOWS-1252"),
        ("iso8859-1", "WINDOWS-1252"), ("shift_jis", "CP932"), ("big5", "BIG5-HKSCS"), ("windows1250", "WINDOWS-1250"),
        ("x-mac-roman", "MACINTOSH"), ("iso-8859-8-i", "ISO-8859-8"), ("koi8-u", "KOI8-U"), ("utf-8", nil),
        ("utf8", nil), ("unknown-8bit", nil), ("x-unknown", nil), ("", nil), ("iso-2022-jp", "ISO-2022-JP-2"),
    ] as [(String, String?)])
    func normalises(label: String, iconvName: String?) {
        #expect(Charset.iconvName(for: label) == iconvName)
    }

    @Test("iconv descriptors are safe to share between concurrent decoders")
    func concurrentDecoding() async {
        let samples: [([UInt8], String, String)] = [
            ([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "koi8-r", "Привет"),
            ([0x1B, 0x24, 0x42, 0x25, 0x46, 0x25, 0x39, 0x25, 0x48, 0x1B, 0x28, 0x42], "iso-2022-jp", "テスト"),
            ([0x83, 0x65, 0x83, 0x58, 0x83, 0x67], "shift_jis", "テスト"),
        ]
        let wrong = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<500 {
                        let (bytes, charset, text) = samples[(task + round) % samples.count]
                        if Charset.decode(bytes, charset: charset) != text { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
    }
}
