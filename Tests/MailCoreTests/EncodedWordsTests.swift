import MailCore
import Testing

@Suite struct EncodedWordsTests {
    static let cases: [(String, String)] = [
        ("=?utf-8?q?caf=C3=A9?=", "café"),
        ("=?UTF-8?Q?caf=c3=a9?=", "café"),
        ("=?utf-8?b?Y2Fmw6k=?=", "café"),
        ("=?UTF-8?B?Y2Fmw6k?=", "café"),
        ("=?iso-8859-1?q?caf=E9?=", "café"),
        ("=?utf-8?q?hello_world?=", "hello world"),
        ("Essai =?iso-8859-1?Q?accentu=E9?=", "Essai accentué"),
        ("a =?utf-8?q?b?= c", "a b c"),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=\t \t=?utf-8?q?b?= c", "ab c"),
        // A character split across two words (RFC 2047 §5 forbids it; Outlook and PHP mailers do it).
        ("=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=", "café"),
        ("=?utf-8?b?ww==?= =?UTF-8?B?qQ==?=", "é"),
        ("=?iso-8859-1?q?=E9?= =?utf-8?q?=C3=A9?=", "éé"),
        ("=?utf-8*en?q?hello?=", "hello"),
        ("=?UTF-8*EN-us?B?Y2Fmw6k=?=", "café"),
        ("Re:=?utf-8?q?caf=C3=A9?=", "Re:café"),
        ("=?utf-8?q?caf=C3=A9?=s", "cafés"),
        ("=?x-unknown-charset?q?caf=C3=A9?=", "café"),
        ("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=", "テスト"),
        ("=?gb2312?B?xOO6ww==?=", "你好"),
        ("=?ks_c_5601-1987?B?x9Gx2w==?=", "한글"),
        ("=?utf-8?q?=5BPATCH=2029/44=5D=20drivers?=", "[PATCH 29/44] drivers"),
        ("=?utf-8?q?a=?=", "a="),
        ("=?utf-8?q??=", ""),
        // Malformed: left exactly as written.
        ("=?utf-8?x?abc?=", "=?utf-8?x?abc?="),
        ("=?utf-8?b?*invalid*?=", "=?utf-8?b?*invalid*?="),
        ("=?utf-8?q?no end", "=?utf-8?q?no end"),
        ("=??q?a?=", "=??q?a?="),
        ("=?utf-8?q?a b?=", "=?utf-8?q?a b?="),
        ("=?utf-8?bq?a?=", "=?utf-8?bq?a?="),
        ("1 + 1 =? 2", "1 + 1 =? 2"),
        ("=?=?utf-8?q?x?=", "=?x"),
        ("plain text", "plain text"),
        ("", ""),
    ]

    @Test("decodes RFC 2047 encoded words", arguments: cases)
    func decodes(encoded: String, decoded: String) {
        #expect(EncodedWords.decode(encoded) == decoded)
    }

    @Test("raw 8-bit text around encoded words is read as UTF-8 or windows-1252", arguments: [
        (Array("café =?utf-8?q?x?=".utf8), "café x"),
        ([0x63, 0x61, 0x66, 0xE9] + Array(" =?utf-8?q?x?=".utf8), "café x"),
    ])
    func decodesBytes(bytes: [UInt8], decoded: String) {
        #expect(EncodedWords.decode(bytes) == decoded)
    }
}
