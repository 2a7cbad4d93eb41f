-- 0007_sessions.sql: planned and held sessions, and addenda in search.
--
-- A session is in one of four states:
--   planned    booked but not (yet) recorded as held: planned = 1
--   held       planned = 0 and attendance both, a-only or b-only, on a day
--              that is not in the future
--   no-show    planned = 0 and attendance no-show
--   cancelled  planned = 0 and attendance cancelled
-- The state lives in a new column beside attendance rather than as a new
-- attendance value: SQLite cannot change a CHECK in place, and rebuilding
-- the session table would move it behind every table that refers to it in
-- the schema's order (the order exports are written and imported in). A
-- planned session's attendance is always 'both' and means nothing until
-- the session is recorded; dyad shows the state, never that value.
-- Existing sessions become planned = 0 and keep their attendance; one dated
-- after today is still planned by dyad's own rule ("not in the future"),
-- which needs the clock and so lives in app/domain/, not here.
--
-- Only a held session takes a note, ratings, measure scores, check-ins and
-- a signature, and a per-partner rating or score only for a partner who
-- came. The triggers below hold every writer to that, the sqlite3 shell
-- included; each test looks the session up, so a row whose session is
-- missing is left to the foreign keys.

ALTER TABLE session ADD COLUMN planned INTEGER NOT NULL DEFAULT 0
	CHECK (planned IN (0, 1) AND (planned = 0 OR attendance = 'both'));

-- The couple list's figures and the session list read this index.
DROP INDEX session_couple_start;
CREATE INDEX session_couple_start ON session (couple_id, starts_at, attendance, planned);

-- A note's text and its signature.
CREATE TRIGGER note_needs_held_session_insert BEFORE INSERT ON note
WHEN (new.body <> '' OR new.status = 'signed') AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')))
BEGIN
	SELECT RAISE(ABORT, 'note: only a held session takes a note; this one is planned, cancelled or a no-show');
END;
CREATE TRIGGER note_needs_held_session BEFORE UPDATE OF body, status ON note
WHEN (new.body <> '' OR new.status = 'signed') AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')))
BEGIN
	SELECT RAISE(ABORT, 'note: only a held session takes a note; this one is planned, cancelled or a no-show');
END;

-- Ratings: a held session, and for a partner who came.
CREATE TRIGGER rating_needs_held_session BEFORE INSERT ON rating
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'rating: only a held session takes ratings, and only for a partner who came');
END;
CREATE TRIGGER rating_needs_held_session_update BEFORE UPDATE OF session_id, partner ON rating
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'rating: only a held session takes ratings, and only for a partner who came');
END;

-- Measure scores: the same.
CREATE TRIGGER measure_value_needs_held_session BEFORE INSERT ON measure_value
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'measure: only a held session takes scores, and only for a partner who came');
END;
CREATE TRIGGER measure_value_needs_held_session_update
BEFORE UPDATE OF session_id, partner ON measure_value
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'measure: only a held session takes scores, and only for a partner who came');
END;

-- Homework check-ins recorded at a session.
CREATE TRIGGER checkin_needs_held_session BEFORE INSERT ON checkin
WHEN new.session_id IS NOT NULL AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')))
BEGIN
	SELECT RAISE(ABORT, 'check-in: only a held session takes check-ins; this one is planned, cancelled or a no-show');
END;
CREATE TRIGGER checkin_needs_held_session_update BEFORE UPDATE OF session_id ON checkin
WHEN new.session_id IS NOT NULL AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND (s.planned = 1 OR s.attendance NOT IN ('both', 'a-only', 'b-only')))
BEGIN
	SELECT RAISE(ABORT, 'check-in: only a held session takes check-ins; this one is planned, cancelled or a no-show');
END;

-- What a session holds keeps it held: it cannot become planned, cancelled
-- or a no-show, nor lose a partner whose ratings or scores it keeps.
CREATE TRIGGER session_record_needs_held BEFORE UPDATE OF attendance, planned ON session
WHEN (new.planned IS NOT old.planned OR new.attendance IS NOT old.attendance)
	AND (new.planned = 1 OR new.attendance NOT IN ('both', 'a-only', 'b-only'))
	AND (EXISTS (SELECT 1 FROM note WHERE session_id = old.id AND (body <> '' OR status = 'signed'))
	  OR EXISTS (SELECT 1 FROM rating WHERE session_id = old.id)
	  OR EXISTS (SELECT 1 FROM measure_value WHERE session_id = old.id)
	  OR EXISTS (SELECT 1 FROM checkin WHERE session_id = old.id))
BEGIN
	SELECT RAISE(ABORT, 'attendance: the session has a note, ratings, scores or check-ins, which only a held session keeps');
END;
CREATE TRIGGER session_record_needs_partner BEFORE UPDATE OF attendance ON session
WHEN new.attendance IS NOT old.attendance AND new.attendance IN ('a-only', 'b-only')
	AND (EXISTS (SELECT 1 FROM rating WHERE session_id = old.id
	             AND partner = CASE new.attendance WHEN 'a-only' THEN 'b' ELSE 'a' END)
	  OR EXISTS (SELECT 1 FROM measure_value WHERE session_id = old.id
	             AND partner = CASE new.attendance WHEN 'a-only' THEN 'b' ELSE 'a' END))
BEGIN
	SELECT RAISE(ABORT, 'attendance: the session keeps ratings or scores for the partner who would be absent');
END;

-- A signed note fixes when, for whom and with whom its session happened.
CREATE TRIGGER session_signed_stays BEFORE UPDATE OF couple_id, starts_at, attendance, planned
ON session
WHEN (new.couple_id IS NOT old.couple_id OR new.starts_at IS NOT old.starts_at
	OR new.attendance IS NOT old.attendance OR new.planned IS NOT old.planned)
	AND EXISTS (SELECT 1 FROM note WHERE session_id = old.id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'session: its note is signed, so its date, couple and attendance are fixed');
END;

-- No session before the couple's intake.
CREATE TRIGGER session_after_intake BEFORE INSERT ON session
WHEN substr(new.starts_at, 1, 10) < (SELECT intake_date FROM couple WHERE id = new.couple_id)
BEGIN
	SELECT RAISE(ABORT, 'date: a session cannot be dated before the couple''s intake date');
END;
CREATE TRIGGER session_after_intake_update BEFORE UPDATE OF couple_id, starts_at ON session
WHEN (new.starts_at IS NOT old.starts_at OR new.couple_id IS NOT old.couple_id)
	AND substr(new.starts_at, 1, 10) < (SELECT intake_date FROM couple WHERE id = new.couple_id)
BEGIN
	SELECT RAISE(ABORT, 'date: a session cannot be dated before the couple''s intake date');
END;
CREATE TRIGGER couple_intake_before_sessions BEFORE UPDATE OF intake_date ON couple
WHEN new.intake_date IS NOT old.intake_date AND EXISTS (SELECT 1 FROM session
	WHERE couple_id = new.id AND substr(starts_at, 1, 10) < new.intake_date)
BEGIN
	SELECT RAISE(ABORT, 'intake: the couple has sessions before that date');
END;

-- The couple list's figures count sessions on record (planned ones are
-- not yet), those held, and the last held one. Recounted from scratch here
-- and kept as in 0006.
DROP TRIGGER couple_stats_new_session;
DROP TRIGGER couple_stats_changed_session;
DROP TRIGGER couple_stats_removed_session;
UPDATE couple_stats SET (sessions_total, sessions_held, last_session) = (
	SELECT count(*) FILTER (WHERE s.planned = 0),
	       count(*) FILTER (WHERE s.planned = 0 AND s.attendance IN ('both', 'a-only', 'b-only')),
	       max(s.starts_at) FILTER (WHERE s.planned = 0 AND s.attendance IN ('both', 'a-only', 'b-only'))
	FROM session s WHERE s.couple_id = couple_stats.couple_id);
CREATE TRIGGER couple_stats_new_session AFTER INSERT ON session BEGIN
	INSERT INTO couple_stats (couple_id, sessions_total, sessions_held, last_session)
	VALUES (new.couple_id, new.planned = 0,
		new.planned = 0 AND new.attendance IN ('both', 'a-only', 'b-only'),
		CASE WHEN new.planned = 0 AND new.attendance IN ('both', 'a-only', 'b-only')
		THEN new.starts_at END)
	ON CONFLICT (couple_id) DO UPDATE SET
		sessions_total = sessions_total + (new.planned = 0),
		sessions_held = sessions_held
			+ (new.planned = 0 AND new.attendance IN ('both', 'a-only', 'b-only')),
		last_session = CASE WHEN new.planned = 0
			AND new.attendance IN ('both', 'a-only', 'b-only')
			AND (last_session IS NULL OR new.starts_at > last_session)
			THEN new.starts_at ELSE last_session END;
END;
CREATE TRIGGER couple_stats_changed_session
AFTER UPDATE OF couple_id, starts_at, attendance, planned ON session BEGIN
	UPDATE couple_stats SET (sessions_total, sessions_held, last_session) = (
		SELECT count(*) FILTER (WHERE s.planned = 0),
		       count(*) FILTER (WHERE s.planned = 0 AND s.attendance IN ('both', 'a-only', 'b-only')),
		       max(s.starts_at) FILTER (WHERE s.planned = 0 AND s.attendance IN ('both', 'a-only', 'b-only'))
		FROM session s WHERE s.couple_id = couple_stats.couple_id)
	WHERE couple_id IN (old.couple_id, new.couple_id);
END;
CREATE TRIGGER couple_stats_removed_session AFTER DELETE ON session BEGIN
	UPDATE couple_stats SET (sessions_total, sessions_held, last_session) = (
		SELECT count(*) FILTER (WHERE s.planned = 0),
		       count(*) FILTER (WHERE s.planned = 0 AND s.attendance IN ('both', 'a-only', 'b-only')),
		       max(s.starts_at) FILTER (WHERE s.planned = 0 AND s.attendance IN ('both', 'a-only', 'b-only'))
		FROM session s WHERE s.couple_id = couple_stats.couple_id)
	WHERE couple_id = old.couple_id;
END;

-- Addenda are part of the record, so search finds them too: their own
-- index beside the notes' (addenda are never changed, so only an insert,
-- and a delete for completeness, keep it in step).
CREATE VIRTUAL TABLE addendum_fts USING fts5 (
	body,
	content = 'addendum',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
INSERT INTO addendum_fts (addendum_fts) VALUES ('rebuild');
CREATE TRIGGER addendum_fts_insert AFTER INSERT ON addendum BEGIN
	INSERT INTO addendum_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER addendum_fts_delete AFTER DELETE ON addendum BEGIN
	INSERT INTO addendum_fts (addendum_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
