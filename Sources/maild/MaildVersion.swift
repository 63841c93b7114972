/// The version `maild --version` and the control socket's `status` report.
enum MaildVersion {
    static let current = "0.1.0-dev"
}
