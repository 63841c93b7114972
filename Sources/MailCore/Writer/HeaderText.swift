/// Caller text made into header pieces: plain where it can be, RFC 2047 encoded words where it must.
///
/// A word (a run between whitespace) stays plain when it is printable ASCII, does not contain `=?` (it
/// would be taken for the start of an encoded word, RFC 2047 §5) and fits on a line of its own.
/// Consecutive words that cannot stay plain become one run of encoded words with the whitespace between
/// them encoded too, because whitespace between two encoded words is dropped when decoded (RFC 2047 §6.2),
/// while whitespace between an encoded word and plain text is kept. Leading and trailing whitespace is
/// dropped: unfolding drops it anyway (RFC 5322 §3.2.2).
enum HeaderText {
    /// An unstructured value (Subject; RFC 5322 §3.2.5). `nameLength` is the field name's, so the first
    /// word is judged against what is left of the first line.
    ///
    /// With `keepingASCII` (extra fields, whose values may be structured: `List-Unsubscribe: <https://…>`)
    /// every printable ASCII word is written as given, however long, and only words with other
    /// characters are encoded.
    static func unstructured(_ text: String, nameLength: Int, keepingASCII: Bool = false) -> [HeaderPiece] {
        let words = split(text)
        let firstRoom = HeaderWriter.preferredLineLength - nameLength - 1
        let plain = words.indices.map { index in
            let word = words[index]
            if keepingASCII { return word.word.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } }
            let room = index == 0 ? firstRoom : HeaderWriter.preferredLineLength
            return isPlainText(word.word) && word.space.count + word.word.utf8.count <= room
        }
        return pieces(text, words: words, plain: plain)
    }

    /// A display name (RFC 5322 §3.4 phrase, RFC 2047 §5(3)): atoms when it is atoms separated by single
    /// spaces; else a quoted string when it is printable ASCII; else atoms and encoded words. Nil when the
    /// name is empty or only whitespace.
    static func phrase(_ name: String) -> [HeaderPiece]? {
        let words = split(name)
        guard !words.isEmpty else { return nil }
        let singleSpaced = words.dropFirst().allSatisfy { $0.space.elementsEqual([ASCII.space]) }
        let atoms = words.map { $0.word.utf8.count < HeaderWriter.preferredLineLength - 2 && isAtomText($0.word) }
        if singleSpaced && atoms.allSatisfy({ $0 }) {
            return words.map { .plain(" " + $0.word) }
        }
        if let quoted = quotedString(words) { return quoted }
        // Mixed atoms and encoded words only when the spacing is single spaces: a reader joins the words
        // of a phrase with one space (RFC 5322 §3.2.5 obs-phrase), so other spacing must be encoded.
        let plain = singleSpaced ? atoms : atoms.map { _ in false }
        return pieces(name, words: words, plain: plain)
    }

    private struct Word {
        var space: [UInt8]    // the whitespace before the word; a single space for the first
        var word: Substring
    }

    /// The words between whitespace (space and tab), leading and trailing whitespace dropped. Split on
    /// the UTF-8 bytes: both are ASCII, so a cut never falls inside a character's bytes.
    private static func split(_ text: String) -> [Word] {
        var words: [Word] = []
        let utf8 = text.utf8
        var index = utf8.startIndex
        var spaceStart = index
        while index < utf8.endIndex {
            if ASCII.isWhitespace(utf8[index]) {
                utf8.formIndex(after: &index)
                continue
            }
            let wordStart = index
            while index < utf8.endIndex, !ASCII.isWhitespace(utf8[index]) { utf8.formIndex(after: &index) }
            let space = words.isEmpty ? [ASCII.space] : Array(utf8[spaceStart..<wordStart])
            words.append(Word(space: space, word: text[wordStart..<index]))
            spaceStart = index
        }
        return words
    }

    /// Plain pieces for plain words; one encoded piece for each run of the others, spanning the whitespace
    /// between the run's words as written in `text`.
    private static func pieces(_ text: String, words: [Word], plain: [Bool]) -> [HeaderPiece] {
        var pieces: [HeaderPiece] = []
        var index = 0
        while index < words.count {
            if plain[index] {
                pieces.append(.plain(words[index].space + Array(words[index].word.utf8)))
                index += 1
                continue
            }
            var last = index
            while last + 1 < words.count, !plain[last + 1] { last += 1 }
            let run = text[words[index].word.startIndex..<words[last].word.endIndex]
            pieces.append(.encoded(leading: words[index].space, text: run))
            index = last + 1
        }
        return pieces
    }

    /// The words as one quoted string (RFC 5322 §3.2.4) with `\` and `"` escaped, split before each run of
    /// whitespace so it can be folded there; nil when the name is not printable ASCII, contains `=?` (some
    /// readers decode encoded words even inside quotes) or has a word too long for a line.
    private static func quotedString(_ words: [Word]) -> [HeaderPiece]? {
        var pieces: [[UInt8]] = []
        for (index, word) in words.enumerated() {
            guard isPlainText(word.word) else { return nil }
            var chunk = index == 0 ? [ASCII.space, ASCII.quote] : word.space
            for byte in word.word.utf8 {
                if byte == ASCII.backslash || byte == ASCII.quote { chunk.append(ASCII.backslash) }
                chunk.append(byte)
            }
            if index == words.count - 1 { chunk.append(ASCII.quote) }
            guard chunk.count < HeaderWriter.preferredLineLength - 2 else { return nil }
            pieces.append(chunk)
        }
        // Folded inside the quotes only when it does not fit on a line of its own.
        let whole = pieces.joined()
        if whole.count < HeaderWriter.preferredLineLength - 2 { return [.plain(Array(whole))] }
        return pieces.map(HeaderPiece.plain)
    }

    /// Printable ASCII without `=?`.
    private static func isPlainText(_ word: Substring) -> Bool {
        var previous: UInt8 = 0
        for byte in word.utf8 {
            guard byte > 0x20, byte < 0x7F, !(previous == ASCII.equals && byte == ASCII.question) else {
                return false
            }
            previous = byte
        }
        return true
    }

    /// RFC 5322 §3.2.3 atext only, without `=?`.
    private static func isAtomText(_ word: Substring) -> Bool {
        isPlainText(word) && word.utf8.allSatisfy(isAtext)
    }

    /// atext (RFC 5322 §3.2.3): letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ byte: UInt8) -> Bool {
        if ASCII.isLetter(byte) || ASCII.isDigit(byte) { return true }
        switch byte {
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60, 0x7B, 0x7C,
             0x7D, 0x7E:
            return true
        default:
            return false
        }
    }
}
