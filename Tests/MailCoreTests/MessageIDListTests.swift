import MailCore
import Testing

@Suite struct MessageIDListTests {
    static let cases: [(String, [String], [ParseProblem.Kind])] = [
        ("<a@b>", ["a@b"], []),
        ("  <a@b>  ", ["a@b"], []),
        ("<a@b> (message from Joe on Tue, 4 Jun 2013 10:00:00 +0200)", ["a@b"], []),
        (#"Joe's message of "Tue, 4 Jun <x@y>" <a@b>"#, ["a@b"], []),
        ("(comment with <x@y> inside) <a@b>", ["a@b"], []),
        ("<a@b> <c@d>\t<e@f>", ["a@b", "c@d", "e@f"], []),
        ("<a@b><c@d>", ["a@b", "c@d"], []),
        ("<a@b>, <c@d>", ["a@b", "c@d"], []),
        ("< a@b >", ["a@b"], []),
        ("<1234.5678@host.example\t.org>", ["1234.5678@host.example.org"], []),
        ("a@b", ["a@b"], [.badMessageID]),
        ("a@b (no brackets)", ["a@b"], [.badMessageID]),
        ("your message of yesterday", [], [.badMessageID]),
        ("<a@b", ["a@b"], [.badMessageID]),
        (#""unbalanced quote <a@b>"#, ["a@b"], []),
        ("(unbalanced comment <a@b>", ["a@b"], []),
        ("<>", [], [.badMessageID]),
        ("", [], []),
    ]

    @Test("reads ids without brackets, tolerating phrases and comments", arguments: cases)
    func reads(value: String, ids: [String], problems: [ParseProblem.Kind]) {
        let list = MessageIDList(parsing: Array(value.utf8), fieldName: "In-Reply-To")
        #expect(list.ids == ids)
        #expect(list.problems.map(\.kind) == problems, "\(list.problems)")
    }
}
