import Glibc

/// The header section of a message (RFC 5322 §2.2), split into unfolded fields, and where the body starts.
///
/// Parsing never fails. What it tolerates, each recorded in `problems`:
/// - CRLF or bare LF line ends (mail saved by Unix tools has LF only), mixed within one message;
/// - an mbox `From ` separator line before the first field (files cut out of an mbox keep it);
/// - no blank line at all (a message that is only a header section): the body is then empty;
/// - a line that is neither `name: value` nor a continuation: skipped, parsing goes on;
/// - obsolete whitespace before the colon (`Subject : x`, RFC 5322 §4.5);
/// - more than `Limits.maxFields` fields, physical lines longer than `Limits.maxLineLength`, unfolded values
///   longer than `Limits.maxFieldLength`: the excess is dropped, so memory stays bounded by the limits.
///
/// Only the header section is scanned, never the body.
public struct HeaderSection: Sendable {
    /// Bounds on what one message may make the parser keep.
    public struct Limits: Sendable, Hashable {
        public var maxFields: Int
        /// RFC 5322 §2.1.1 allows 998 bytes; real mail has longer lines (unfolded References from some
        /// mailers), so the default is generous.
        public var maxLineLength: Int
        public var maxFieldLength: Int

        public init(maxFields: Int = 10_000, maxLineLength: Int = 65_536, maxFieldLength: Int = 262_144) {
            self.maxFields = maxFields
            self.maxLineLength = maxLineLength
            self.maxFieldLength = maxFieldLength
        }

        public static let `default` = Limits()
    }

    /// The fields in the order they appear; repeated fields are all kept.
    public var fields: [HeaderField]
    /// Index in the parsed bytes where the body starts: just past the blank line, or the end when there is none.
    public var bodyOffset: Int
    public var problems: [ParseProblem]

    public init(fields: [HeaderField], bodyOffset: Int, problems: [ParseProblem] = []) {
        self.fields = fields
        self.bodyOffset = bodyOffset
        self.problems = problems
    }

    public init(parsing raw: [UInt8], limits: Limits = .default) {
        self = raw.withUnsafeBufferPointer { HeaderSection(parsing: $0, limits: limits) }
    }

    /// Parses a header section inside a larger buffer (an attached message); `bodyOffset` is an index of `raw`.
    public init(parsing raw: ArraySlice<UInt8>, limits: Limits = .default) {
        var section = raw.withUnsafeBufferPointer { HeaderSection(parsing: $0, limits: limits) }
        section.bodyOffset += raw.startIndex
        self = section
    }

    /// The first field named `name` (case-insensitive).
    public func first(_ name: String) -> HeaderField? {
        fields.first { $0.hasName(name) }
    }

    /// Every field named `name` (case-insensitive), in order.
    public func all(_ name: String) -> [HeaderField] {
        fields.filter { $0.hasName(name) }
    }

    init(parsing buffer: UnsafeBufferPointer<UInt8>, limits: Limits) {
        var scanner = HeaderScanner(buffer: buffer, limits: limits)
        scanner.run()
        let storage = scanner.storage
        fields = scanner.entries.map { HeaderField(name: $0.name, rawValue: storage[$0.value]) }
        bodyOffset = scanner.bodyOffset
        problems = scanner.log.finished
    }
}

/// The line-by-line state machine behind `HeaderSection`. Values are copied, unfolded, into one `storage`
/// array; fields become slices of it only at the end, because slicing while still appending would make
/// every append copy the array.
private struct HeaderScanner {
    struct Entry {
        var name: String
        var value: Range<Int>
    }

    let buffer: UnsafeBufferPointer<UInt8>
    let limits: HeaderSection.Limits
    var storage: [UInt8] = []
    var entries: [Entry] = []
    var log = ProblemLog()
    var bodyOffset: Int

    /// The field being unfolded: its name and where its value starts in `storage`.
    private var open: (name: String, valueStart: Int, cut: Bool)?
    /// True while skipping the continuation lines of a dropped or malformed line.
    private var skipping = false
    private var reportedTooManyFields = false

    init(buffer: UnsafeBufferPointer<UInt8>, limits: HeaderSection.Limits) {
        self.buffer = buffer
        self.limits = limits
        self.bodyOffset = buffer.count
        storage.reserveCapacity(min(buffer.count, 16_384))
        entries.reserveCapacity(32)
    }

    mutating func run() {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        var position = 0
        var lineNumber = 0
        if count >= 5, buffer[0] == 0x46, buffer[1] == 0x72, buffer[2] == 0x6F, buffer[3] == 0x6D,
           buffer[4] == ASCII.space {
            // "From " (no colon): an mbox separator line, not a field (RFC 4155).
            position = Self.nextLine(base, from: 0, count: count).next
            lineNumber = 1
        }
        while position < count {
            lineNumber += 1
            let (lineEnd, next) = Self.nextLine(base, from: position, count: count)
            var contentEnd = lineEnd
            if contentEnd > position, buffer[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            if contentEnd == position {
                bodyOffset = next
                break
            }
            if contentEnd - position > limits.maxLineLength {
                log.record(.lineTooLong, "Header line \(lineNumber) is \(contentEnd - position) bytes long; "
                           + "kept the first \(limits.maxLineLength)")
                contentEnd = Self.utf8SafeCut(buffer, start: position, end: position + limits.maxLineLength)
            }
            if ASCII.isWhitespace(buffer[position]) {
                continueField(position..<contentEnd, lineNumber: lineNumber)
            } else {
                closeField()
                startField(position..<contentEnd, lineNumber: lineNumber)
            }
            position = next
        }
        closeField()
    }

    private mutating func startField(_ line: Range<Int>, lineNumber: Int) {
        skipping = true
        var colon = line.lowerBound
        while colon < line.upperBound, buffer[colon] != ASCII.colon { colon += 1 }
        var nameEnd = colon
        while nameEnd > line.lowerBound, ASCII.isWhitespace(buffer[nameEnd - 1]) { nameEnd -= 1 }
        let nameIsValid = colon < line.upperBound && nameEnd > line.lowerBound
            && buffer[line.lowerBound..<nameEnd].allSatisfy { $0 > 32 && $0 < 127 }
        guard nameIsValid else {
            log.record(.lineWithoutColon, "Header line \(lineNumber) is not a field: "
                       + ParseProblem.quoted(UnsafeBufferPointer(rebasing: self.buffer[line])))
            return
        }
        guard entries.count < limits.maxFields else {
            if !reportedTooManyFields {
                reportedTooManyFields = true
                log.record(.tooManyFields, "More than \(limits.maxFields) header fields; the rest were dropped")
            }
            return
        }
        skipping = false
        let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[line.lowerBound..<nameEnd]),
                          as: UTF8.self)
        open = (name, storage.count, false)
        append(colon + 1..<line.upperBound)
    }

    private mutating func continueField(_ line: Range<Int>, lineNumber: Int) {
        if open != nil {
            append(line)
        } else if !skipping && entries.isEmpty {
            skipping = true
            log.record(.foldedLineWithoutField, "Header line \(lineNumber) is a continuation with no field "
                       + "before it: " + ParseProblem.quoted(UnsafeBufferPointer(rebasing: buffer[line])))
        }
    }

    private mutating func append(_ bytes: Range<Int>) {
        guard var field = open, !field.cut else { return }
        let room = limits.maxFieldLength - (storage.count - field.valueStart)
        var end = bytes.upperBound
        if bytes.count > room {
            end = Self.utf8SafeCut(buffer, start: bytes.lowerBound, end: bytes.lowerBound + max(room, 0))
            field.cut = true
            open = field
            log.record(.fieldTooLong, "\(field.name) field is longer than \(limits.maxFieldLength) bytes; "
                       + "the rest was dropped")
        }
        storage.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[bytes.lowerBound..<end]))
    }

    private mutating func closeField() {
        guard let field = open else { return }
        open = nil
        var start = field.valueStart
        var end = storage.count
        while start < end, ASCII.isLinearWhitespace(storage[start]) { start += 1 }
        while end > start, ASCII.isLinearWhitespace(storage[end - 1]) { end -= 1 }
        entries.append(Entry(name: field.name, value: start..<end))
    }

    /// The end of the line starting at `start` (index of its LF, or `count`) and where the next line starts.
    @inline(__always)
    private static func nextLine(_ base: UnsafePointer<UInt8>, from start: Int, count: Int)
        -> (end: Int, next: Int) {
        guard let found = memchr(base + start, Int32(ASCII.lf), count - start) else { return (count, count) }
        let end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        return (end, end + 1)
    }

    /// `end`, moved back so the cut does not split a UTF-8 sequence (which would turn the whole value into
    /// windows-1252 when it is decoded).
    private static func utf8SafeCut(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        guard end < buffer.count, buffer[end] & 0xC0 == 0x80 else { return end }
        var cut = end
        while cut > start, end - cut < 4, buffer[cut] & 0xC0 == 0x80 { cut -= 1 }
        return buffer[cut] >= 0xC0 ? cut : end
    }
}
