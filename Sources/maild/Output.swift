import Glibc

func printError(_ text: String) {
    Output.write(Array((text + "\n").utf8), fd: 2)
}

/// Unbuffered writes to stdout/stderr. A failed write (a closed pipe, a full disk) is reported, so an
/// export cut short never exits 0.
enum Output {
    @discardableResult
    static func write(_ bytes: [UInt8], fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
