/// A set of UIDs in IMAP sequence-set syntax (RFC 3501 §9 `sequence-set`): `1:5,7,9:12`.
///
/// Always normalized: ranges sorted, disjoint and non-adjacent, so equal sets are `==` and
/// ``description`` is the shortest form. UIDs are `nz-number`: 0 is not a UID and is never stored.
public struct UIDSet: Sendable, Equatable, Hashable, Sequence, CustomStringConvertible {
    /// Sorted, disjoint, non-adjacent ranges, none containing 0.
    public private(set) var ranges: [ClosedRange<UInt32>]

    public init() { ranges = [] }

    /// The set of `uids`, in any order, duplicates allowed; 0 is ignored (it is not a UID).
    public init(_ uids: some Sequence<UInt32>) {
        self.init(ranges: uids.lazy.filter { $0 != 0 }.map { $0...$0 })
    }

    /// The union of `ranges`, in any order, overlapping or not; 0 is ignored.
    public init(ranges: some Sequence<ClosedRange<UInt32>>) {
        let sorted = ranges.compactMap { r -> ClosedRange<UInt32>? in
            r.upperBound == 0 ? nil : Swift.max(1, r.lowerBound)...r.upperBound
        }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        merged.reserveCapacity(sorted.count)
        for range in sorted {
            // `last.upperBound + 1` would overflow at UInt32.max; compare the other way round.
            if let last = merged.last, range.lowerBound - 1 <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Parses `1:3,5,7:*`. RFC 3501 §9: `*` is the largest UID in use, so it needs `largest`;
    /// without it a `*` is rejected. `n:m` with n > m means the same as `m:n` (§9, seq-range).
    public init(parsing text: some StringProtocol, largest: UInt32? = nil) throws(IMAPParseError) {
        var parsed: [ClosedRange<UInt32>] = []
        for item in text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let bounds = item.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2 else { throw Self.error("bad range", text) }
            let low = try Self.uid(bounds[0], largest: largest, in: text)
            let high = bounds.count == 2 ? try Self.uid(bounds[1], largest: largest, in: text) : low
            parsed.append(Swift.min(low, high)...Swift.max(low, high))
        }
        self.init(ranges: parsed)
    }

    /// Number of UIDs in the set.
    public var count: Int { ranges.reduce(0) { $0 + Int($1.count) } }
    public var isEmpty: Bool { ranges.isEmpty }

    /// `1:5,7,9:12`; empty for the empty set (which is not valid on the wire).
    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)" }
            .joined(separator: ",")
    }

    public func contains(_ uid: UInt32) -> Bool {
        // Binary search: ranges are sorted and disjoint.
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < uid { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(uid)
    }

    public func makeIterator() -> FlattenSequence<[ClosedRange<UInt32>]>.Iterator {
        ranges.joined().makeIterator()
    }

    private static func uid(
        _ bytes: some Collection<UInt8>, largest: UInt32?, in text: some StringProtocol
    ) throws(IMAPParseError) -> UInt32 {
        if bytes.elementsEqual("*".utf8) {
            guard let largest else { throw error("'*' without a largest UID", text) }
            return largest
        }
        guard !bytes.isEmpty else { throw error("empty number", text) }
        var value: UInt32 = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { throw error("not a number", text) }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt32(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else {
                throw IMAPParseError(.numberTooLarge, "UID over 4294967295", offset: 0, excerpt: excerpt(text))
            }
            value = sum
        }
        guard value != 0 else { throw error("UID 0", text) }
        return value
    }

    private static func error(_ detail: String, _ text: some StringProtocol) -> IMAPParseError {
        IMAPParseError(.syntax, "sequence set: \(detail)", offset: 0, excerpt: excerpt(text))
    }

    private static func excerpt(_ text: some StringProtocol) -> String {
        IMAPParseError.escape(ArraySlice(text.utf8.prefix(IMAPParseError.excerptLimit)))
    }
}
