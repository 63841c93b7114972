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
///   longer than `Limits.maxFieldLength`: the excess is dropped, so no value the field parsers see is
///   larger than the limits.
///
/// Only the header section is scanned, never the body.
public struct HeaderSection: Sendable, Hashable {
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

    /// `onlyKnownFields` keeps only the fields `MessageHead` reads (the header's problems are all still
    /// found), so the others cost no name, no copy and no `HeaderField`.
    init(parsing buffer: UnsafeBufferPointer<UInt8>, limits: Limits, onlyKnownFields: Bool = false) {
        var scanner = HeaderScanner(buffer: buffer, limits: limits, onlyKnownFields: onlyKnownFields)
        scanner.run()
        let storage = scanner.unfold()
        fields = scanner.entries.map { HeaderField(name: $0.name, known: $0.known, rawValue: storage[$0.value]) }
        bodyOffset = scanner.bodyOffset
        problems = scanner.log.finished
    }
}

/// The line-by-line state machine behind `HeaderSection`.
///
/// The scan only records where each field's pieces are (its first line after the colon, then each
/// continuation line without its line break); `unfold()` then copies them into one array, and fields
/// become slices of it: no allocation per field, and the body is never kept alive by a field.
private struct HeaderScanner {
    struct Entry {
        var name: String
        var known: FieldName.Known?
        var firstPiece: Int
        var pieceCount: Int
        var length: Int
        var cut: Bool
        var value: Range<Int> = 0..<0
    }

    let buffer: UnsafeBufferPointer<UInt8>
    let limits: HeaderSection.Limits
    let onlyKnownFields: Bool
    var pieces: [Range<Int>] = []
    var entries: [Entry] = []
    var log = ProblemLog()
    var bodyOffset: Int
    /// True while the last field line was kept, so continuation lines belong to it.
    private var open = false
    /// True while skipping the continuation lines of a dropped or malformed line.
    private var skipping = false
    private var reportedTooManyFields = false
    /// Fields seen, kept or not: the limit counts them all, so both modes report the same problems.
    private var fieldCount = 0

    init(buffer: UnsafeBufferPointer<UInt8>, limits: HeaderSection.Limits, onlyKnownFields: Bool) {
        self.buffer = buffer
        self.limits = limits
        self.onlyKnownFields = onlyKnownFields
        self.bodyOffset = buffer.count
        pieces.reserveCapacity(96)
        entries.reserveCapacity(64)
    }

    mutating func run() {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        var position = 0
        var lineNumber = 0
        if Self.startsWithMboxSeparator(buffer) {
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
                startField(position..<contentEnd, lineNumber: lineNumber)
            }
            position = next
        }
    }

    private mutating func startField(_ line: Range<Int>, lineNumber: Int) {
        open = false
        skipping = true
        // ftext (RFC 5322 §3.6.8): printable ASCII but the colon; obsolete WSP before the colon (§4.5).
        var nameEnd = line.lowerBound
        while nameEnd < line.upperBound, buffer[nameEnd] > 32, buffer[nameEnd] < 127, buffer[nameEnd] != ASCII.colon {
            nameEnd += 1
        }
        var colon = nameEnd
        while colon < line.upperBound, ASCII.isWhitespace(buffer[colon]) { colon += 1 }
        guard nameEnd > line.lowerBound, colon < line.upperBound, buffer[colon] == ASCII.colon else {
            log.record(.lineWithoutColon, "Header line \(lineNumber) is not a field: "
                       + ParseProblem.quoted(UnsafeBufferPointer(rebasing: self.buffer[line])))
            return
        }
        guard fieldCount < limits.maxFields else {
            if !reportedTooManyFields {
                reportedTooManyFields = true
                log.record(.tooManyFields, "More than \(limits.maxFields) header fields; the rest were dropped")
            }
            return
        }
        fieldCount += 1
        let nameBytes = UnsafeBufferPointer(rebasing: buffer[line.lowerBound..<nameEnd])
        let name: String
        let known: FieldName.Known?
        if onlyKnownFields {
            guard let found = FieldName.lookupKnown(nameBytes) else { return }
            (name, known) = found
        } else {
            (name, known) = FieldName.lookup(nameBytes)
        }
        skipping = false
        open = true
        entries.append(Entry(name: name, known: known, firstPiece: pieces.count, pieceCount: 0, length: 0,
                             cut: false))
        addPiece(colon + 1..<line.upperBound)
    }

    private mutating func continueField(_ line: Range<Int>, lineNumber: Int) {
        if open {
            addPiece(line)
        } else if !skipping && entries.isEmpty {
            skipping = true
            log.record(.foldedLineWithoutField, "Header line \(lineNumber) is a continuation with no field "
                       + "before it: " + ParseProblem.quoted(UnsafeBufferPointer(rebasing: buffer[line])))
        }
    }

    private mutating func addPiece(_ bytes: Range<Int>) {
        let last = entries.count - 1
        guard !entries[last].cut else { return }
        var piece = bytes
        let room = limits.maxFieldLength - entries[last].length
        if bytes.count > room {
            piece = bytes.lowerBound..<Self.utf8SafeCut(buffer, start: bytes.lowerBound,
                                                        end: bytes.lowerBound + max(room, 0))
            entries[last].cut = true
            log.record(.fieldTooLong, "\(entries[last].name) field is longer than \(limits.maxFieldLength) "
                       + "bytes; the rest was dropped")
        }
        pieces.append(piece)
        entries[last].pieceCount += 1
        entries[last].length += piece.count
    }

    /// The unfolded values, setting each entry's `value`. When the kept fields are most of the header it
    /// is copied once and folded fields are closed up in place (pieces only move left, within the bytes
    /// their own field was written in); when they are few, only their pieces are copied.
    mutating func unfold() -> [UInt8] {
        guard let lastPiece = pieces.last else { return [] }
        let keptLength = entries.reduce(0) { $0 + $1.length }
        if keptLength < lastPiece.upperBound / 2 {
            var storage: [UInt8] = []
            storage.reserveCapacity(keptLength)
            for index in entries.indices {
                let entry = entries[index]
                var start = storage.count
                for piece in pieces[entry.firstPiece..<(entry.firstPiece + entry.pieceCount)] {
                    storage.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[piece]))
                }
                var stop = storage.count
                while start < stop, ASCII.isLinearWhitespace(storage[start]) { start += 1 }
                while stop > start, ASCII.isLinearWhitespace(storage[stop - 1]) { stop -= 1 }
                entries[index].value = start..<stop
            }
            return storage
        }
        var storage = Array(UnsafeBufferPointer(rebasing: buffer[0..<lastPiece.upperBound]))
        storage.withUnsafeMutableBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            for index in entries.indices {
                let entry = entries[index]
                var start = pieces[entry.firstPiece].lowerBound
                var stop = pieces[entry.firstPiece].upperBound
                for piece in pieces[(entry.firstPiece + 1)..<(entry.firstPiece + entry.pieceCount)] {
                    if stop != piece.lowerBound { memmove(base + stop, base + piece.lowerBound, piece.count) }
                    stop += piece.count
                }
                while start < stop, ASCII.isLinearWhitespace(bytes[start]) { start += 1 }
                while stop > start, ASCII.isLinearWhitespace(bytes[stop - 1]) { stop -= 1 }
                entries[index].value = start..<stop
            }
        }
        return storage
    }

    /// "From joe@example.com Thu Dec 29 15:07:54 2010": an mbox separator (RFC 4155), not a field. A
    /// "From : joe@x" line (obsolete space before the colon, RFC 5322 §4.5) is a field.
    private static func startsWithMboxSeparator(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard buffer.count >= 5, buffer[0] == 0x46, buffer[1] == 0x72, buffer[2] == 0x6F, buffer[3] == 0x6D,
              buffer[4] == ASCII.space else { return false }
        var index = 5
        while index < buffer.count, ASCII.isWhitespace(buffer[index]) { index += 1 }
        return index == buffer.count || buffer[index] != ASCII.colon
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
