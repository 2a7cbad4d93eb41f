-- 0006_performance.sql: indexes for a practice of a thousand couples.

-- Search as you type stays quick. The note index also keeps every word's
-- first two and three letters, so a short prefix ("fl", "flo") reads one
-- list instead of merging the lists of every word that starts with it. The
-- index is re-created under the same name and rebuilt from the notes; the
-- triggers on note name the table, so they keep working unchanged.
DROP TABLE note_fts;
CREATE VIRTUAL TABLE note_fts USING fts5 (
	body,
	content = 'note',
	content_rowid = 'session_id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
INSERT INTO note_fts (note_fts) VALUES ('rebuild');

-- A couple's sessions in date order, with attendance, straight from the
-- index (the session list, and the stats below when they are recounted).
DROP INDEX session_couple_start;
CREATE INDEX session_couple_start ON session (couple_id, starts_at, attendance);

-- The couple list (active couples by name, ignoring case) reads this index
-- in order instead of sorting.
DROP INDEX couple_status_name;
CREATE INDEX couple_status_name ON couple (status, name COLLATE NOCASE);

-- The couple list shows each couple's number of sessions, of sessions held
-- and the date of the last one. Counting them on every listing read every
-- session of every couple (50,000 index entries for a thousand couples);
-- this table keeps the three figures. A new session adds to them; a session
-- changed or removed has its couple's figures counted again, so they can
-- never drift from the sessions themselves.
CREATE TABLE couple_stats (
	couple_id      INTEGER PRIMARY KEY REFERENCES couple (id) ON DELETE CASCADE,
	sessions_total INTEGER NOT NULL DEFAULT 0,
	sessions_held  INTEGER NOT NULL DEFAULT 0,
	last_session   TEXT
);
INSERT INTO couple_stats (couple_id, sessions_total, sessions_held, last_session)
	SELECT c.id, count(s.id),
	       coalesce(sum(s.attendance NOT IN ('no-show', 'cancelled')), 0), max(s.starts_at)
	FROM couple c LEFT JOIN session s ON s.couple_id = c.id GROUP BY c.id;

CREATE TRIGGER couple_stats_new_couple AFTER INSERT ON couple BEGIN
	INSERT OR IGNORE INTO couple_stats (couple_id) VALUES (new.id);
END;
CREATE TRIGGER couple_stats_new_session AFTER INSERT ON session BEGIN
	INSERT INTO couple_stats (couple_id, sessions_total, sessions_held, last_session)
	VALUES (new.couple_id, 1, new.attendance NOT IN ('no-show', 'cancelled'), new.starts_at)
	ON CONFLICT (couple_id) DO UPDATE SET
		sessions_total = sessions_total + 1,
		sessions_held = sessions_held + (new.attendance NOT IN ('no-show', 'cancelled')),
		last_session = CASE WHEN last_session IS NULL OR new.starts_at > last_session
		               THEN new.starts_at ELSE last_session END;
END;
CREATE TRIGGER couple_stats_changed_session
AFTER UPDATE OF couple_id, starts_at, attendance ON session BEGIN
	UPDATE couple_stats SET (sessions_total, sessions_held, last_session) = (
		SELECT count(*), coalesce(sum(s.attendance NOT IN ('no-show', 'cancelled')), 0),
		       max(s.starts_at)
		FROM session s WHERE s.couple_id = couple_stats.couple_id)
	WHERE couple_id IN (old.couple_id, new.couple_id);
END;
CREATE TRIGGER couple_stats_removed_session AFTER DELETE ON session BEGIN
	UPDATE couple_stats SET (sessions_total, sessions_held, last_session) = (
		SELECT count(*), coalesce(sum(s.attendance NOT IN ('no-show', 'cancelled')), 0),
		       max(s.starts_at)
		FROM session s WHERE s.couple_id = couple_stats.couple_id)
	WHERE couple_id = old.couple_id;
END;
