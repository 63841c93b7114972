import CCurl
import Foundation

/// Owns one libcurl easy handle, used by one thread at a time (libcurl's rule for easy handles).
/// libcurl's global init is not thread-safe, so it runs once, before any handle.
public final class CurlHandle {
    public let raw: UnsafeMutableRawPointer
    /// libcurl writes its last error text here (CURLOPT_ERRORBUFFER); it never contains the password.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init() {
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

    public func set(_ option: CURLoption, _ value: Int) { maild_curl_setopt_long(raw, option, value) }
    public func set(_ option: CURLoption, _ value: String) { maild_curl_setopt_string(raw, option, value) }

    /// libcurl's own words for the last failure, or its generic text for `code`.
    public func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    public var activeSocket: Int32? {
        var socket: curl_socket_t = -1
        guard maild_curl_getinfo_socket(raw, &socket) == CURLE_OK, socket != -1 else { return nil }
        return socket
    }
}
