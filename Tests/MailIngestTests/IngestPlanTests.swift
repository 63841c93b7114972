import Foundation
import MailStore
import Testing
@testable import MailIngest

struct IngestPlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func cursor(last: UInt32, backlog: UInt32, since: Date? = nil) -> ChannelCursor {
        ChannelCursor(uidValidity: 9, lastUID: last, backlogUID: backlog, backlogSince: since, updatedAt: now)
    }

    @Test func firstConnectionMakesEverythingBeforeUIDNextBacklog() {
        let fresh = IngestPlan.cursorAfterSelect(stored: nil, uidValidity: 9, uidNext: 101, now: Self.now)
        #expect(fresh == ChannelCursor(uidValidity: 9, lastUID: 0, backlogUID: 100, backlogSince: nil, updatedAt: Self.now))
    }

    @Test func sameUIDValidityKeepsTheStoredCursor() {
        #expect(IngestPlan.cursorAfterSelect(stored: Self.cursor(last: 5, backlog: 3), uidValidity: 9, uidNext: 50, now: Self.now) == nil)
    }

    @Test func changedUIDValidityLooksAgainAtMailSinceADayBeforeTheLastMove() {
        let old = ChannelCursor(uidValidity: 8, lastUID: 40, backlogUID: 3, backlogSince: nil, updatedAt: Self.now)
        let fresh = IngestPlan.cursorAfterSelect(stored: old, uidValidity: 9, uidNext: 21, now: Self.now)
        #expect(fresh?.backlogUID == 20)
        #expect(fresh?.lastUID == 0)
        #expect(fresh?.backlogSince == Self.now.addingTimeInterval(-86_400))
    }

    @Test(arguments: [
        (cursor(last: 0, backlog: 100), false, "OR (UID 1:100 UNSEEN) UID 101:*"),
        (cursor(last: 40, backlog: 100), false, "OR (UID 41:100 UNSEEN) UID 101:*"),
        (cursor(last: 100, backlog: 100), false, "UID 101:*"),
        (cursor(last: 7, backlog: 100), true, "UID 8:* UNSEEN"),
        (cursor(last: 0, backlog: 20, since: Date(timeIntervalSince1970: 1_795_000_000)), false,
         "OR (UID 1:20 OR UNSEEN SINCE 18-Nov-2026) UID 21:*"),
    ])
    func searchCriteria(cursor: ChannelCursor, onlyUnseen: Bool, expected: String) {
        #expect(IngestPlan.searchCriteria(cursor: cursor, onlyUnseen: onlyUnseen) == expected)
    }

    @Test func theHighestUIDThatStarAlwaysMatchesIsFilteredOut() {
        #expect(IngestPlan.newUIDs([12, 3, 15], cursor: Self.cursor(last: 12, backlog: 0)) == [15])
        #expect(IngestPlan.newUIDs([12], cursor: Self.cursor(last: 12, backlog: 0)) == [])
    }

    @Test func batchesAreBoundedByCountAndBytes() {
        let uids: [UInt32] = Array(1...10)
        let sizes = Dictionary(uniqueKeysWithValues: uids.map { ($0, $0 == 5 ? 1000 : 10) })
        #expect(IngestPlan.batches(uids, sizes: sizes, maxCount: 4, maxBytes: 500) == [[1, 2, 3, 4], [5], [6, 7, 8, 9], [10]])
    }

    @Test func backoffDoublesUpToItsCap() {
        let backoff = Backoff(first: .seconds(5), cap: .seconds(60))
        #expect((1...6).map { backoff.delay(afterFailures: $0) } == [5, 10, 20, 40, 60, 60].map { Duration.seconds($0) })
    }
}

struct BatchPipelineCursorTests {
    @Test(arguments: [
        ([5, 6, 9], 3, UInt32(9)),  // everything stored
        ([5, 6, 9], 2, UInt32(6)),  // 9 missing: stop before it
        ([5, 6, 9], 0, UInt32(4)),  // nothing: stay before the batch
    ])
    func theCursorStopsBeforeTheFirstUIDTheServerSentNothingFor(batch: [UInt32], stored: Int, expected: UInt32) {
        #expect(BatchPipeline.cursorAfter(batch: batch, stored: stored) == expected)
    }
}
