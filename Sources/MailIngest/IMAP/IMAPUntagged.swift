/// An untagged response, `* ...` (RFC 3501 §7.1–7.4).
public enum IMAPUntagged: Sendable, Equatable {
    /// `* OK [UIDVALIDITY 3] UIDs valid`, `* BYE Logging out`, `* PREAUTH ...`, `* NO ...`.
    case status(IMAPStatus, code: IMAPResponseCode?, text: String)
    /// `* CAPABILITY IMAP4rev1 IDLE ...`; names as sent (compare them case-insensitively).
    case capability([String])
    /// `* 23 EXISTS`, `* 0 RECENT`, `* 4 EXPUNGE`: EXPUNGE carries a sequence number, not a UID.
    case exists(UInt32), recent(UInt32), expunge(UInt32)
    /// `* FLAGS (\Answered \Seen $Forwarded)`.
    case flags([String])
    /// `* SEARCH 2 84 882`, or `* SEARCH` when nothing matched.
    case search([UInt32])
    /// RFC 4731 `* ESEARCH (TAG "A1") UID ALL 1:3,5 COUNT 4`; absent return items are nil.
    case esearch(uid: Bool, all: UIDSet?, count: Int?, min: UInt32?, max: UInt32?)
    /// `* 12 FETCH (UID 4827 FLAGS (\Seen))`: the message sequence number and the items we understand.
    case fetch(sequence: UInt32, FetchAttributes)
    /// Any other untagged response (LIST, STATUS, ENABLED, NAMESPACE, ID, VANISHED, ...), parsed
    /// and skipped; `keyword` in upper case. For `* 3 XFOO`, the keyword is `XFOO`.
    case other(keyword: String)
}
