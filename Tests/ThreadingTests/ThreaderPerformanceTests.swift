#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import Threading
import TestSupport

/// A sanity check of cost, not a timed assertion: 100,000 generated messages through `InMemoryThreader`.
/// Run in release for meaningful numbers:
/// `swift test -c release --scratch-path .build-thread --filter ThreaderPerformanceTests`.
@Suite struct ThreaderPerformanceTests {
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

    @Test("100,000 messages: time per message")
    func hundredThousand() {
        let messages = Self.generate(count: 100_000)
        var threader = InMemoryThreader()
        // Timed in blocks of 10k, to see whether the cost grows with what is stored (a block where a
        // dictionary doubles its capacity, near 49k and 98k ids, pays the rehash). CPU time of this thread,
        // so other work on a shared machine does not count; wall time is printed too.
        let clock = ContinuousClock()
        var blocks: [Int] = []
        let wall = clock.measure {
            for start in stride(from: 0, to: messages.count, by: 10_000) {
                let block = messages[start..<min(start + 10_000, messages.count)]
                let before = Self.threadCPUNanoseconds()
                for message in block { threader.insert(message) }
                blocks.append((Self.threadCPUNanoseconds() - before) / block.count)
            }
        }
        let cpu = blocks.reduce(0, +) / blocks.count
        print("InMemoryThreader: \(messages.count) messages, \(cpu) ns CPU per message (wall \(wall) in all); "
              + "per 10k block: \(blocks.map(String.init).joined(separator: " ")) ns; "
              + "\(threader.conversationIDs.count) conversations, \(threader.merges.count) merges, "
              + "\(threader.knownIDCount) ids")
        #expect(threader.conversationIDs.count < messages.count / 2, "replies must join their threads")
        #expect(!threader.merges.isEmpty, "late messages must make conversations merge")
        #expect(threader.knownIDCount >= messages.count)
    }

    static func threadCPUNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
