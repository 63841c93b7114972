import Foundation
import TestSupport
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
        let keys: Set<String> = ["id", "message_id", "channel", "subject", "from", "date", "conversation_id", "ticket_id",
                                 "size", "digest", "parse_error", "from_name", "to", "cc", "in_reply_to", "references",
                                 "attachments", "text_preview", "problems", "id", "is_auto_reply", "is_bounce",
                                 "bounced_by"]
        #expect(exported.allSatisfy { keys.isSubset(of: Set($0.keys)) })
        #expect(exported.contains { ($0["from"] as? String) == "customer1@example.org" && ($0["channel"] as? String) == "import" })
        // Five unrelated messages: five conversations, each with its own ticket.
        #expect(Set(exported.compactMap { $0["ticket_id"] as? Int }).count == 5)
        let customer1 = exported.first { ($0["from"] as? String) == "customer1@example.org" }
        #expect(customer1?["from_name"] as? String == "Customer 1")
        #expect(customer1?["to"] as? [String] == ["support@example.com"])
        #expect(customer1?["text_preview"] as? String == "Hello, this is a test.")
        #expect((customer1?["problems"] as? [Any])?.isEmpty == true)
    }

    @Test func attachmentsAreListedInTheExport() throws {
        let dir = Paths.temporaryDirectory("import-attachment")
        let database = dir.appendingPathComponent("db.sqlite").path
        let eml = dir.appendingPathComponent("invoice.eml")
        try Data(Self.invoice.utf8).write(to: eml)
        try Shell.run(Paths.maild, ["import", "--database", database, eml.path])
        let line = try Shell.run(Paths.maild, ["export", "messages", "--database", database])
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let attachments = object["attachments"] as? [[String: Any]]
        #expect(attachments?.count == 1)
        #expect(attachments?.first?["filename"] as? String == "Bestellung März.pdf")
        #expect(attachments?.first?["content_type"] as? String == "application/pdf")
        #expect(attachments?.first?["size"] as? Int == 12)
        #expect(attachments?.first?["inline"] as? Bool == false)
        #expect(object["subject"] as? String == "Rechnung für Oktober")
        #expect(object["is_auto_reply"] as? Bool == false)
        #expect(object["is_bounce"] as? Bool == false)
    }

    @Test func aConversationBecomesOneTicketThatACustomerReplyMovesAndAnAutoReplyDoesNot() throws {
        let dir = Paths.temporaryDirectory("import-tickets")
        let database = dir.appendingPathComponent("db.sqlite").path
        let first = SampleMail.message(1)
        let firstID = first.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }!.dropFirst("Message-ID: ".count)
        let reply = SampleMail.message(1, subject: "Re: Printer 1 is on fire")
            .replacingOccurrences(of: "MIME-Version: 1.0", with: "In-Reply-To: \(firstID)\r\nMIME-Version: 1.0")
        let vacation = SampleMail.message(7, subject: "Out of office")
            .replacingOccurrences(of: "MIME-Version: 1.0", with: "In-Reply-To: \(firstID)\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0")
        for (name, text) in [("1.eml", first), ("2.eml", SampleMail.message(2)), ("3.eml", reply), ("4.eml", vacation)] {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
            // One import per file: the order of arrival is the order of the files.
            try Shell.run(Paths.maild, ["import", "--database", database, dir.appendingPathComponent(name).path])
        }

        let lines = try Shell.run(Paths.maild, ["export", "tickets", "--database", database]).split(separator: "\n")
        let tickets = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(tickets.count == 2)
        let keys: Set<String> = ["id", "number", "subject", "channel", "queue", "pipeline", "status", "priority", "category",
                                 "tags", "assignee", "customer", "conversation_id", "created_at", "updated_at", "closed_at",
                                 "merged_into", "message_count"]
        #expect(tickets.allSatisfy { keys.isSubset(of: Set($0.keys)) })
        #expect(tickets.map { $0["number"] as? Int } == [1, 2])
        let ticket = tickets[0]
        #expect(ticket["subject"] as? String == "Printer 1 is on fire")
        #expect(ticket["customer"] as? String == "customer1@example.org")
        #expect(ticket["channel"] as? String == "import")
        #expect(ticket["queue"] as? String == "Support")
        #expect(ticket["pipeline"] as? String == "support")
        #expect(ticket["status"] as? String == "Waiting on us")
        #expect(ticket["priority"] as? String == "normal")
        #expect(ticket["tags"] as? [String] == [])
        #expect(ticket["category"] is NSNull)
        #expect(ticket["closed_at"] is NSNull)
        #expect(ticket["message_count"] as? Int == 3)
        #expect(tickets[1]["status"] as? String == "New")

        let messages = try Shell.run(Paths.maild, ["export", "messages", "--database", database]).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(messages.map { $0["ticket_id"] as? Int } == [1, 2, 1, 1].map { tickets[$0 - 1]["id"] as? Int })
    }

    @Test func aConfiguredTokenPrefixAndSubjectFallbackThreadWhatTheHeadersDoNot() throws {
        let dir = Paths.temporaryDirectory("import-threading")
        let database = dir.appendingPathComponent("db.sqlite").path
        let config = dir.appendingPathComponent("maild.yaml")
        try Data("""
            database: \(database)
            ticket_token_prefix: HD
            channels:
              - name: support
                imap: {url: "imap://127.0.0.1", username: support, password_env: MAILD_UNUSED_PASSWORD}
                subject_fallback: true

            """.utf8).write(to: config)
        // None of the later messages has In-Reply-To or References.
        let mails = [("first", SampleMail.message(1)),
                     ("by-subject", SampleMail.message(1, subject: "AW: Printer 1 is on fire")),
                     ("by-token", SampleMail.message(1, subject: "Another question [#HD1]")),
                     ("other-prefix", SampleMail.message(1, subject: "Yet another [#T1]"))]
        for (name, text) in mails {
            let file = dir.appendingPathComponent("\(name).eml")
            try Data(text.utf8).write(to: file)
            try Shell.run(Paths.maild, ["import", "--config", config.path, "--channel", "support", file.path])
        }

        let messages = try Shell.run(Paths.maild, ["export", "messages", "--config", config.path]).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let tickets = messages.map { $0["ticket_id"] as? Int }
        #expect(tickets.count == 4)
        #expect(tickets[1] == tickets[0])
        #expect(tickets[2] == tickets[0])
        #expect(tickets[3] != tickets[0])
    }

    static let invoice = """
        From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <j.mueller@example.net>
        To: billing@example.com
        Subject: =?ISO-8859-1?Q?Rechnung_f=FCr_Oktober?=
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"
        
        --b1
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable
        
        Die Rechnung f=FCr Oktober fehlt.
        --b1
        Content-Type: application/pdf
        Content-Disposition: attachment; filename*=utf-8''Bestellung%20M%C3%A4rz.pdf
        Content-Transfer-Encoding: base64
        
        JVBERi0xLjQKJcfs
        --b1--

        """

    @Test func aMissingPathIsRefusedWithItsName() throws {
        let dir = Paths.temporaryDirectory("import-missing")
        let error = #expect(throws: Shell.Failure.self) {
            try Shell.run(Paths.maild, ["import", "--database", dir.appendingPathComponent("db").path, "/nonexistent/box"])
        }
        #expect(error?.description.contains("/nonexistent/box: no such file or folder") == true)
    }
}
