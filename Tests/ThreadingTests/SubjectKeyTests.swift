import Testing
import Threading

@Suite struct SubjectKeyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var subject: String
        var key: String
        var reply = false
        var forward = false
        var testDescription: String { subject }
    }

    static let cases: [Case] = [
        // English and the clients' counters.
        Case(subject: "Printer broken", key: "printer broken"),
        Case(subject: "Re: Printer broken", key: "printer broken", reply: true),
        Case(subject: "RE: RE: re: Printer broken", key: "printer broken", reply: true),
        Case(subject: "Re:Printer broken", key: "printer broken", reply: true),
        Case(subject: "Re[2]: Printer broken", key: "printer broken", reply: true),
        Case(subject: "Re(3): Printer broken", key: "printer broken", reply: true),
        Case(subject: "Re^2: Printer broken", key: "printer broken", reply: true),
        Case(subject: "  Re:   Printer\t broken  ", key: "printer broken", reply: true),
        // Localized clients.
        Case(subject: "AW: Drucker defekt", key: "drucker defekt", reply: true),
        Case(subject: "Aw: AW: Re: Drucker defekt", key: "drucker defekt", reply: true),
        Case(subject: "Antwort: Drucker defekt", key: "drucker defekt", reply: true),
        Case(subject: "Antw: Printer kapot", key: "printer kapot", reply: true),
        Case(subject: "SV: Skrivaren", key: "skrivaren", reply: true),
        Case(subject: "Odp: Drukarka", key: "drukarka", reply: true),
        Case(subject: "R: Stampante", key: "stampante", reply: true),
        Case(subject: "RIF: Stampante", key: "stampante", reply: true),
        Case(subject: "RE : Imprimante en panne", key: "imprimante en panne", reply: true),
        Case(subject: "Réf. : Imprimante", key: "imprimante", reply: true),
        Case(subject: "Rép.: Imprimante", key: "imprimante", reply: true),
        Case(subject: "RES: Impressora", key: "impressora", reply: true),
        Case(subject: "YNT: Yazıcı", key: "yazıcı", reply: true),
        Case(subject: "Odg: Pisač", key: "pisač", reply: true),
        Case(subject: "V: Nyomtató", key: "nyomtató", reply: true),
        Case(subject: "ΑΠ: Εκτυπωτής", key: "εκτυπωτής", reply: true),
        Case(subject: "Отв: Принтер", key: "принтер", reply: true),
        Case(subject: "回复：打印机坏了", key: "打印机坏了", reply: true),
        Case(subject: "回覆: 印表機", key: "印表機", reply: true),
        Case(subject: "답장: 프린터", key: "프린터", reply: true),
        // Forwards.
        Case(subject: "Fwd: Printer broken", key: "printer broken", forward: true),
        Case(subject: "FW: Printer broken", key: "printer broken", forward: true),
        Case(subject: "WG: Drucker defekt", key: "drucker defekt", forward: true),
        Case(subject: "TR : Imprimante", key: "imprimante", forward: true),
        Case(subject: "RV: Impresora", key: "impresora", forward: true),
        Case(subject: "PD: Drukarka", key: "drukarka", forward: true),
        Case(subject: "Doorst: Printer", key: "printer", forward: true),
        Case(subject: "VS: Printer", key: "printer", forward: true),
        Case(subject: "VB: Skrivaren", key: "skrivaren", forward: true),
        Case(subject: "ENC: Impressora", key: "impressora", forward: true),
        Case(subject: "I: Stampante", key: "stampante", forward: true),
        Case(subject: "İLT: Yazıcı", key: "yazıcı", forward: true),
        Case(subject: "转发: 打印机", key: "打印机", forward: true),
        Case(subject: "Printer broken (fwd)", key: "printer broken", forward: true),
        Case(subject: "[Fwd: Printer broken]", key: "printer broken", forward: true),
        Case(subject: "Re: Fwd: Printer broken", key: "printer broken", reply: true, forward: true),
        Case(subject: "AW: WG: Re: Drucker", key: "drucker", reply: true, forward: true),
        // List tags and ticket tokens.
        Case(subject: "[notmuch] Re: [PATCH] fix", key: "fix", reply: true),
        Case(subject: "Re: [notmuch] [PATCH 2/3] fix", key: "fix", reply: true),
        Case(subject: "Re: Printer broken [#T6311-k3f9]", key: "printer broken", reply: true),
        Case(subject: "[#T6311] Re: Printer broken", key: "printer broken", reply: true),
        Case(subject: "Re: Printer [#T6311-k3f9] broken", key: "printer broken", reply: true),
        // What is not a prefix stays.
        Case(subject: "Q3: figures", key: "q3: figures"),
        Case(subject: "PR: new release", key: "pr: new release"),
        Case(subject: "Regarding: invoice", key: "regarding: invoice"),
        Case(subject: "Re invoice", key: "re invoice"),
        Case(subject: "Reply needed: invoice", key: "reply needed: invoice"),
        Case(subject: "Invoice Re: March", key: "invoice re: march"),
        Case(subject: "Re[x]: odd counter", key: "re[x]: odd counter"),
        Case(subject: "[unclosed tag", key: "[unclosed tag"),
        // Nothing left.
        Case(subject: "Re:", key: "", reply: true),
        Case(subject: "", key: ""),
        Case(subject: "[#T6311-k3f9]", key: ""),
    ]

    @Test("subject keys", arguments: cases)
    func keys(_ test: Case) {
        let key = SubjectKey(subject: test.subject)
        #expect(key.key == test.key)
        #expect(key.isReply == test.reply)
        #expect(key.isForward == test.forward)
    }

    @Test("no subject at all is an empty key")
    func missingSubject() {
        #expect(SubjectKey(subject: nil) == SubjectKey(subject: ""))
    }

    @Test("a reply and its original have the same key")
    func replyMatchesOriginal() {
        #expect(SubjectKey(subject: "AW: Re[2]: [support] Drucker  defekt [#T6311-k3f9]").key
                    == SubjectKey(subject: "Drucker defekt").key)
    }

    @Test("reply subjects from the lkml corpus reduce to their patch's key")
    func corpusSubjects() {
        // As in notmuch-lkml: folded with a TAB (kept by unfolding), RE: in capitals, a list tag after it.
        #expect(SubjectKey(subject: "Re: [PATCH 13/44] drivers/net/e1000e: Remove\tunnecessary semicolons").key
                    == SubjectKey(subject: "[PATCH 13/44] drivers/net/e1000e: Remove unnecessary semicolons").key)
        #expect(SubjectKey(subject: "RE: [PATCH 25/44] drivers/scsi/pm8001: Remove unnecessary semicolons").key
                    == "drivers/scsi/pm8001: remove unnecessary semicolons")
        #expect(SubjectKey(subject: "[notmuch] [PATCH] Make notmuch-show 'X' (and 'x') commands remove\tinbox")
                    .key == "make notmuch-show 'x' (and 'x') commands remove inbox")
    }
}
