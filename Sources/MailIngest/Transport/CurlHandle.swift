import CCurl
import Foundation

/// Owns one libcurl easy handle. libcurl's global init is not thread-safe, so it runs once, before any handle.
final class CurlHandle {
    let raw: UnsafeMutableRawPointer
    /// libcurl writes its last error text here (CURLOPT_ERRORBUFFER); it never contains the password.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    init() {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        raw = handle
        errorBuffer.initialize(to: 0)
        maild_curl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
        // Signals would interrupt every thread of the daemon; timeouts work without them.
        maild_curl_setopt_long(raw, CURLOPT_NOSIGNAL, 1)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) { maild_curl_setopt_long(raw, option, value) }
    func set(_ option: CURLoption, _ value: String) { maild_curl_setopt_string(raw, option, value) }

    /// libcurl's own words for the last failure, or its generic text for `code`.
    func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    var activeSocket: Int32? {
        var socket: curl_socket_t = -1
        guard maild_curl_getinfo_socket(raw, &socket) == CURLE_OK, socket != -1 else { return nil }
        return socket
    }
}
