import Synchronization

/// Set when the daemon shuts down, read by blocking work between two steps that are safe to stop at.
public final class StopFlag: Sendable {
    struct Stopped: Error {}

    private let value = Atomic<Bool>(false)

    public init() {}

    public func set() { value.store(true, ordering: .relaxed) }

    func check() throws(Stopped) {
        if value.load(ordering: .relaxed) { throw Stopped() }
    }
}
