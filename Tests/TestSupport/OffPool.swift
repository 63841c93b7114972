import Dispatch

/// Runs blocking work (starting a server with a script, waitpid) on a Dispatch thread: an async test that
/// blocks Swift's cooperative pool, which has two threads on a 2-core machine, starves every other test.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
