import Testing
@testable import MailIngest

/// Wire bytes as a server sends them, and the responses they must parse to.
struct WireFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let wire: [UInt8]
    let expected: [IMAPResponse]
    var testDescription: String { name }

    /// `lines` joined and ended with CRLF; `{{...}}` is replaced by a literal holding `...`.
    init(_ name: String, _ lines: [String], _ expected: [IMAPResponse]) {
        self.name = name
        self.wire = Array(lines.map { $0 + "\r\n" }.joined().utf8)
        self.expected = expected
    }

    init(_ name: String, bytes: [UInt8], _ expected: [IMAPResponse]) {
        self.name = name
        self.wire = bytes
        self.expected = expected
    }
}

/// `{n}` CRLF followed by the bytes of `body`: an RFC 3501 literal.
func literal(_ body: String, prefix: String = "") -> String {
    "\(prefix){\(body.utf8.count)}\r\n\(body)"
}

func fetch(_ sequence: UInt32, _ attributes: FetchAttributes) -> IMAPResponse {
    .untagged(.fetch(sequence: sequence, attributes))
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A message whose lines would end the response, or start new ones, if the parser looked inside
/// the literal: untagged and tagged lines, a literal header, bare LFs, a lone `)`.
let trickyMessage = """
    From: a@example.org\r
    Subject: tricky\r
    \r
    * 2 EXISTS\r
    A001 OK done\r
    * 1 FETCH (BODY[] {5}\r
    bare\nlf\n)\r
    +\r
    "unbalanced \\" quote\r
    last line without newline
    """

enum WireFixtures {
    static let dovecotCapabilities =
        "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN"

    static let session: [WireFixture] = [
        WireFixture(
            "Dovecot 2.3 greeting with capabilities",
            ["* OK [CAPABILITY \(dovecotCapabilities)] Dovecot ready."],
            [.untagged(.status(.ok, code: .capability(dovecotCapabilities.split(separator: " ").map(String.init)),
                               text: "Dovecot ready."))]),
        WireFixture(
            "CAPABILITY then tagged OK",
            ["* CAPABILITY IMAP4rev1 IDLE UIDPLUS ESEARCH CONDSTORE", "A001 OK Pre-login capabilities listed, post-login capabilities have more."],
            [.untagged(.capability(["IMAP4rev1", "IDLE", "UIDPLUS", "ESEARCH", "CONDSTORE"])),
             .tagged(tag: "A001", status: .ok, code: nil,
                     text: "Pre-login capabilities listed, post-login capabilities have more.")]),
        WireFixture(
            "PREAUTH greeting",
            ["* PREAUTH [CAPABILITY IMAP4rev1] Logged in as alice"],
            [.untagged(.status(.preauth, code: .capability(["IMAP4rev1"]), text: "Logged in as alice"))]),
        WireFixture(
            "Dovecot 2.3 SELECT",
            [
                #"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Forwarded)"#,
                #"* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Forwarded \*)] Flags permitted."#,
                "* 3 EXISTS",
                "* 0 RECENT",
                "* OK [UNSEEN 2] First unseen.",
                "* OK [UIDVALIDITY 1700000000] UIDs valid",
                "* OK [UIDNEXT 5] Predicted next UID",
                "* OK [HIGHESTMODSEQ 7] Highest",
                "A002 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).",
            ],
            [
                .untagged(.flags([#"\Answered"#, #"\Flagged"#, #"\Deleted"#, #"\Seen"#, #"\Draft"#, "$Forwarded"])),
                .untagged(.status(.ok, code: .other(name: "PERMANENTFLAGS",
                    text: #"(\Answered \Flagged \Deleted \Seen \Draft $Forwarded \*)"#), text: "Flags permitted.")),
                .untagged(.exists(3)),
                .untagged(.recent(0)),
                .untagged(.status(.ok, code: .unseen(2), text: "First unseen.")),
                .untagged(.status(.ok, code: .uidValidity(1_700_000_000), text: "UIDs valid")),
                .untagged(.status(.ok, code: .uidNext(5), text: "Predicted next UID")),
                .untagged(.status(.ok, code: .other(name: "HIGHESTMODSEQ", text: "7"), text: "Highest")),
                .tagged(tag: "A002", status: .ok, code: .other(name: "READ-WRITE", text: nil),
                        text: "Select completed (0.001 + 0.000 secs)."),
            ]),
        WireFixture(
            "Dovecot 2.3 EXAMINE ends read-only",
            ["* 0 EXISTS", "* OK [UIDVALIDITY 4294967295] UIDs valid", "A003 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs)."],
            [.untagged(.exists(0)),
             .untagged(.status(.ok, code: .uidValidity(UInt32.max), text: "UIDs valid")),
             .tagged(tag: "A003", status: .ok, code: .other(name: "READ-ONLY", text: nil),
                     text: "Examine completed (0.001 + 0.000 secs).")]),
        WireFixture(
            "SEARCH with results, empty, and CONDSTORE MODSEQ",
            ["* SEARCH 2 84 882", "* SEARCH", "* SEARCH 2 5 (MODSEQ 917162500)", "A4 OK Search completed"],
            [.untagged(.search([2, 84, 882])), .untagged(.search([])), .untagged(.search([2, 5])),
             .tagged(tag: "A4", status: .ok, code: nil, text: "Search completed")]),
        WireFixture(
            "ESEARCH with correlator and every return item",
            [#"* ESEARCH (TAG "A5") UID ALL 1:3,5 COUNT 4 MIN 1 MAX 5"#,
             #"* ESEARCH (TAG "A6") UID COUNT 0"#,
             #"* ESEARCH (TAG "A7") UID MODSEQ 42 ALL 7,9:10"#,
             "* ESEARCH COUNT 2"],
            [.untagged(.esearch(uid: true, all: UIDSet([1, 2, 3, 5]), count: 4, min: 1, max: 5)),
             .untagged(.esearch(uid: true, all: nil, count: 0, min: nil, max: nil)),
             .untagged(.esearch(uid: true, all: UIDSet([7, 9, 10]), count: nil, min: nil, max: nil)),
             .untagged(.esearch(uid: false, all: nil, count: 2, min: nil, max: nil))]),
        WireFixture(
            "UID FETCH of a message whose body holds response-like lines",
            ["* 1 FETCH (UID 7 RFC822.SIZE \(trickyMessage.utf8.count) FLAGS (\\Seen) BODY[] \(literal(trickyMessage)))",
             "A5 OK Fetch completed (0.001 + 0.000 secs)."],
            [fetch(1, FetchAttributes(uid: 7, size: trickyMessage.utf8.count, flags: [#"\Seen"#], body: bytes(trickyMessage))),
             .tagged(tag: "A5", status: .ok, code: nil, text: "Fetch completed (0.001 + 0.000 secs).")]),
        WireFixture(
            "FETCH headers by BODY[HEADER] and RFC822.HEADER, RFC822 body",
            ["* 2 FETCH (UID 8 BODY[HEADER] \(literal("Subject: a\r\n\r\n")))",
             "* 3 FETCH (RFC822.HEADER \(literal("Subject: b\r\n\r\n")) RFC822 \(literal("Subject: b\r\n\r\nhi")))"],
            [fetch(2, FetchAttributes(uid: 8, header: bytes("Subject: a\r\n\r\n"))),
             fetch(3, FetchAttributes(body: bytes("Subject: b\r\n\r\nhi"), header: bytes("Subject: b\r\n\r\n")))]),
        WireFixture(
            "FETCH body as quoted string with escapes, NIL, origin octet, literal8 and non-sync literal",
            [#"* 4 FETCH (BODY[] "say \"hi\" \\o/")"#,
             "* 5 FETCH (UID 10 BODY[] NIL)",
             "* 6 FETCH (BODY[]<0> \(literal("partial")))",
             "* 7 FETCH (BODY[] ~{4}\r\nab\0c)",
             "* 8 FETCH (BODY[] {3+}\r\nxyz UID 11)",
             "* 9 FETCH (BODY[] {0}\r\n)"],
            [fetch(4, FetchAttributes(body: bytes(#"say "hi" \o/"#))),
             fetch(5, FetchAttributes(uid: 10)),
             fetch(6, FetchAttributes(body: bytes("partial"))),
             fetch(7, FetchAttributes(body: [0x61, 0x62, 0, 0x63])),
             fetch(8, FetchAttributes(uid: 11, body: bytes("xyz"))),
             fetch(9, FetchAttributes(body: []))]),
        WireFixture(
            "FETCH items maild does not use are skipped",
            ["* 3 FETCH (UID 9 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
                + #"ENVELOPE ("Wed, 17 Jul 1996" "subj" (("A" NIL "a" "b.c")) NIL NIL NIL NIL NIL NIL "<id@x>") "#
                + #"BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3 1)("IMAGE" "PNG" NIL NIL NIL "BASE64" 8) "MIXED") "#
                + "MODSEQ (12345) X-GM-MSGID 1278455344230334865 X-GM-THRID 1266894439832287888 "
                + #"X-GM-LABELS (\Inbox "\\Important" "[Gmail]/Sent") BODY[1.2]<0> "# + literal("abc")
                + " BINARY[1] " + literal("xy", prefix: "~")
                + " BODY[HEADER.FIELDS (FROM \"TO\")] " + literal("F: x\r\n\r\n")
                + " BODY[TEXT] NIL EMAILID (M6d99ac3275bb4e) THREADID NIL PREVIEW \"hello\" BINARY.SIZE[1] 2 RFC822.SIZE 99)"],
            [fetch(3, FetchAttributes(uid: 9, size: 99))]),
        WireFixture(
            "STORE answers with FETCH FLAGS, also with CONDSTORE MODSEQ",
            [#"* 1 FETCH (UID 1 FLAGS (\Seen \Flagged))"#,
             #"* 2 FETCH (UID 2 MODSEQ (12) FLAGS ())"#,
             "A6 OK Store completed (0.001 + 0.000 secs)."],
            [fetch(1, FetchAttributes(uid: 1, flags: [#"\Seen"#, #"\Flagged"#])),
             fetch(2, FetchAttributes(uid: 2, flags: [])),
             .tagged(tag: "A6", status: .ok, code: nil, text: "Store completed (0.001 + 0.000 secs).")]),
        WireFixture(
            "tagged NO and BAD",
            ["A7 NO [TRYCREATE] Mailbox doesn't exist: Foo (0.001 + 0.000 secs).",
             "A8 BAD Error in IMAP command UID FETCH: Invalid uidset (0.001 + 0.000 secs).",
             "A9 NO [ALERT] Quota exceeded"],
            [.tagged(tag: "A7", status: .no, code: .other(name: "TRYCREATE", text: nil),
                     text: "Mailbox doesn't exist: Foo (0.001 + 0.000 secs)."),
             .tagged(tag: "A8", status: .bad, code: nil,
                     text: "Error in IMAP command UID FETCH: Invalid uidset (0.001 + 0.000 secs)."),
             .tagged(tag: "A9", status: .no, code: .alert, text: "Quota exceeded")]),
        WireFixture(
            "BYE on LOGOUT and on shutdown",
            ["* BYE Logging out", "A10 OK Logout completed (0.001 + 0.000 secs).", "* BYE Server shutting down."],
            [.untagged(.status(.bye, code: nil, text: "Logging out")),
             .tagged(tag: "A10", status: .ok, code: nil, text: "Logout completed (0.001 + 0.000 secs)."),
             .untagged(.status(.bye, code: nil, text: "Server shutting down."))]),
        WireFixture(
            "continuations and IDLE",
            ["+ idling", "* 4 EXISTS", "* 1 RECENT", "* 2 EXPUNGE", "+ VXNlcm5hbWU6", "+"],
            [.continuation("idling"), .untagged(.exists(4)), .untagged(.recent(1)), .untagged(.expunge(2)),
             .continuation("VXNlcm5hbWU6"), .continuation("")]),
        WireFixture(
            "other untagged responses are skipped",
            [#"* LIST (\HasNoChildren) "." INBOX"#,
             "* LIST () \"/\" \(literal("odd\r\nname"))",
             "* STATUS INBOX (MESSAGES 3 UIDNEXT 5)",
             "* ENABLED CONDSTORE",
             #"* ID ("name" "Dovecot")"#,
             #"* NAMESPACE (("" ".")) NIL NIL"#,
             "* THREAD (2)(3 6 (4 23)(44 7 96))",
             "* VANISHED (EARLIER) 41,43:116",
             "* 2 XFOO bar"],
            [.untagged(.other(keyword: "LIST")), .untagged(.other(keyword: "LIST")),
             .untagged(.other(keyword: "STATUS")), .untagged(.other(keyword: "ENABLED")),
             .untagged(.other(keyword: "ID")), .untagged(.other(keyword: "NAMESPACE")),
             .untagged(.other(keyword: "THREAD")), .untagged(.other(keyword: "VANISHED")),
             .untagged(.other(keyword: "XFOO"))]),
    ]

    /// Real servers bend RFC 3501 in these ways; none of them may cost the connection.
    static let quirks: [WireFixture] = [
        WireFixture("lowercase keywords", ["* 3 exists", "a1 ok done", "* ok [uidvalidity 5] valid", "* search 4"],
            [.untagged(.exists(3)), .tagged(tag: "a1", status: .ok, code: nil, text: "done"),
             .untagged(.status(.ok, code: .uidValidity(5), text: "valid")), .untagged(.search([4]))]),
        WireFixture("extra spaces", [#"*  3  FETCH  ( UID  4  FLAGS  ( \Seen )  )  "#, "A1  OK   done", "* SEARCH 1  2 "],
            [fetch(3, FetchAttributes(uid: 4, flags: [#"\Seen"#])),
             .tagged(tag: "A1", status: .ok, code: nil, text: "done"), .untagged(.search([1, 2]))]),
        WireFixture("FETCH items without a space between them", [#"* 3 FETCH (FLAGS (\Seen)UID 4)"#],
            [fetch(3, FetchAttributes(uid: 4, flags: [#"\Seen"#]))]),
        WireFixture("status without text, or with only a code", ["A1 OK", "* OK [UNSEEN 3]", "A2 NO [ALERT]"],
            [.tagged(tag: "A1", status: .ok, code: nil, text: ""),
             .untagged(.status(.ok, code: .unseen(3), text: "")),
             .tagged(tag: "A2", status: .no, code: .alert, text: "")]),
        WireFixture("lines ending in a bare LF", bytes: bytes("* 3 EXISTS\n* 1 FETCH (BODY[] {2}\nab)\nA1 OK done\n"),
            [.untagged(.exists(3)), fetch(1, FetchAttributes(body: bytes("ab"))),
             .tagged(tag: "A1", status: .ok, code: nil, text: "done")]),
        WireFixture("UIDVALIDITY 0 is passed through", ["* OK [UIDVALIDITY 0] UIDs valid"],
            [.untagged(.status(.ok, code: .uidValidity(0), text: "UIDs valid"))]),
        WireFixture("text that starts with [ but has no code", ["* OK [not a code"],
            [.untagged(.status(.ok, code: nil, text: "[not a code"))]),
        WireFixture("response code names in any case, arguments as sent", ["A1 OK [copyuid 38505 304,319:320 3956:3958] Done"],
            [.tagged(tag: "A1", status: .ok, code: .other(name: "COPYUID", text: "38505 304,319:320 3956:3958"), text: "Done")]),
        WireFixture("UTF-8 text and odd flags", ["* NO Postfach voll ä", #"* FLAGS (\Seen $Label[1] Junk\ x%*)"#],
            [.untagged(.status(.no, code: nil, text: "Postfach voll ä")),
             .untagged(.flags([#"\Seen"#, "$Label[1]", #"Junk\"#, "x%*"]))]),
        WireFixture("numbers at the limits", ["* 4294967295 EXISTS", "* 1 FETCH (RFC822.SIZE 8589934592)"],
            [.untagged(.exists(UInt32.max)), fetch(1, FetchAttributes(size: 8_589_934_592))]),
    ]

    static let all = session + quirks
}
