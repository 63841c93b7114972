import CCurl

/// The bytes an upload sends (SMTP DATA, IMAP APPEND), read by libcurl through CURLOPT_READFUNCTION.
/// Owned by the caller for the length of `curl_easy_perform`; used by that thread only.
public final class CurlUpload {
    var bytes: [UInt8] = []
    var offset = 0

    public init() {}

    /// Points `curl` at this upload and sets `bytes` as what the next perform sends.
    public func prepare(_ curl: CurlHandle, bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
        curl.set(CURLOPT_UPLOAD, 1)
        maild_curl_setopt_off(curl.raw, CURLOPT_INFILESIZE_LARGE, curl_off_t(bytes.count))
        maild_curl_setopt_pointer(curl.raw, CURLOPT_READDATA, Unmanaged.passUnretained(self).toOpaque())
        maild_curl_setopt_data_callback(curl.raw, CURLOPT_READFUNCTION, curlUploadRead)
    }

    /// Frees the bytes once the perform is over.
    public func clear() {
        bytes = []
        offset = 0
    }
}

private func curlUploadRead(_ buffer: UnsafeMutablePointer<CChar>?, size: Int, count: Int, user: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let user else { return 0 }
    let upload = Unmanaged<CurlUpload>.fromOpaque(user).takeUnretainedValue()
    let length = min(size * count, upload.bytes.count - upload.offset)
    guard length > 0 else { return 0 }
    upload.bytes.withUnsafeBytes { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + upload.offset, byteCount: length)
    }
    upload.offset += length
    return length
}
