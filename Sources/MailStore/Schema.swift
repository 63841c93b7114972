import Foundation
import GRDB
import Threading

extension MailStore {
    /// Named migrations; a shipped migration is never edited, only followed by a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ingest") { db in
            // One row per distinct message of a channel (by content digest): the same bytes in two helpdesk
            // mailboxes are two channels' mail. Metadata apart from the raw bytes, so listing messages
            // never walks blob overflow pages.
            try db.execute(sql: """
                CREATE TABLE message (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    message_id TEXT,
                    subject TEXT,
                    from_address TEXT,
                    from_name TEXT,
                    date REAL,
                    size INTEGER NOT NULL,
                    parse_error TEXT,
                    headers_only_reason TEXT,
                    received_at REAL NOT NULL,
                    conversation_id INTEGER,
                    ticket_id INTEGER
                );
                CREATE UNIQUE INDEX message_by_digest ON message(channel, digest);
                CREATE INDEX message_by_message_id ON message(message_id);
                CREATE TABLE message_raw (
                    message INTEGER PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,
                    bytes BLOB NOT NULL
                );
                -- Where each message was found: (channel, UIDVALIDITY, UID) names one IMAP message for ever.
                CREATE TABLE mailbox_copy (
                    channel TEXT NOT NULL,
                    uid_validity INTEGER NOT NULL,
                    uid INTEGER NOT NULL,
                    message INTEGER NOT NULL REFERENCES message(id),
                    PRIMARY KEY (channel, uid_validity, uid)
                ) WITHOUT ROWID;
                -- Per channel: UIDs up to last_uid are done. UIDs in (last_uid, backlog_uid] are the backlog
                -- found at first connection: imported only when unseen (or, after a UIDVALIDITY change,
                -- when they arrived since backlog_since).
                CREATE TABLE channel_cursor (
                    channel TEXT PRIMARY KEY,
                    uid_validity INTEGER NOT NULL,
                    last_uid INTEGER NOT NULL,
                    backlog_uid INTEGER NOT NULL,
                    backlog_since REAL,
                    updated_at REAL NOT NULL
                ) WITHOUT ROWID;
                -- Stored and committed, but \\Seen not yet confirmed by the server: the UIDs in flight.
                CREATE TABLE pending_seen (
                    channel TEXT NOT NULL,
                    uid_validity INTEGER NOT NULL,
                    uid INTEGER NOT NULL,
                    PRIMARY KEY (channel, uid_validity, uid)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-conversations") { db in
            // Conversations are connected sets of Message-IDs, kept current at insert time (see Threading).
            // conversation_ref maps every id seen, including referenced-but-unseen "ghost" ids.
            try db.execute(sql: """
                CREATE TABLE conversation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at REAL NOT NULL,
                    merged_into INTEGER REFERENCES conversation(id)
                );
                CREATE TABLE conversation_ref (
                    message_id TEXT PRIMARY KEY,
                    conversation INTEGER NOT NULL REFERENCES conversation(id)
                ) WITHOUT ROWID;
                CREATE INDEX conversation_ref_by_conversation ON conversation_ref(conversation);
                CREATE INDEX message_by_conversation ON message(conversation_id);
                CREATE TABLE conversation_merge (
                    survivor INTEGER NOT NULL REFERENCES conversation(id),
                    absorbed INTEGER NOT NULL REFERENCES conversation(id),
                    merged_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-tickets") { db in
            // One ticket per conversation: ticket.conversation_id names the conversation whose new mail goes to
            // the ticket. When a reply comes too long after closing, a new ticket takes the conversation over
            // (reopened_from links it to the old one, which keeps its messages through message.ticket_id).
            // Timestamps are seconds since 1970, as in v1.
            try db.execute(sql: """
                CREATE TABLE contact (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT
                );
                CREATE TABLE ticket (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    number INTEGER NOT NULL UNIQUE,
                    subject TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    queue TEXT NOT NULL,
                    pipeline TEXT NOT NULL,
                    status TEXT NOT NULL,
                    priority TEXT NOT NULL DEFAULT 'normal',
                    category TEXT,
                    tags TEXT NOT NULL DEFAULT '[]',
                    assignee TEXT,
                    customer INTEGER REFERENCES contact(id),
                    source TEXT NOT NULL DEFAULT 'email',
                    conversation_id INTEGER UNIQUE REFERENCES conversation(id),
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    closed_at REAL,
                    reopened_from INTEGER REFERENCES ticket(id)
                );
                CREATE TABLE ticket_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ticket INTEGER NOT NULL REFERENCES ticket(id),
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT
                );
                CREATE INDEX ticket_history_by_ticket ON ticket_history(ticket);
                CREATE INDEX message_by_ticket ON message(ticket_id);
                """)
        }
        migrator.registerMigration("v4-ticket-token-secret") { db in
            // The key of ticket tokens' checks, made once per installation; never leaves the database.
            var generator = SystemRandomNumberGenerator()
            let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            try db.execute(sql: """
                CREATE TABLE installation (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                INSERT INTO installation (key, value) VALUES ('ticket_token_secret', ?);
                """, arguments: [secret])
        }
        migrator.registerMigration("v5-threading") { db in
            try db.execute(sql: """
                -- A forward (Fwd:, WG:, PD: …) and the replies to it never move a ticket: a reply looks up
                -- whether the message it answers was one.
                ALTER TABLE message ADD COLUMN is_forward INTEGER NOT NULL DEFAULT 0;
                -- On a bounce (RFC 3464): the Message-ID of the message it reports. On that message: the
                -- bounce that reported it. Either may arrive first, hence the index on the first.
                ALTER TABLE message ADD COLUMN bounced_message_id TEXT;
                ALTER TABLE message ADD COLUMN bounced_by INTEGER REFERENCES message(id);
                CREATE INDEX message_by_bounced_message_id ON message(bounced_message_id)
                    WHERE bounced_message_id IS NOT NULL;
                -- The subject fallback's index: which conversations a customer wrote on a channel under a
                -- subject key, and when each conversation last had a message. One range read finds the
                -- candidates within the window, however much mail is stored.
                CREATE TABLE conversation_subject (
                    conversation INTEGER NOT NULL REFERENCES conversation(id),
                    channel TEXT NOT NULL,
                    customer TEXT NOT NULL,
                    subject_key TEXT NOT NULL,
                    last_message_at REAL NOT NULL,
                    PRIMARY KEY (conversation, channel, customer, subject_key)
                ) WITHOUT ROWID;
                CREATE INDEX conversation_subject_by_customer
                    ON conversation_subject(channel, customer, subject_key, last_message_at);
                """)
            // Forwards stored before this migration, so that replies to them are recognised too. Only the
            // subject is needed; the subject index starts empty (finding customers would mean parsing every
            // stored message again).
            // Collected first: SQLite leaves undefined what a cursor sees of rows updated while it walks them.
            var forwards = [Int64]()
            let rows = try Row.fetchCursor(db, sql: "SELECT id, subject FROM message WHERE subject IS NOT NULL")
            while let row = try rows.next() {
                if SubjectKey(subject: row["subject"]).isForward { forwards.append(row["id"]) }
            }
            let mark = try db.makeStatement(sql: "UPDATE message SET is_forward = 1 WHERE id = ?")
            for id in forwards { try mark.execute(arguments: [id]) }
        }
        migrator.registerMigration("v6-ticket-actions") { db in
            // Agent actions. ticket.merged_into: the ticket an agent merged this one into (its messages and
            // conversation went there; a merge into a merged ticket's survivor repoints it, so it always names
            // a live ticket). conversation.closed_at mirrors its ticket's closing. conversation.split_from:
            // the conversation an agent split this one out of; threading never merges the two back.
            try db.execute(sql: """
                ALTER TABLE ticket ADD COLUMN merged_into INTEGER REFERENCES ticket(id);
                CREATE INDEX ticket_by_merged_into ON ticket(merged_into) WHERE merged_into IS NOT NULL;
                ALTER TABLE conversation ADD COLUMN closed_at REAL;
                ALTER TABLE conversation ADD COLUMN split_from INTEGER REFERENCES conversation(id);
                UPDATE conversation SET closed_at = (SELECT t.closed_at FROM ticket t WHERE t.conversation_id = conversation.id)
                WHERE id IN (SELECT conversation_id FROM ticket WHERE closed_at IS NOT NULL);
                """)
        }
        migrator.registerMigration("v7-outbox") { db in
            // Agents' replies and acknowledgements waiting to leave, and what became of them. The message's
            // parts are kept, not its bytes: the Date field is written at send time; Message-ID and MIME
            // boundaries are fixed here, so a retry is the same message. state: queued → sending →
            // sent | failed | cancelled; queued → sending is a compare-and-set (see claimOutboxItem).
            try db.execute(sql: """
                CREATE TABLE outbox_item (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    ticket_id INTEGER REFERENCES ticket(id),
                    conversation_id INTEGER REFERENCES conversation(id),
                    state TEXT NOT NULL,
                    due_at REAL NOT NULL,
                    message_id TEXT NOT NULL UNIQUE,
                    letter TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    first_failure_at REAL,
                    last_error TEXT,
                    refused_recipients TEXT,
                    -- An acknowledgement's recipient, lowercased: its rate limit counts by it.
                    recipient TEXT,
                    created_at REAL NOT NULL,
                    sent_at REAL,
                    finished_at REAL
                );
                CREATE INDEX outbox_item_by_state ON outbox_item(state, due_at);
                CREATE INDEX outbox_item_by_ticket ON outbox_item(ticket_id);
                CREATE INDEX outbox_item_by_recipient ON outbox_item(recipient, created_at) WHERE recipient IS NOT NULL;
                CREATE TABLE outbox_attachment (
                    item INTEGER NOT NULL REFERENCES outbox_item(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    is_inline INTEGER NOT NULL,
                    content_id TEXT,
                    bytes BLOB NOT NULL,
                    PRIMARY KEY (item, position)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v8-outbox-delivery") { db in
            // delivery_unknown: an attempt may have reached the server (the connection was lost after the data,
            // or maild stopped while `sending`). The item is sent again with the same Message-ID and can no
            // longer be cancelled: the recipient may already have it. Never cleared, since that copy may exist.
            // message_date: the Date field of the first claim, reused by every later attempt, so a retry is
            // the same bytes as the attempt the server may have kept (v7 stamped each attempt anew).
            try db.execute(sql: """
                ALTER TABLE outbox_item ADD COLUMN delivery_unknown INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE outbox_item ADD COLUMN message_date REAL;
                """)
        }
        migrator.registerMigration("v9-message-ids-in-conversation-ref") { db in
            // One index on Message-IDs instead of three. Each index taking random keys costs about one page
            // written per stored message once the store outgrows a batch's reach (bench/threading: the cost per
            // message grew a fifth from 10,000 to 100,000 stored). conversation_ref, which every message
            // looks up anyway, now also names the first stored message of each id (NULL: a ghost, or one of
            // our sent replies); the rare later message with the same id (other bytes, another channel) is
            // flagged later_copy and found through a small index of those alone. Duplicates are found
            // among the messages of the same id, digests compared there; only mail without a Message-ID
            // keeps an index on the digest.
            try db.execute(sql: """
                ALTER TABLE conversation_ref ADD COLUMN message INTEGER REFERENCES message(id);
                ALTER TABLE message ADD COLUMN later_copy INTEGER NOT NULL DEFAULT 0;
                UPDATE conversation_ref SET message = (SELECT min(m.id) FROM message m WHERE m.message_id = conversation_ref.message_id);
                UPDATE message SET later_copy = 1 WHERE message_id IS NOT NULL
                    AND id IS NOT (SELECT r.message FROM conversation_ref r WHERE r.message_id = message.message_id);
                DROP INDEX message_by_message_id;
                DROP INDEX message_by_digest;
                CREATE INDEX message_copy_by_message_id ON message(message_id) WHERE later_copy = 1;
                CREATE UNIQUE INDEX message_without_id_by_digest ON message(channel, digest) WHERE message_id IS NULL;
                """)
        }
        return migrator
    }
}
