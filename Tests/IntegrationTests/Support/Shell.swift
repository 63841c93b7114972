import Foundation

/// Runs a command to completion and returns its standard output; throws with its stderr on failure.
struct Shell {
    struct Failure: Error, CustomStringConvertible { let description: String }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Free TCP ports on 127.0.0.1, as the kernel hands them out.
    static func freePorts(_ count: Int) throws -> [Int] {
        try run("/usr/bin/python3", [Paths.script("free-port.py"), "\(count)"])
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    }
}
