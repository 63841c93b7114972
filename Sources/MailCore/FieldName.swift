import Glibc

/// Header field names that nearly every message carries, interned: the scanner reuses one `String` for
/// each (no allocation or UTF-8 validation per field) and notes which fields `MessageHead` reads, so it
/// need not compare names again.
enum FieldName {
    /// The fields `MessageHead` reads, then the MIME fields `MimeMessage` reads from every part header.
    enum Known: UInt8 {
        case messageID, subject, from, sender, to, cc, replyTo, date, inReplyTo, references
        case contentType, contentTransferEncoding, contentDisposition, contentID
    }

    private struct Entry {
        var name: String
        var exact: [UInt8]
        var lowercased: [UInt8]
        var known: Known?
    }

    /// Entries bucketed by name length. Spellings are the ones mailers write; a name in another case still
    /// matches (and keeps its own spelling).
    private static let buckets: [[Entry]] = {
        let names: [(String, Known?)] = [
            ("Message-ID", .messageID), ("Message-Id", .messageID), ("Subject", .subject), ("From", .from),
            ("Sender", .sender), ("To", .to), ("Cc", .cc), ("CC", .cc), ("Reply-To", .replyTo), ("Date", .date),
            ("In-Reply-To", .inReplyTo), ("References", .references),
            ("Received", nil), ("Return-Path", nil), ("Return-path", nil), ("MIME-Version", nil),
            ("Mime-Version", nil), ("Content-Type", .contentType), ("Content-type", .contentType),
            ("Content-Transfer-Encoding", .contentTransferEncoding),
            ("Content-transfer-encoding", .contentTransferEncoding), ("Content-Disposition", .contentDisposition),
            ("Content-disposition", .contentDisposition), ("Content-ID", .contentID), ("Content-Id", .contentID),
            ("Content-Description", nil), ("Content-Language", nil), ("DKIM-Signature", nil),
            ("X-Received", nil), ("ARC-Seal", nil), ("ARC-Message-Signature", nil),
            ("ARC-Authentication-Results", nil), ("Authentication-Results", nil), ("Received-SPF", nil),
            ("Delivered-To", nil), ("X-Original-To", nil), ("Envelope-to", nil), ("User-Agent", nil),
            ("X-Mailer", nil), ("List-Id", nil), ("List-ID", nil), ("List-Unsubscribe", nil), ("List-Post", nil),
            ("List-Help", nil), ("List-Subscribe", nil), ("List-Archive", nil), ("Precedence", nil),
            ("Auto-Submitted", nil), ("X-Mailing-List", nil), ("Mailing-List", nil), ("Organization", nil),
            ("Errors-To", nil), ("Lines", nil), ("X-From", nil), ("Archived-At", nil), ("X-Scanned-By", nil),
            ("Thread-Topic", nil), ("Thread-Index", nil), ("Importance", nil), ("X-Priority", nil),
            ("X-Spam-Status", nil), ("X-Spam-Score", nil), ("X-Spam-Level", nil), ("X-Google-Smtp-Source", nil),
            ("X-Gm-Message-State", nil), ("X-Google-DKIM-Signature", nil), ("X-MS-Has-Attach", nil),
            ("X-MS-TNEF-Correlator", nil), ("X-Virus-Scanned", nil), ("X-Original-Sender", nil),
        ]
        var buckets = [[Entry]](repeating: [], count: 32)
        for (name, known) in names {
            let exact = Array(name.utf8)
            buckets[exact.count].append(Entry(name: name, exact: exact, lowercased: exact.map(ASCII.lowercased),
                                              known: known))
        }
        return buckets
    }()

    /// The name as written, interned when it is a common one, and which known field it is.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Known?) {
        guard bytes.count < buckets.count, let base = bytes.baseAddress else {
            return (String(decoding: bytes, as: UTF8.self), nil)
        }
        let bucket = buckets[bytes.count]
        for entry in bucket where entry.exact.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
            return (entry.name, entry.known)
        }
        let known = bucket.first { entry in
            entry.lowercased.withUnsafeBufferPointer { ASCII.equalsIgnoringCase(bytes, $0) }
        }?.known
        return (String(decoding: bytes, as: UTF8.self), known)
    }

    /// Buckets of the names of known fields only, for scans that skip every other field.
    private static let knownBuckets: [[Entry]] = buckets.map { $0.filter { $0.known != nil } }

    /// The name and kind of a field `MessageHead` or `MimeMessage` reads, or nil for any other field, without making a
    /// `String` for names it does not need.
    static func lookupKnown(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Known)? {
        guard bytes.count < knownBuckets.count, let base = bytes.baseAddress else { return nil }
        let bucket = knownBuckets[bytes.count]
        guard !bucket.isEmpty else { return nil }
        for entry in bucket where entry.exact.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
            return (entry.name, entry.known!)
        }
        for entry in bucket where entry.lowercased.withUnsafeBufferPointer({ ASCII.equalsIgnoringCase(bytes, $0) }) {
            return (String(decoding: bytes, as: UTF8.self), entry.known!)
        }
        return nil
    }

    /// Which known field `name` is, for fields made outside the scanner.
    static func known(_ name: String) -> Known? {
        if let known = ASCII.withUTF8(name, { lookup($0).1 }) { return known }
        return Array(name.utf8).withUnsafeBufferPointer { lookup($0).1 }
    }
}
