import Yams

/// Reads typed values out of a composed YAML tree and records a located problem for everything
/// that is wrong, then carries on, so one pass reports every problem in the file.
///
/// Walking `Node`s by hand rather than decoding with `Codable` is what gives each problem its
/// line: a decoding error knows only the key path, and unknown keys would pass silently.
final class ConfigReader {
    let file: String
    private(set) var problems: [ConfigProblem] = []

    init(file: String) {
        self.file = file
    }

    func report(line: Int, key: String, _ message: String) {
        problems.append(ConfigProblem(file: file, line: line, key: key, message: message))
    }

    /// One YAML mapping: its entries by key, where it starts, and its dotted path.
    struct Section {
        struct Entry {
            let key: String
            let path: String
            /// The line of the key; values are located by their own mark.
            let line: Int
            let value: Node
        }

        let path: String
        /// The line a "missing key" problem points at: the line of the key that opened the
        /// section (`imap:`), or of its first entry for list items and the top level.
        let line: Int
        let entries: [Entry]

        subscript(key: String) -> Entry? {
            entries.first { $0.key == key }
        }

        func path(of key: String) -> String {
            path.isEmpty ? key : "\(path).\(key)"
        }
    }

    /// The node as a section, or a problem saying what was expected instead.
    func section(_ node: Node, path: String, line: Int, expected: String) -> Section? {
        guard case .mapping(let mapping) = node else {
            report(line: node.mark?.line ?? line, key: path, "expected \(expected), got \(describe(node))")
            return nil
        }
        var entries: [Section.Entry] = []
        for (keyNode, value) in mapping {
            let keyLine = keyNode.mark?.line ?? line
            guard case .scalar(let scalar) = keyNode else {
                report(line: keyLine, key: path, "keys must be plain names, got \(describe(keyNode))")
                continue
            }
            let key = scalar.string
            entries.append(.init(key: key, path: path.isEmpty ? key : "\(path).\(key)", line: keyLine, value: value))
        }
        return Section(path: path, line: line, entries: entries)
    }

    /// Reports every key of the section not in `known`. `hints` holds a tailored message for
    /// keys that are known to be misplaced or misunderstood; otherwise a close known key is offered.
    func rejectUnknownKeys(in section: Section, known: [String], hints: [String: String] = [:]) {
        for entry in section.entries where !known.contains(entry.key) {
            var message = "unknown key"
            if let hint = hints[entry.key] {
                message += "; \(hint)"
            } else if entry.key == "<<" {
                message += "; YAML merge keys are not supported, write the settings out"
            } else if let suggestion = KeySuggestion.closest(to: entry.key, among: known) {
                message += "; did you mean \(suggestion)?"
            }
            report(line: entry.line, key: entry.path, message)
        }
    }

    /// The entry, or a problem at the section's line naming the missing key.
    func required(_ key: String, in section: Section) -> Section.Entry? {
        guard let entry = section[key] else {
            report(line: section.line, key: section.path(of: key), "required key is missing")
            return nil
        }
        return entry
    }

    // MARK: Values

    /// A non-empty scalar. The value itself is never quoted here, so this is safe for secrets' places.
    func string(_ entry: Section.Entry, expected: String = "a string") -> String? {
        let line = valueLine(entry)
        guard case .scalar(let scalar) = entry.value else {
            report(line: line, key: entry.path, "expected \(expected), got \(describe(entry.value))")
            return nil
        }
        guard !entry.value.isNull, !scalar.string.isEmpty else {
            report(line: line, key: entry.path, "has no value; expected \(expected)")
            return nil
        }
        return scalar.string
    }

    func bool(_ entry: Section.Entry) -> Bool? {
        // YAML 1.1 spellings, as every YAML tool an admin has used accepts them.
        let value = scalarText(entry)
        switch value?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            reportWrongValue(entry, expected: "true or false")
            return nil
        }
    }

    /// A positive duration: `60`, `30s`, `5m`, `1h`.
    func duration(_ entry: Section.Entry) -> Duration? {
        guard let text = scalarText(entry), let duration = ValueSyntax.duration(text) else {
            reportWrongValue(entry, expected: "a duration like 30s, 5m or 2d")
            return nil
        }
        guard duration > .zero else {
            report(line: valueLine(entry), key: entry.path, "must be longer than 0s")
            return nil
        }
        return duration
    }

    /// A positive byte count: `52428800`, `50MB`, `25 MiB`.
    func byteCount(_ entry: Section.Entry) -> Int? {
        guard let text = scalarText(entry), let count = ValueSyntax.byteCount(text) else {
            reportWrongValue(entry, expected: "a size like 50MB or 25 MiB")
            return nil
        }
        guard count > 0 else {
            report(line: valueLine(entry), key: entry.path, "must be larger than 0 bytes")
            return nil
        }
        return count
    }

    /// An absolute path; `quote: false` keeps the value out of the message. Relative paths are refused: the daemon's working directory is not the
    /// configuration file's, and guessing which one was meant is how files end up in `/`.
    func absolutePath(_ entry: Section.Entry, quote: Bool = true) -> String? {
        guard let path = string(entry, expected: "an absolute path") else { return nil }
        guard path.hasPrefix("/") else {
            report(line: valueLine(entry), key: entry.path,
                   quote ? "expected an absolute path, got \(quoted(path))" : "expected an absolute path")
            return nil
        }
        return path
    }

    func valueLine(_ entry: Section.Entry) -> Int {
        entry.value.mark?.line ?? entry.line
    }

    private func scalarText(_ entry: Section.Entry) -> String? {
        guard case .scalar(let scalar) = entry.value, !entry.value.isNull else { return nil }
        return scalar.string
    }

    private func reportWrongValue(_ entry: Section.Entry, expected: String) {
        report(line: valueLine(entry), key: entry.path, "expected \(expected), got \(describe(entry.value))")
    }

    /// How a value is named in "got …": scalars quoted, containers by kind.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            return node.isNull ? "nothing" : quoted(scalar.string)
        case .mapping:
            return "a mapping (indented key: value lines)"
        case .sequence:
            return "a list"
        case .alias:
            return "an alias"
        }
    }
}

/// A value as it appears in a message: in double quotes, control characters escaped, cut at
/// 60 characters so a pasted certificate does not flood the terminal.
func quoted(_ text: String) -> String {
    var shown = ""
    for scalar in text.unicodeScalars.prefix(60) {
        switch scalar {
        case "\"": shown += "\\\""
        case "\\": shown += "\\\\"
        case "\n": shown += "\\n"
        case "\t": shown += "\\t"
        default:
            shown += scalar.properties.generalCategory == .control
                ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
    }
    return "\"\(shown)\(text.unicodeScalars.count > 60 ? "…" : "")\""
}

extension Node {
    /// `key:` with nothing after it, `~` or `null`, but not the quoted string `"null"`.
    var isNull: Bool {
        tag.rawValue == Tag.Name.null.rawValue
    }
}
