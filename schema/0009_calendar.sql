-- 0009_calendar.sql: the practice's calendar identity.
--
-- A calendar program recognises an event again by its UID, so a session's
-- UID must be the same in every file dyad writes, and must not collide with
-- another practice's session of the same number. The UID is the session id
-- plus this per-database id: random, made once when the table is created,
-- never changed by dyad. It travels in exports, so a practice moved to
-- another machine keeps its events' identities (import replaces the new
-- database's own id with the file's).
CREATE TABLE calendar_identity (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	uid       TEXT NOT NULL CHECK (length(uid) = 64 AND uid NOT GLOB '*[^0-9a-f]*')
);
INSERT INTO calendar_identity (singleton, uid) VALUES (1, lower(hex(randomblob(32))));

