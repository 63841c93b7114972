import Testing
@testable import MailIngest
import TestSupport

@Suite struct UIDSetTests {
    @Test(arguments: [
        ([1, 2, 3, 4, 5, 7, 9, 10, 11, 12], "1:5,7,9:12"),
        ([12, 3, 3, 1, 2, 11], "1:3,11:12"),
        ([42], "42"),
        ([], ""),
        ([0, 1], "1"),
        ([4_294_967_294, 4_294_967_295, 1], "1,4294967294:4294967295"),
    ] as [([UInt32], String)])
    func formatsCompressedAndSorted(uids: [UInt32], text: String) {
        #expect(UIDSet(uids).description == text)
    }

    @Test(arguments: [
        ("1:3,5,7:9", [1...3, 5...5, 7...9]),
        ("9:7", [7...9]),
        ("3,1,2", [1...3]),
        ("1:5,3:8", [1...8]),
        ("4294967295", [4_294_967_295...4_294_967_295]),
    ] as [(String, [ClosedRange<UInt32>])])
    func parsesSequenceSets(text: String, ranges: [ClosedRange<UInt32>]) throws {
        #expect(try UIDSet(parsing: text).ranges == ranges)
    }

    @Test func starIsTheLargestUIDWhenGiven() throws {
        #expect(try UIDSet(parsing: "7:*", largest: 10).ranges == [7...10])
        #expect(try UIDSet(parsing: "*", largest: 3).ranges == [3...3])
        #expect(throws: IMAPParseError.self) { try UIDSet(parsing: "7:*") }
    }

    @Test(arguments: ["", "1,,2", "a", "1:2:3", "0", "0:4", "4294967296", "1:", ",1", " 1", "1 "])
    func rejectsMalformedSets(text: String) {
        #expect(throws: IMAPParseError.self) { try UIDSet(parsing: text) }
    }

    @Test func countContainsAndIterationAgree() {
        let set = UIDSet([1, 2, 3, 10, 20, 21])
        #expect(set.count == 6)
        #expect(Array(set) == [1, 2, 3, 10, 20, 21])
        #expect(set.contains(21) && set.contains(1) && !set.contains(4) && !set.contains(0) && !set.contains(22))
        #expect(UIDSet(ranges: [1...UInt32.max]).count == Int(UInt32.max))
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func descriptionRoundTrips(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        let uids = (0..<200).map { _ in UInt32.random(in: 1...400, using: &random) }
        let set = UIDSet(uids)
        #expect(try UIDSet(parsing: set.description) == set)
        #expect(Array(set) == Array(Set(uids)).sorted())
    }
}
