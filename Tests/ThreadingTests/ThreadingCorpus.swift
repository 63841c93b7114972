import Foundation
import MailCore
import Threading

/// The shared corpora beside the repository (`../shared/corpora`) with the threads notmuch 0.37 computed
/// for each (`expected-threads.json`).
enum ThreadingCorpus {
    static let names = ["notmuch-broken", "notmuch-default", "notmuch-duplicate", "notmuch-lkml",
                        "notmuch-threading"]

    /// `<package root>/../shared/corpora`, the package root found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // ThreadingTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .appendingPathComponent("../shared/corpora")
        .standardizedFileURL

    struct Message {
        /// Path below `messages/`.
        var file: String
        var links: MessageLinks
    }

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "The shared corpus is missing: \(path) does not exist. The threading tests need /work/shared/corpora "
                + "beside the package (../shared/corpora); restore it rather than skipping these tests."
        }
    }

    /// Every message file of `corpus` in file order (paths sorted by code point), heads parsed by MailCore.
    static func messages(of corpus: String) throws -> [Message] {
        let directory = root.appendingPathComponent(corpus).appendingPathComponent("messages")
        guard FileManager.default.fileExists(atPath: directory.path) else { throw Missing(path: directory.path) }
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else { throw Missing(path: directory.path) }
        var files: [(String, URL)] = []
        for case let url as URL in walker {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
            files.append((relative, url))
        }
        files.sort { Array($0.0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.0.unicodeScalars.map(\.value)) }
        return try files.map { relative, url in
            let head = MessageHead(parsing: Array(try Data(contentsOf: url)))
            return Message(file: relative,
                           links: MessageLinks(messageID: head.messageID, inReplyTo: head.inReplyTo,
                                               references: head.references))
        }
    }

    /// The threads notmuch computed: sets of Message-IDs, ghosts not listed.
    static func expectedThreads(of corpus: String) throws -> Set<Set<String>> {
        let file = root.appendingPathComponent(corpus).appendingPathComponent("expected-threads.json")
        guard FileManager.default.fileExists(atPath: file.path) else { throw Missing(path: file.path) }
        let threads = try JSONDecoder().decode([[String]].self, from: Data(contentsOf: file))
        return Set(threads.map(Set.init))
    }
}
