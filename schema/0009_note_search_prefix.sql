-- 0009_note_search_prefix.sql: search as you type stays quick on a large
-- practice. The note index also keeps every word's first two and three
-- letters, so a short prefix ("fl", "flo") reads one list instead of merging
-- the lists of every word that starts with it. The index is re-created under
-- the same name and rebuilt from the notes; the triggers on note name the
-- table, so they keep working unchanged.
DROP TABLE note_fts;
CREATE VIRTUAL TABLE note_fts USING fts5 (
	body,
	content = 'note',
	content_rowid = 'session_id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
INSERT INTO note_fts (note_fts) VALUES ('rebuild');
