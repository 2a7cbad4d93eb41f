#!/usr/bin/env bash
# install.sh: make install / uninstall honour PREFIX and DESTDIR, and the
# manual documents every command.
. "$DYAD_SRC/tests/lib.sh"

dest="$T/stage"
if make -s -C "$DYAD_SRC" install DESTDIR="$dest" PREFIX=/opt/dyad >"$T/make.log" 2>&1; then
	ok "make install succeeds"
else
	not_ok "make install succeeds" "$(tail -5 "$T/make.log")"
fi
expect "the binary is installed under PREFIX" test -x "$dest/opt/dyad/bin/dyad"
expect "the manual is installed" test -f "$dest/opt/dyad/share/man/man1/dyad.1"
"$dest/opt/dyad/bin/dyad" --version >"$T/v" 2>&1
expect "the installed binary runs" grep -q '^dyad ' "$T/v"
make -s -C "$DYAD_SRC" uninstall DESTDIR="$dest" PREFIX=/opt/dyad >"$T/make.log" 2>&1
expect "make uninstall removes the binary" test ! -e "$dest/opt/dyad/bin/dyad"
expect "make uninstall removes the manual" test ! -e "$dest/opt/dyad/share/man/man1/dyad.1"

# Every command the binary knows appears in the manual page (each synopsis
# starts a line indented by two spaces).
run --help
missing=""
while read -r cmd sub _; do
	[ -z "$cmd" ] && continue
	case "$sub" in [a-z]*) words="$cmd $sub" ;; *) words="$cmd" ;; esac
	grep -q -F "B $words" "$DYAD_SRC/app/dyad.1" || grep -q -F ".B $words" "$DYAD_SRC/app/dyad.1" || missing="$missing [$words]"
done < <(sed -n '/^Commands:/,/^$/p' "$T/out" | grep -E '^  [a-z]' | awk '{print $1, $2}')
if [ -z "$missing" ]; then ok "the manual documents every command"; else not_ok "the manual documents every command" "missing:$missing"; fi
