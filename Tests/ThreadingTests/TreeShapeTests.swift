import TestSupport
import Testing
import Threading

/// notmuch's generated threading test, here: every rooted tree of up to 5 messages, every way its
/// messages can refer to their ancestors, delivered in every order, always makes exactly one conversation.
@Suite struct TreeShapeTests {
    /// How a reply names its ancestors.
    enum Style: String, CaseIterable, CustomTestStringConvertible {
        /// In-Reply-To the parent only (many web mailers and phones).
        case inReplyToOnly
        /// References with the full ancestor chain, no In-Reply-To.
        case referencesChain
        /// Every combination of the two over the messages of a tree.
        case mixed
        var testDescription: String { rawValue }
    }

    static func trees(size: Int) -> [[Int]] { TreeShapes.trees(size: size) }

    /// For each non-root message, whether it uses the References chain (true) or In-Reply-To (false).
    static func referenceChoices(size: Int, style: Style) -> [[Bool]] {
        switch style {
        case .inReplyToOnly: return [Array(repeating: false, count: size)]
        case .referencesChain: return [Array(repeating: true, count: size)]
        case .mixed:
            return (0..<(1 << max(size - 1, 0))).map { mask in
                (0..<size).map { $0 > 0 && mask & (1 << ($0 - 1)) != 0 }
            }
        }
    }

    static func links(tree: [Int], useReferences: [Bool]) -> [MessageLinks] {
        tree.indices.map { message in
            let id = "m\(message)@tree.example"
            guard tree[message] >= 0 else { return MessageLinks(messageID: id) }
            if useReferences[message] {
                let chain = TreeShapes.ancestors(of: message, in: tree).map { "m\($0)@tree.example" }
                return MessageLinks(messageID: id, references: chain)
            }
            return MessageLinks(messageID: id, inReplyTo: ["m\(tree[message])@tree.example"])
        }
    }

    static func permutations<T>(_ items: [T]) -> [[T]] { TreeShapes.permutations(items) }

    /// Delivers `messages` in every order; returns how many deliveries were checked.
    static func expectOneConversation(_ messages: [MessageLinks], context: @autoclosure () -> String) -> Int {
        var checked = 0
        for order in permutations(messages) {
            var threader = InMemoryThreader()
            var first: ConversationID?
            for message in order {
                let conversation = threader.insert(message).conversation
                first = first.map { min($0, conversation) } ?? conversation
            }
            let conversations = threader.conversationIDs
            guard conversations.count == 1, let only = conversations.first else {
                Issue.record("\(context()), order \(order.map { $0.messageID ?? "-" }): \(conversations.count) conversations")
                return checked
            }
            // The survivor of every merge is the oldest conversation, the first one created.
            #expect(only == ConversationID(1), "\(context())")
            #expect(threader.messageIDs(in: only) == Set(messages.compactMap(\.messageID)), "\(context())")
            checked += 1
        }
        return checked
    }

    @Test("every tree, every delivery order: one conversation", arguments: 1...5, Style.allCases)
    func everyTreeEveryOrder(size: Int, style: Style) {
        var checked = 0
        for tree in Self.trees(size: size) {
            for choice in Self.referenceChoices(size: size, style: style) {
                let messages = Self.links(tree: tree, useReferences: choice)
                checked += Self.expectOneConversation(messages, context: "tree \(tree), references \(choice)")
            }
        }
        let factorial = (1...size).reduce(1, *)
        let expected = Self.trees(size: size).count * Self.referenceChoices(size: size, style: style).count * factorial
        #expect(checked == expected)
    }

    @Test("the root is never delivered: the ghost root still joins everything", arguments: 2...5, Style.allCases)
    func rootNeverDelivered(size: Int, style: Style) {
        for tree in Self.trees(size: size) {
            for choice in Self.referenceChoices(size: size, style: style) {
                let messages = Array(Self.links(tree: tree, useReferences: choice).dropFirst())
                _ = Self.expectOneConversation(messages, context: "tree \(tree) without its root, references \(choice)")
            }
        }
    }

    @Test("with full References chains any missing messages leave one conversation", arguments: 3...5)
    func anyMessagesMissingWithReferences(size: Int) {
        for tree in Self.trees(size: size) {
            let all = Self.links(tree: tree, useReferences: Array(repeating: true, count: size))
            // Every non-empty subset of the messages delivered (the missing ones stay ghosts).
            for mask in 1..<(1 << size) {
                let delivered = all.indices.filter { mask & (1 << $0) != 0 }.map { all[$0] }
                _ = Self.expectOneConversation(delivered, context: "tree \(tree), delivered mask \(mask)")
            }
        }
    }

    @Test("the generators cover what they claim")
    func generatorsAreComplete() {
        #expect(Self.trees(size: 5).count == 24)
        #expect(Set(Self.trees(size: 4)).count == 6)
        #expect(Self.permutations([1, 2, 3, 4, 5]).count == 120)
        #expect(Set(Self.permutations([1, 2, 3, 4, 5])).count == 120)
        #expect(Self.referenceChoices(size: 5, style: .mixed).count == 16)
        // The 9 unlabelled rooted trees on 5 nodes all occur (canonical form: sorted child shapes).
        func shape(_ tree: [Int], _ node: Int) -> String {
            "(" + tree.indices.filter { tree[$0] == node }.map { shape(tree, $0) }.sorted().joined() + ")"
        }
        #expect(Set(Self.trees(size: 5).map { shape($0, 0) }).count == 9)
    }
}
