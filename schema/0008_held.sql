-- 0008_held.sql: one definition of a held session for everything in SQL.
--
-- Until now the condition (not planned, and both partners or one of them
-- came) was written out in each trigger of 0006 and 0007. It is written
-- once here, as held_attendance; held_sessions is the sessions it admits.
-- The triggers that need it are dropped and made again to use these views,
-- under the same names, refusing the same things with the same words.
--
-- SQL cannot know today's date, so this is "held on record". The rule that
-- also needs the clock (a session dated after today is not held yet,
-- whatever its row says) is app/domain/session_state.c, the one place in C.

-- The (planned, attendance) pairs of a held session. A trigger tests a row
-- that is not stored yet (NEW in a BEFORE trigger) against it with
-- (new.planned, new.attendance) IN (SELECT planned, attendance FROM held_attendance).
CREATE VIEW held_attendance (planned, attendance) AS
	VALUES (0, 'both'), (0, 'a-only'), (0, 'b-only');

CREATE VIEW held_sessions AS
	SELECT s.* FROM session s
	WHERE (s.planned, s.attendance) IN (SELECT planned, attendance FROM held_attendance);

-- A note's text and its signature.
DROP TRIGGER note_needs_held_session_insert;
DROP TRIGGER note_needs_held_session;
CREATE TRIGGER note_needs_held_session_insert BEFORE INSERT ON note
WHEN (new.body <> '' OR new.status = 'signed') AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id))
BEGIN
	SELECT RAISE(ABORT, 'note: only a held session takes a note; this one is planned, cancelled or a no-show');
END;
CREATE TRIGGER note_needs_held_session BEFORE UPDATE OF body, status ON note
WHEN (new.body <> '' OR new.status = 'signed') AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id))
BEGIN
	SELECT RAISE(ABORT, 'note: only a held session takes a note; this one is planned, cancelled or a no-show');
END;

-- Ratings: a held session, and for a partner who came.
DROP TRIGGER rating_needs_held_session;
DROP TRIGGER rating_needs_held_session_update;
CREATE TRIGGER rating_needs_held_session BEFORE INSERT ON rating
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id)
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'rating: only a held session takes ratings, and only for a partner who came');
END;
CREATE TRIGGER rating_needs_held_session_update BEFORE UPDATE OF session_id, partner ON rating
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id)
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'rating: only a held session takes ratings, and only for a partner who came');
END;

-- Measure scores: the same.
DROP TRIGGER measure_value_needs_held_session;
DROP TRIGGER measure_value_needs_held_session_update;
CREATE TRIGGER measure_value_needs_held_session BEFORE INSERT ON measure_value
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id)
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'measure: only a held session takes scores, and only for a partner who came');
END;
CREATE TRIGGER measure_value_needs_held_session_update
BEFORE UPDATE OF session_id, partner ON measure_value
WHEN EXISTS (SELECT 1 FROM session s WHERE s.id = new.session_id
	AND (NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id)
	     OR (new.partner = 'a' AND s.attendance = 'b-only')
	     OR (new.partner = 'b' AND s.attendance = 'a-only')))
BEGIN
	SELECT RAISE(ABORT, 'measure: only a held session takes scores, and only for a partner who came');
END;

-- Homework check-ins recorded at a session.
DROP TRIGGER checkin_needs_held_session;
DROP TRIGGER checkin_needs_held_session_update;
CREATE TRIGGER checkin_needs_held_session BEFORE INSERT ON checkin
WHEN new.session_id IS NOT NULL AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id))
BEGIN
	SELECT RAISE(ABORT, 'check-in: only a held session takes check-ins; this one is planned, cancelled or a no-show');
END;
CREATE TRIGGER checkin_needs_held_session_update BEFORE UPDATE OF session_id ON checkin
WHEN new.session_id IS NOT NULL AND EXISTS (SELECT 1 FROM session s
	WHERE s.id = new.session_id
	AND NOT EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = s.id))
BEGIN
	SELECT RAISE(ABORT, 'check-in: only a held session takes check-ins; this one is planned, cancelled or a no-show');
END;

-- What a session holds keeps it held. The session's new values are not
-- stored yet, so they are tested against the rule itself.
DROP TRIGGER session_record_needs_held;
CREATE TRIGGER session_record_needs_held BEFORE UPDATE OF attendance, planned ON session
WHEN (new.planned IS NOT old.planned OR new.attendance IS NOT old.attendance)
	AND (new.planned, new.attendance) NOT IN (SELECT planned, attendance FROM held_attendance)
	AND (EXISTS (SELECT 1 FROM note WHERE session_id = old.id AND (body <> '' OR status = 'signed'))
	  OR EXISTS (SELECT 1 FROM rating WHERE session_id = old.id)
	  OR EXISTS (SELECT 1 FROM measure_value WHERE session_id = old.id)
	  OR EXISTS (SELECT 1 FROM checkin WHERE session_id = old.id))
BEGIN
	SELECT RAISE(ABORT, 'attendance: the session has a note, ratings, scores or check-ins, which only a held session keeps');
END;

-- The couple list's figures: sessions on record (planned ones are not
-- yet), those held, and the last held one.
DROP TRIGGER couple_stats_new_session;
DROP TRIGGER couple_stats_changed_session;
DROP TRIGGER couple_stats_removed_session;
CREATE TRIGGER couple_stats_new_session AFTER INSERT ON session BEGIN
	INSERT INTO couple_stats (couple_id, sessions_total, sessions_held, last_session)
	VALUES (new.couple_id, new.planned = 0,
		EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = new.id),
		CASE WHEN EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = new.id) THEN new.starts_at END)
	ON CONFLICT (couple_id) DO UPDATE SET
		sessions_total = sessions_total + (new.planned = 0),
		sessions_held = sessions_held + (EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = new.id)),
		last_session = CASE WHEN EXISTS (SELECT 1 FROM held_sessions h WHERE h.id = new.id)
			AND (last_session IS NULL OR new.starts_at > last_session)
			THEN new.starts_at ELSE last_session END;
END;
CREATE TRIGGER couple_stats_changed_session
AFTER UPDATE OF couple_id, starts_at, attendance, planned ON session BEGIN
	UPDATE couple_stats SET (sessions_total, sessions_held, last_session) = (
		(SELECT count(*) FROM session s WHERE s.couple_id = couple_stats.couple_id
		 AND s.planned = 0),
		(SELECT count(*) FROM held_sessions h WHERE h.couple_id = couple_stats.couple_id),
		(SELECT max(h.starts_at) FROM held_sessions h WHERE h.couple_id = couple_stats.couple_id))
	WHERE couple_id IN (old.couple_id, new.couple_id);
END;
CREATE TRIGGER couple_stats_removed_session AFTER DELETE ON session BEGIN
	UPDATE couple_stats SET (sessions_total, sessions_held, last_session) = (
		(SELECT count(*) FROM session s WHERE s.couple_id = couple_stats.couple_id
		 AND s.planned = 0),
		(SELECT count(*) FROM held_sessions h WHERE h.couple_id = couple_stats.couple_id),
		(SELECT max(h.starts_at) FROM held_sessions h WHERE h.couple_id = couple_stats.couple_id))
	WHERE couple_id = old.couple_id;
END;
