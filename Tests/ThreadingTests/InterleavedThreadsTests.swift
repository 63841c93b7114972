import Testing
import Threading
import TestSupport

/// 100,000 generated messages through `InMemoryThreader`, in threads that interleave and arrive out of order.
/// Speed is measured by `bench/threading` (the whole store path, in release), never here.
@Suite struct InterleavedThreadsTests {
    /// Realistic threads: 1 to 12 messages each, every reply to a random earlier message of its thread,
    /// two thirds with a full References chain and one third with In-Reply-To only, one in twenty
    /// roots never delivered; threads interleave (messages drawn from up to 50 open threads at a time),
    /// and one message in ten arrives late, after up to 20 others (so children come before parents and
    /// conversations merge).
    static func generate(count: Int) -> [MessageLinks] {
        var generator = SeededGenerator(state: 2024)
        var messages: [MessageLinks] = []
        messages.reserveCapacity(count)
        struct Open { var chains: [[String]]; var remaining: Int; var threadNumber: Int }
        var open: [Open] = []
        var threadNumber = 0
        while messages.count < count {
            if open.count < 50 {
                threadNumber += 1
                let size = Int.random(in: 1...12, using: &generator)
                let root = "root.\(threadNumber)@gen.example"
                if Int.random(in: 0..<20, using: &generator) != 0 { messages.append(MessageLinks(messageID: root)) }
                open.append(Open(chains: [[root]], remaining: size - 1, threadNumber: threadNumber))
                continue
            }
            let slot = Int.random(in: 0..<open.count, using: &generator)
            if open[slot].remaining == 0 {
                open.swapAt(slot, open.count - 1)
                open.removeLast()
                continue
            }
            let parentChain = open[slot].chains.randomElement(using: &generator)!
            let id = "m\(messages.count).\(open[slot].threadNumber)@gen.example"
            let links = Int.random(in: 0..<3, using: &generator) == 0
                ? MessageLinks(messageID: id, inReplyTo: [parentChain.last!])
                : MessageLinks(messageID: id, inReplyTo: [parentChain.last!], references: parentChain)
            messages.append(links)
            open[slot].chains.append(parentChain + [id])
            open[slot].remaining -= 1
        }
        for index in messages.indices.dropLast(21) where Int.random(in: 0..<10, using: &generator) == 0 {
            messages.swapAt(index, index + Int.random(in: 1...20, using: &generator))
        }
        return messages
    }

    @Test("100,000 interleaved messages, some late: replies join their threads, late parents merge them")
    func hundredThousand() {
        let messages = Self.generate(count: 100_000)
        var threader = InMemoryThreader()
        for message in messages { threader.insert(message) }
        #expect(threader.conversationIDs.count < messages.count / 2, "replies must join their threads")
        #expect(!threader.merges.isEmpty, "late messages must make conversations merge")
        #expect(threader.knownIDCount >= messages.count)
    }
}
