/// Splits an mbox file into messages (RFC 4155): each message starts at a line beginning with "From "
/// (the envelope line, not part of the message) at the start of the file or after an empty line. Quoted ">From " lines are unquoted by one level, as
/// mboxrd writers quote them; mboxo files lose nothing by it but a '>' that the writer added.
public enum Mbox {
    public static func messages(in bytes: [UInt8]) -> [[UInt8]] {
        var starts = [Int]()  // offset of each envelope line
        var lineStart = 0
        var previousLineEmpty = true
        while lineStart < bytes.count {
            if previousLineEmpty && isEnvelope(bytes, at: lineStart) { starts.append(lineStart) }
            guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else { break }
            let length = newline - lineStart
            previousLineEmpty = length == 0 || (length == 1 && bytes[lineStart] == 0x0D)
            lineStart = newline + 1
        }
        var result = [[UInt8]]()
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            guard let bodyStart = bytes[start..<end].firstIndex(of: 0x0A).map({ $0 + 1 }) else { continue }
            var message = unquote(bytes[bodyStart..<end])
            // The blank line before the next envelope belongs to the mbox, not to the message.
            if message.suffix(2).elementsEqual([0x0A, 0x0A]) {
                message.removeLast()
            } else if message.suffix(4).elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) {
                message.removeLast(2)
            }
            result.append(message)
        }
        return result
    }

    /// True when the file looks like an mbox: it starts with an envelope line.
    public static func looksLikeMbox(_ bytes: [UInt8]) -> Bool { isEnvelope(bytes, at: 0) }

    private static let from: [UInt8] = Array("From ".utf8)

    private static func isEnvelope(_ bytes: [UInt8], at offset: Int) -> Bool {
        offset + from.count <= bytes.count && bytes[offset..<offset + from.count].elementsEqual(from)
    }

    private static func unquote(_ slice: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(slice.count)
        var atLineStart = true
        var index = slice.startIndex
        while index < slice.endIndex {
            if atLineStart && slice[index] == UInt8(ascii: ">") {
                var probe = index
                while probe < slice.endIndex && slice[probe] == UInt8(ascii: ">") { probe += 1 }
                if slice.endIndex - probe >= from.count && slice[probe..<probe + from.count].elementsEqual(from) {
                    index += 1  // drop one level of quoting
                }
            }
            let byte = slice[index]
            out.append(byte)
            atLineStart = byte == 0x0A
            index += 1
        }
        return out
    }
}
