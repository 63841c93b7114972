import Foundation
import TestSupport

/// Small, distinct messages for tests (CRLF line endings as on the wire).
enum SampleMail {
    static func message(_ n: Int, subject: String? = nil, body: String = "Hello, this is a test.") -> String {
        let lines = [
            "From: Customer \(n) <customer\(n)@example.org>",
            "To: support@example.com",
            "Subject: \(subject ?? "Printer \(n) is on fire")",
            "Date: Mon, 23 Nov 2026 10:\(String(format: "%02d", n % 60)):00 +0100",
            "Message-ID: <test-\(n)-\(UUID().uuidString)@example.org>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "",
            body,
            "",
        ]
        return lines.joined(separator: "\r\n")
    }

    static func messages(_ range: Range<Int>) -> [String] { range.map { message($0) } }

    /// SHA-256 hex of a file's bytes, as maild's export reports it.
    static func digest(ofFile path: String) throws -> String {
        try Shell.run("/usr/bin/sha256sum", [path]).split(separator: " ")[0].description
    }
}
