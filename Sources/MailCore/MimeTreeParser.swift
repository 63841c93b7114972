import Glibc

/// The single pass behind `MimeMessage`: it reads the bytes once from the top-level body to the end,
/// keeping a stack of the entities still open, and only stops at lines that start with `--`.
///
/// A line is a boundary of an open multipart when it is `--boundary` followed by nothing but optional
/// spaces or tabs before its line break, or `--boundary--` (the close delimiter, RFC 2046 §5.1.1). A line
/// that merely starts with the boundary (`--boundary-more`, `--boundaryX`) is body text. Every open
/// multipart's boundary is checked, innermost first, so an outer boundary ends every part inside it,
/// as Thunderbird and Python do when an inner close delimiter is missing.
///
/// What it tolerates, each recorded as a problem on the message:
/// - a missing close delimiter (at the end of the message or at an outer boundary): the parts are kept;
/// - a multipart without a boundary, or whose boundary never appears: read as text/plain, so its text
///   reaches the agent;
/// - a part header that ends at a body line instead of a blank line (mailers that forget the blank line
///   after a boundary): the header ends there, as in Python's feedparser;
/// - nesting deeper than `Limits.maxDepth`, more parts than `Limits.maxParts`;
/// - an unknown Content-Transfer-Encoding (read as 8bit), a Content-Type that is not `type/subtype`
///   (read as text/plain, RFC 2045 §5.2).
/// Quietly accepted: CRLF or LF line breaks (even mixed), preamble and epilogue (ignored), parts without a
/// Content-Type (text/plain; in multipart/digest message/rfc822), an empty attached message (one empty
/// text/plain part, as Python gives), a base64- or quoted-printable-encoded message/rfc822 (which RFC 2046
/// §5.2.1 forbids; it is kept as an undivided part, since its tree is not in the raw bytes).
struct MimeTreeParser {
    let buffer: UnsafeBufferPointer<UInt8>
    /// Added to every index stored in a part: the position of `buffer` in the message's raw slice.
    let offset: Int
    let limits: MimeMessage.Limits
    var log: ProblemLog
    private(set) var parts: [MimePart] = []

    /// An entity whose end is not known yet.
    private struct Frame {
        var part: Int
        /// The boundary of a multipart; nil for a leaf or an attached message.
        var boundary: [UInt8]?
        var isDigest = false
        var isMessage = false
        var sawDelimiter = false
        /// Past the close delimiter: the rest is epilogue, and the boundary is no longer looked for.
        var closed = false
        var childCount = 0
        /// The section the part gets if it turns out to be a leaf (a multipart whose boundary never came).
        var leafSection: String

        var looksForBoundary: Bool { boundary != nil && !closed }
    }

    private var stack: [Frame] = []
    /// How many frames have `looksForBoundary`; when none, the rest of the message is body.
    private var searching = 0
    private var stopped = false

    init(buffer: UnsafeBufferPointer<UInt8>, offset: Int, limits: MimeMessage.Limits, log: ProblemLog) {
        self.buffer = buffer
        self.offset = offset
        self.limits = limits
        self.log = log
        parts.reserveCapacity(8)
        stack.reserveCapacity(8)
    }

    mutating func run(topLevel header: HeaderSection) {
        let bodyStart = min(max(header.bodyOffset - offset, 0), buffer.count)
        var position = openEntity(header: header, headerStart: 0, bodyStart: bodyStart, parent: nil, depth: 0,
                                  section: "", leafSection: "1", inDigest: false)
        var atLineStart = true
        while !stopped, searching > 0, let line = nextDashLine(from: position, atLineStart: atLineStart) {
            guard let (frame, isClose, next) = matchBoundary(at: line) else {
                position = line + 2
                atLineStart = false
                continue
            }
            position = delimiter(of: frame, isClose: isClose, lineStart: line, next: next)
            atLineStart = true
        }
        while !stack.isEmpty { closeTop(at: buffer.count, atEnd: true) }
    }

    // MARK: - Entities

    /// Creates the part whose header is `headerStart..<bodyStart` and pushes its frame; for an attached
    /// message, also its root entity (and so on, for a message directly inside a message). Returns where
    /// the scan for boundaries goes on.
    private mutating func openEntity(header: HeaderSection, headerStart: Int, bodyStart: Int, parent: Int?,
                                     depth: Int, section: String, leafSection: String, inDigest: Bool) -> Int {
        guard parts.count < limits.maxParts else {
            log.record(.tooManyParts, "More than \(limits.maxParts) MIME parts; the rest of the message was "
                       + "left in the part before")
            stopped = true
            return bodyStart
        }
        let index = parts.count
        let fields = MimeFields(header.fields)
        let place = section.isEmpty ? "The message" : "Part \(section)"
        var contentType = inDigest ? ContentType.messageRFC822 : ContentType.textPlain
        if let value = fields.contentType {
            if let parsed = ContentType(parsing: value) {
                contentType = parsed
            } else {
                log.record(.badContentType, "\(place) has Content-Type \(ParseProblem.quoted(value)), not "
                           + "type/subtype; read as \(contentType.mimeType)")
            }
        }
        let encoding = fields.transferEncoding.map { TransferEncoding(parsing: $0) } ?? .sevenBit
        if case .unknown(let name) = encoding {
            log.record(.unknownTransferEncoding, "\(place) has Content-Transfer-Encoding \"\(name)\"; read as 8bit")
        }
        var frame = Frame(part: index, leafSection: leafSection)
        let canNest = depth < limits.maxDepth
        if contentType.isMultipart {
            if contentType.boundaryBytes == nil {
                log.record(.missingBoundary, "\(place) is \(contentType.mimeType) without a boundary; read as "
                           + "text/plain")
                contentType = .textPlain
            } else if canNest {
                frame.boundary = contentType.boundaryBytes
                frame.isDigest = contentType.subtype == "digest"
            }
        } else if contentType.isEncapsulatedMessage, encoding.isIdentity, canNest {
            frame.isMessage = true
        }
        if !canNest, contentType.isMultipart || (contentType.isEncapsulatedMessage && encoding.isIdentity) {
            log.record(.nestingTooDeep, "\(place) is nested more than \(limits.maxDepth) levels deep; kept "
                       + "undivided")
        }
        let isContainer = frame.boundary != nil || frame.isMessage
        parts.append(MimePart(
            index: index, section: frame.boundary != nil ? section : leafSection, parent: parent, depth: depth,
            subtreeEnd: index + 1, headerRange: (headerStart + offset)..<(bodyStart + offset),
            bodyRange: (bodyStart + offset)..<(bodyStart + offset), contentType: contentType,
            disposition: fields.disposition.map { ContentDisposition(parsing: $0) }, transferEncoding: encoding,
            contentID: fields.contentID.flatMap(Self.contentID)))
        // The top-level header's problems are the message head's, recorded already.
        if parent != nil {
            for problem in header.problems { log.record(problem.kind, "\(place): \(problem.description)") }
        }
        stack.append(frame)
        if frame.boundary != nil { searching += 1 }
        guard isContainer, frame.isMessage else { return bodyStart }
        // The attached message's own header starts right away.
        let (fieldsEnd, innerBodyStart) = scanHeader(from: bodyStart, isPartHeader: false)
        let innerHeader = parseHeader(bodyStart..<fieldsEnd)
        let base = leafSection   // the message/rfc822 part's own section
        return openEntity(header: innerHeader, headerStart: bodyStart, bodyStart: innerBodyStart, parent: index,
                          depth: depth + 1, section: base, leafSection: base + ".1", inDigest: false)
    }

    /// A delimiter line of the multipart at `stack[frame]`: it ends every entity inside that multipart,
    /// and, unless it is the close delimiter, starts the next part. Returns where scanning goes on.
    private mutating func delimiter(of frame: Int, isClose: Bool, lineStart: Int, next: Int) -> Int {
        // The line break before the delimiter belongs to it (RFC 2046 §5.1.1).
        var end = lineStart
        if end > 0, buffer[end - 1] == ASCII.lf {
            end -= 1
            if end > 0, buffer[end - 1] == ASCII.cr { end -= 1 }
        }
        while stack.count > frame + 1 { closeTop(at: end, atEnd: false) }
        stack[frame].sawDelimiter = true
        if isClose {
            stack[frame].closed = true
            searching -= 1
            return next
        }
        stack[frame].childCount += 1
        let multipart = stack[frame]
        let parentSection = parts[multipart.part].section
        let section = parentSection.isEmpty ? "\(multipart.childCount)" : "\(parentSection).\(multipart.childCount)"
        let (fieldsEnd, bodyStart) = scanHeader(from: next, isPartHeader: true)
        return openEntity(header: parseHeader(next..<fieldsEnd), headerStart: next, bodyStart: bodyStart,
                          parent: multipart.part, depth: parts[multipart.part].depth + 1, section: section,
                          leafSection: section, inDigest: multipart.isDigest)
    }

    /// Pops the innermost open entity, its body ending at `end`.
    private mutating func closeTop(at end: Int, atEnd: Bool) {
        let frame = stack.removeLast()
        let index = frame.part
        // A part ends no earlier than what is inside it: a child whose header stopped at this very
        // boundary line starts after the line break that `end` leaves out.
        var upper = max(parts[index].bodyRange.lowerBound, end + offset)
        if let last = parts.last, last.index > index { upper = max(upper, last.bodyRange.upperBound) }
        parts[index].bodyRange = parts[index].bodyRange.lowerBound..<upper
        parts[index].subtreeEnd = parts.count
        guard frame.looksForBoundary else { return }
        searching -= 1
        let place = parts[index].section.isEmpty ? "The message" : "Part \(parts[index].section)"
        let mimeType = parts[index].contentType.mimeType
        if !frame.sawDelimiter {
            log.record(.boundaryNotFound, "\(place) is \(mimeType) but its boundary never appears; read as text/plain")
            parts[index].contentType = .textPlain
            parts[index].section = frame.leafSection
        } else if !stopped {   // after the part limit, the rest was not read: no telling what it closes
            log.record(.missingCloseDelimiter, "\(place) (\(mimeType)) has no close delimiter before "
                       + (atEnd ? "the end of the message" : "an outer boundary"))
        }
    }

    // MARK: - Lines

    /// The start of the next line at or after `position` that begins with `--`. Searching for `-` skips a
    /// base64 body (which has none) in one `memchr`.
    private func nextDashLine(from position: Int, atLineStart: Bool) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let count = buffer.count
        var cursor = position
        if atLineStart, cursor + 1 < count, buffer[cursor] == ASCII.minus, buffer[cursor + 1] == ASCII.minus {
            return cursor
        }
        while cursor < count, let found = memchr(base + cursor, Int32(ASCII.minus), count - cursor) {
            let dash = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if dash > 0, buffer[dash - 1] == ASCII.lf, dash + 1 < count, buffer[dash + 1] == ASCII.minus {
                return dash
            }
            // Neither this dash nor the next byte can start a delimiter line.
            cursor = dash + 2
        }
        return nil
    }

    /// Which open multipart (innermost first) `line` is a delimiter of, whether it is the close delimiter,
    /// and where the line after it starts.
    private func matchBoundary(at line: Int) -> (frame: Int, isClose: Bool, next: Int)? {
        let count = buffer.count
        for frame in stack.indices.reversed() where stack[frame].looksForBoundary {
            guard let boundary = stack[frame].boundary else { continue }
            let start = line + 2
            guard count - start >= boundary.count else { continue }
            let same = boundary.withUnsafeBufferPointer { memcmp(buffer.baseAddress! + start, $0.baseAddress!, $0.count) }
            guard same == 0 else { continue }
            var cursor = start + boundary.count
            var isClose = false
            if cursor + 1 < count, buffer[cursor] == ASCII.minus, buffer[cursor + 1] == ASCII.minus {
                isClose = true
                cursor += 2
            }
            while cursor < count, ASCII.isWhitespace(buffer[cursor]) || buffer[cursor] == ASCII.cr { cursor += 1 }
            if cursor == count { return (frame, isClose, count) }
            if buffer[cursor] == ASCII.lf { return (frame, isClose, cursor + 1) }
        }
        return nil
    }

    /// Where the header lines starting at `start` end (`fieldsEnd`, past the blank line when there is one)
    /// and where the body starts. It stops early at a boundary line of an open multipart (the part is then
    /// empty, and the boundary is handled by the caller's scan) and, in a part header, at a line that is not
    /// a field: the body starts there.
    private mutating func scanHeader(from start: Int, isPartHeader: Bool) -> (fieldsEnd: Int, bodyStart: Int) {
        guard let base = buffer.baseAddress else { return (start, start) }
        let count = buffer.count
        var position = start
        var sawField = false
        while position < count {
            var lineEnd = count
            var next = count
            if let found = memchr(base + position, Int32(ASCII.lf), count - position) {
                lineEnd = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                next = lineEnd + 1
            }
            var contentEnd = lineEnd
            if contentEnd > position, buffer[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            if contentEnd == position { return (next, next) }
            if searching > 0, buffer[position] == ASCII.minus, matchBoundary(at: position) != nil {
                return (position, position)
            }
            if isPartHeader {
                let isContinuation = ASCII.isWhitespace(buffer[position])
                if isContinuation ? !sawField : !isFieldLine(position..<contentEnd) {
                    log.record(.partHeaderNotEnded, "A part header ends without a blank line, at "
                               + ParseProblem.quoted(UnsafeBufferPointer(rebasing: buffer[position..<contentEnd])))
                    return (position, position)
                }
                sawField = true
            }
            position = next
        }
        return (count, count)
    }

    /// `name:` with printable ASCII in the name, or obsolete whitespace before the colon (RFC 5322 §4.5).
    private func isFieldLine(_ line: Range<Int>) -> Bool {
        var cursor = line.lowerBound
        while cursor < line.upperBound, buffer[cursor] > 32, buffer[cursor] < 127, buffer[cursor] != ASCII.colon {
            cursor += 1
        }
        guard cursor > line.lowerBound else { return false }
        while cursor < line.upperBound, ASCII.isWhitespace(buffer[cursor]) { cursor += 1 }
        return cursor < line.upperBound && buffer[cursor] == ASCII.colon
    }

    /// The fields of a part header that MIME and `MessageHead` read; the others cost nothing.
    private func parseHeader(_ range: Range<Int>) -> HeaderSection {
        HeaderSection(parsing: UnsafeBufferPointer(rebasing: buffer[range]), limits: limits.header,
                      onlyKnownFields: true)
    }

    /// `<id@host>` → `id@host`; whitespace and a missing bracket tolerated; nil when empty.
    private static func contentID(_ value: ArraySlice<UInt8>) -> String? {
        var bytes = value
        while let first = bytes.first, ASCII.isLinearWhitespace(first) || first == ASCII.lessThan {
            bytes.removeFirst()
        }
        while let last = bytes.last, ASCII.isLinearWhitespace(last) || last == ASCII.greaterThan {
            bytes.removeLast()
        }
        return bytes.isEmpty ? nil : Charset.decodeUndeclared(bytes)
    }
}

/// The first of each MIME field in a header section (RFC 2045 §3: a repeated one is an error; the first is
/// what mail clients read).
struct MimeFields {
    var contentType: ArraySlice<UInt8>?
    var transferEncoding: ArraySlice<UInt8>?
    var disposition: ArraySlice<UInt8>?
    var contentID: ArraySlice<UInt8>?

    init(_ fields: [HeaderField]) {
        for field in fields {
            switch field.known {
            case .contentType where contentType == nil: contentType = field.rawValue
            case .contentTransferEncoding where transferEncoding == nil: transferEncoding = field.rawValue
            case .contentDisposition where disposition == nil: disposition = field.rawValue
            case .contentID where contentID == nil: contentID = field.rawValue
            default: break
            }
        }
    }
}
