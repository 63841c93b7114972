/// One mailbox: an optional display name and the address.
///
/// `address` is `local@domain` as written, with CFWS removed and the domain lowercased (RFC 5321 §2.4:
/// the local part may be case-sensitive, the domain is not). A quoted local part keeps its quotes unless
/// they were needless (`"joe"@x` is `joe@x`).
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, RFC 2047 decoded and unquoted; nil when there is none.
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The part after the last `@`, or nil for an address without a domain.
    public var domain: String? {
        guard let at = address.utf8.lastIndex(of: ASCII.at) else { return nil }
        return String(address[address.utf8.index(after: at)...])
    }

    public var description: String {
        guard let name else { return address }
        return "\"\(name)\" <\(address)>"
    }
}
