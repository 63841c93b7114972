import Glibc

/// `maild ctl`'s end: one request, one response line, over a fresh connection.
public enum ControlClient {
    /// The daemon could not be reached, or did not answer: `maild ctl` exits 3 with this text.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Sends `request` and returns the response line without its newline. `timeout` bounds the wait for
    /// the answer, so a daemon that hangs cannot hang a script.
    public static func exchange(_ request: ControlRequest, socket path: String, timeout: Int = 120) throws(Failure) -> [UInt8] {
        let fd = UnixSocket.make()
        guard fd >= 0 else { throw Failure(description: "cannot create a socket: \(UnixSocket.errorText(errno))") }
        defer { close(fd) }
        let connected = UnixSocket.withAddress(path) { connect(fd, $0, $1) }
        guard connected == 0 else {
            let reason = connected == nil ? "the path is longer than a Unix socket allows (107 bytes)" : advice(errno)
            throw Failure(description: "cannot connect to maild's control socket \(path): \(reason)")
        }
        UnixSocket.setTimeouts(fd, receive: timeout, send: timeout)
        guard UnixSocket.sendAll(fd, request.line()) else {
            throw Failure(description: "maild closed the control connection \(path): \(UnixSocket.errorText(errno))")
        }
        var response = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw Failure(description: "maild did not answer within \(timeout) seconds on \(path)")
            }
            guard count > 0 else {
                throw Failure(description: "maild closed the control connection \(path) without answering")
            }
            let start = response.count
            response.append(contentsOf: chunk[0..<count])
            if let newline = response[start...].firstIndex(of: 0x0A) { return Array(response[..<newline]) }
        }
    }

    private static func advice(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file. Is maild running? Is this the control_socket of its config?"
        case ECONNREFUSED: "nothing is listening. Is maild running? (a crash leaves the file behind)"
        case EACCES, EPERM: "permission denied: the socket's owner or group may use it (ask an admin to add you to its group)"
        case ENOTSOCK: "the file is not a socket; check control_socket in the config"
        default: UnixSocket.errorText(code)
        }
    }
}
