/// The bracketed code at the start of a status response's text (RFC 3501 §7.1),
/// e.g. `* OK [UIDVALIDITY 3857529045] UIDs valid`.
public enum IMAPResponseCode: Sendable, Equatable {
    /// `[UIDVALIDITY n]`. RFC 3501 says nz-number, but `0` is passed through: deciding what a zero
    /// UIDVALIDITY means is the caller's business, not the parser's.
    case uidValidity(UInt32)
    /// `[UIDNEXT n]`: the UID the next message added to the mailbox will get, at the earliest.
    case uidNext(UInt32)
    /// `[UNSEEN n]`: sequence number of the first unseen message.
    case unseen(UInt32)
    /// `[ALERT]`: the text must be shown to the user (RFC 3501 §7.1).
    case alert
    /// `[CAPABILITY IMAP4rev1 ...]`, as Dovecot sends in its greeting; names as sent.
    case capability([String])
    /// Any other code: `name` in upper case (`PERMANENTFLAGS`, `READ-WRITE`, `COPYUID`, ...),
    /// `text` the raw bytes between the name and `]`, or nil when there are none.
    case other(name: String, text: String?)
}
