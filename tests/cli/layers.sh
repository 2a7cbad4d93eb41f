#!/usr/bin/env bash
# layers.sh: the house's one-way flow, checked on every source file.
# Data flows core -> store -> domain -> output -> cli | tui, and reports/ is
# a library of its own that output/ hands plain structs to. A layer
# includes only itself and the layers before it; only store/ speaks SQLite,
# only core/ libsodium, only tui/ curses, only reports/ libharu, libxlsxwriter, minizip and
# the font libraries.
. "$DYAD_SRC/tests/lib.sh"

cd "$DYAD_SRC" || exit 1

# allowed LAYER: the layers whose headers LAYER may include.
allowed() {
	case "$1" in
	core) echo "core" ;;
	store) echo "core store" ;;
	domain) echo "core store domain" ;;
	output) echo "core store domain output reports" ;;
	cli) echo "core store domain output cli" ;;
	tui) echo "core store domain output tui" ;;
	esac
}

# check_file FILE LAYER: prints one line per include that breaks the rules.
# Every quoted include names its file from the top of the tree
# ("app/store/db.h", "reports/progress.h"), so the build needs only -I. and
# a reader sees the layer at the top of every file.
check_file() {
	local file=$1 layer=$2 line inc may
	may=" $(allowed "$layer") "
	grep -h -o -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]+[>"]' "$file" |
		while read -r line; do
			# Parameter expansion, not sed: a fork per include made this
			# file one of the slowest in the suite.
			inc=${line#*[<\"]}
			inc=${inc%[>\"]}
			case "$inc" in
			sqlite3.h | sqlcipher/*) [ "$layer" = store ] || echo "$file: $inc outside store/" ;;
			curses.h | ncurses.h | ncursesw/* | term.h | panel.h)
				[ "$layer" = tui ] || echo "$file: $inc outside tui/" ;;
			sodium.h | sodium/*) [ "$layer" = core ] || echo "$file: $inc outside core/" ;;
			hpdf.h | hpdf_*.h | xlsxwriter.h | xlsxwriter/* | minizip/* | zip.h | unzip.h | \
				ft2build.h | fontconfig/* | freetype/*)
				[ "$layer" = reports ] || echo "$file: $inc outside reports/" ;;
			esac
			case "$line" in *'<'*) continue ;; esac
			case "$inc" in
			app/*/*)
				local first=${inc#app/}
				first=${first%%/*}
				if [ "$layer" = reports ]; then
					echo "$file: reports/ includes $inc (it takes plain structs, nothing from app/)"
				elif [[ $may != *" $first "* ]]; then
					echo "$file: $layer/ includes $inc"
				fi ;;
			reports/*)
				case "$layer" in
				reports | output) ;;
				*) echo "$file: $layer/ includes $inc (only output/ hands work to reports/)" ;;
				esac ;;
			*) echo "$file: \"$inc\" does not name its layer (write \"app/LAYER/...\" or \"reports/...\")" ;;
			esac
		done
}

problems=""
count=0
for layer in core store domain output cli tui; do
	for f in app/$layer/*.c app/$layer/*.h; do
		[ -f "$f" ] || continue
		count=$((count + 1))
		problems="$problems$(check_file "$f" "$layer")"
	done
done
for f in reports/*.c reports/*.h; do
	count=$((count + 1))
	problems="$problems$(check_file "$f" reports)"
done
expect "the layer check read the whole house" test "$count" -gt 100
if [ -z "$problems" ]; then
	ok "every layer includes only the layers before it"
else
	not_ok "every layer includes only the layers before it" "$problems"
fi

# The check itself must catch a breach: a domain file that names curses,
# a store file that names the interface, reports/ reaching into app/.
mkdir -p "$T/app/domain" "$T/app/store" "$T/reports"
printf '#include <curses.h>\n' >"$T/app/domain/bad.c"
printf '#include "app/tui/tui.h"\n' >"$T/app/store/bad.c"
printf '#include <minizip/zip.h>\n' >"$T/app/domain/zip.c"
expect "a domain file including minizip is caught" test -n "$(check_file "$T/app/domain/zip.c" domain)"
printf '#include "app/core/error.h"\n' >"$T/reports/bad.c"
expect "a domain file including curses is caught" test -n "$(check_file "$T/app/domain/bad.c" domain)"
expect "a store file including the interface is caught" test -n "$(check_file "$T/app/store/bad.c" store)"
expect "reports/ including app/ is caught" test -n "$(check_file "$T/reports/bad.c" reports)"
printf '#include "progress.h"\n' >"$T/app/domain/bare.c"
expect "a report header named without its layer is caught" test -n "$(check_file "$T/app/domain/bare.c" domain)"
printf '#include "core/error.h"\n' >"$T/app/domain/short.c"
expect "an include relative to app/ is caught" test -n "$(check_file "$T/app/domain/short.c" domain)"
printf '#include "wrap.h"\n' >"$T/reports/bare.c"
expect "a bare neighbour include in reports/ is caught" test -n "$(check_file "$T/reports/bare.c" reports)"
printf '#include "reports/progress.h"\n' >"$T/app/domain/reach.c"
expect "domain/ reaching into reports/ is caught" test -n "$(check_file "$T/app/domain/reach.c" domain)"
printf '#include <stdio.h>\n#include "app/core/error.h"\n#include "app/store/db.h"\n' >"$T/app/domain/good.c"
expect "a file that follows the rules passes" test -z "$(check_file "$T/app/domain/good.c" domain)"

# The build finds headers from the top of the tree only: no -I that would let
# a short name resolve.
extra=$(grep -o -E -- '-I[^ ]*' Makefile | grep -v -x -- '-I\.' || true)
expect "the Makefile adds no include folder but the top (-I.)" test -z "$extra"
