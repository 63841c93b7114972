/// One thing wrong with the configuration, located so that an admin can jump straight to it:
///
///     /etc/maild/maild.yaml:12: channels[1].imap.url: unsupported scheme "https"; use imaps:// or imap://
///
/// The message never contains a secret: values of `password_file`, `password_env` and URLs with
/// credentials in them are described, not quoted.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in: the configuration file, or a password file named by it.
    public var file: String
    /// 1-based line of the offending key or value; 0 when the problem concerns the file as a whole.
    public var line: Int
    /// Dotted path of the setting, like `channels[1].imap.url`; empty when no single key is at fault
    /// (a YAML syntax error, an unreadable file).
    public var key: String
    /// What is wrong and, where it can be told, what would be right.
    public var message: String

    public init(file: String, line: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `FILE:LINE: key: message`; the line is left out when it is 0, the key when it is empty,
    /// the file when it is empty (a problem with an environment variable).
    public var description: String {
        var parts: [String] = []
        if !file.isEmpty {
            parts.append(line > 0 ? "\(file):\(line)" : file)
        }
        if !key.isEmpty {
            parts.append(key)
        }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
