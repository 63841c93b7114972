import MaildConfig
import Testing

/// `control_socket` as the daemon reads it, and as `maild ctl` reads it alone.
@Suite struct ControlSocketConfigTests {
    @Test func withoutTheKeyTheSocketIsUnderRunMaild() throws {
        #expect(try ConfigLoader.parse("log_level: info\n", file: "maild.yaml").controlSocket == "/run/maild/control.sock")
    }

    @Test func theKeySetsThePath() throws {
        let configuration = try ConfigLoader.parse("control_socket: /srv/maild/ctl.sock\n", file: "maild.yaml")
        #expect(configuration.controlSocket == "/srv/maild/ctl.sock")
    }

    @Test(arguments: [
        ("control_socket: control.sock\n", "maild.yaml:1: control_socket: expected an absolute path, got \"control.sock\""),
        ("control_socket: /run/maild/\n", "maild.yaml:1: control_socket: expected the socket file's path, got a directory \"/run/maild/\""),
        ("control_socket: /\(String(repeating: "x", count: 107))\n",
         "maild.yaml:1: control_socket: is 108 bytes long; a Unix socket path may have at most 107"),
        ("control_sock: /run/x.sock\n", "maild.yaml:1: control_sock: unknown key; did you mean control_socket?"),
    ])
    func aWrongPathIsReportedWithItsLine(yaml: String, expected: String) {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml, file: "maild.yaml") }
        do { _ = try ConfigLoader.parse(yaml, file: "maild.yaml") } catch { #expect(error.description == expected) }
    }

    /// An agent in the maild group reads the config but not the password files, which the full check opens.
    @Test func ctlReadsOnlyTheSocketEvenWhenAPasswordFileIsUnreadable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("maild.yaml", """
            control_socket: /srv/maild/ctl.sock
            channels:
              - name: support
                imap: {url: imaps://mail.example.com, username: s, password_file: \(directory.path)/missing.password}
            """)
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: file) }
        #expect(try ConfigLoader.controlSocket(path: file) == "/srv/maild/ctl.sock")
        let empty = try directory.write("empty.yaml", "")
        #expect(try ConfigLoader.controlSocket(path: empty) == MaildConfiguration.defaultControlSocket)
        #expect(throws: ConfigError.self) { try ConfigLoader.controlSocket(path: "\(directory.path)/nowhere.yaml") }
    }
}
