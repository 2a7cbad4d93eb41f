#!/usr/bin/env bash
# schema_numbers.sh: app/tools/embed.sh builds the migrations into dyad only
# when their numbers run 1, 2, 3 ... with none used twice and none missing.
. "$DYAD_SRC/tests/lib.sh"

embed() {
	sh "$DYAD_SRC/app/tools/embed.sh" "$T/schema.c" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	ERR=$(cat "$T/err")
}

mkdir -p "$T/s"
for f in "$DYAD_SRC"/schema/[0-9][0-9][0-9][0-9]_*.sql; do cp "$f" "$T/s/"; done
count=$(ls "$T/s" | wc -l)

embed "$T"/s/*.sql
expect_rc "the project's own migrations are accepted" 0
expect "every migration is built in" grep -q "migrations_count = $count;" "$T/schema.c"

cp "$T/s/0002_"*.sql "$T/s/0002_again.sql"
rm -f "$T/schema.c"
embed $(ls "$T"/s/*.sql | sort)
expect_rc "a migration number used twice is refused" 1
expect_err "the message names the duplicate" "migration number 2 is used twice"
expect "nothing is written for a refused set" test ! -e "$T/schema.c"
rm -f "$T/s/0002_again.sql"

embed $(ls "$T"/s/*.sql | grep -v '/0002_')
expect_rc "a missing migration number is refused" 1
expect_err "the message names the gap" "migration 2 is missing"

cp "$T/s/0001_"*.sql "$T/s/init.sql"
embed "$T"/s/init.sql
expect_rc "a migration not named NNNN_name.sql is refused" 1
expect_err "the message says how migrations are named" "init.sql: a migration is named NNNN_name.sql"
