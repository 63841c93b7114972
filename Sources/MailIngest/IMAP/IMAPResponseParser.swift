/// Turns the bytes an IMAP4rev1 server sends (RFC 3501) into complete ``IMAPResponse`` values.
///
/// Pure and streaming: feed whatever the socket returned with ``append(_:)-([UInt8])``, then call
/// ``next()`` until it returns nil. How the bytes were chunked never changes the responses, and
/// each byte is looked at a bounded number of times (a 30 MB literal in 16 KB chunks is O(n)).
///
/// ```swift
/// var parser = IMAPResponseParser()
/// parser.append(received)
/// while let response = try parser.next() { ... }
/// ```
///
/// Memory is bounded by the limits: one response may hold at most `maxLiteralBytes` of literal
/// data (summed over its literals) and `maxLineBytes` of everything else. Past a limit, or on
/// bytes that are not IMAP, ``next()`` throws and keeps throwing the same error: the connection is
/// out of step and must be dropped.
public struct IMAPResponseParser: Sendable {
    /// Received bytes; `buffer[start...]` is not yet returned as a response.
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes dropped from the front of `buffer` so far, so errors can give stream offsets.
    private var discarded = 0
    private var framer: IMAPResponseFramer
    private var failure: IMAPParseError?
    /// Returned bytes are dropped from the front once there are at least this many (and at least
    /// half the buffer). Only the fuzzer changes it, to compact on every append.
    private let compactAfter: Int

    public init(maxLiteralBytes: Int = 64 << 20, maxLineBytes: Int = 1 << 20) {
        self.init(maxLiteralBytes: maxLiteralBytes, maxLineBytes: maxLineBytes, compactAfter: 16 << 10)
    }

    init(maxLiteralBytes: Int, maxLineBytes: Int, compactAfter: Int) {
        framer = IMAPResponseFramer(maxLiteralBytes: maxLiteralBytes, maxLineBytes: maxLineBytes)
        self.compactAfter = compactAfter
    }

    /// Bytes received but not yet returned as responses.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Appends received bytes. After an error they are dropped: the connection is being abandoned.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        compact()
        // Typed, so that append is one memcpy; appending the raw buffer goes byte by byte.
        bytes.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0) }
    }

    public mutating func append(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Next complete response, or nil when more bytes are needed. Throws ``IMAPParseError`` on bytes
    /// that are not IMAP or exceed a limit (the connection is then unusable; the caller drops it).
    public mutating func next() throws(IMAPParseError) -> IMAPResponse? {
        if let failure { throw failure }
        do throws(IMAPParseError) {
            guard let end = try framer.frame(buffer, streamBase: discarded) else { return nil }
            var reader = IMAPByteReader(bytes: buffer, start: start, end: end, streamBase: discarded)
            let response = try reader.readResponse()
            start = end
            framer.reset(at: end)
            if start == buffer.count {
                compact()  // Free a big literal's buffer now, not at the next append.
            }
            return response
        } catch {
            failure = error
            buffer = []
            start = 0
            throw error
        }
    }

    /// Drops returned bytes from the front of the buffer when that is cheap relative to what was
    /// consumed, so the total copying stays O(n) and the buffer does not grow without end.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == buffer.count {
            // Keep a modest allocation for the next chunks; give a huge one (a big literal) back.
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
        } else if start >= compactAfter, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
        } else {
            return
        }
        discarded += start
        framer.shift(by: start)
        start = 0
    }
}
