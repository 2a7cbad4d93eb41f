#!/usr/bin/env bash
# upgrade.sh: a database from any past schema version, upgraded by dyad,
# ends with exactly the schema a fresh `dyad init` gives. For every
# migration N in schema/ (read from the folder, so a new one is covered the
# day it lands), the sqlite3 shell builds a database from migrations 1..N as
# they are in the tree, a little data goes in where the tables allow, dyad
# opens it (and so upgrades it), and its sqlite_master (type, name, tbl_name
# and the SQL with whitespace collapsed) and user_version are compared with
# the fresh database's.
# Those copies of the migrations stand for the text an older dyad shipped:
# a migration edited after release leaves the databases it built behind
# what a fresh one gets, and the comparison says which object differs.
# Since that comparison builds the old databases from today's text, the
# first part checks the text itself: every migration's SHA-256 is recorded
# in schema/released.sha256 when it lands, and may never change after.
#   DYAD_UPGRADE_SCHEMA=DIR   build the old databases from DIR instead
. "$DYAD_SRC/tests/lib.sh"

SCHEMA_DIR=${DYAD_UPGRADE_SCHEMA:-$DYAD_SRC/schema}
migrations=$(ls "$SCHEMA_DIR"/[0-9][0-9][0-9][0-9]_*.sql 2>/dev/null | sort)
if [ -z "$migrations" ]; then
	not_ok "the migrations are found in $SCHEMA_DIR"
	exit 0
fi

# --- released migrations are never edited --------------------------------------------
# changed_migrations DIR SUMS: the migrations in DIR whose text differs from
# their line in SUMS ("name: changed"), or which have none ("name: not recorded").
changed_migrations() {
	for f in "$1"/[0-9][0-9][0-9][0-9]_*.sql; do
		name=${f##*/}
		want=$(awk -v n="$name" '$2 == n { print $1 }' "$2")
		have=$(sha256sum <"$f" | cut -d' ' -f1)
		if [ -z "$want" ]; then
			echo "$name: not recorded"
		elif [ "$want" != "$have" ]; then
			echo "$name: changed"
		fi
	done
}
SUMS=$DYAD_SRC/schema/released.sha256
problems=$(changed_migrations "$SCHEMA_DIR" "$SUMS")
if [ -z "$problems" ]; then
	ok "every migration is recorded in schema/released.sha256 and unchanged since"
else
	not_ok "every migration is recorded in schema/released.sha256 and unchanged since" \
		"$problems
(a released migration is never edited: write the next one instead; a new one
gets its line with: cd schema && sha256sum NNNN_name.sql >>released.sha256)"
fi
mkdir -p "$T/edited"
cp "$SCHEMA_DIR"/[0-9][0-9][0-9][0-9]_*.sql "$T/edited/"
first=$(ls "$T/edited" | head -n 1)
printf '\n-- an afterthought\n' >>"$T/edited/$first"
expect "the check sees a released migration edited afterwards" \
	test "$(changed_migrations "$T/edited" "$SUMS")" = "$first: changed"
printf -- '-- new\n' >"$T/edited/9999_new.sql"
unrecorded=$(changed_migrations "$T/edited" "$SUMS" | grep -c '^9999_new.sql: not recorded$')
expect "and a migration nobody recorded" test "$unrecorded" = 1

# schema_of DB: one line per object, sorted, then the schema version.
schema_of() {
	sqlite3 -separator ' | ' "$1" "SELECT type, name, tbl_name,
			trim(replace(replace(replace(coalesce(sql, ''), char(13), ' '), char(10), ' '), char(9), ' '))
		FROM sqlite_master ORDER BY type, name" | sed -E 's/  +/ /g'
	echo "user_version $(sqlite3 "$1" 'PRAGMA user_version')"
}

# has_table DB NAME: the table exists.
has_table() {
	[ "$(sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '$2'")" = 1 ]
}

FRESH=$T/fresh.db
DYAD_DB=$FRESH run init
expect_rc "a fresh database is created" 0
schema_of "$FRESH" >"$T/fresh.schema"
latest=$(basename "$(printf '%s\n' "$migrations" | tail -n 1)" | sed 's/^0*\([0-9][0-9]*\)_.*/\1/')
expect "the fresh database is at the last migration's version" \
	test "$(sqlite3 "$FRESH" 'PRAGMA user_version')" = "$latest"

n=0
for migration in $migrations; do
	n=$((n + 1))
	v=$(basename "$migration" | sed 's/^0*\([0-9][0-9]*\)_.*/\1/')
	OLD=$T/v$v.db
	applied=$(printf '%s\n' "$migrations" | head -n "$n")
	# Each migration's own statements, then the version dyad would record.
	if ! for f in $applied; do cat "$f"; done | sqlite3 -bail "$OLD" >"$T/build.log" 2>&1 ||
		! sqlite3 "$OLD" "PRAGMA user_version = $v"; then
		not_ok "a version $v database is built from migrations 1 to $v" "$(cat "$T/build.log")"
		continue
	fi
	# A couple with a held session, its note and a rating; homework and a
	# measure where those tables exist. Columns every version has.
	data="INSERT INTO couple (id, name, intake_date) VALUES (1, 'Okafor & Reyes', '2026-01-05');
		INSERT INTO partner (couple_id, role, name) VALUES (1, 'a', 'Maya'), (1, 'b', 'Daniel');
		INSERT INTO session (id, couple_id, starts_at, attendance) VALUES (1, 1, '2026-02-02T10:00', 'both');
		INSERT INTO note (session_id, body) VALUES (1, 'They talked about the kitchen.');
		INSERT INTO rating (session_id, concept_id, partner, value)
			SELECT 1, id, 'a', 3 FROM concept WHERE key = 'startup';"
	has_table "$OLD" assignment && data="$data
		INSERT INTO assignment (couple_id, exercise_id, exercise_title, frequency, minutes,
			assigned_on, due_on, session_id) VALUES (1, 'walk', 'A walk', 'weekly', 20,
			'2026-02-02', '2026-02-16', 1);
		INSERT INTO checkin (assignment_id, partner, done, checked_on) VALUES (1, 'a', 1, '2026-02-09');"
	has_table "$OLD" measure_value && data="$data
		INSERT INTO measure_value (session_id, measure_id, partner, value)
			SELECT 1, id, 'b', 14 FROM measure WHERE key = 'csi4';"
	if ! sqlite3 -bail "$OLD" "BEGIN; $data COMMIT;" >"$T/data.log" 2>&1; then
		not_ok "data goes into the version $v database" "$(cat "$T/data.log")"
		continue
	fi

	counts="SELECT (SELECT count(*) FROM session) || ',' || (SELECT count(*) FROM note)
		|| ',' || (SELECT count(*) FROM rating) || ',' || (SELECT count(*) FROM partner)"
	before=$(sqlite3 "$OLD" "$counts")

	DYAD_DB=$OLD run couple list --json
	expect_rc "dyad opens (and upgrades) a version $v database" 0
	expect "the couple is still there after upgrading from version $v" \
		test "$(json_get '[c["name"] for c in d]' 2>/dev/null)" = "['Okafor & Reyes']"
	schema_of "$OLD" >"$T/v$v.schema"
	if diff -u "$T/fresh.schema" "$T/v$v.schema" >"$T/v$v.diff"; then
		ok "upgrading from version $v gives the fresh schema"
	else
		not_ok "upgrading from version $v gives the fresh schema" \
			"fresh (-) against upgraded (+):
$(grep -E '^[-+][^-+]' "$T/v$v.diff" | cut -c1-300 | head -n 20)"
	fi
	expect "the rows are whole after upgrading from version $v" \
		test "$(sqlite3 "$OLD" "$counts")" = "$before"
	expect "the upgraded version $v database passes its integrity check" \
		test "$(sqlite3 "$OLD" 'PRAGMA integrity_check')" = ok
done
