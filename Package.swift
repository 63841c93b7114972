// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "maild",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "maild", targets: ["maild"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // C shim: libcurl's variadic setopt/getinfo wrapped in typed static-inline functions.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // C shim: the system's OpenSSL libcrypto, for SHA-256 and HMAC.
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Pure: RFC 5322 / MIME parsing and writing. No I/O, nothing of ours imported.
        .target(name: "MailCore"),
        // Pure: conversation decisions.
        .target(name: "Threading"),
        // SQLite storage through GRDB: schema, migrations, one transaction per invariant.
        .target(name: "MailStore", dependencies: [
            "MailCore", "Threading",
            .product(name: "GRDB", package: "GRDB.swift"),
            "COpenSSL",
        ]),
        // libcurl easy handles and the threads blocking C calls run on: shared by MailIngest and Outbox.
        .target(name: "Transport", dependencies: ["CCurl"]),
        // IMAP over libcurl, the IMAP response parser, the channel poller.
        .target(name: "MailIngest", dependencies: [
            "CCurl", "Transport", "MailCore", "MailStore", "MaildConfig",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Agents' replies: validation, the schedule and retry policy (pure), SMTP over libcurl, the drain service.
        .target(name: "Outbox", dependencies: [
            "CCurl", "Transport", "MailCore", "MailStore", "MaildConfig",
            .product(name: "HeapModule", package: "swift-collections"),
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The config structs and their YAML reader; Threading for the ticket token format it validates.
        .target(name: "MaildConfig", dependencies: ["Threading", .product(name: "Yams", package: "Yams")]),
        // The control socket: its protocol (pure request/response types and dispatch), the Unix socket
        // service the daemon runs and the client end `maild ctl` uses.
        .target(name: "Control", dependencies: [
            "Outbox", "MailStore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "maild", dependencies: [
            "MailCore", "MailStore", "MailIngest", "Outbox", "MaildConfig", "Threading", "Control", "Transport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
        ]),
        // Helpers shared by the test targets (seeded randomness).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MailCoreTests", dependencies: ["MailCore", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MailIngestTests", dependencies: ["MailIngest", "TestSupport"]),
        .testTarget(name: "OutboxTests", dependencies: ["Outbox", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ControlTests", dependencies: ["Control", "TestSupport"]),
        .testTarget(name: "MailStoreTests", dependencies: [
            "MailStore", "MailCore", "Threading", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "MaildConfigTests", dependencies: ["MaildConfig", "Threading"]),
        .testTarget(name: "ThreadingTests", dependencies: ["Threading", "MailCore", "TestSupport"]),
        // Real Dovecot and the real maild binary; needs `swift build` first (scripts/test.sh does it).
        .testTarget(name: "IntegrationTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
