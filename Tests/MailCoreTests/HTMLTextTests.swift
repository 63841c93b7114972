import MailCore
import Testing

/// Text made from HTML-only mail, as `bestText` gives it.
@Suite struct HTMLTextTests {
    static func text(fromHTML html: String) -> String? {
        MimeMessage(parsing: Array("Content-Type: text/html; charset=utf-8\r\n\r\n\(html)".utf8)).bestText
    }

    @Test("tags, scripts and styles go; entities are decoded; blocks become lines", arguments: [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("<html><head><title>T</title><style>p{color:red}</style></head><body>x</body></html>", "x"),
        ("a<script type=\"text/javascript\">if (a < b) { alert('</p>') }</script>b", "ab"),
        ("a<SCRIPT>x</SCRIPT >b", "ab"),
        ("one<br>two<br/>three<BR>four", "one\ntwo\nthree\nfour"),
        ("<div>one</div><div>two</div>", "one\ntwo"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
        ("  lots   of\n\n  space  ", "lots of space"),
        ("<pre>  keep\n    this</pre>", "  keep\n    this"),
        ("&amp; &lt;tag&gt; &quot;q&quot; &apos;a&apos; &eacute; &euro; &hellip;", "& <tag> \"q\" 'a' é € …"),
        ("&#233; &#xE9; &#X20AC; &#150; &#0; &#xD800; &#99999999;", "é é € – \u{FFFD} \u{FFFD} \u{FFFD}"),
        ("a&nbsp;&nbsp;b", "a  b"),
        ("AT&T &copy 2024 &notanentity; &", "AT&T © 2024 &notanentity; &"),
        ("a < b and c > d", "a < b and c > d"),
        ("<!-- hidden --> shown <!DOCTYPE html><?xml version=\"1.0\"?>", "shown"),
        ("<a href=\"x>y\" title='>'>link</a>", "link"),
        ("text <unterminated tag", "text"),
        ("<!-- never closed", ""),
    ])
    func converts(_ html: String, _ expected: String) {
        #expect(Self.text(fromHTML: html) == expected)
    }
}
