#!/usr/bin/env bash
# foreign_db.sh: a SQLite file that another program made is not a dyad
# database: dyad refuses it and leaves it exactly as it was, instead of
# writing its own tables into it.
. "$DYAD_SRC/tests/lib.sh"

sqlite3 "$T/other.db" "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');"
before=$(sha256sum "$T/other.db" | cut -d' ' -f1)
run --db "$T/other.db" couple list
expect_rc "another program's SQLite file is refused" 1
expect_err "the message says it is not a dyad database" "other.db: not a dyad database"
expect "the file is not changed" test "$(sha256sum "$T/other.db" | cut -d' ' -f1)" = "$before"
expect "no dyad table was written into it" test "$(sqlite3 "$T/other.db" "SELECT count(*) FROM sqlite_master")" = 1

: >"$T/empty.db"
run --db "$T/empty.db" couple list
expect_rc "an empty file still becomes a new dyad database" 0
run --db "$T/empty.db" couple list
expect_rc "and opens again as one" 0
