/// Readable text from an HTML body, for agents and previews when a message has no text/plain part.
///
/// Not an HTML renderer: one tolerant pass over the markup that
/// - drops tags, comments, `<!DOCTYPE>` and processing instructions, and the content of `script`,
///   `style`, `title` and `template` (CSS from Outlook's `<style>` block is no one's message);
/// - decodes character references (`HTMLEntities`), `&nbsp;` becoming a space that is never collapsed;
/// - collapses whitespace as a browser does, except inside `<pre>`;
/// - turns `<br>` into a line break, block elements (`div`, `li`, `tr` …) into line breaks, and paragraph
///   level ones (`p`, headings, `blockquote`, `table`, lists) into a blank line; table cells are spaced;
/// - keeps a `<` that does not start a tag as text (`a < b`), and ends the text at an unterminated tag.
/// Linear in the input: every byte is looked at a bounded number of times.
enum HTMLText {
    static func plainText(fromHTML html: String) -> String {
        var html = html
        return html.withUTF8 { convert($0) }
    }

    private enum Layout {
        case lineBreak, paragraph, cell, pre, skipContent
    }

    private static let layout: [String: Layout] = {
        var layout: [String: Layout] = [:]
        for name in ["div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "nav", "aside",
                     "address", "form", "fieldset", "figure", "figcaption", "main", "center", "caption",
                     "thead", "tbody", "tfoot", "legend", "details", "summary"] {
            layout[name] = .lineBreak
        }
        for name in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "dl", "hr"] {
            layout[name] = .paragraph
        }
        layout["td"] = .cell
        layout["th"] = .cell
        layout["pre"] = .pre
        for name in ["script", "style", "title", "template"] { layout[name] = .skipContent }
        return layout
    }()

    private static func convert(_ html: UnsafeBufferPointer<UInt8>) -> String {
        var writer = TextWriter(capacity: html.count / 2)
        var preDepth = 0
        var index = 0
        let count = html.count
        while index < count {
            let byte = html[index]
            switch byte {
            case ASCII.lessThan:
                guard let tag = Tag(parsing: html, at: index) else {
                    writer.append(byte, preformatted: preDepth > 0)
                    index += 1
                    continue
                }
                index = tag.end
                guard let name = tag.name else { continue }
                if name == "br" {
                    if !tag.isEnd { writer.lineBreak() }
                    continue
                }
                switch layout[name] {
                case .lineBreak: writer.breakLines(1)
                case .paragraph: writer.breakLines(2)
                case .cell: writer.space()
                case .pre:
                    writer.breakLines(2)
                    preDepth = max(0, preDepth + (tag.isEnd ? -1 : 1))
                case .skipContent:
                    if !tag.isEnd, !tag.isSelfClosing { index = endOfRawText(html, from: index, name: name) }
                case nil: break
                }
            case 0x26:   // "&"
                if let (scalar, length) = HTMLEntities.decode(html, at: index) {
                    if scalar == "\u{A0}" {
                        writer.append(ASCII.space, preformatted: true)
                    } else {
                        writer.append(scalar, preformatted: preDepth > 0)
                    }
                    index += length
                } else {
                    writer.append(byte, preformatted: preDepth > 0)
                    index += 1
                }
            default:
                writer.append(byte, preformatted: preDepth > 0)
                index += 1
            }
        }
        return writer.finished
    }

    /// Index past the end tag `</name ...>` of a raw-text element (or the end of the input).
    private static func endOfRawText(_ html: UnsafeBufferPointer<UInt8>, from start: Int, name: String) -> Int {
        let nameBytes = Array(name.utf8)
        var index = start
        while index + 1 < html.count {
            if html[index] == ASCII.lessThan, html[index + 1] == 0x2F,
               index + 2 + nameBytes.count <= html.count,
               nameBytes.indices.allSatisfy({ ASCII.lowercased(html[index + 2 + $0]) == nameBytes[$0] }) {
                var end = index + 2 + nameBytes.count
                while end < html.count, html[end] != ASCII.greaterThan { end += 1 }
                return min(end + 1, html.count)
            }
            index += 1
        }
        return html.count
    }
}

/// One piece of markup starting at `<`: a start or end tag (with its lower-case name), or a comment,
/// doctype or processing instruction (no name).
private struct Tag {
    var name: String?
    var isEnd = false
    var isSelfClosing = false
    /// Index just past the markup.
    var end: Int

    /// Nil when the `<` does not start markup (`a < b`, `<3`): it is then text, as in HTML 5.
    init?(parsing html: UnsafeBufferPointer<UInt8>, at start: Int) {
        let count = html.count
        var index = start + 1
        guard index < count else { return nil }
        let first = html[index]
        if first == 0x21 || first == ASCII.question {   // "<!" or "<?"
            if first == 0x21, index + 2 < count, html[index + 1] == ASCII.minus, html[index + 2] == ASCII.minus {
                end = Self.endOfComment(html, from: index + 3)
            } else {
                var cursor = index
                while cursor < count, html[cursor] != ASCII.greaterThan { cursor += 1 }
                end = min(cursor + 1, count)
            }
            return
        }
        if first == 0x2F {   // "/"
            isEnd = true
            index += 1
        }
        guard index < count, ASCII.isLetter(html[index]) else { return nil }
        let nameStart = index
        while index < count, ASCII.isLetter(html[index]) || ASCII.isDigit(html[index]) { index += 1 }
        name = String(decoding: html[nameStart..<index].map(ASCII.lowercased), as: UTF8.self)
        // Attributes: skip to the closing ">", stepping over quoted values (they may hold ">").
        var quote: UInt8?
        var previous: UInt8 = 0
        while index < count {
            let byte = html[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == ASCII.greaterThan {
                isSelfClosing = previous == 0x2F
                break
            } else if byte == ASCII.quote || byte == 0x27 {
                quote = byte
            }
            previous = byte
            index += 1
        }
        end = min(index + 1, count)
    }

    /// Past `-->`, or the end of the input for an unterminated comment.
    private static func endOfComment(_ html: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index + 2 < html.count {
            if html[index] == ASCII.minus, html[index + 1] == ASCII.minus, html[index + 2] == ASCII.greaterThan {
                return index + 3
            }
            index += 1
        }
        return html.count
    }
}

/// Collects text with browser-like whitespace: runs become one space, breaks are deferred so that none is
/// written at the start or end, and at most one blank line separates blocks.
private struct TextWriter {
    private var output: [UInt8] = []
    private var pendingBreaks = 0
    private var pendingSpace = false

    init(capacity: Int) { output.reserveCapacity(capacity) }

    mutating func append(_ byte: UInt8, preformatted: Bool) {
        if !preformatted, byte == ASCII.space || byte == ASCII.tab || byte == ASCII.lf || byte == ASCII.cr
            || byte == 0x0C {
            space()
            return
        }
        if preformatted, byte == ASCII.cr { return }
        if preformatted, byte == ASCII.lf {
            flush()
            output.append(ASCII.lf)
            return
        }
        flush()
        output.append(byte)
    }

    mutating func append(_ scalar: Unicode.Scalar, preformatted: Bool) {
        if scalar.isASCII {
            append(UInt8(scalar.value), preformatted: preformatted)
            return
        }
        flush()
        output.append(contentsOf: UTF8.encode(scalar)!)
    }

    mutating func space() {
        if pendingBreaks == 0 { pendingSpace = true }
    }

    mutating func lineBreak() {
        pendingBreaks = min(pendingBreaks + 1, 2)
        pendingSpace = false
    }

    mutating func breakLines(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
        pendingSpace = false
    }

    private mutating func flush() {
        defer {
            pendingBreaks = 0
            pendingSpace = false
        }
        guard !output.isEmpty else { return }
        if pendingBreaks > 0 {
            while output.last == ASCII.space { output.removeLast() }
            output.append(contentsOf: repeatElement(ASCII.lf, count: pendingBreaks))
        } else if pendingSpace, output.last != ASCII.lf {
            output.append(ASCII.space)
        }
    }

    var finished: String { String(decoding: output, as: UTF8.self) }
}
