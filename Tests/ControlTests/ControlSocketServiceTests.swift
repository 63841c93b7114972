import Foundation
import Glibc
import Logging
import ServiceLifecycle
import TestSupport
import Testing
@testable import Control

/// The control socket in this process, over a real Unix socket, with the backend in memory.
@Suite(.timeLimit(.minutes(1)))
struct ControlSocketServiceTests {
    let directory = Paths.temporaryDirectory("control")
    var path: String { directory.appendingPathComponent("control.sock").path }

    /// Runs the service while `body` runs, then stops it gracefully and waits for it to end.
    func serving(_ backend: FakeBackend = FakeBackend(), _ body: () async throws -> Void) async throws {
        let listener = try ControlListener(path: path)
        let service = ControlSocket(listener: listener, dispatcher: ControlDispatcher(backend: backend, logger: Logger(label: "test")),
                                    logger: Logger(label: "test"))
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func severalRequestsOnOneConnectionAreAnsweredInOrderEvenAfterABadOne() async throws {
        try await serving {
            let client = try RawClient(path)
            await client.write("{\"command\":\"status\"}\n{not json\n{\"command\":\"outbox\"}\n")
            #expect(await client.readLine()?.hasPrefix(#"{"channels":"#) == true)
            #expect(await client.readLine()?.hasPrefix(#"{"error":{"code":"bad_request","message":"not valid JSON"#) == true)
            #expect(await client.readLine() == #"{"items":[],"ok":true}"#)
        }
    }

    /// Timing-free: the stuck `status` is released only after the other client was answered, which a
    /// server handling one connection at a time could never do.
    @Test func aSilentClientAndAStuckCommandDoNotHoldUpAnother() async throws {
        let gate = Gate()
        try await serving(FakeBackend(statusGate: gate)) {
            let silent = try RawClient(path)
            let stuck = try RawClient(path)
            await stuck.write("{\"command\":\"status\"}\n")
            let line = try await offPool { try ControlClient.exchange(.outbox(state: nil), socket: path, timeout: 60) }
            #expect(String(decoding: line, as: UTF8.self) == #"{"items":[],"ok":true}"#)
            gate.open()
            #expect(await stuck.readLine()?.contains("\"ok\":true") == true)
            _ = silent
        }
    }

    @Test func aLineOverOneMebibyteIsRefusedAndTheConnectionClosed() async throws {
        try await serving {
            let client = try RawClient(path)
            await client.write(String(repeating: "x", count: (1 << 20) + 10))
            #expect(await client.readLine()?.hasPrefix(#"{"error":{"code":"request_too_large""#) == true)
            #expect(await client.readLine() == nil, "closed")
        }
    }

    @Test func theFileIsModeSixSixtyAndGoneAfterAGracefulStopWithAClientConnected() async throws {
        var client: RawClient?
        try await serving {
            var status = stat()
            #expect(lstat(path, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o660)
            #expect((status.st_mode & S_IFMT) == S_IFSOCK)
            client = try RawClient(path)   // idle: the stop must not wait for its 30 s timeout
        }
        #expect(access(path, F_OK) != 0)
        // Closed by the stop: after waiting out its idle timeout instead, it would have been told idle_timeout first.
        #expect(await client?.readLine() == nil)
    }

    @Test func aStaleSocketIsReplacedButAnyOtherFileIsLeftAlone() async throws {
        // A socket file nothing listens on, as a crash leaves it.
        let fd = UnixSocket.make()
        _ = UnixSocket.withAddress(path) { bind(fd, $0, $1) }
        close(fd)
        try await serving {
            let line = try await offPool { try ControlClient.exchange(.status, socket: path, timeout: 60) }
            #expect(String(decoding: line, as: UTF8.self).contains(#""ok":true"#))
        }

        try Data("notes".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ControlSocketError.self) { try ControlListener(path: path) }
        #expect(error?.description.contains("exists and is not a socket; maild will not remove it") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "notes")
    }

    @Test func aSecondDaemonOnTheSameSocketIsRefused() async throws {
        try await serving {
            let error = #expect(throws: ControlSocketError.self) { try ControlListener(path: path) }
            #expect(error?.description.contains("another maild is listening on it") == true)
        }
    }

    @Test func aMissingDirectorySaysHowToCreateIt() {
        let error = #expect(throws: ControlSocketError.self) { try ControlListener(path: "/nonexistent-maild/control.sock") }
        #expect(error?.description.contains("the directory /nonexistent-maild does not exist") == true)
        #expect(error?.description.contains("RuntimeDirectory=maild") == true)
    }

    @Test func theClientExplainsANonexistentSocket() {
        let error = #expect(throws: ControlClient.Failure.self) { try ControlClient.exchange(.status, socket: path, timeout: 1) }
        #expect(error?.description
                == "cannot connect to maild's control socket \(path): no such file. Is maild running? Is this the control_socket of its config?")
    }
}

/// Runs a blocking call on a Dispatch thread: blocking the test's own thread, one of Swift's pool on a
/// 2-core machine, would starve the server's dispatch tasks.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// A client that writes raw bytes and reads lines, as a script with socat would; each call off the pool.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    private var buffer = [UInt8]()

    init(_ path: String) throws {
        fd = UnixSocket.make()
        guard UnixSocket.withAddress(path, { connect(fd, $0, $1) }) == 0 else {
            throw Shell.Failure(description: "cannot connect to \(path): \(UnixSocket.errorText(errno))")
        }
        // Generous: other suites in the same run may hold Swift's pool (and with it the server's dispatch) for seconds.
        UnixSocket.setTimeouts(fd, receive: 60, send: 60)
    }

    deinit { close(fd) }

    func write(_ text: String) async { _ = try? await offPool { UnixSocket.sendAll(self.fd, Array(text.utf8)) } }

    /// The next line, or nil when the server closed the connection.
    func readLine() async -> String? { try? await offPool { self.readLineBlocking() } }

    private func readLineBlocking() -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                defer { buffer.removeFirst(newline + 1) }
                return String(decoding: buffer[..<newline], as: UTF8.self)
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
