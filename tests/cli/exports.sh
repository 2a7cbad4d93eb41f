#!/usr/bin/env bash
# exports.sh: every command that writes a file of client data, under the
# same trials: private modes whatever the umask, a symbolic link at the
# target refused and not followed, /dev/full refused, and on a full disk or
# past a file-size limit one clear line, the older file kept and no
# half-written or temporary file left behind. A new export command joins
# by adding a line to `exports` below.
. "$DYAD_SRC/tests/lib.sh"

SMALL="$T/small"
mkdir -p "$SMALL" "$T/exports"
trap 'umount "$SMALL" 2>/dev/null; rm -rf "$T"' EXIT

run couple add "Okafor & Reyes" --partner Maya --partner Daniel
CID=$OUT
run assign "$CID" attention-daily --due 2026-12-05 --note "Ten minutes, phones away."
AID=$OUT

# name|arguments, with @OUT where the file goes.
exports=(
	"handout|handout $AID -o @OUT"
)

# export_run SPEC TARGET: runs the export writing to TARGET.
export_run() {
	local args=${1#*|}
	# shellcheck disable=SC2086
	run ${args//@OUT/$2}
}

# one_line NAME WANT: the last run exited 1 with one line containing WANT.
one_line() {
	if [ "$RC" -ne 1 ]; then
		not_ok "$1" "exit $RC, wanted 1; stderr: $ERR"
	elif [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ] || ! printf '%s' "$ERR" | grep -q -- "$2"; then
		not_ok "$1" "wanted one line with '$2', got: $ERR"
	else
		ok "$1"
	fi
}

# leftovers DIR: the names of hidden (temporary) files left in DIR.
leftovers() { ls -A "$1" | grep '^\.' || true; }

for spec in "${exports[@]}"; do
	name=${spec%%|*}
	dir="$T/exports/$name"
	mkdir -p "$dir"

	# A fresh file, with a careless umask: still private.
	(umask 022; export_run "$spec" "$dir/fresh"; exit "$RC"); RC=$?
	expect_rc "$name: writes a new file" 0
	expect "$name: a new file is 0600 even under umask 022" test "$(stat -c %a "$dir/fresh")" = 600
	size=$(stat -c %s "$dir/fresh")
	printf 'an older file, readable by all\n' >"$dir/old"
	chmod 0644 "$dir/old"
	(umask 022; export_run "$spec" "$dir/old"; exit "$RC"); RC=$?
	expect_rc "$name: replaces an older file" 0
	expect "$name: a replaced file is 0600 too" test "$(stat -c %a "$dir/old")" = 600
	expect "$name: and holds the new export" test "$(stat -c %s "$dir/old")" = "$size"

	# A symbolic link at the target: refused, nothing written through it.
	printf 'not dyad'"'"'s file\n' >"$dir/victim"
	ln -s "$dir/victim" "$dir/link"
	export_run "$spec" "$dir/link"
	one_line "$name: a symbolic link at the target is refused" "symbolic link"
	expect "$name: the file behind the link is untouched" test "$(cat "$dir/victim")" = "not dyad's file"
	expect "$name: the link is still a link" test -L "$dir/link"
	ln -s "$dir/nowhere" "$dir/dangling"
	export_run "$spec" "$dir/dangling"
	one_line "$name: a dangling link at the target is refused" "symbolic link"
	expect "$name: nothing is created where it points" test ! -e "$dir/nowhere"
	export_run "$spec" /dev/full
	one_line "$name: /dev/full as the target is refused" "not a regular file"
	expect "$name: no temporary file is left after the refusals" test -z "$(leftovers "$dir")"

	# Past a file-size limit: above what the database needs, below the export.
	db_kb=$(( ($(cat "$DYAD_DB"* | wc -c) + 1023) / 1024 + 40 ))
	if [ $((size / 1024)) -gt "$db_kb" ]; then
		cp "$dir/fresh" "$dir/limited"
		(ulimit -f "$db_kb"; export_run "$spec" "$dir/limited"; exit "$RC"); RC=$?
		ERR=$(cat "$T/err")
		one_line "$name: past the file-size limit it fails in one clear line" "File too large"
		expect "$name: dyad was not killed by SIGXFSZ" test "$RC" -lt 128
		expect "$name: the older file is kept whole" cmp -s "$dir/fresh" "$dir/limited"
		expect "$name: no half-written file is left" test -z "$(leftovers "$dir")"
	else
		skip "$name: past the file-size limit it fails in one clear line" "its output ($size bytes) is smaller than the database"
	fi

	# A full disk: a 64 KB tmpfs, with room for less than one export.
	if mount -t tmpfs -o size=64k,mode=0700 tmpfs "$SMALL" 2>/dev/null; then
		printf 'the export from last week\n' >"$SMALL/target"
		export_run "$spec" "$SMALL/target"
		one_line "$name: on a full disk it fails in one clear line" "No space left"
		expect "$name: the older file is kept" test "$(cat "$SMALL/target")" = "the export from last week"
		expect "$name: no half-written file is left on the full disk" test -z "$(leftovers "$SMALL")"
		export_run "$spec" "$SMALL/new"
		expect "$name: a new file that does not fit leaves nothing" test ! -e "$SMALL/new" -a -z "$(leftovers "$SMALL")"
		umount "$SMALL"
	else
		skip "$name: on a full disk it fails in one clear line" "cannot mount a tmpfs here (needs root)"
	fi
done

# --- handouts --dir: a folder it creates is private, and so is each file --------------------
run assign "$CID" repair-log --due 2026-12-04
(umask 022; "$DYAD" handouts --due-before 2026-12-31 --dir "$T/batch/of/handouts" >"$T/out.txt" 2>"$T/err")
expect "handouts --dir writes a handout per open assignment" test "$(ls "$T/batch/of/handouts" | wc -l)" = 2
expect "the folders it creates are 0700" test "$(stat -c %a "$T/batch") $(stat -c %a "$T/batch/of") $(stat -c %a "$T/batch/of/handouts")" = "700 700 700"
modes=$(stat -c %a "$T/batch/of/handouts"/* | sort -u)
expect "every handout in it is 0600" test "$modes" = 600
: >"$T/a-file"
run handouts --due-before 2026-12-31 --dir "$T/a-file/sub"
one_line "handouts --dir through a file is refused in one line" "a-file"
