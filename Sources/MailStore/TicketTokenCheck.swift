import COpenSSL
import Foundation
import GRDB
import Threading

/// The keyed check in a ticket token (`[#T6311-k3f9]`): the first four base32 characters of
/// HMAC-SHA256(installation secret, ticket number). Sequential numbers are guessable; the check is not,
/// so a token with a valid check may join a ticket from any sender.
struct TicketTokenCheck {
    let secret: [UInt8]

    func check(_ number: UInt64) -> String {
        let data = Array(String(number).utf8)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), secret, Int32(secret.count), data, data.count, &out, &length)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        // 20 bits of the digest, 5 bits per character.
        let bits = UInt32(out[0]) << 16 | UInt32(out[1]) << 8 | UInt32(out[2])
        return String((0..<4).map { alphabet[Int((bits >> (19 - 5 * UInt32($0))) & 0x1F)] })
    }

    /// The installation's secret, made by the migration that created it.
    static func load(_ db: Database) throws -> TicketTokenCheck {
        let secret = try Data.fetchOne(db.cachedStatement(sql: "SELECT value FROM installation WHERE key = 'ticket_token_secret'"))
        return TicketTokenCheck(secret: [UInt8](secret ?? Data()))
    }
}

extension MailStore {
    /// The token agents and outgoing mail put in a ticket's subject, e.g. `[#T42-k3f9]`, in the configured format.
    public func ticketToken(number: Int64) throws(StorageError) -> String {
        let format = ticketTokenFormat
        return try read("making the token of ticket \(number)") { db in
            format.token(number: UInt64(number), check: try TicketTokenCheck.load(db).check(UInt64(number)))
        }
    }

    /// The conversation a ticket token in `subject` joins, when the headers linked nothing: a token with a
    /// valid check from anyone, a bare or wrongly checked one only from a participant of that ticket.
    static func conversationFromToken(subject: String?, sender: String?, format: TicketTokenFormat,
                                      db: Database) throws -> ConversationID? {
        guard let subject, subject.contains("[#") else { return nil }
        var checker: TicketTokenCheck?
        var failure: (any Error)?
        let tokens = format.tokens(in: subject) { number in
            do {
                if checker == nil { checker = try TicketTokenCheck.load(db) }
                return checker!.check(number)
            } catch { failure = error; return "" }
        }
        if let failure { throw failure }
        var conversations = [UInt64: Int64]()
        var participantsByNumber = [UInt64: Set<String>]()
        for number in Set(tokens.map(\.number)) {
            guard number <= UInt64(Int64.max),
                  // A merged ticket's token leads to the ticket it was merged into (never itself merged).
                  let row = try Row.fetchOne(db, sql: """
                      SELECT s.id, s.conversation_id FROM ticket t JOIN ticket s ON s.id = COALESCE(t.merged_into, t.id)
                      WHERE t.number = ?
                      """, arguments: [Int64(number)])
            else { continue }
            let ticket: Int64 = row["id"]
            // A ticket continued by a newer one (a reply after the reopen window) handed its conversation over;
            // its messages still say where that is.
            guard let conversation = try row["conversation_id"] as Int64? ?? Int64.fetchOne(db, sql: """
                SELECT conversation_id FROM message WHERE ticket_id = ? ORDER BY id DESC LIMIT 1
                """, arguments: [ticket]) else { continue }
            conversations[number] = conversation
            participantsByNumber[number] = Set(try String.fetchAll(db, sql: """
                SELECT lower(from_address) FROM message WHERE ticket_id = ? AND from_address IS NOT NULL
                UNION SELECT c.email FROM ticket t JOIN contact c ON c.id = t.customer WHERE t.id = ?
                """, arguments: [ticket, ticket]))
        }
        guard let chosen = TicketToken.choose(tokens, sender: sender, participants: { participantsByNumber[$0] }) else { return nil }
        return conversations[chosen.number].map(ConversationID.init(rawValue:))
    }
}
