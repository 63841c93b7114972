import Foundation

/// Where the package, its scripts and its built binary are, found from this file's path.
public enum Paths {
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func script(_ name: String) -> String { packageRoot.appendingPathComponent("scripts/\(name)").path }

    /// The maild binary of the build these tests belong to (`swift build` before `swift test`).
    public static var maild: String {
        if let path = ProcessInfo.processInfo.environment["MAILD_BINARY"] { return path }
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()  // …/debug/
        for candidate in [bundle.appendingPathComponent("maild"),
                          packageRoot.appendingPathComponent(".build/debug/maild")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        return packageRoot.appendingPathComponent(".build/debug/maild").path
    }

    public static func temporaryDirectory(_ label: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("maild-\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static let corpora = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
}
