import Foundation
import Testing

/// `maild import` and `maild export` as a script would use them, with --database.
struct ImportCommandTests {
    @Test func emlMaildirAndMboxAreImportedOnceEvenWhenRunTwice() throws {
        let dir = Paths.temporaryDirectory("import")
        let database = dir.appendingPathComponent("db.sqlite").path
        let eml = dir.appendingPathComponent("one.eml")
        try Data(SampleMail.message(1).utf8).write(to: eml)
        let maildir = dir.appendingPathComponent("Maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data(SampleMail.message(2).utf8).write(to: maildir.appendingPathComponent("new/2.eml"))
        try Data(SampleMail.message(3).utf8).write(to: maildir.appendingPathComponent("cur/3.eml:2,S"))
        try Data(SampleMail.message(9).utf8).write(to: maildir.appendingPathComponent("tmp/9.eml"))  // not delivered yet
        let mbox = dir.appendingPathComponent("archive.mbox")
        let quoted = SampleMail.message(5, body: "From here on\r\n>From the start").replacingOccurrences(of: "\r\n", with: "\n")
        let mboxText = "From a@example.org Mon Nov 23 10:00:00 2026\n" + SampleMail.message(4).replacingOccurrences(of: "\r\n", with: "\n")
            + "\nFrom b@example.org Mon Nov 23 10:01:00 2026\n" + quoted.replacingOccurrences(of: "\nFrom here", with: "\n>From here")
            .replacingOccurrences(of: "\n>From the", with: "\n>>From the") + "\n"
        try Data(mboxText.utf8).write(to: mbox)

        let arguments = ["import", "--database", database, eml.path, maildir.path, mbox.path]
        let first = try Shell.run(Paths.maild, arguments)
        #expect(first.contains("imported 5 new message(s), 0 already stored"))
        let second = try Shell.run(Paths.maild, arguments)
        #expect(second.contains("imported 0 new message(s), 5 already stored"))

        let lines = try Shell.run(Paths.maild, ["export", "messages", "--database", database]).split(separator: "\n")
        #expect(lines.count == 5)
        let exported = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let keys: Set<String> = ["message_id", "channel", "subject", "from", "date", "conversation_id", "ticket_id",
                                 "size", "digest", "parse_error"]
        #expect(exported.allSatisfy { keys.isSubset(of: Set($0.keys)) })
        #expect(exported.contains { ($0["from"] as? String) == "customer1@example.org" && ($0["channel"] as? String) == "import" })
        #expect(exported.allSatisfy { $0["ticket_id"] is NSNull })
    }

    @Test func aMissingPathIsRefusedWithItsName() throws {
        let dir = Paths.temporaryDirectory("import-missing")
        #expect(throws: Shell.Failure.self) {
            try Shell.run(Paths.maild, ["import", "--database", dir.appendingPathComponent("db").path, "/nonexistent/box"])
        }
    }
}
