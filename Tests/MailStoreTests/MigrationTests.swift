import Foundation
import GRDB
@testable import MailStore
import Testing

/// Migrations run on databases that already hold mail.
struct MigrationTests {
    @Test func v5MarksForwardsStoredBeforeItSoRepliesToThemAreRecognised() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("maild-v5-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try DatabaseQueue(path: path)
        try MailStore.migrator.migrate(queue, upTo: "v4-ticket-token-secret")
        try queue.write { db in
            for (id, subject) in [(1, "Fwd: Printer broken"), (2, "Re: Printer broken"), (3, "[Fwd: Invoice]")] {
                try db.execute(sql: """
                    INSERT INTO message (id, channel, digest, message_id, subject, size, received_at)
                    VALUES (?, 'help', ?, ?, ?, 1, 0)
                    """, arguments: [id, "d\(id)", "m\(id)", subject])
            }
        }
        try queue.close()

        _ = try MailStore(path: path)

        let forwards = try DatabaseQueue(path: path).read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM message WHERE is_forward = 1 ORDER BY id")
        }
        #expect(forwards == [1, 3])
    }
}
