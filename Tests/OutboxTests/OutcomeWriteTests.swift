import Foundation
@testable import MailStore
@testable import Outbox
import Synchronization
import Testing

/// A send's outcome survives a database that refuses a write for a moment, and the waiting is bounded.
@Suite struct OutcomeWriteTests {
    final class Pauses: Sendable {
        let taken = Mutex<[TimeInterval]>([])
    }

    @Test func aWriteRefusedTwiceIsWrittenOnTheThirdTryAfterShortPauses() {
        let pauses = Pauses()
        let write = OutcomeWrite(sleep: { pause in pauses.taken.withLock { $0.append(pause) } })
        var tries = 0
        let failure = write.run({ () throws(StorageError) in
            tries += 1
            if tries < 3 { throw StorageError("database is locked") }
        }, retrying: { _, _ in })
        #expect(failure == nil)
        #expect(tries == 3)
        #expect(pauses.taken.withLock { $0 } == [2, 4])
    }

    @Test func aWriteThatKeepsFailingGivesUpAfterFiveTriesAndAboutThirtySeconds() {
        let pauses = Pauses()
        let write = OutcomeWrite(sleep: { pause in pauses.taken.withLock { $0.append(pause) } })
        var tries = 0
        let failure = write.run({ () throws(StorageError) in
            tries += 1
            throw StorageError("disk I/O error")
        }, retrying: { _, _ in })
        #expect(failure?.description == "disk I/O error")
        #expect(tries == 5)
        #expect(pauses.taken.withLock { $0.reduce(0, +) } == 30)
    }
}
