import Dispatch

/// A serial queue of its own for blocking C calls (libcurl, SQLite): Dispatch runs it on a thread outside
/// Swift's cooperative pool, which on a 2-core machine has only two threads to give.
public struct BlockingThread: Sendable {
    private let queue: DispatchQueue

    public init(name: String) {
        queue = DispatchQueue(label: name)
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
