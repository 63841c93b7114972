import Foundation
import MailStore
import TestSupport
import Testing

/// The threading test's tree shapes again, through SQLite and tickets: however a thread's messages arrive
/// (replies before their parents, so several conversations and tickets open and are merged later), the
/// thread ends as one conversation with one live ticket that holds every message.
struct MailStoreTreeShapeTests {
    typealias T = MailStoreTicketTests

    enum Style: String, CaseIterable, CustomTestStringConvertible {
        case inReplyToOnly, referencesChain
        var testDescription: String { rawValue }
    }

    /// The messages of one delivery of `tree`, in `order`; ids carry `prefix`, so deliveries share one store
    /// and never link to each other. Customer and colleague take turns, so merges fold tickets of either.
    static func delivery(_ tree: [Int], order: [Int], prefix: String, style: Style) -> [MessageRecord] {
        let id = { (message: Int) in "\(prefix).m\(message)@tree.example" }
        return order.map { message in
            let from = message % 2 == 0 ? "Carol <carol@customer.org>" : "dave@customer.org"
            guard tree[message] >= 0 else { return T.message(id(message), from: from) }
            switch style {
            case .inReplyToOnly:
                return T.message(id(message), replyTo: id(tree[message]), from: from, subject: "Re: Printer broken")
            case .referencesChain:
                let chain = TreeShapes.ancestors(of: message, in: tree).map { "<\(id($0))>" }.joined(separator: " ")
                return T.message(id(message), from: from, subject: "Re: Printer broken", extra: "References: \(chain)\r\n")
            }
        }
    }

    @Test("every tree, every delivery order, stored: one conversation, one live ticket", arguments: 1...5, Style.allCases)
    func everyTreeEveryOrder(size: Int, style: Style) throws {
        let store = try T.store()
        var deliveries = 0
        for (treeIndex, tree) in TreeShapes.trees(size: size).enumerated() {
            for order in TreeShapes.permutations(Array(tree.indices)) {
                let prefix = "t\(treeIndex)." + order.map(String.init).joined()
                for record in Self.delivery(tree, order: order, prefix: prefix, style: style) {
                    try store.store([(.file, record)], channel: "help")
                }
                deliveries += 1
            }
        }
        let tickets = Dictionary(uniqueKeysWithValues: try store.tickets().map { ($0.id, $0) })
        var threads = [String: (conversations: Set<Int64?>, tickets: Set<Int64?>, messages: Int)]()
        try store.forEachMessage { message in
            let prefix = String(message.messageID?.split(separator: ".m").first ?? "")
            threads[prefix, default: ([], [], 0)].conversations.insert(message.conversationID)
            threads[prefix, default: ([], [], 0)].tickets.insert(message.ticketID)
            threads[prefix, default: ([], [], 0)].messages += 1
        }
        #expect(threads.count == deliveries)
        for (prefix, thread) in threads {
            #expect(thread.messages == size, "\(prefix)")
            guard thread.conversations.count == 1, thread.tickets.count == 1, let ticketID = thread.tickets.first ?? nil,
                  let ticket = tickets[ticketID] else {
                Issue.record("\(style) \(prefix): conversations \(thread.conversations), tickets \(thread.tickets)")
                continue
            }
            #expect(ticket.mergedInto == nil && ticket.conversationID == thread.conversations.first ?? nil, "\(prefix)")
        }
        // Every ticket a merge folded away names the survivor and is closed; one live ticket per delivery.
        #expect(tickets.values.filter { $0.mergedInto == nil }.count == deliveries)
        #expect(tickets.values.allSatisfy { $0.mergedInto == nil || ($0.status == "Closed" && $0.conversationID == nil) })
    }
}
