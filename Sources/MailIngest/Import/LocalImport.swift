import Foundation
import MailStore

/// `maild import`: local .eml files, Maildir folders and mbox files through the same store as IMAP mail,
/// with the same exactly-once rule (a message whose bytes are stored already is recognised by its digest).
public struct LocalImport {
    public struct Summary: Sendable, Equatable {
        public var stored = 0
        public var duplicates = 0
        public var files = 0
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let store: MailStore
    private let channel: String
    private let batchSize = 500

    public init(store: MailStore, channel: String) {
        self.store = store
        self.channel = channel
    }

    public func importPaths(_ paths: [String]) throws -> Summary {
        var summary = Summary()
        var pending = [MessageRecord]()
        func flush() throws {
            let outcomes = try store.store(pending.map { (MessageSource.file, $0) }, channel: channel)
            for outcome in outcomes {
                if case .duplicate = outcome { summary.duplicates += 1 } else { summary.stored += 1 }
            }
            pending.removeAll(keepingCapacity: true)
        }
        for path in paths {
            for file in try Self.messageFiles(at: path) {
                summary.files += 1
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                    throw Failure(description: "cannot read \(file): \(error.localizedDescription)")
                }
                let bytes = [UInt8](data)
                let messages = Mbox.looksLikeMbox(bytes) ? Mbox.messages(in: bytes) : [bytes]
                for message in messages {
                    pending.append(MessageRecord(raw: message))
                    if pending.count >= batchSize { try flush() }
                }
            }
        }
        try flush()
        return summary
    }

    /// A file is one message or an mbox; a Maildir contributes cur/ and new/; any other folder its files,
    /// recursively, in name order (so an import is repeatable).
    static func messageFiles(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "\(path): no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        let url = URL(fileURLWithPath: path)
        let isMaildir = ["cur", "new", "tmp"].allSatisfy {
            FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path)
        }
        let roots = isMaildir ? ["cur", "new"].map { url.appendingPathComponent($0).path } : [path]
        var files = [String]()
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker {
                let full = root + "/" + relative
                var dir: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue,
                   !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    files.append(full)
                }
            }
        }
        return files.sorted()
    }
}
