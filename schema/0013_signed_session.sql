-- 0013_signed_session.sql: a signature covers the whole signed session.
--
-- Signing a note now fixes everything the session recorded: the note text,
-- the session's couple, date and time, attendance, minutes and modality,
-- and every rating and measure score. dyad writes the SHA-256 of these, in
-- the canonical form spelled out in app/store/signatures.c, into
-- session_signature when the note is signed; `dyad check` recomputes it.
-- The triggers below keep all of it from changing, as 0005 does for the
-- note's text; addenda stay the way to correct a signed note.
--
-- Notes signed before this migration get their digest when dyad first
-- opens the file after the upgrade (SQL alone cannot build the canonical
-- form exactly as C does), in the same transaction as this file; those
-- rows say taken = 'upgrade', meaning the digest shows the session as it
-- stood at the upgrade, not necessarily as it was signed.

CREATE TABLE session_signature (
	session_id     INTEGER PRIMARY KEY REFERENCES note (session_id),
	form           INTEGER NOT NULL CHECK (form >= 1),
	content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
	-- the session's own lines of the canonical form, as signed (ids,
	-- date, attendance: no clinical text), so `check` can say which
	-- of them changed
	session_fields TEXT NOT NULL,
	ratings_sha256 TEXT NOT NULL CHECK (length(ratings_sha256) = 64),
	scores_sha256  TEXT NOT NULL CHECK (length(scores_sha256) = 64),
	note_sha256    TEXT NOT NULL CHECK (length(note_sha256) = 64),
	taken          TEXT NOT NULL CHECK (taken IN ('signing', 'upgrade')),
	taken_at       TEXT NOT NULL
);

CREATE TRIGGER session_signature_needs_signed_note BEFORE INSERT ON session_signature
WHEN NOT EXISTS (SELECT 1 FROM note WHERE session_id = new.session_id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'signature: only a signed note has a signature');
END;
CREATE TRIGGER session_signature_no_update BEFORE UPDATE ON session_signature
BEGIN
	SELECT RAISE(ABORT, 'signature: a signature cannot be changed');
END;
CREATE TRIGGER session_signature_no_delete BEFORE DELETE ON session_signature
BEGIN
	SELECT RAISE(ABORT, 'signature: a signature cannot be deleted');
END;

-- A signed session takes no new rating or score. The test is the
-- signature row, not the note's status: a full import loads notes before
-- ratings and scores, and their signatures after both.
CREATE TRIGGER rating_signed_no_insert BEFORE INSERT ON rating
WHEN EXISTS (SELECT 1 FROM session_signature WHERE session_id = new.session_id)
BEGIN
	SELECT RAISE(ABORT, 'rating: the note is signed, so its ratings are locked');
END;
CREATE TRIGGER measure_value_signed_no_insert BEFORE INSERT ON measure_value
WHEN EXISTS (SELECT 1 FROM session_signature WHERE session_id = new.session_id)
BEGIN
	SELECT RAISE(ABORT, 'measure: the note is signed, so its scores are locked');
END;
CREATE TRIGGER measure_value_signed_no_update BEFORE UPDATE ON measure_value
WHEN EXISTS (SELECT 1 FROM note WHERE session_id = old.session_id AND status = 'signed')
	OR EXISTS (SELECT 1 FROM session_signature WHERE session_id = new.session_id)
BEGIN
	SELECT RAISE(ABORT, 'measure: the note is signed, so its scores are locked');
END;
CREATE TRIGGER measure_value_signed_no_delete BEFORE DELETE ON measure_value
WHEN EXISTS (SELECT 1 FROM note WHERE session_id = old.session_id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'measure: the note is signed, so its scores are locked');
END;
-- 0005's rating_signed_no_update looks at the rating's old session only;
-- moving a rating onto a signed session is refused here.
CREATE TRIGGER rating_signed_no_move BEFORE UPDATE OF session_id ON rating
WHEN EXISTS (SELECT 1 FROM session_signature WHERE session_id = new.session_id)
BEGIN
	SELECT RAISE(ABORT, 'rating: the note is signed, so its ratings are locked');
END;

-- A signed session stays with its couple, at its time, as it was held.
CREATE TRIGGER session_signed_no_update
BEFORE UPDATE OF couple_id, starts_at, attendance, minutes, modality ON session
WHEN (new.couple_id IS NOT old.couple_id OR new.starts_at IS NOT old.starts_at
	OR new.attendance IS NOT old.attendance OR new.minutes IS NOT old.minutes
	OR new.modality IS NOT old.modality)
	AND EXISTS (SELECT 1 FROM note WHERE session_id = old.id AND status = 'signed')
BEGIN
	SELECT RAISE(ABORT, 'session: its note is signed, so its couple, date, attendance, minutes and modality are fixed');
END;
