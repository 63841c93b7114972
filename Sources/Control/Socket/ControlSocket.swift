import Foundation
import Logging
import ServiceLifecycle

/// The control socket as a service: accepts clients on a thread of its own and serves each on its own
/// thread, so a client that connects and says nothing holds one idle thread, never another client, and
/// blocking reads never run on Swift's cooperative pool (two threads on a 2-core machine).
///
/// Threads rather than one connection at a time: a `send` reads attachments and writes the database, and
/// a slow client would make every agent behind it wait. Rather than an event loop: a few agents' tools
/// at a time is the expected load, and a thread per connection keeps each one a plain read-answer loop.
/// `maxConnections` bounds the threads; the idle timeout returns them.
public struct ControlSocket: Service {
    public static let idleTimeoutSeconds = 30
    static let sendTimeoutSeconds = 10
    public static let maxConnections = 32

    private let listener: ControlListener
    private let dispatcher: ControlDispatcher
    private let logger: Logger

    public init(listener: ControlListener, dispatcher: ControlDispatcher, logger: Logger) {
        self.listener = listener
        self.dispatcher = dispatcher
        self.logger = logger
    }

    /// Serves until a graceful shutdown or cancellation: then stops accepting, lets the requests being
    /// handled finish, closes every connection and removes the socket file.
    public func run() async throws {
        let connections = ConnectionRegistry(limit: Self.maxConnections)
        let (listener, logger) = (self.listener, self.logger)
        let stop: @Sendable () -> Void = {
            listener.stop()
            connections.stopAll()
        }
        logger.info("control socket listening", metadata: ["path": "\(listener.path)"])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    let thread = Thread {
                        acceptLoop(connections)
                        done.resume()
                    }
                    thread.name = "maild-control"
                    thread.start()
                }
                await connections.waitUntilEmpty()
            } onGracefulShutdown: { stop() }
        } onCancel: { stop() }
        listener.close()
        logger.info("control socket closed", metadata: ["path": "\(listener.path)"])
    }

    private func acceptLoop(_ connections: ConnectionRegistry) {
        while let fd = listener.accept() {
            switch connections.admit(fd) {
            case .admitted:
                let connection = ControlConnection(fd: fd, dispatcher: dispatcher, registry: connections, logger: logger)
                let thread = Thread { connection.serve() }
                thread.name = "maild-control-client"
                thread.start()
            case .busy:
                logger.warning("too many control connections; refusing one", metadata: ["limit": "\(Self.maxConnections)"])
                UnixSocket.setTimeouts(fd, receive: 1, send: 1)
                UnixSocket.sendAll(fd, ControlResponse.failure(.busy).line())
                close(fd)
            case .stopping:
                close(fd)
            }
        }
    }
}
