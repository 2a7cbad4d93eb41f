#!/usr/bin/env bash
# build_variants.sh: the default build links SQLCipher and nothing else of
# SQLite's; `make SQLITE=sqlite3` still builds, links only libsqlite3 and
# says plainly that encryption is unavailable; and deps.sh derives the
# bookworm-backports entry from the system's own Debian source.
# make check-all only: a second whole build, against plain SQLite.
. "$DYAD_SRC/tests/lib.sh"

sqlite_libs() { ldd "$1" | grep -o -E 'lib(sqlite3|sqlcipher)\.so[.0-9]*' | sed 's/\.so.*//' | sort -u | tr '\n' ' '; }

case "${DYAD_SQLITE:-sqlcipher}" in
sqlcipher)
	expect "the default build links SQLCipher and not plain SQLite" test "$(sqlite_libs "$DYAD")" = "libsqlcipher "
	expect "--version says encryption is built in" sh -c "'$DYAD' --version | grep -q 'with SQLCipher'"
	;;
*)
	expect "a plain build links only libsqlite3" test "$(sqlite_libs "$DYAD")" = "libsqlite3 "
	;;
esac

# A plain-SQLite build beside the default one, in its own folder. Sub-makes
# must not inherit this run's make flags (an ASan build, say).
plain_dir="$DYAD_SRC/build/plain-sqlite"
if env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$DYAD_SRC" BUILD=build/plain-sqlite \
	SQLITE=sqlite3 OPT=-O0 >"$T/make.log" 2>&1; then
	ok "make SQLITE=sqlite3 builds"
else
	not_ok "make SQLITE=sqlite3 builds" "$(tail -5 "$T/make.log")"
fi
PLAIN="$plain_dir/dyad"
expect "the plain build links libsqlite3 and not SQLCipher" test "$(sqlite_libs "$PLAIN")" = "libsqlite3 "
expect "the plain build compiled without warnings" sh -c "! grep -q -i warning '$T/make.log'"
"$PLAIN" --version >"$T/v"
expect "the plain build's --version says there is no encryption" grep -q "no encryption" "$T/v"

DYAD=$PLAIN
run couple add "Plain & Simple" --partner One --partner Two
expect_rc "the plain build keeps a practice" 0
for cmd in encrypt decrypt rekey; do
	refused "without SQLCipher, $cmd says it is not available" 1 "not available in this build" "$cmd"
done
run check
expect_rc "the plain build's check passes" 0
run backup "$T/plain-backup.db"
expect_rc "the plain build backs up" 0

# Files are interchangeable between the builds while unencrypted.
DYAD=$DYAD_BIN
run couple list --json
expect "the default build reads the plain build's database" test "$(json_get 'd[0]["name"]')" = "Plain & Simple"
if "$DYAD_BIN" --version | grep -q "with SQLCipher"; then
	printf 'long enough passphrase\n' >"$T/pass"
	chmod 600 "$T/pass"
	DYAD_PASSPHRASE_FILE=$T/pass run encrypt
	DYAD=$PLAIN
	refused "the plain build refuses an encrypted database clearly" 1 "built without SQLCipher" couple list
	refused "the plain build refuses to restore an encrypted backup" 1 "without SQLCipher" restore "$DYAD_DB"
	DYAD=$DYAD_BIN
fi

# --- deps.sh: the backports entry comes from the system's own source ---------------
deps() { DYAD_APT_ETC="$T/apt" DYAD_OS_RELEASE="$T/os-release" sh "$DYAD_SRC/app/tools/deps.sh" backports-entry; }
printf 'ID=debian\nVERSION_CODENAME=bookworm\n' >"$T/os-release"
mkdir -p "$T/apt/sources.list.d"
cat >"$T/apt/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://mirror.example.org/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
deps >"$T/entry" 2>"$T/entry.err"
expect "a deb822 source gives a deb822 backports entry" test "$(cat "$T/entry")" = "$T/apt/sources.list.d/dyad-backports.sources
Types: deb
URIs: http://mirror.example.org/debian
Suites: bookworm-backports
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"

rm "$T/apt/sources.list.d/debian.sources"
cat >"$T/apt/sources.list" <<'EOF'
# a comment
deb http://security.debian.org/debian-security bookworm-security main
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.de.debian.org/debian bookworm main non-free-firmware
EOF
deps >"$T/entry" 2>"$T/entry.err"
expect "a one-line source gives a one-line entry with the same mirror, options and components" \
	test "$(cat "$T/entry")" = "$T/apt/sources.list.d/dyad-backports.list
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.de.debian.org/debian bookworm-backports main non-free-firmware"

echo 'deb http://ftp.de.debian.org/debian bookworm-backports main' >"$T/apt/sources.list.d/mine.list"
deps >"$T/entry" 2>"$T/entry.err"
rc=$?
expect "backports already enabled is left alone (exit 2, no entry)" test "$rc" -eq 2 -a ! -s "$T/entry"
expect "and deps.sh says where it found it" grep -q "already enabled" "$T/entry.err"

rm -f "$T/apt/sources.list" "$T/apt/sources.list.d/mine.list"
if deps >"$T/entry" 2>"$T/entry.err"; then
	not_ok "with no Debian source there is nothing to derive from"
else
	ok "with no Debian source there is nothing to derive from"
fi
