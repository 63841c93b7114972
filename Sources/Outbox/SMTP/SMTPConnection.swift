import CCurl
import Foundation
import MaildConfig
import Transport

/// What became of one send.
public enum SMTPOutcome: Sendable, Equatable {
    /// The server took the message for at least one recipient; `refused` lists the others with their replies.
    case accepted(refused: [String])
    /// 4xx, a network or TLS error: not delivered; try again later, same Message-ID.
    case temporary(String)
    /// The connection was lost after the data, before the server's reply: it may hold the message. Tried
    /// again like `temporary` (at least once beats never), but no longer cancellable.
    case deliveryUnknown(String)
    /// 5xx: the server will not take this message; retrying cannot help.
    case permanent(String)

    /// Whether the server may have kept the message although the send did not succeed.
    public var mayHaveBeenDelivered: Bool {
        if case .deliveryUnknown = self { return true }
        return false
    }
}

/// One channel's SMTP client over libcurl. The easy handle is kept, so consecutive sends reuse one
/// connection (libcurl keeps it open and checks it before reuse).
///
/// libcurl 7.88's SMTP, as observed: it neither converts bare LF nor dot-stuffs after one (the writer
/// produces CRLF only, so libcurl's dot-stuffing after CRLF is right); the EHLO name is the URL's path;
/// a refused RCPT fails the whole send unless MAIL_RCPT_ALLLOWFAILS (sic, three Ls in 7.88's header);
/// a refused RCPT returns CURLE_SEND_ERROR (55), a refusal after DATA CURLE_WEIRD_SERVER_REPLY (8), a
/// connection lost after DATA CURLE_RECV_ERROR (56) with 354 as the last code.
///
/// Blocking: use from one dedicated thread.
public final class SMTPConnection {
    private let curl = CurlHandle()
    private let account: SMTPAccount
    private let trace = TraceBox()
    private let upload = CurlUpload()

    /// `timeout`: how long a silent server is waited for. RFC 5321 §4.5.3.2 asks clients to wait up to 10
    /// minutes for the reply to the end of the data (servers scan content then); giving up sooner would
    /// turn a slow accept into "delivery unknown" and a second copy.
    public init(account: SMTPAccount, password: String?, heloName: String, timeout: Duration = .seconds(600)) {
        self.account = account
        curl.set(CURLOPT_URL, account.url + "/" + heloName)
        switch account.security {
        case .implicitTLS: break
        case .startTLS: curl.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .insecure: curl.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        if let caFile = account.caFile { curl.set(CURLOPT_CAINFO, caFile) }
        if let username = account.username, let password {
            curl.set(CURLOPT_USERNAME, username)
            curl.set(CURLOPT_PASSWORD, password)
        }
        let seconds = Int(timeout.components.seconds)
        curl.set(CURLOPT_CONNECTTIMEOUT, min(seconds, 30))
        // A stalled server, not a long upload, is the failure: under 1 byte/s for `timeout` aborts.
        curl.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        curl.set(CURLOPT_LOW_SPEED_TIME, seconds)
        curl.set(CURLOPT_TCP_KEEPALIVE, 1)
        curl.set(CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1)
        curl.set(CURLOPT_VERBOSE, 1)
        maild_curl_setopt_pointer(curl.raw, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(trace).toOpaque())
        maild_curl_setopt_debug_callback(curl.raw, smtpTraceCallback)
    }

    /// Sends `data` (CRLF line ends, not dot-stuffed) from `sender` to `recipients` (envelope addresses).
    public func send(from sender: String, to recipients: [String], data: [UInt8]) -> SMTPOutcome {
        trace.transcript.reset()
        upload.prepare(curl, bytes: data)
        defer { upload.clear() }
        curl.set(CURLOPT_MAIL_FROM, "<\(sender)>")
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        maild_curl_setopt_slist(curl.raw, CURLOPT_MAIL_RCPT, list)
        let code = curl_easy_perform(curl.raw)
        maild_curl_setopt_slist(curl.raw, CURLOPT_MAIL_RCPT, nil)
        let transcript = trace.transcript
        if code == CURLE_OK { return .accepted(refused: transcript.refusedRecipients) }
        var reply = 0
        maild_curl_getinfo_long(curl.raw, CURLINFO_RESPONSE_CODE, &reply)
        let server = "\(account.host):\(account.port)"
        let said = transcript.lastReply.map { "server said \"\($0)\"" } ?? curl.message(for: code)
        switch (code, reply) {
        case (CURLE_LOGIN_DENIED, _):
            // The message is fine; the account is not. Retried, so replies leave once an admin fixes it.
            return .temporary("SMTP login refused by \(server) (\(said)): check the channel's smtp username and password")
        case (_, 354):
            return .deliveryUnknown("connection to \(server) lost after the message was sent, delivery unknown (\(curl.message(for: code)))")
        case (_, 500..<600):
            return .permanent(said)
        case (_, 400..<500):
            return .temporary(said)
        default:
            return .temporary("cannot send through \(server): \(curl.message(for: code))")
        }
    }
}

/// State the C callbacks reach through their user pointer; touched only by the thread inside `send`.
private final class TraceBox {
    var transcript = SMTPTranscript()
}

private func smtpTraceCallback(_: UnsafeMutableRawPointer?, type: curl_infotype, data: UnsafeMutablePointer<CChar>?,
                               size: Int, user: UnsafeMutableRawPointer?) -> Int32 {
    guard let data, let user, type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT else { return 0 }
    let trace = Unmanaged<TraceBox>.fromOpaque(user).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    // Commands stay bytes: the transcript decodes RCPT TO only, never AUTH or its continuation lines.
    if type == CURLINFO_HEADER_OUT {
        trace.transcript.sent(bytes)
        return 0
    }
    let text = String(decoding: bytes, as: UTF8.self)
    for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) { trace.transcript.received(String(line)) }
    return 0
}
