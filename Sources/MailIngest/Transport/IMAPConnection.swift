import CCurl
import Transport
import Foundation
import MaildConfig

/// One logged-in IMAP connection. libcurl connects, does TLS (implicit or STARTTLS) and logs in
/// (CURLOPT_CONNECT_ONLY); after that maild speaks IMAP itself over curl_easy_send/recv, because libcurl's
/// custom-request path mangles message bodies (curl issues #1150, #18847, #22865).
///
/// Blocking: every call waits on the socket. Use it from one dedicated thread, never the cooperative pool.
final class IMAPConnection {
    private let curl = CurlHandle()
    private var parser = IMAPResponseParser()
    private var nextTag = 1
    private let timeoutMilliseconds: Int32
    private var readBuffer = [UInt8](repeating: 0, count: 256 * 1024)
    let server: String
    /// What the server announced after login (RFC 3501 §7.2.1), upper-cased: ESEARCH, IDLE, …
    private(set) var capabilities = Set<String>()

    init(account: IMAPAccount, password: String, timeout: Duration = .seconds(60), maxLiteralBytes: Int) throws(IMAPError) {
        server = "\(account.host):\(account.port)"
        timeoutMilliseconds = Int32(timeout.components.seconds * 1000)
        // A plain SEARCH answer is one line of every matching UID: allow a large mailbox's backlog.
        parser = IMAPResponseParser(maxLiteralBytes: maxLiteralBytes, maxLineBytes: 16 << 20)
        curl.set(CURLOPT_URL, account.url + "/")
        curl.set(CURLOPT_USERNAME, account.username)
        curl.set(CURLOPT_PASSWORD, password)
        curl.set(CURLOPT_CONNECT_ONLY, 1)
        curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(timeoutMilliseconds))
        // A kept connection that a NAT or firewall silently dropped is noticed by the kernel, not a poll timeout.
        curl.set(CURLOPT_TCP_KEEPALIVE, 1)
        switch account.security {
        case .implicitTLS: break
        case .startTLS: curl.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .insecure: curl.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        if let caFile = account.caFile { curl.set(CURLOPT_CAINFO, caFile) }
        let code = curl_easy_perform(curl.raw)
        guard code == CURLE_OK else { throw Self.connectError(code, curl: curl, server: server, user: account.username) }
        // libcurl read the post-login capabilities for itself; ask again to learn them.
        try run("CAPABILITY") { response throws(IMAPError) in
            if case let .capability(list) = response { capabilities.formUnion(list.map { $0.uppercased() }) }
        }
    }

    private static func connectError(_ code: CURLcode, curl: CurlHandle, server: String, user: String) -> IMAPError {
        let detail = curl.message(for: code)
        switch code {
        case CURLE_LOGIN_DENIED:
            return IMAPError(.login, "\(server) refused the login of \(user): check username and password (\(detail))")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            return IMAPError(.connect, "cannot connect to \(server): \(detail)")
        case CURLE_OPERATION_TIMEDOUT:
            return IMAPError(.timeout, "\(server) did not answer in time: \(detail)")
        case CURLE_USE_SSL_FAILED:
            return IMAPError(.tls, "\(server) does not offer STARTTLS: use imaps:// or, on a trusted network only, allow_insecure: true")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return IMAPError(.tls, "TLS with \(server) failed: \(detail) (for a private CA, set ca_file)")
        default:
            return IMAPError(.connect, "connecting to \(server) failed: \(detail)")
        }
    }

    /// libcurl's cleanup of an IMAP connection sends its own LOGOUT and waits for the answer, reading
    /// whatever of ours is still unread; with the socket shut down first it gives up at once.
    deinit {
        if let socket = curl.activeSocket { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    // MARK: Commands

    /// Sends a command and returns its tag, without waiting: several commands may be in flight (RFC 3501 §5.5).
    @discardableResult
    func send(_ command: String) throws(IMAPError) -> String {
        let tag = "m\(nextTag)"
        nextTag += 1
        try write(Array("\(tag) \(command)\r\n".utf8))
        return tag
    }

    /// Reads responses until the tagged completion of `tag`, handing every untagged response to `untagged`.
    /// Commands must be finished in the order they were sent.
    @discardableResult
    func finish(_ tag: String, command: String, untagged: (IMAPUntagged) throws(IMAPError) -> Void = { _ in })
        throws(IMAPError) -> (code: IMAPResponseCode?, text: String)
    {
        while true {
            switch try readResponse() {
            case let .untagged(.status(.bye, _, text)):
                throw IMAPError(.connectionLost, "\(server) closed the connection during \(command): \(text)")
            case let .untagged(response):
                try untagged(response)
            case let .tagged(responseTag, status, code, text):
                guard responseTag == tag else {
                    throw IMAPError(.protocolViolation, "\(server) answered \(command) with an unexpected tag")
                }
                guard status == .ok else {
                    throw IMAPError(.commandFailed, "\(server) refused \(command): \(status.rawValue) \(text)")
                }
                return (code, text)
            case .continuation:
                throw IMAPError(.protocolViolation, "\(server) asked for a continuation during \(command)")
            }
        }
    }

    @discardableResult
    func run(_ command: String, untagged: (IMAPUntagged) throws(IMAPError) -> Void = { _ in })
        throws(IMAPError) -> (code: IMAPResponseCode?, text: String)
    {
        let tag = try send(command)
        return try finish(tag, command: Self.label(command), untagged: untagged)
    }

    /// A command as named in errors and logs: its words without long UID sets.
    static func label(_ command: String) -> String {
        command.count <= 40 ? command : String(command.prefix(40)) + "…"
    }

    // MARK: Bytes

    private func readResponse() throws(IMAPError) -> IMAPResponse {
        while true {
            do {
                if let response = try parser.next() { return response }
            } catch {
                throw IMAPError(.protocolViolation, "\(server) sent something that is not IMAP: \(error)")
            }
            try fill()
        }
    }

    private func fill() throws(IMAPError) {
        while true {
            var received = 0
            let code = readBuffer.withUnsafeMutableBytes { buffer in
                curl_easy_recv(curl.raw, buffer.baseAddress, buffer.count, &received)
            }
            switch code {
            case CURLE_OK:
                guard received > 0 else {
                    throw IMAPError(.connectionLost, "\(server) closed the connection")
                }
                readBuffer.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
                return
            case CURLE_AGAIN:
                try wait(for: Int16(POLLIN))
            default:
                throw IMAPError(.connectionLost, "reading from \(server) failed: \(curl.message(for: code))")
            }
        }
    }

    private func write(_ bytes: [UInt8]) throws(IMAPError) {
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let code = bytes.withUnsafeBytes { buffer in
                curl_easy_send(curl.raw, buffer.baseAddress! + offset, buffer.count - offset, &sent)
            }
            switch code {
            case CURLE_OK: offset += sent
            case CURLE_AGAIN: try wait(for: Int16(POLLOUT))
            default: throw IMAPError(.connectionLost, "writing to \(server) failed: \(curl.message(for: code))")
            }
        }
    }

    private func wait(for events: Int16) throws(IMAPError) {
        guard let socket = curl.activeSocket else {
            throw IMAPError(.connectionLost, "the connection to \(server) is gone")
        }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready == 0 {
            throw IMAPError(.timeout, "\(server) sent nothing for \(timeoutMilliseconds / 1000) s")
        }
        if ready < 0 && errno != EINTR {
            throw IMAPError(.connectionLost, "waiting for \(server) failed: \(String(cString: strerror(errno)))")
        }
    }
}
