#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small files (the configuration, a password) with plain POSIX calls, so that a failure
/// carries the errno text an admin can act on ("Permission denied", "No such file or directory").
enum FileBytes {
    struct Failure: Error {
        /// `strerror` text, or a sentence for the cases errno does not cover.
        let reason: String
    }

    static func contents(of path: String) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(Failure(reason: errnoText()))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return .failure(Failure(reason: errnoText()))
        }
        guard status.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            return .failure(Failure(reason: "not a regular file"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(reason: errnoText()))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return .success(bytes)
    }

    /// Whether the file exists, is a regular file and this process may read it; the reason if not.
    static func checkReadable(_ path: String) -> Failure? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return Failure(reason: errnoText())
        }
        guard status.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            return Failure(reason: "not a regular file")
        }
        guard access(path, R_OK) == 0 else {
            return Failure(reason: errnoText())
        }
        return nil
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
