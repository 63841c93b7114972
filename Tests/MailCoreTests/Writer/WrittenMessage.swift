import Foundation
import MailCore

/// A message as the writer wrote it, taken apart again for the writer's tests: a deliberately small and
/// strict MIME reader (CRLF only, the writer's boundaries, RFC 2231 as the writer writes it), so a test
/// fails when the writer's output is not exactly what these tests expect.
struct WrittenPart {
    var header: HeaderSection
    /// The body as written (still transfer-encoded).
    var rawBody: ArraySlice<UInt8>
    var children: [WrittenPart]

    init(_ bytes: ArraySlice<UInt8>) {
        header = HeaderSection(parsing: bytes)
        rawBody = bytes[header.bodyOffset...]
        children = []
        if mediaType.hasPrefix("multipart/"), let boundary = parameter("Content-Type", "boundary") {
            children = Self.split(rawBody, boundary: boundary).map(WrittenPart.init)
        }
    }

    /// `type/subtype` of Content-Type, lowercased; text/plain when absent.
    var mediaType: String {
        guard let value = header.first("Content-Type")?.text else { return "text/plain" }
        return value.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
    }

    var transferEncoding: String {
        header.first("Content-Transfer-Encoding")?.text.lowercased() ?? "7bit"
    }

    var disposition: String? {
        header.first("Content-Disposition").map {
            $0.text.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    /// The body with its transfer encoding undone.
    var decodedBody: [UInt8] {
        switch transferEncoding {
        case "base64":
            return Array(Data(base64Encoded: Data(rawBody), options: .ignoreUnknownCharacters) ?? Data())
        case "quoted-printable":
            return Self.decodeQuotedPrintable(rawBody)
        default:
            return Array(rawBody)
        }
    }

    var text: String { String(decoding: decodedBody, as: UTF8.self) }

    /// Every leaf part, depth first.
    var leaves: [WrittenPart] { children.isEmpty ? [self] : children.flatMap(\.leaves) }

    /// A parameter of `field`: `name*` (RFC 2231, continuations joined, utf-8 decoded) when present, else
    /// `name`, unquoted.
    func parameter(_ field: String, _ name: String) -> String? {
        let parameters = parameters(field)
        if let extended = parameters[name + "*"] { return Self.decodeExtended(extended) }
        var continued = ""
        var index = 0
        while let piece = parameters["\(name)*\(index)*"] {
            continued += piece
            index += 1
        }
        if index > 0 { return Self.decodeExtended(continued) }
        return parameters[name]
    }

    /// The parameters as written, names lowercased, quoted values unquoted.
    func parameters(_ field: String) -> [String: String] {
        guard let value = header.first(field)?.text else { return [:] }
        var result: [String: String] = [:]
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            result[name] = String(piece[piece.index(after: equals)...])
        }
        return result
    }

    /// `utf-8''caf%C3%A9` → `café`.
    private static func decodeExtended(_ value: String) -> String? {
        guard value.lowercased().hasPrefix("utf-8''") else { return nil }
        var bytes: [UInt8] = []
        var iterator = Array(value.utf8.dropFirst(7)).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func decodeQuotedPrintable(_ body: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(body)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "=") {
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 {
                    index += 3
                    continue
                }
                let hex = String(decoding: bytes[(index + 1)..<min(index + 3, bytes.count)], as: UTF8.self)
                output.append(UInt8(hex, radix: 16) ?? 0x3F)
                index += 3
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    /// The body parts between `--boundary` lines (RFC 2046 §5.1.1), each without the CRLF that belongs
    /// to the next delimiter.
    private static func split(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var starts: [Int] = []   // where each delimiter line starts
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: 10) ?? body.endIndex
            var line = body[lineStart..<lineEnd]
            if line.last == 13 { line = line.dropLast() }
            if line.elementsEqual(delimiter) || line.elementsEqual(delimiter + Array("--".utf8)) {
                starts.append(lineStart)
            }
            lineStart = lineEnd + 1
        }
        var parts: [ArraySlice<UInt8>] = []
        for (first, next) in zip(starts, starts.dropFirst()) {
            let contentStart = (body[first...].firstIndex(of: 10) ?? body.endIndex) + 1
            let contentEnd = next - 2   // the CRLF before the next delimiter is the delimiter's
            parts.append(body[contentStart..<max(contentEnd, contentStart)])
        }
        return parts
    }
}

/// Values the writer tests share.
enum WriterSamples {
    /// 2010-12-29 14:07:54 UTC.
    static let date = Date(timeIntervalSince1970: 1_293_631_674)

    static func message(subject: String = "Your printer", text: String = "Hello,\nit works.\n") -> OutgoingMessage {
        OutgoingMessage(from: MailAddress(name: "Helpdesk", address: "help@desk.example"),
                        to: [MailAddress(name: "Zoë Customer", address: "zoe@customer.example")],
                        subject: subject, date: date, messageID: "maild.c1.abc@desk.example", text: text)
    }

    /// The physical lines of `bytes`, split at CRLF; nil when a CR or LF appears other than as CRLF.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 {
                guard index + 1 < bytes.count, bytes[index + 1] == 10 else { return nil }
                lines.append(bytes[start..<index])
                index += 2
                start = index
                continue
            }
            if bytes[index] == 10 { return nil }
            index += 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }

    /// The header section's physical lines.
    static func headerLines(_ bytes: [UInt8]) -> [String] {
        let all = lines(bytes) ?? []
        let end = all.firstIndex { $0.isEmpty } ?? all.count
        return all[..<end].map { String(decoding: $0, as: UTF8.self) }
    }
}
