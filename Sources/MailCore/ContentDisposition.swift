/// A Content-Disposition field (RFC 2183): `inline` or `attachment` (or another token, kept in lower
/// case) and the decoded parameters, `filename` above all (RFC 2231 continuations and charsets included).
public struct ContentDisposition: Sendable, Hashable {
    /// The disposition type in lower case; empty when the field has only parameters.
    public var kind: String
    public var parameters: [String: String]

    public init(kind: String, parameters: [String: String] = [:]) {
        self.kind = kind.lowercased()
        self.parameters = parameters
    }

    public init(parsing value: some Collection<UInt8>) {
        let parsed = ParameterizedValue(parsing: value)
        kind = String(decoding: parsed.value.map(ASCII.lowercased), as: UTF8.self)
        parameters = parsed.parameters
    }

    /// The decoded `filename` parameter.
    public var filename: String? { parameters["filename"] }

    /// True for `inline`. RFC 2183 §2.8: an unknown disposition type is to be treated as `attachment`.
    public var isInline: Bool { kind == "inline" }
}
