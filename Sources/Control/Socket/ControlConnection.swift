import Dispatch
import Glibc
import Logging

/// One client, on a thread of its own: reads request lines, answers each in order, until the client
/// hangs up, stays silent for the idle timeout, sends a line over 1 MiB, or the daemon stops.
struct ControlConnection: Sendable {
    let fd: Int32
    let dispatcher: ControlDispatcher
    let registry: ConnectionRegistry
    let logger: Logger

    func serve() {
        defer { registry.close(fd) }
        UnixSocket.setTimeouts(fd, receive: ControlSocket.idleTimeoutSeconds, send: ControlSocket.sendTimeoutSeconds)
        let peer = UnixSocket.peer(fd)
        var lines = LineBuffer()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var ended = false
        while true {
            switch ended ? lines.finish() : lines.next() {
            case .line(let line):
                let response = Self.wait { await dispatcher.respond(to: line, peer: peer) }
                guard UnixSocket.sendAll(fd, response.line()), !registry.isStopping else { return }
            case .tooLong:
                logger.notice("control request over 1 MiB; closing the connection", metadata: ["peer": "\(peer)"])
                UnixSocket.sendAll(fd, ControlResponse.failure(.requestTooLarge).line())
                return
            case .needMore:
                if ended { return }
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    lines.append(chunk[0..<count])
                } else if count == 0 {
                    ended = true   // the client hung up, or shut its side after its last request: answer what came
                } else if errno == EINTR {
                    continue
                } else if errno == EAGAIN || errno == EWOULDBLOCK {
                    logger.debug("control connection idle; closing it", metadata: ["peer": "\(peer)"])
                    UnixSocket.sendAll(fd, ControlResponse.failure(.idle).line())
                    return
                } else {
                    return
                }
            }
        }
    }

    /// Runs `operation` on Swift's pool and blocks this thread (ours, not the pool's) until it is done.
    private static func wait<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await operation()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Written by one task before it signals, read by one thread after it waited: the semaphore orders them.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
