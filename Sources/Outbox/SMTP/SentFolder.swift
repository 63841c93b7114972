import CCurl
import Foundation
import MaildConfig
import Transport

/// Appends a copy of each sent message to an IMAP folder (RFC 3501 §6.3.11 APPEND) through libcurl, so
/// agents see the helpdesk's replies in their mail client's Sent folder. A failed copy is logged by the
/// caller and never changes the send's outcome: the message has left.
///
/// Blocking: use from one dedicated thread.
final class SentFolder {
    private let curl = CurlHandle()
    private let upload = CurlUpload()
    let folder: String

    init(account: IMAPAccount, password: String, folder: String) {
        self.folder = folder
        // libcurl sends the path as the mailbox name (URL-decoded): encode what a URL path cannot hold.
        let path = folder.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#%")))
            ?? folder
        curl.set(CURLOPT_URL, account.url + "/" + path)
        curl.set(CURLOPT_USERNAME, account.username)
        curl.set(CURLOPT_PASSWORD, password)
        switch account.security {
        case .implicitTLS: break
        case .startTLS: curl.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .insecure: curl.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        if let caFile = account.caFile { curl.set(CURLOPT_CAINFO, caFile) }
        curl.set(CURLOPT_CONNECTTIMEOUT, 60)
        curl.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        curl.set(CURLOPT_LOW_SPEED_TIME, 60)
    }

    /// Nil on success, else why the copy failed.
    func append(_ message: [UInt8]) -> String? {
        upload.prepare(curl, bytes: message)
        defer { upload.clear() }
        let code = curl_easy_perform(curl.raw)
        return code == CURLE_OK ? nil : "cannot append to IMAP folder \(folder): \(curl.message(for: code))"
    }
}
