import Foundation
import Testing
import Threading

@Suite struct SubjectFallbackTests {
    static let day: TimeInterval = 86_400
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func candidate(_ id: Int64, customer: String = "anna@example.com", key: String = "drucker defekt",
                   daysAgo: Double) -> SubjectFallback.Candidate {
        .init(conversation: ConversationID(id), customer: customer, subjectKey: key,
              lastMessageDate: now.addingTimeInterval(-daysAgo * Self.day))
    }

    @Test("joins the same customer's recent conversation with the same key")
    func joins() {
        let rule = SubjectFallback()
        let reply = SubjectKey(subject: "AW: Drucker defekt")
        #expect(rule.conversation(for: reply, customer: "anna@example.com", date: now,
                                  candidates: [candidate(7, daysAgo: 3)]) == ConversationID(7))
        #expect(rule.conversation(for: reply, customer: "Anna@Example.com", date: now,
                                  candidates: [candidate(7, daysAgo: 3)]) == ConversationID(7), "case-insensitive")
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var subject: String
        var customer: String?
        var candidate: SubjectFallback.Candidate
        var testDescription: String { name }
    }

    static let base = Date(timeIntervalSince1970: 1_700_000_000)
    static func make(customer: String = "anna@example.com", key: String = "drucker defekt", daysAgo: Double = 1)
        -> SubjectFallback.Candidate {
        .init(conversation: ConversationID(7), customer: customer, subjectKey: key,
              lastMessageDate: base.addingTimeInterval(-daysAgo * day))
    }

    static let refusals: [Refusal] = [
        Refusal(name: "another customer", subject: "Re: Drucker defekt", customer: "bob@example.com", candidate: make()),
        Refusal(name: "no customer address", subject: "Re: Drucker defekt", customer: nil, candidate: make()),
        Refusal(name: "another subject", subject: "Re: Drucker kaputt", customer: "anna@example.com", candidate: make()),
        Refusal(name: "outside the window", subject: "Re: Drucker defekt", customer: "anna@example.com",
                candidate: make(daysAgo: 30.5)),
        Refusal(name: "a forward", subject: "WG: Drucker defekt", customer: "anna@example.com", candidate: make()),
        Refusal(name: "a reply to a forward", subject: "AW: WG: Drucker defekt", customer: "anna@example.com",
                candidate: make()),
        Refusal(name: "an empty key", subject: "Re:", customer: "anna@example.com", candidate: make(key: "")),
    ]

    @Test("never joins", arguments: refusals)
    func refuses(_ test: Refusal) {
        #expect(SubjectFallback().conversation(for: SubjectKey(subject: test.subject), customer: test.customer,
                                               date: Self.base, candidates: [test.candidate]) == nil)
    }

    @Test("the window is inclusive, configurable, and counts both ways")
    func window() {
        let key = SubjectKey(subject: "Re: Drucker defekt")
        #expect(SubjectFallback().conversation(for: key, customer: "anna@example.com", date: now,
                                               candidates: [candidate(1, daysAgo: 30)]) == ConversationID(1))
        #expect(SubjectFallback(windowDays: 7).conversation(for: key, customer: "anna@example.com", date: now,
                                                            candidates: [candidate(1, daysAgo: 8)]) == nil)
        #expect(SubjectFallback().conversation(for: key, customer: "anna@example.com", date: now,
                                               candidates: [candidate(1, daysAgo: -2)]) == ConversationID(1),
                "a candidate dated after the message (delivered out of order) is within the window")
    }

    @Test("the most recent candidate wins, the smaller id on a tie, whatever their order")
    func mostRecentWins() {
        let key = SubjectKey(subject: "Re: Drucker defekt")
        let candidates = [candidate(3, daysAgo: 10), candidate(5, daysAgo: 2), candidate(4, daysAgo: 2),
                          candidate(9, customer: "bob@example.com", daysAgo: 0)]
        for order in [candidates, candidates.reversed()] {
            #expect(SubjectFallback().conversation(for: key, customer: "anna@example.com", date: now,
                                                   candidates: order) == ConversationID(4))
        }
    }
}
