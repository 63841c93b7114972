/// A Content-Type field (RFC 2045 §5.1): `type/subtype` in lower case and the decoded parameters.
///
/// `init?(parsing:)` is nil for a value that is not `type/subtype` (`text`, `/plain`, empty); the caller
/// then reads the part as text/plain, as RFC 2045 §5.2 recommends for a syntactically invalid field.
public struct ContentType: Sendable, Hashable, CustomStringConvertible {
    /// The top-level media type in lower case: `text`, `multipart`, `application` …
    public var type: String
    public var subtype: String
    /// Parameters by lower-case name, RFC 2231 and RFC 2047 decoded (see `ParameterizedValue`).
    public var parameters: [String: String]
    /// The boundary as raw bytes, so an 8-bit boundary still matches the body byte for byte.
    var boundaryBytes: [UInt8]?

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
        self.boundaryBytes = parameters["boundary"].map { Array($0.utf8) }
    }

    public init?(parsing value: some Collection<UInt8>) {
        let parsed = ParameterizedValue(parsing: value)
        guard let slash = parsed.value.firstIndex(of: 0x2F), slash > 0, slash + 1 < parsed.value.count else {
            return nil
        }
        type = String(decoding: parsed.value[..<slash].map(ASCII.lowercased), as: UTF8.self)
        subtype = String(decoding: parsed.value[(slash + 1)...].map(ASCII.lowercased), as: UTF8.self)
        parameters = parsed.parameters
        boundaryBytes = parsed.boundary
    }

    /// RFC 2045 §5.2: what a part without a Content-Type is.
    public static let textPlain = ContentType(type: "text", subtype: "plain")
    /// RFC 2046 §5.1.5: what a part of a multipart/digest without a Content-Type is.
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// `type/subtype`, lower case.
    public var mimeType: String { type + "/" + subtype }

    /// The declared charset, in lower case, or nil when undeclared.
    public var charset: String? { parameters["charset"].map { $0.lowercased() } }

    /// The `name` parameter (RFC 1341; still what many mailers put the file name in).
    public var name: String? { parameters["name"] }

    public var isMultipart: Bool { type == "multipart" }

    /// message/rfc822 and message/global (RFC 6532): an attached message, parsed as a nested message.
    public var isEncapsulatedMessage: Bool {
        type == "message" && (subtype == "rfc822" || subtype == "global")
    }

    public var description: String {
        parameters.keys.sorted().reduce(mimeType) { $0 + "; \($1)=\"\(parameters[$1]!)\"" }
    }
}
