-- 0005_records.sql: a trustworthy record. Signed notes (and their ratings)
-- are locked by triggers, so not even the sqlite3 shell can change them;
-- corrections are addenda, which are immutable once saved; and an
-- append-only audit log records what happened, each entry carrying a
-- SHA-256 hash chained to the one before (computed by dyad, verified by
-- `dyad check`, which does not rely on these triggers being present).

-- A signed note is locked: no update (not even re-signing) and no delete.
CREATE TRIGGER note_signed_no_update BEFORE UPDATE ON note
WHEN old.status = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'note: a signed note is locked; add an addendum instead');
END;
CREATE TRIGGER note_signed_no_delete BEFORE DELETE ON note
WHEN old.status = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'note: a signed note is locked and cannot be deleted');
END;
-- The session under a signed note stays, so the note is never orphaned.
CREATE TRIGGER session_signed_no_delete BEFORE DELETE ON session
WHEN EXISTS (SELECT 1 FROM note WHERE session_id = old.id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'session: its note is signed, so the session cannot be deleted');
END;
-- A signed note's ratings are part of it. (dyad refuses new ratings on a
-- signed note too; that rule lives in the code so a full import can load
-- a signed note before its ratings.)
CREATE TRIGGER rating_signed_no_update BEFORE UPDATE ON rating
WHEN EXISTS (SELECT 1 FROM note WHERE session_id = old.session_id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'rating: the note is signed, so its ratings are locked');
END;
CREATE TRIGGER rating_signed_no_delete BEFORE DELETE ON rating
WHEN EXISTS (SELECT 1 FROM note WHERE session_id = old.session_id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'rating: the note is signed, so its ratings are locked');
END;

-- Corrections to a signed note: dated, shown after it, never changed.
CREATE TABLE addendum (
	id         INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES note (session_id),
	body       TEXT NOT NULL CHECK (length(body) > 0),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX addendum_session ON addendum (session_id, id);
CREATE TRIGGER addendum_needs_signed_note BEFORE INSERT ON addendum
WHEN NOT EXISTS (SELECT 1 FROM note WHERE session_id = new.session_id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'addendum: only a signed note takes addenda; edit a draft instead');
END;
CREATE TRIGGER addendum_no_update BEFORE UPDATE ON addendum
BEGIN
	SELECT RAISE(ABORT, 'addendum: an addendum cannot be changed once saved');
END;
CREATE TRIGGER addendum_no_delete BEFORE DELETE ON addendum
BEGIN
	SELECT RAISE(ABORT, 'addendum: an addendum cannot be deleted');
END;

-- The audit log. One row per event, never note text or passphrases.
--   action   create, change, sign, addendum, export, open, restore, encrypt,
--            decrypt, rekey
--   object   what it was about: couple, partner, session, note, rating,
--            addendum, handout, report, backup, export, database, ...
--   item_id  the row the entry is about when that is neither a couple nor
--            a session (an addendum's id, for one)
--   content_sha256  the SHA-256 of text the event fixed in place (a note
--            as signed, an addendum as saved), so `dyad check` can tell
--            whether it still reads the same; the text itself is not here
--   hash     SHA-256 over this entry's fields and prev_hash (the previous
--            entry's hash; 64 zeros for the first), as app/store/audit.c
--            spells out
CREATE TABLE audit (
	id             INTEGER PRIMARY KEY,
	at             TEXT NOT NULL,
	action         TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 16),
	object         TEXT NOT NULL CHECK (length(object) BETWEEN 1 AND 32),
	couple_id      INTEGER,
	session_id     INTEGER,
	item_id        INTEGER,
	detail         TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 1000),
	content_sha256 TEXT CHECK (content_sha256 IS NULL OR length(content_sha256) = 64),
	prev_hash      TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash           TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);
CREATE INDEX audit_couple ON audit (couple_id, id);
CREATE INDEX audit_action ON audit (action, id);

-- Entries are only appended, each linked to the last one.
CREATE TRIGGER audit_append_only BEFORE INSERT ON audit
WHEN new.prev_hash IS NOT coalesce(
	(SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
	'0000000000000000000000000000000000000000000000000000000000000000')
	OR new.id <= coalesce((SELECT max(id) FROM audit), 0)
BEGIN
	SELECT RAISE(ABORT, 'audit: entries are only appended, each linked to the last');
END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit: the audit log cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit: the audit log cannot be changed');
END;

-- Where the log ends, kept beside it: removing the last entries leaves a
-- chain that still links up, and this row is what gives that away.
CREATE TABLE audit_head (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	last_id   INTEGER NOT NULL,
	last_hash TEXT NOT NULL CHECK (length(last_hash) = 64)
);
CREATE TRIGGER audit_head_follows BEFORE UPDATE ON audit_head
WHEN new.last_id IS NOT (SELECT max(id) FROM audit)
	OR new.last_hash IS NOT (SELECT hash FROM audit ORDER BY id DESC LIMIT 1)
BEGIN
	SELECT RAISE(ABORT, 'audit: the log head only follows the last entry');
END;
CREATE TRIGGER audit_head_insert BEFORE INSERT ON audit_head
WHEN new.last_id IS NOT (SELECT max(id) FROM audit)
	OR new.last_hash IS NOT (SELECT hash FROM audit ORDER BY id DESC LIMIT 1)
BEGIN
	SELECT RAISE(ABORT, 'audit: the log head only follows the last entry');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
	SELECT RAISE(ABORT, 'audit: the audit log cannot be changed');
END;
