import MailCore
import Testing

@Suite struct AddressValidationTests {
    @Test("addresses that may be sent", arguments: [
        "joe@example.com", "joe.bloggs+tag@mail.example.co.uk", "a@b", "o'brien@example.ie",
        "\"joe bloggs\"@example.com", "\"a\\\"b\"@example.com", "x@[192.0.2.1]", "x@[IPv6:2001:db8::1]",
        "user@xn--mnchen-3ya.de", "UPPER@Example.COM", "_under-score@sub-domain.example",
    ])
    func valid(_ address: String) throws {
        var message = WriterSamples.message()
        message.to = [MailAddress(name: "Someone", address: address)]
        let bytes = try message.render()
        #expect(MessageHead(parsing: bytes).to.map(\.address) == [address.lowercasedDomain])
    }

    @Test("addresses that are refused with a reason", arguments: [
        "", "joe", "joe@", "@example.com", "joe@@example.com", "jo e@example.com", "joe.@example.com",
        ".joe@example.com", "jo..e@example.com", "joe@example..com", "joe@example.com.", "joe@-example.com",
        "joe@exam_ple.com", "joe@exa mple.com", "józef@example.com", "joe@münchen.de", "\"joe@example.com",
        "joe<x>@example.com", "joe,x@example.com", String(repeating: "a", count: 65) + "@example.com",
        "joe@" + String(repeating: "a", count: 64) + ".com", "joe@[1.2.3.4", "Joe <joe@example.com>",
    ])
    func invalid(_ address: String) {
        var message = WriterSamples.message()
        message.cc = [MailAddress(address: "fine@example.com"), MailAddress(address: address)]
        let error = #expect(throws: MessageWriterError.self) { try message.render() }
        #expect(error?.kind == .invalidAddress)
        #expect(error?.field == "Cc")
        #expect(error?.description.hasPrefix("Cc address 2 ") == true, "\(error?.description ?? "")")
    }

    @Test("message ids: ours strictly, ones copied from other mail as they were", arguments: [
        ("Message-ID", "no-at-sign", false),
        ("Message-ID", "<a@b.example>", false),
        ("Message-ID", "a b@c.example", false),
        ("Message-ID", "a..b@c.example", false),
        ("Message-ID", "ok.1@c.example", true),
        ("Message-ID", "ok@[literal]", true),
        ("In-Reply-To", "no-at-sign-from-an-old-mailer", true),
        ("In-Reply-To", "a..b@c.example", true),
        ("In-Reply-To", "<a@b.example>", false),
        ("In-Reply-To", "", false),
        ("References", "x@y z", false),
        ("References", "żółw@example.com", false),
    ])
    func ids(_ field: String, _ id: String, _ accepted: Bool) throws {
        var message = WriterSamples.message()
        switch field {
        case "Message-ID": message.messageID = id
        case "In-Reply-To": message.inReplyTo = [id]
        default: message.references = ["first@example.com", id]
        }
        if accepted {
            let head = MessageHead(parsing: try message.render())
            switch field {
            case "Message-ID": #expect(head.messageID == id)
            case "In-Reply-To": #expect(head.inReplyTo == [id])
            default: #expect(head.references == ["first@example.com", id])
            }
        } else {
            let error = #expect(throws: MessageWriterError.self) { try message.render() }
            #expect(error?.kind == .invalidMessageID)
            #expect(error?.field == field)
        }
    }
}

extension String {
    /// The address as `MailAddress` keeps it after parsing: the domain lowercased.
    var lowercasedDomain: String {
        guard let at = lastIndex(of: "@") else { return self }
        return String(self[...at]) + self[index(after: at)...].lowercased()
    }
}
