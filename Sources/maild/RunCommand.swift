import ArgumentParser
import Control
import Logging
import MailIngest
import MailStore
import MaildConfig
import Outbox
import ServiceLifecycle

/// The daemon in the foreground: the one place that wires configuration, storage and services.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Runs the daemon in the foreground until SIGTERM or SIGINT.")

    @Option(help: "The config file.")
    var config: String = MaildConfiguration.defaultPath

    func run() async throws {
        let configuration = try loadConfiguration(config)
        let level = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "maild")
        let outbox: Outbox
        let store: MailStore
        do {
            let plain = try MailStore(path: configuration.database).configured(configuration, policies: configuration.ticketPolicies())
            outbox = Outbox(store: plain, channels: try configuration.outboxChannels(),
                            ownFiles: configuration.ownFiles(configFile: config), logger: logger)
            try await outbox.load()
            // Every other writer tells the outbox of the acknowledgements it queues.
            store = plain.withOutboxObserver { items in Task { await outbox.schedule(items) } }
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitStatus.failure
        }
        let pollers = configuration.channels.map { ChannelPoller(channel: $0, store: store, logger: logger) }
        // Opened here, before any service runs: a wrong path or a second daemon stops the start at once.
        let listener: ControlListener
        do { listener = try ControlListener(path: configuration.controlSocket) } catch {
            logger.critical("cannot start: \(error)")
            throw ExitStatus.failure
        }
        defer { listener.close() }
        let backend = DaemonControl(outbox: outbox, store: store, configuration: configuration, logger: logger)
        let control = ControlSocket(listener: listener, dispatcher: ControlDispatcher(backend: backend, logger: logger), logger: logger)
        logger.info("maild started", metadata: ["database": "\(configuration.database)", "channels": "\(pollers.count)"])
        let group = ServiceGroup(
            configuration: .init(
                // Stopped in reverse: the control socket first, so no reply is queued after the outbox stopped.
                services: pollers.map { .init(service: $0) } + [.init(service: outbox), .init(service: control)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("maild stopped")
    }
}
