/// One complete server response, as framed by ``IMAPResponseParser``.
///
/// RFC 3501 §7: a response is tagged (`A001 OK done`), untagged (`* 3 EXISTS`) or a
/// command continuation request (`+ Ready for literal`).
public enum IMAPResponse: Sendable, Equatable {
    /// `A001 OK [READ-WRITE] SELECT completed`: the completion of the command with that tag.
    case tagged(tag: String, status: IMAPStatus, code: IMAPResponseCode?, text: String)
    /// `* ...`: data the server sends with or without being asked.
    case untagged(IMAPUntagged)
    /// `+ text`: the server is ready for the rest of the command (literal data, AUTHENTICATE, IDLE).
    case continuation(String)
}

/// The condition in a status response (RFC 3501 §7.1).
///
/// Tagged responses carry only `OK`, `NO` or `BAD`; `BYE` and `PREAUTH` are untagged only.
public enum IMAPStatus: String, Sendable {
    case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
}
