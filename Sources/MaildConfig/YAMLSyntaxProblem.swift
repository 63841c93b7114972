import Yams

/// Turns the errors of libyaml (through Yams) into problems in the file's own format, so an admin
/// sees `maild.yaml:7: invalid YAML: …` instead of a parser dump. Syntax errors stop the reading:
/// past one, libyaml cannot say what the rest of the file means.
enum YAMLSyntaxProblem {
    static func problem(for error: any Error, in yaml: String, file: String) -> ConfigProblem {
        guard let error = error as? YamlError else {
            return ConfigProblem(file: file, line: 0, key: "", message: "invalid YAML: \(error)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // libyaml's context is either "while scanning …" (where the construct began) or the
            // first half of a sentence whose second half is the problem ("expected …, but found …").
            var message = "invalid YAML: \(problem) (column \(mark.column))"
            if let context {
                if !context.text.hasPrefix("while") {
                    message = "invalid YAML: \(context.text), \(problem) (column \(mark.column))"
                } else if context.mark.line != mark.line {
                    message += "; \(context.text) that started at line \(context.mark.line)"
                }
            }
            return ConfigProblem(file: file, line: mark.line, key: "", message: message)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { lineNumber(atCharacterOffset: $0, in: yaml) } ?? 0
            return ConfigProblem(file: file, line: line, key: "", message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the first occurrence; the admin's mistake is the later one.
            let key = duplicates.first ?? ""
            let first = context.mark
            let line = repeatedKeyLine(key, after: first, in: yaml) ?? first.line
            let message = line == first.line ? "key appears more than once" : "duplicate key; already set at line \(first.line)"
            return ConfigProblem(file: file, line: line, key: key, message: message)
        default:
            return ConfigProblem(file: file, line: 0, key: "", message: "invalid YAML: \(error)")
        }
    }

    private static func lineNumber(atCharacterOffset offset: Int, in yaml: String) -> Int {
        1 + yaml.prefix(offset).reduce(0) { $0 + ($1.isNewline ? 1 : 0) }
    }

    /// The next line after `first` that holds `key:` at the same column, within the same block
    /// (a line indented less ends the search). `nil` for flow mappings and other shapes.
    private static func repeatedKeyLine(_ key: String, after first: Mark, in yaml: String) -> Int? {
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let indent = first.column - 1
        var number = first.line
        while number < lines.count {
            let line = lines[number]
            number += 1
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let column = line.count - content.count
            if column < indent { return nil }
            guard column == indent else { continue }
            // A list item's "- " ends the block of the first key's mapping.
            if content.hasPrefix("- ") || content == "-" { return nil }
            let name = content.prefix { $0 != ":" }.trimmingSpaces()
            if name == key || name == "\"\(key)\"" || name == "'\(key)'" {
                return number
            }
        }
        return nil
    }
}
