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

run session add "$CID" --date 2026-11-20T10:00
run measure "$OUT" csi4 14 --partner a
printf 'A session note, for the report that includes notes.\n' >"$T/note"
run note set "$(sqlite3 "$DYAD_DB" 'SELECT max(id) FROM session')" --file "$T/note"

# name|arguments with @OUT where the file goes|the file name's ending
exports=(
	"handout|handout $AID -o @OUT|.pdf"
	"report|report $CID --include-notes -o @OUT|.xlsx"
	"caseload|report --caseload -o @OUT|.xlsx"
	"export|export -o @OUT|.json"
	"couple-export|export --couple $CID -o @OUT|.json"
	"backup|backup @OUT|.db"
)

# export_run SPEC TARGET: runs the export writing to TARGET (the ending
# is added when TARGET has none, so /dev/full stays itself).
export_run() {
	local rest=${1#*|}
	local args=${rest%|*} ext=${rest##*|} target=$2
	case $target in /dev/*) ;; *) target="$target$ext" ;; esac
	# shellcheck disable=SC2086
	run ${args//@OUT/$target}
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

# hold_database / release_database: a sqlite3 reader keeps the database
# (and its -shm file) open meanwhile; hold waits until it has.
hold_database() {
	rm -f "$T/hold"
	mkfifo "$T/hold" || return 1
	sqlite3 "$DYAD_DB" <"$T/hold" >/dev/null 2>&1 &
	HOLDER=$!
	exec 9>"$T/hold"
	echo 'SELECT count(*) FROM couple;' >&9
	for ((w = 0; w < 200; w++)); do
		[ "$(stat -c %s "$DYAD_DB-shm" 2>/dev/null)" = 32768 ] && return 0
		sleep 0.05
	done
	release_database
	return 1
}
release_database() {
	exec 9>&-
	wait "$HOLDER" 2>/dev/null
}

# leftovers DIR: the names of hidden (temporary) files left in DIR.
leftovers() { ls -A "$1" | grep '^\.' || true; }

for spec in "${exports[@]}"; do
	name=${spec%%|*}
	ext=${spec##*|}
	dir="$T/exports/$name"
	mkdir -p "$dir"

	# A fresh file, with a careless umask: still private.
	(umask 022; export_run "$spec" "$dir/fresh"; exit "$RC"); RC=$?
	expect_rc "$name: writes a new file" 0
	expect "$name: a new file is 0600 even under umask 022" test "$(stat -c %a "$dir/fresh$ext")" = 600
	size=$(stat -c %s "$dir/fresh$ext")
	printf 'an older file, readable by all\n' >"$dir/old$ext"
	chmod 0644 "$dir/old$ext"
	(umask 022; export_run "$spec" "$dir/old"; exit "$RC"); RC=$?
	expect_rc "$name: replaces an older file" 0
	expect "$name: a replaced file is 0600 too" test "$(stat -c %a "$dir/old$ext")" = 600
	expect "$name: and holds the new export" cmp -s -n 8 "$dir/old$ext" "$dir/fresh$ext"

	# A symbolic link at the target: refused, nothing written through it.
	printf 'not dyad'"'"'s file\n' >"$dir/victim"
	ln -s "$dir/victim" "$dir/link$ext"
	export_run "$spec" "$dir/link"
	one_line "$name: a symbolic link at the target is refused" "symbolic link"
	expect "$name: the file behind the link is untouched" test "$(cat "$dir/victim")" = "not dyad's file"
	expect "$name: the link is still a link" test -L "$dir/link$ext"
	ln -s "$dir/nowhere" "$dir/dangling$ext"
	export_run "$spec" "$dir/dangling"
	one_line "$name: a dangling link at the target is refused" "symbolic link"
	expect "$name: nothing is created where it points" test ! -e "$dir/nowhere"
	export_run "$spec" /dev/full
	one_line "$name: /dev/full as the target is refused" ""
	expect "$name: no temporary file is left after the refusals" test -z "$(leftovers "$dir")"

	# Past a file-size limit smaller than the export. The database's
	# shared-memory file must exist already (a reader holds it open), or
	# the limit would stop dyad opening the database before the export.
	limit_kb=$((size / 1024 / 2))
	if [ "$limit_kb" -ge 1 ] && hold_database; then
		# A backup is never written over an older database; it gets a new name.
		[ "$name" = backup ] || cp "$dir/fresh$ext" "$dir/limited$ext"
		(ulimit -f "$limit_kb"; export_run "$spec" "$dir/limited"; exit "$RC"); RC=$?
		ERR=$(cat "$T/err")
		release_database
		one_line "$name: past the file-size limit it fails in one clear line" "File too large"
		expect "$name: dyad was not killed by SIGXFSZ" test "$RC" -lt 128
		if [ "$name" = backup ]; then
			expect "$name: no backup is left" test ! -e "$dir/limited$ext"
		else
			expect "$name: the older file is kept whole" cmp -s "$dir/fresh$ext" "$dir/limited$ext"
		fi
		expect "$name: no half-written file is left" test -z "$(leftovers "$dir")"
	else
		skip "$name: past the file-size limit it fails in one clear line" "could not hold the database open, or the export is under 2 KB"
	fi

	# A full disk: a 64 KB tmpfs holding an older export and then filled.
	if mount -t tmpfs -o size=64k,mode=0700 tmpfs "$SMALL" 2>/dev/null; then
		printf 'the export from last week\n' >"$SMALL/target$ext"
		dd if=/dev/zero of="$SMALL/filler" bs=1k 2>/dev/null # until the disk is full
		export_run "$spec" "$SMALL/target"
		one_line "$name: on a full disk it fails in one clear line" 'No space left\|disk is full' 
		expect "$name: the older file is kept" test "$(cat "$SMALL/target$ext")" = "the export from last week"
		expect "$name: no half-written file is left on the full disk" test -z "$(leftovers "$SMALL")"
		export_run "$spec" "$SMALL/new"
		expect "$name: a new file that does not fit leaves nothing" test ! -e "$SMALL/new$ext" -a -z "$(leftovers "$SMALL")"
		rm -f "$SMALL/filler"
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
