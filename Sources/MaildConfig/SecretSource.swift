#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a password comes from. The configuration names the place, never the secret itself, so
/// the file can be world-readable and shown in a bug report.
public enum SecretSource: Sendable, Equatable {
    /// A file holding the password (typically mode 0600, owned by the maild user).
    case file(String)
    /// The name of an environment variable holding the password (systemd `Environment=`,
    /// `EnvironmentFile=` or a container's secret injection).
    case environment(String)

    /// Reads the secret now. One trailing newline (`\n` or `\r\n`) is removed, because editors and
    /// `echo` add one; anything else is kept as is. The error names the file or the variable but
    /// never contains a byte of the secret.
    public func read() throws(ConfigError) -> String {
        switch load() {
        case .success(let secret):
            return secret
        case .failure(let failure):
            switch self {
            case .file(let path):
                throw ConfigError(file: path, message: failure.message)
            case .environment:
                throw ConfigError(file: "", key: "password_env", message: failure.message)
            }
        }
    }

    /// Why a secret could not be had, phrased to follow the setting's location in a problem.
    struct Failure: Error {
        let message: String
    }

    func load() -> Result<String, Failure> {
        let bytes: [UInt8]
        let origin: String
        switch self {
        case .file(let path):
            origin = "password file \(path)"
            switch FileBytes.contents(of: path) {
            case .success(let read):
                bytes = read
            case .failure(let failure):
                return .failure(Failure(message: "cannot read the \(origin): \(failure.reason)"))
            }
        case .environment(let name):
            origin = "environment variable \(name)"
            guard let value = getenv(name) else {
                return .failure(Failure(message: "the \(origin) is not set"))
            }
            bytes = Array(String(cString: value).utf8)
        }
        var secret = bytes[...]
        if secret.last == UInt8(ascii: "\n") {
            secret = secret.dropLast()
            if secret.last == UInt8(ascii: "\r") {
                secret = secret.dropLast()
            }
        }
        guard !secret.isEmpty else {
            return .failure(Failure(message: "the \(origin) is empty"))
        }
        guard let text = String(validating: secret, as: UTF8.self) else {
            return .failure(Failure(message: "the \(origin) is not valid UTF-8"))
        }
        return .success(text)
    }
}
