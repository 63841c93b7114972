import Foundation
import MaildConfig
import Testing

@Suite struct SecretSourceTests {
    @Test(arguments: [
        ("s3cret\n", "s3cret"),
        ("s3cret", "s3cret"),
        ("s3cret\r\n", "s3cret"),
        ("s3cret\n\n", "s3cret\n"),
        (" spaced out \n", " spaced out "),
    ])
    func aPasswordFileLosesOneTrailingNewlineAndNothingElse(contents: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("support.password", contents)

        #expect(try SecretSource.file(path).read() == expected)
    }

    @Test func anEmptyPasswordFileIsAnErrorNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("support.password", "\n")

        let error = #expect(throws: ConfigError.self) { try SecretSource.file(path).read() }

        #expect(error?.description == "\(path): the password file \(path) is empty")
    }

    @Test func aMissingPasswordFileIsAnErrorNamingTheFile() throws {
        let error = #expect(throws: ConfigError.self) { try SecretSource.file("/nonexistent/maild.password").read() }

        #expect(error?.description
            == "/nonexistent/maild.password: cannot read the password file /nonexistent/maild.password: No such file or directory")
    }

    @Test func aPasswordInTheEnvironmentIsReadByName() throws {
        setenv("MAILD_TEST_SECRET_PRESENT", "from-env\n", 1)

        #expect(try SecretSource.environment("MAILD_TEST_SECRET_PRESENT").read() == "from-env")
    }

    @Test func anUnsetEnvironmentVariableIsAnErrorNamingIt() {
        let error = #expect(throws: ConfigError.self) { try SecretSource.environment("MAILD_TEST_SECRET_UNSET").read() }

        #expect(error?.description == "password_env: the environment variable MAILD_TEST_SECRET_UNSET is not set")
    }

    // root reads a file whatever its mode, so only an unprivileged run can see the refusal.
    @Test(.enabled(if: geteuid() != 0))
    func aPasswordFileTheDaemonCannotReadIsReportedAtItsLineWithoutItsContents() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("support.password", "s3cret\n", permissions: 0o000)
        let yaml = """
            channels:
              - name: support
                imap:
                  url: imaps://mail.example.com
                  username: support
                  password_file: \(path)
            """

        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml, file: "maild.yaml") }

        #expect(error?.description
            == "maild.yaml:6: channels[0].imap.password_file: cannot read the password file \(path): Permission denied")
    }
}
