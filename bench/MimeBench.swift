// The maild side of bench/mime, compiled by that script with `swiftc -O` straight from
// Sources/MailCore (no SwiftPM target, so it costs `swift build` nothing).
//
//   mime-bench throughput LISTFILE ROUNDS   parse every listed message ROUNDS times; print the best round
//   mime-bench memory FILE                  parse one message; print its size and the peak resident set
//
// Per message, the work is at least what the Python baseline does: `MimeMessage(parsing:)` (which also
// reads the header into a `MessageHead`: addresses, dates, ids), every leaf decoded (text to a `String`
// in its charset, anything else to bytes), plus `bestText`, `textPreview` and the attachment list.
import Foundation

@main
enum MimeBench {
    static func main() throws {
        let arguments = CommandLine.arguments
        switch (arguments.count > 1 ? arguments[1] : "", arguments.count) {
        case ("throughput", 4):
            try throughput(list: arguments[2], rounds: Int(arguments[3]) ?? 3)
        case ("memory", 3):
            try memory(file: arguments[2])
        default:
            FileHandle.standardError.write(Data("usage: mime-bench throughput LISTFILE ROUNDS | memory FILE\n".utf8))
            exit(2)
        }
    }

    /// Everything maild reads from a message; returns a number that depends on all of it, so the
    /// optimiser cannot drop any of the work.
    @inline(never)
    static func digest(_ raw: [UInt8]) -> Int {
        let message = MimeMessage(parsing: raw)
        var sum = message.parts.count + message.head.to.count
        for part in message.leaves {
            if part.contentType.type == "text" {
                sum &+= message.text(of: part).utf8.count
            } else {
                sum &+= message.decodedBody(of: part).count
            }
        }
        sum &+= MimeMessage.preview(of: message.bestText ?? "").utf8.count
        sum &+= message.attachments.reduce(0) { $0 &+ $1.size }
        return sum
    }

    static func throughput(list: String, rounds: Int) throws {
        let paths = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map(String.init)
        let messages = try paths.map { try readFile($0) }
        let bytes = messages.reduce(0) { $0 + $1.count }
        var best = Double.infinity
        var check = 0
        for _ in 0..<max(rounds, 1) {
            let clock = ContinuousClock()
            var sum = 0
            let elapsed = clock.measure {
                for raw in messages { sum &+= digest(raw) }
            }
            check = sum
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
        }
        print("maild messages=\(messages.count) bytes=\(bytes) seconds=\(String(format: "%.6f", best)) check=\(check)")
    }

    static func memory(file: String) throws {
        let before = residentKB("VmRSS")
        let raw = try readFile(file)
        var sum = digest(raw)
        let message = MimeMessage(parsing: raw)
        for attachment in message.attachments { sum &+= message.data(of: attachment).count }
        print("memory bytes=\(raw.count) peak_kb=\(residentKB("VmHWM")) baseline_kb=\(before) check=\(sum)")
    }

    /// The file's bytes in one array of exactly its size (Data plus a copy would double the peak).
    static func readFile(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw POSIXError(.ENOENT) }
        defer { fclose(file) }
        fseek(file, 0, SEEK_END)
        let size = ftell(file)
        fseek(file, 0, SEEK_SET)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = fread(buffer.baseAddress, 1, size, file)
        }
    }

    /// A `Vm…` line of /proc/self/status, in kB.
    static func residentKB(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
