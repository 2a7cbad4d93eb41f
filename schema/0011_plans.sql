-- 0011_plans.sql: treatment plans. A couple's plan is kept as numbered
-- versions: the newest may be a draft; a signed version is fixed for good
-- (these triggers hold from the sqlite3 shell too), and changing the plan
-- after signing starts the next version as a draft. The objectives are
-- one a line; dyad reads the measurable ones (a concept or a measure, a
-- comparison and a threshold) and works out their status from the record,
-- so no status is stored.
CREATE TABLE treatment_plan (
	id            INTEGER PRIMARY KEY,
	couple_id     INTEGER NOT NULL REFERENCES couple (id),
	version       INTEGER NOT NULL CHECK (version BETWEEN 1 AND 100000),
	status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
	review_on     TEXT CHECK (review_on IS NULL OR date(review_on) IS review_on),
	problems      TEXT NOT NULL DEFAULT '' CHECK (length(problems) <= 20000),
	goals         TEXT NOT NULL DEFAULT '' CHECK (length(goals) <= 20000),
	objectives    TEXT NOT NULL DEFAULT '' CHECK (length(objectives) <= 20000),
	interventions TEXT NOT NULL DEFAULT '' CHECK (length(interventions) <= 20000),
	created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	signed_at     TEXT,
	CHECK ((status = 'signed') = (signed_at IS NOT NULL)),
	UNIQUE (couple_id, version)
);
-- At most one draft per couple: the version being worked on.
CREATE UNIQUE INDEX treatment_plan_one_draft ON treatment_plan (couple_id)
	WHERE status = 'draft';

-- Versions come in order, each after a signed one, never beside a draft.
CREATE TRIGGER treatment_plan_next_version BEFORE INSERT ON treatment_plan
WHEN new.version IS NOT coalesce((SELECT max(version) FROM treatment_plan
		WHERE couple_id = new.couple_id), 0) + 1
	OR EXISTS (SELECT 1 FROM treatment_plan WHERE couple_id = new.couple_id
		AND status = 'draft')
BEGIN
	SELECT RAISE(ABORT, 'plan: a new version follows the last one, and only once the draft is signed');
END;
-- A signed version is fixed: no change (not even signing again), no delete.
CREATE TRIGGER treatment_plan_signed_no_update BEFORE UPDATE ON treatment_plan
WHEN old.status = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'plan: a signed version is locked; change the plan to start a new version');
END;
CREATE TRIGGER treatment_plan_signed_no_delete BEFORE DELETE ON treatment_plan
WHEN old.status = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'plan: a signed version is locked and cannot be deleted');
END;
-- A draft stays the same couple's same version.
CREATE TRIGGER treatment_plan_keeps_place BEFORE UPDATE OF couple_id, version ON treatment_plan
WHEN new.couple_id IS NOT old.couple_id OR new.version IS NOT old.version
BEGIN
	SELECT RAISE(ABORT, 'plan: a version keeps its couple and its number');
END;

-- Homework linked to an objective of its couple's plan, by the objective's
-- number (1 for the first line under Objectives). Beside the assignment
-- rather than in it, so the assignment's own columns stay as they were.
CREATE TABLE assignment_objective (
	assignment_id INTEGER PRIMARY KEY REFERENCES assignment (id),
	objective     INTEGER NOT NULL CHECK (objective BETWEEN 1 AND 99)
);
