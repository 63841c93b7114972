#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an attachment's bytes as the daemon, for a socket user who names a path: a regular file only, never
/// one of maild's own files, and never more than the bytes left under the 25 MB limit. Without these
/// checks `/dev/zero` or a FIFO hangs the control thread, a huge file exhausts memory, and anyone allowed
/// on the socket could mail the SMTP password out.
public struct AttachmentReader: Sendable {
    /// maild's configuration, password files and database, by real path. A file is also recognised by
    /// device and inode, so neither a symbolic nor a hard link gets one out.
    public let forbidden: [String]

    public init(forbidden: Set<String>) {
        self.forbidden = forbidden.map(Self.realPath).sorted()
    }

    /// The file's bytes: at most `limit + 1`, so the caller sees a file that grew past its limit as too large.
    public func bytes(of path: String, limit: Int) throws(OutboxRefusal) -> [UInt8] {
        // stat before open: opening a FIFO waits for a writer, and opening a device can have effects.
        var status = stat()
        guard stat(path, &status) == 0 else { throw unreadable(path, Self.errnoText()) }
        try check(path, status, limit: limit)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(path, Self.errnoText()) }
        defer { close(descriptor) }
        // The file opened may not be the one looked at (renamed meanwhile): check what was opened.
        var opened = stat()
        guard fstat(descriptor, &opened) == 0 else { throw unreadable(path, Self.errnoText()) }
        try check(path, opened, limit: limit)
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, Self.errnoText())
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }

    private func check(_ path: String, _ status: stat, limit: Int) throws(OutboxRefusal) {
        if isForbidden(path, status) {
            throw OutboxRefusal(.attachmentForbidden,
                                "attachment \(path) is one of maild's own files (its configuration, a password file or its database): it is never sent")
        }
        switch status.st_mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): break
        case mode_t(S_IFDIR): throw unreadable(path, "it is a directory, not a file")
        case mode_t(S_IFCHR), mode_t(S_IFBLK): throw unreadable(path, "it is a device, not a regular file")
        case mode_t(S_IFIFO): throw unreadable(path, "it is a FIFO, not a regular file")
        default: throw unreadable(path, "it is not a regular file")
        }
        guard Int(status.st_size) <= limit else {
            throw OutboxRefusal(.attachmentsTooLarge,
                                "attachments total more than 25 MB: \(path) is \(status.st_size) bytes, \(limit) bytes are left")
        }
    }

    private func isForbidden(_ path: String, _ status: stat) -> Bool {
        if forbidden.contains(Self.realPath(path)) { return true }
        return forbidden.contains { own in
            var other = stat()
            return stat(own, &other) == 0 && other.st_dev == status.st_dev && other.st_ino == status.st_ino
        }
    }

    private func unreadable(_ path: String, _ reason: String) -> OutboxRefusal {
        OutboxRefusal(.attachmentUnreadable, "attachment \(path) cannot be read by maild: \(reason)")
    }

    /// The path with symbolic links, `.` and `..` resolved; as given when it does not resolve.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
