-- 0004_measures.sql: outcome measures. The catalogue names each measure and
-- its scale; a value is one partner's total score at one session. Only
-- totals are kept, never an instrument's items or wording (those belong to
-- their authors).

CREATE TABLE measure (
	id               INTEGER PRIMARY KEY,
	key              TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 64),
	name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	scale_min        REAL NOT NULL,
	scale_max        REAL NOT NULL,
	-- A score on the worse side of the cutoff is a concern: below it when
	-- higher is better, above it when lower is better. NULL: no cutoff.
	cutoff           REAL,
	higher_is_better INTEGER NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
	position         INTEGER NOT NULL,
	created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	CHECK (scale_min < scale_max),
	CHECK (cutoff IS NULL OR (cutoff >= scale_min AND cutoff <= scale_max))
);

-- One score per session, measure and partner; recording again replaces it.
CREATE TABLE measure_value (
	session_id INTEGER NOT NULL REFERENCES session (id),
	measure_id INTEGER NOT NULL REFERENCES measure (id),
	partner    TEXT NOT NULL CHECK (partner IN ('a', 'b')),
	value      REAL NOT NULL,
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	PRIMARY KEY (session_id, measure_id, partner)
) WITHOUT ROWID;
CREATE INDEX measure_value_measure ON measure_value (measure_id, session_id);

-- The defaults. CSI-4 is the four-item Couples Satisfaction Index (Funk &
-- Rogge, 2007): totals run 0 to 21 and a total below 13.5 suggests notable
-- dissatisfaction. The two self-ratings are this project's own.
INSERT INTO measure (key, name, scale_min, scale_max, cutoff, higher_is_better, position) VALUES
('csi4', 'CSI-4 relationship satisfaction', 0, 21, 13.5, 1, 10),
('felt_safety', 'Felt safety', 0, 10, NULL, 1, 20),
('felt_connection', 'Felt connection', 0, 10, NULL, 1, 30);
