import Glibc
import Synchronization

/// The open client connections: how many there may be, and how they are all woken at shutdown.
/// Descriptors are shut down and closed under one lock, so shutting one down never hits a number the
/// kernel has already handed to another file (an IMAP connection, the database).
final class ConnectionRegistry: Sendable {
    enum Admission { case admitted, busy, stopping }

    private struct State {
        var open: Set<Int32> = []
        var stopping = false
        var whenEmpty: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func admit(_ fd: Int32) -> Admission {
        state.withLock { state in
            if state.stopping { return .stopping }
            if state.open.count >= limit { return .busy }
            state.open.insert(fd)
            return .admitted
        }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    func close(_ fd: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open.remove(fd)
            Glibc.close(fd)
            guard state.open.isEmpty else { return [] }
            defer { state.whenEmpty = [] }
            return state.whenEmpty
        }
        for waiter in waiters { waiter.resume() }
    }

    /// No new connections; each open one sees end-of-file at its next read. A request being handled is
    /// answered first: its write side stays open.
    func stopAll() {
        state.withLock { state in
            state.stopping = true
            for fd in state.open { Glibc.shutdown(fd, Int32(SHUT_RD)) }
        }
    }

    func waitUntilEmpty() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let empty = state.withLock { state in
                if state.open.isEmpty { return true }
                state.whenEmpty.append(continuation)
                return false
            }
            if empty { continuation.resume() }
        }
    }
}
