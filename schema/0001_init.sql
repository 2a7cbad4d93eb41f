-- 0001_init.sql: the practice's core record: couples, partners, sessions,
-- notes, the concept catalogue, ratings, and a full-text index over notes.
-- Times are UTC ISO-8601 ("2026-03-14T09:30:00Z"); session times are the
-- clinician's local wall-clock time ("2026-03-14T09:30").

CREATE TABLE couple (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	status      TEXT NOT NULL DEFAULT 'active'
	            CHECK (status IN ('active', 'paused', 'closed')),
	intake_date TEXT NOT NULL CHECK (date(intake_date) IS intake_date),
	created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX couple_status_name ON couple (status, name);

CREATE TABLE partner (
	couple_id INTEGER NOT NULL REFERENCES couple (id) ON DELETE CASCADE,
	role      TEXT NOT NULL CHECK (role IN ('a', 'b')),
	name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	pronouns  TEXT CHECK (pronouns IS NULL OR length(pronouns) BETWEEN 1 AND 40),
	PRIMARY KEY (couple_id, role)
) WITHOUT ROWID;

CREATE TABLE session (
	id         INTEGER PRIMARY KEY,
	couple_id  INTEGER NOT NULL REFERENCES couple (id),
	starts_at  TEXT NOT NULL CHECK (length(starts_at) = 16),
	minutes    INTEGER NOT NULL DEFAULT 50 CHECK (minutes BETWEEN 1 AND 600),
	modality   TEXT NOT NULL DEFAULT 'in-person'
	           CHECK (modality IN ('in-person', 'video', 'phone')),
	attendance TEXT NOT NULL DEFAULT 'both'
	           CHECK (attendance IN ('both', 'a-only', 'b-only', 'no-show', 'cancelled')),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX session_couple_start ON session (couple_id, starts_at);
CREATE INDEX session_start ON session (starts_at);

-- One note per session. `revision` counts saves, so a save made from a stale
-- copy can be detected and refused instead of overwriting someone's text.
CREATE TABLE note (
	session_id INTEGER PRIMARY KEY REFERENCES session (id),
	body       TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
	signed_at  TEXT,
	revision   INTEGER NOT NULL DEFAULT 0,
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	CHECK ((status = 'signed') = (signed_at IS NOT NULL))
);

-- The concept catalogue is data: a clinician may add or edit concepts.
-- Several concepts of DOMAIN.md record more than one number (flooding,
-- repair, the Four Horsemen, the ratio); each number is its own row here,
-- grouped by `family` so screens and reports can show them together.
CREATE TABLE concept (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 64),
	family      TEXT NOT NULL,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('scale', 'count', 'yesno', 'bpm')),
	scale_min   INTEGER NOT NULL,
	scale_max   INTEGER NOT NULL,
	level       TEXT NOT NULL CHECK (level IN ('partner', 'couple')),
	position    INTEGER NOT NULL,
	CHECK (scale_min < scale_max)
);

-- partner is 'a' or 'b' for per-partner concepts, 'couple' for couple-level.
CREATE TABLE rating (
	session_id INTEGER NOT NULL REFERENCES session (id),
	concept_id INTEGER NOT NULL REFERENCES concept (id),
	partner    TEXT NOT NULL CHECK (partner IN ('a', 'b', 'couple')),
	value      INTEGER NOT NULL,
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	PRIMARY KEY (session_id, concept_id, partner)
) WITHOUT ROWID;
CREATE INDEX rating_concept ON rating (concept_id, session_id);

-- Full-text search over note bodies, kept in step by triggers. The index
-- stores no copy of the text (external content).
CREATE VIRTUAL TABLE note_fts USING fts5 (
	body,
	content = 'note',
	content_rowid = 'session_id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN
	INSERT INTO note_fts (rowid, body) VALUES (new.session_id, new.body);
END;
CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
	INSERT INTO note_fts (note_fts, rowid, body) VALUES ('delete', old.session_id, old.body);
END;
CREATE TRIGGER note_fts_update AFTER UPDATE OF body ON note BEGIN
	INSERT INTO note_fts (note_fts, rowid, body) VALUES ('delete', old.session_id, old.body);
	INSERT INTO note_fts (rowid, body) VALUES (new.session_id, new.body);
END;
