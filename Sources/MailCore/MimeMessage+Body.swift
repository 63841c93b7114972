import Glibc

/// The text an agent reads: which part it comes from, and how HTML-only mail becomes text.
extension MimeMessage {
    /// The message's text for agents and search: the first text/plain body part (so in a
    /// multipart/alternative the plain alternative wins, whatever its position), else text made from the
    /// first text/html body part (`HTMLText`); nil when the message has neither. A text/plain part that is
    /// blank while an HTML part exists gives way to the HTML (mailers that send "view this in HTML").
    ///
    /// Body parts are leaves that are not attachments; those of an attached message are used only when the
    /// message has none of its own (a forward sent as an attachment with an empty note). Line breaks are
    /// normalised to LF.
    public var bestText: String? {
        for insideAttachedMessages in [false, true] {
            let plain = firstBodyPart(subtype: "plain", insideAttachedMessages: insideAttachedMessages)
            let html = firstBodyPart(subtype: "html", insideAttachedMessages: insideAttachedMessages)
            if let plain {
                let text = text(of: plain)
                if html == nil || !text.allSatisfy(\.isWhitespace) { return Self.normalizingLineBreaks(text) }
            }
            if let html { return HTMLText.plainText(fromHTML: text(of: html)) }
        }
        return nil
    }

    /// The first text/html body part decoded to text in its charset, markup and line breaks as sent.
    public var htmlBody: String? {
        (firstBodyPart(subtype: "html", insideAttachedMessages: false)
            ?? firstBodyPart(subtype: "html", insideAttachedMessages: true)).map(text(of:))
    }

    /// The first 200 characters of `bestText` after every run of whitespace was made one space and the
    /// ends were trimmed; empty when there is no text. As in the corpus oracle (and `maild export`'s
    /// definition), the cut comes after collapsing, so a preview of exactly 200 characters may end in the
    /// space that followed its last word.
    public var textPreview: String { Self.preview(of: bestText ?? "") }

    /// The first `limit` characters of `text`, whitespace collapsed and trimmed.
    public static func preview(of text: String, limit: Int = 200) -> String {
        var result = ""
        var count = 0
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                guard count < limit else { break }
                result.append(" ")
                count += 1
                pendingSpace = false
            }
            guard count < limit else { break }
            result.append(character)
            count += 1
        }
        return result
    }

    func firstBodyPart(subtype: String, insideAttachedMessages: Bool) -> MimePart? {
        var index = 0
        var insideMessage = false
        var messageEnd = 0
        while index < parts.count {
            let part = parts[index]
            if insideMessage, index >= messageEnd { insideMessage = false }
            if part.isEncapsulatedMessage, index != 0 {
                if !insideAttachedMessages {
                    index = part.subtreeEnd
                    continue
                }
                if !insideMessage {
                    insideMessage = true
                    messageEnd = part.subtreeEnd
                }
            }
            if (insideMessage || !insideAttachedMessages), part.isLeaf, part.contentType.type == "text",
               part.contentType.subtype == subtype, !isAttachment(part) {
                return part
            }
            index += 1
        }
        return nil
    }

    /// CRLF and lone CR made LF.
    static func normalizingLineBreaks(_ text: String) -> String {
        var text = text
        let normalized: String? = text.withUTF8 { input in
            guard let base = input.baseAddress, memchr(base, Int32(ASCII.cr), input.count) != nil else { return nil }
            let output = [UInt8](unsafeUninitializedCapacity: input.count) { output, written in
                var index = 0
                written = 0
                while index < input.count {
                    let rest = input.count - index
                    let run = memchr(base + index, Int32(ASCII.cr), rest)
                        .map { UnsafeRawPointer($0) - UnsafeRawPointer(base + index) } ?? rest
                    memcpy(output.baseAddress! + written, base + index, run)
                    written += run
                    index += run
                    guard index < input.count else { break }
                    output[written] = ASCII.lf
                    written += 1
                    index += 1
                    if index < input.count, input[index] == ASCII.lf { index += 1 }
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
        return normalized ?? text
    }
}
