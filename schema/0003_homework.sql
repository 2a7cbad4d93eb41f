-- 0003_homework.sql: practice settings, homework assignments and the
-- check-ins that record how much of each assignment got done.
-- Dates are calendar days ("2026-11-28"); *_at columns are UTC times.

-- Practice-wide settings as key/value text (practice.name, practice.contact,
-- clinician.name, paper, handout.font). Which keys exist, and what each may
-- hold, is decided by app/domain/settings.c; an unset key has no row.
CREATE TABLE setting (
	key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;

-- One exercise given to one couple. The exercise's title, frequency and
-- length are copied from its template when it is assigned, so the record
-- (and the adherence arithmetic, which needs the frequency) stays whole
-- when the template is later edited or removed. `note` is the therapist's
-- note for the couple; it is printed on the handout.
CREATE TABLE assignment (
	id             INTEGER PRIMARY KEY,
	couple_id      INTEGER NOT NULL REFERENCES couple (id),
	exercise_id    TEXT NOT NULL CHECK (length(exercise_id) BETWEEN 1 AND 64),
	exercise_title TEXT NOT NULL CHECK (length(exercise_title) BETWEEN 1 AND 200),
	frequency      TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'once')),
	minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
	assigned_on    TEXT NOT NULL CHECK (date(assigned_on) IS assigned_on),
	due_on         TEXT NOT NULL CHECK (date(due_on) IS due_on AND due_on >= assigned_on),
	note           TEXT,
	session_id     INTEGER REFERENCES session (id),
	status         TEXT NOT NULL DEFAULT 'assigned'
	               CHECK (status IN ('assigned', 'done', 'dropped')),
	created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX assignment_couple ON assignment (couple_id, status, due_on);
CREATE INDEX assignment_due ON assignment (status, due_on);

-- What one partner reported for one assignment on one day: `done` times,
-- out of `out_of` when the therapist gave that figure (NULL: the expected
-- count follows from the frequency and the days since the previous
-- check-in; see app/domain/adherence.h). Recording the same partner on the
-- same day again replaces the earlier figures.
CREATE TABLE checkin (
	id            INTEGER PRIMARY KEY,
	assignment_id INTEGER NOT NULL REFERENCES assignment (id),
	partner       TEXT NOT NULL CHECK (partner IN ('a', 'b')),
	done          INTEGER NOT NULL CHECK (done BETWEEN 0 AND 10000),
	out_of        INTEGER CHECK (out_of IS NULL OR (out_of BETWEEN 1 AND 10000 AND done <= out_of)),
	comment       TEXT,
	checked_on    TEXT NOT NULL CHECK (date(checked_on) IS checked_on),
	session_id    INTEGER REFERENCES session (id),
	recorded_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	UNIQUE (assignment_id, partner, checked_on)
);
CREATE INDEX checkin_session ON checkin (session_id);
