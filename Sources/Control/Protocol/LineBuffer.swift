/// Cuts the bytes a client sends into request lines. A line ends with LF; a CR before it is dropped, so
/// a person typing into `socat` or `nc` is understood too, and blank lines are skipped.
public struct LineBuffer: Sendable {
    /// 1 MiB: a reply's text and HTML fit many times over; attachments travel as paths, not bytes.
    public static let maxLineBytes = 1 << 20

    public enum Next: Equatable, Sendable {
        case line([UInt8])
        /// No complete line yet: read more.
        case needMore
        /// A line is longer than the limit: answer `request_too_large` and close, since where the next
        /// request starts is unknowable without reading the whole oversized one.
        case tooLong
    }

    private let limit: Int
    private var bytes: [UInt8] = []
    /// Where the unread part starts; bytes before it are dropped in bulk, not one line at a time.
    private var start = 0
    /// Up to here (from `start`) there is no LF: a line arriving in many small reads is scanned once.
    private var scanned = 0

    public init(limit: Int = Self.maxLineBytes) {
        self.limit = limit
    }

    public mutating func append(_ chunk: some Sequence<UInt8>) {
        if start > 0 && start >= bytes.count / 2 {
            bytes.removeFirst(start)
            scanned -= start
            start = 0
        }
        bytes.append(contentsOf: chunk)
    }

    public mutating func next() -> Next {
        while true {
            guard let newline = bytes[scanned...].firstIndex(of: 0x0A) else {
                scanned = bytes.count
                return bytes.count - start > limit ? .tooLong : .needMore
            }
            var end = newline
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let line = Array(bytes[start..<end])
            start = newline + 1
            scanned = start
            if line.count > limit { return .tooLong }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return .line(line)
        }
    }

    /// After the client's end of stream: the lines left, then a last one without LF (`printf … | socat`).
    public mutating func finish() -> Next {
        let next = self.next()
        guard next == .needMore, start < bytes.count else { return next }
        bytes.append(0x0A)
        return self.next()
    }
}
