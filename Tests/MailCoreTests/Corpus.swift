import Foundation
import Testing

/// The shared corpora of real mail beside the repository (`../shared/corpora`), with the oracle that
/// Python's `email` package (policy=default) made of each message.
enum Corpus {
    static let names = ["notmuch-broken", "notmuch-default", "notmuch-duplicate", "notmuch-lkml",
                        "notmuch-threading"]

    /// `<package root>/../shared/corpora`, the package root found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // MailCoreTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .appendingPathComponent("../shared/corpora")
        .standardizedFileURL

    struct Person: Decodable, Equatable {
        var name: String
        var address: String
    }

    /// One leaf part as the oracle saw it.
    struct Part: Decodable, Equatable {
        var path: String
        var content_type: String
        var charset: String?
        var filename: String?
        var size: Int
    }

    /// One line of `expected-mime.jsonl`.
    struct Expected: Decodable {
        var file: String
        var message_id: String?
        var subject: String?
        var from: Person?
        var to: [Person]
        var cc: [Person]
        var date: String?
        var in_reply_to: String?
        var references: [String]
        /// Leaf parts, depth first, attached messages descended into.
        var parts: [Part]
        /// The first 200 characters of the best text body, whitespace collapsed.
        var body: String
    }

    struct Message {
        var corpus: String
        var expected: Expected
        var raw: [UInt8]
    }

    /// Every message of one corpus with its oracle; throws with a clear message when the corpus is missing.
    static func messages(of corpus: String) throws -> [Message] {
        let directory = root.appendingPathComponent(corpus)
        let oracle = directory.appendingPathComponent("expected-mime.jsonl")
        guard FileManager.default.fileExists(atPath: oracle.path) else {
            throw CorpusMissing(path: oracle.path)
        }
        let lines = try String(contentsOf: oracle, encoding: .utf8).split(separator: "\n")
        return try lines.map { line in
            let expected = try JSONDecoder().decode(Expected.self, from: Data(line.utf8))
            let file = directory.appendingPathComponent("messages").appendingPathComponent(expected.file)
            return Message(corpus: corpus, expected: expected, raw: Array(try Data(contentsOf: file)))
        }
    }

    struct CorpusMissing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "The shared corpus is missing: \(path) does not exist. The MailCore tests need /work/shared/corpora "
                + "beside the package (../shared/corpora); restore it rather than skipping these tests."
        }
    }
}
