/// The configuration cannot be used. Carries every problem found, in file order, so that an admin
/// fixes them all in one edit instead of one per restart.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(_ problems: [ConfigProblem]) {
        self.problems = problems
    }

    init(file: String, line: Int = 0, key: String = "", message: String) {
        self.init([ConfigProblem(file: file, line: line, key: key, message: message)])
    }

    /// One problem per line, each `FILE:LINE: key: message`.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
