import Foundation
import HeapModule

/// The due times of queued items, earliest first: what the drain waits for. Pure; loaded from the
/// database at start and kept in memory, so waking for the next item costs nothing while idle.
///
/// An entry is only a hint: a cancelled item stays in the heap until it comes due, then its claim (a
/// compare-and-set in the database) fails and nothing is sent. That keeps cancel one database write.
public struct OutboxSchedule: Sendable {
    struct Entry: Comparable, Sendable {
        var due: Date
        var id: Int64
        var channel: String
        static func < (a: Entry, b: Entry) -> Bool { (a.due, a.id) < (b.due, b.id) }
        static func == (a: Entry, b: Entry) -> Bool { a.id == b.id && a.due == b.due }
    }

    private var heap = Heap<Entry>()

    public init() {}

    public var count: Int { heap.count }

    public mutating func add(_ id: Int64, channel: String, due: Date) {
        heap.insert(Entry(due: due, id: id, channel: channel))
    }

    /// The earliest due time, nil when nothing is queued.
    public var nextDue: Date? { heap.min?.due }

    /// Removes and returns the items due at `now`, earliest first.
    public mutating func popDue(at now: Date) -> [(id: Int64, channel: String)] {
        var due = [(id: Int64, channel: String)]()
        while let first = heap.min, first.due <= now {
            let entry = heap.removeMin()
            due.append((entry.id, entry.channel))
        }
        return due
    }
}
