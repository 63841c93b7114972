import Foundation
import MailCore
import Testing

/// MimeMessage agrees with the oracle (Python 3.11 `email`, policy=default) on the leaf parts and the text
/// of every message of the shared corpora, except where a disagreement is listed below with its reason.
///
/// Part paths are compared with IMAP section numbers (`MimePart.section`); they are the oracle's numbering
/// for every shape in the corpora. Sizes are the decoded bytes as they are in the message: Python reads
/// files in universal-newline mode, so for a CRLF message it would count text parts without their CRs.
/// The corpora are LF-only, so that difference (deliberate: an attachment's size is its bytes) never
/// shows here.
@Suite struct MimeCorpusAgreementTests {
    /// Disagreements on purpose: "corpus/file" and field → why the oracle is not followed.
    static let knownDisagreements: [String: [String: String]] = [:]

    @Test("MimeMessage's leaf parts and text agree with the oracle", arguments: Corpus.names)
    func agreesWithOracle(corpus: String) throws {
        var stillDisagreeing: Set<String> = []
        for message in try Corpus.messages(of: corpus) {
            let key = "\(corpus)/\(message.expected.file)"
            let mime = MimeMessage(parsing: message.raw)
            #expect(mime.head == MessageHead(parsing: message.raw), "\(key)")
            for (field, ours, theirs) in Self.comparisons(mime, message.expected) where ours != theirs {
                if Self.knownDisagreements[key]?[field] != nil {
                    stillDisagreeing.insert("\(key) \(field)")
                    continue
                }
                Issue.record("\(key): \(field) is \(ours), the oracle says \(theirs)")
            }
        }
        for (key, fields) in Self.knownDisagreements where key.hasPrefix(corpus + "/") {
            for field in fields.keys where !stillDisagreeing.contains("\(key) \(field)") {
                Issue.record("\(key): \(field) now agrees with the oracle; remove it from knownDisagreements")
            }
        }
    }

    /// (field, ours, oracle's): each leaf's path, type, charset, file name and size, then the text.
    static func comparisons(_ mime: MimeMessage, _ expected: Corpus.Expected) -> [(String, String, String)] {
        let ours = mime.leaves
        var result: [(String, String, String)] = [
            ("parts.count", "\(ours.count)", "\(expected.parts.count)"),
        ]
        for (index, (part, oracle)) in zip(ours, expected.parts).enumerated() {
            let name = "parts[\(index)]"
            result += [
                ("\(name).path", part.section, oracle.path),
                ("\(name).content_type", part.contentType.mimeType, oracle.content_type),
                ("\(name).charset", describe(part.contentType.charset), describe(oracle.charset)),
                ("\(name).filename", describe(part.filename), describe(oracle.filename)),
                ("\(name).size", "\(mime.decodedSize(of: part))", "\(oracle.size)"),
            ]
        }
        result.append(("body", describe(mime.textPreview), describe(expected.body)))
        return result
    }

    static func describe(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "nil" }
}
