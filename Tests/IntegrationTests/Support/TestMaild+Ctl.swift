import Foundation
import Glibc
import TestSupport

/// `maild ctl` as an agent runs it, and the control socket as a script talks to it.
extension TestMaild {
    struct CtlResult {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `maild ctl ARGUMENTS --config FILE`, whatever its exit status.
    func ctl(_ arguments: [String], config: Bool = true) throws -> CtlResult {
        let out = directory.appendingPathComponent("ctl-\(UUID().uuidString).out").path
        let err = directory.appendingPathComponent("ctl-\(UUID().uuidString).err").path
        defer { unlink(out); unlink(err) }
        let pid = try Shell.spawn(Paths.maild, ["ctl"] + arguments + (config ? ["--config", configPath] : []), stdout: out, stderr: err)
        let status = Shell.wait(pid)
        return CtlResult(status: status, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// Waits until the daemon accepts connections on its control socket.
    func waitForControlSocket() throws {
        try wait("the control socket") { (try? ctl(["status"]).status) == 0 }
    }
}

/// A raw connection to the control socket: writes bytes, reads response lines.
final class ControlConnection {
    private let fd: Int32
    private var buffer = [UInt8]()

    init(_ path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Shell.Failure(description: "cannot connect to \(path): \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The next response as a JSON object, or nil when the daemon closed the connection.
    func readResponse() throws -> [String: Any]? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.firstIndex(of: 0x0A) == nil {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let newline = buffer.firstIndex(of: 0x0A)!
        defer { buffer.removeFirst(newline + 1) }
        return try JSONSerialization.jsonObject(with: Data(buffer[..<newline])) as? [String: Any]
    }
}
