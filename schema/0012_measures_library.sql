-- 0012_measures_library.sql: what a measure needs to say whether a change is
-- real, and how often each couple answers it. The shipped instruments come
-- from templates/measures/ (one file each), written into this table when a
-- database is created or upgraded; rows a clinician defined are never
-- touched by that.

-- The smallest change that counts as reliable (Jacobson & Truax), given
-- outright or worked out from the reliability and the norm group's SD.
-- NULL: not known, so no reliable-change status is claimed.
ALTER TABLE measure ADD COLUMN reliable_change REAL CHECK (reliable_change IS NULL OR reliable_change > 0);
ALTER TABLE measure ADD COLUMN reliability REAL CHECK (reliability IS NULL OR (reliability > 0 AND reliability < 1));
ALTER TABLE measure ADD COLUMN norm_sd REAL CHECK (norm_sd IS NULL OR norm_sd > 0);
-- Where the numbers come from, and what using the instrument needs.
ALTER TABLE measure ADD COLUMN source TEXT CHECK (source IS NULL OR length(source) <= 1000);
ALTER TABLE measure ADD COLUMN licence TEXT CHECK (licence IS NULL OR length(licence) <= 500);
-- How often it is due, in sessions, when scheduled without a number, and
-- whether every couple has it scheduled unless told otherwise.
ALTER TABLE measure ADD COLUMN every_sessions INTEGER NOT NULL DEFAULT 1 CHECK (every_sessions BETWEEN 1 AND 52);
ALTER TABLE measure ADD COLUMN scheduled_by_default INTEGER NOT NULL DEFAULT 0 CHECK (scheduled_by_default IN (0, 1));
-- 1: one of the shipped instruments, kept in step with its library file.
ALTER TABLE measure ADD COLUMN from_library INTEGER NOT NULL DEFAULT 0 CHECK (from_library IN (0, 1));

-- The three measures 0004 seeded are library ones; until now every measure
-- counted toward "measures due", so clinicians' own stay scheduled too.
UPDATE measure SET from_library = 1 WHERE key IN ('csi4', 'felt_safety', 'felt_connection');
UPDATE measure SET scheduled_by_default = 1;

-- A couple's own rhythm for a measure: due every N sessions, or never
-- (every = 0) when the clinician has switched it off for them.
CREATE TABLE measure_schedule (
	couple_id  INTEGER NOT NULL REFERENCES couple (id),
	measure_id INTEGER NOT NULL REFERENCES measure (id),
	every      INTEGER NOT NULL CHECK (every BETWEEN 0 AND 52),
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	PRIMARY KEY (couple_id, measure_id)
) WITHOUT ROWID;
