import Glibc
import Synchronization

/// The control socket's file and listening descriptor. Opened by the wiring before any service starts,
/// so a wrong path stops `maild run` at once with a clear message instead of failing later in a service.
public final class ControlListener: Sendable {
    public let path: String
    private let fd: Int32
    /// The inode bound: at close the file is removed only if it is still ours, not a newer daemon's.
    private let inode: UInt
    /// `fd` is shut down and closed under this lock, so `stop()` never touches a number already reused.
    private let state = Mutex((stopped: false, closed: false))

    /// Creates the socket file with mode 0660: who may talk to maild is who may open the file (its owner
    /// and group). A stale socket a crash left behind is removed; any other file is refused.
    public init(path: String) throws(ControlSocketError) {
        self.path = path
        try Self.removeStale(path)
        let fd = UnixSocket.make()
        guard fd >= 0 else { throw ControlSocketError(path, "cannot create a socket: \(UnixSocket.errorText(errno))") }
        let bound = UnixSocket.withAddress(path) { bind(fd, $0, $1) }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            guard bound != nil else { throw ControlSocketError(path, "the path is longer than a Unix socket allows (107 bytes)") }
            throw ControlSocketError(path, Self.bindAdvice(code, path: path))
        }
        // Before listen(): until then a connect is refused, so no client ever sees the file with looser permissions.
        var status = stat()
        guard chmod(path, 0o660) == 0, lstat(path, &status) == 0, listen(fd, 64) == 0 else {
            let code = errno
            Glibc.close(fd)
            unlink(path)
            throw ControlSocketError(path, UnixSocket.errorText(code))
        }
        self.fd = fd
        self.inode = UInt(status.st_ino)
    }

    /// The next client's descriptor, or nil once `stop()` was called.
    func accept() -> Int32? {
        while true {
            // accept4(SOCK_CLOEXEC) is GNU-only, hidden from Swift's Glibc; maild never execs, so fcntl after is as good.
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 {
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                return client
            }
            let code = errno
            if state.withLock({ $0.stopped }) { return nil }
            switch code {
            case EINTR, ECONNABORTED: continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: usleep(100_000)   // out of descriptors: wait for some to close
            default: return nil
            }
        }
    }

    /// Wakes a blocked `accept()`: on Linux shutdown() does, close() from another thread does not.
    func stop() {
        state.withLock { state in
            guard !state.stopped, !state.closed else { return }
            state.stopped = true
            Glibc.shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    /// Closes the descriptor and removes the file, unless another process has replaced it meanwhile.
    public func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.stopped = true
            state.closed = true
            Glibc.close(fd)
            var status = stat()
            if lstat(path, &status) == 0, UInt(status.st_ino) == inode { unlink(path) }
        }
    }

    private static func removeStale(_ path: String) throws(ControlSocketError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw ControlSocketError(path, "the file exists and is not a socket; maild will not remove it: move it or choose another control_socket")
        }
        if isAnswering(path) {
            throw ControlSocketError(path, "another maild is listening on it; stop that one first or give this one another control_socket")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ControlSocketError(path, "cannot remove the stale socket: \(UnixSocket.errorText(errno))")
        }
    }

    private static func isAnswering(_ path: String) -> Bool {
        let probe = UnixSocket.make()
        guard probe >= 0 else { return false }
        defer { Glibc.close(probe) }
        return UnixSocket.withAddress(path) { connect(probe, $0, $1) } == 0
    }

    private static func bindAdvice(_ code: Int32, path: String) -> String {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        switch code {
        case ENOENT:
            return "the directory \(directory.isEmpty ? "/" : directory) does not exist; create it for the maild user "
                + "(under systemd, RuntimeDirectory=maild creates /run/maild)"
        case EACCES, EROFS:
            return "\(UnixSocket.errorText(code)): the maild user must be able to create files in \(directory)"
                + " (under systemd with ProtectSystem=strict, only RuntimeDirectory and ReadWritePaths are writable)"
        default:
            return UnixSocket.errorText(code)
        }
    }
}

/// The control socket cannot be opened: which path, and what to do about it.
public struct ControlSocketError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ path: String, _ reason: String) {
        description = "cannot listen on the control socket \(path): \(reason)"
    }
}
