-- 0010_intake.sql: the intake form and per-partner safety screening.
--
-- An intake is one row per couple: what brought them, their history, what
-- each partner wants from therapy, the confidentiality policy agreed for
-- individual sessions, and who referred them. `revision` counts saves, as
-- a note's does. Couples already on record when this migration runs had
-- their intake before dyad kept the form (on paper, in the therapist's own
-- file): each gets an empty row with on_paper = 1, so signing their notes
-- goes on as before; the therapist fills the form in when it suits them.
--
-- A safety screening is recorded for one partner at a time (screening for
-- violence or coercion is done with each partner alone), and is private to
-- that partner: dyad never puts it in a handout or a couple-facing report.

CREATE TABLE intake (
	couple_id       INTEGER PRIMARY KEY REFERENCES couple (id),
	concerns        TEXT NOT NULL DEFAULT '',
	history         TEXT NOT NULL DEFAULT '',
	goal_a          TEXT NOT NULL DEFAULT 'undecided'
	                CHECK (goal_a IN ('improve', 'clarify', 'undecided')),
	goal_b          TEXT NOT NULL DEFAULT 'undecided'
	                CHECK (goal_b IN ('improve', 'clarify', 'undecided')),
	-- NULL: not agreed yet
	confidentiality TEXT CHECK (confidentiality IN ('no-secrets', 'individual')),
	referral        TEXT NOT NULL DEFAULT '',
	on_paper        INTEGER NOT NULL DEFAULT 0 CHECK (on_paper IN (0, 1)),
	revision        INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
	created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

INSERT INTO intake (couple_id, on_paper) SELECT id, 1 FROM couple;

CREATE TABLE safety_screening (
	id          INTEGER PRIMARY KEY,
	couple_id   INTEGER NOT NULL REFERENCES couple (id),
	partner     TEXT NOT NULL CHECK (partner IN ('a', 'b')),
	screened_on TEXT NOT NULL CHECK (date(screened_on) IS screened_on),
	method      TEXT NOT NULL CHECK (length(trim(method)) BETWEEN 1 AND 200),
	result      TEXT NOT NULL CHECK (result IN ('none', 'concern', 'severe')),
	action      TEXT CHECK (action IS NULL OR length(action) <= 4000),
	recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX safety_screening_couple ON safety_screening (couple_id, partner, screened_on);

-- No screening before the couple's intake, and an intake date cannot move
-- past a screening already on record.
CREATE TRIGGER safety_screening_after_intake BEFORE INSERT ON safety_screening
WHEN new.screened_on < (SELECT intake_date FROM couple WHERE id = new.couple_id)
BEGIN
	SELECT RAISE(ABORT, 'date: a safety screening cannot be dated before the couple''s intake date');
END;
CREATE TRIGGER safety_screening_after_intake_update
BEFORE UPDATE OF couple_id, screened_on ON safety_screening
WHEN new.screened_on < (SELECT intake_date FROM couple WHERE id = new.couple_id)
BEGIN
	SELECT RAISE(ABORT, 'date: a safety screening cannot be dated before the couple''s intake date');
END;
CREATE TRIGGER couple_intake_before_screenings BEFORE UPDATE OF intake_date ON couple
WHEN new.intake_date IS NOT old.intake_date AND EXISTS (SELECT 1 FROM safety_screening
	WHERE couple_id = new.id AND screened_on < new.intake_date)
BEGIN
	SELECT RAISE(ABORT, 'intake: the couple has safety screenings before that date');
END;
