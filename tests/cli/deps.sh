#!/usr/bin/env bash
# deps.sh: app/tools/deps.sh against a fake apt that behaves like Debian 12's
# (SQLCipher 3.4.1 in the main archive, 4.6.1 only in bookworm-backports once
# that source exists and the lists were refreshed), in every order a fresh
# machine can meet it; and plain `make` only checks, it never installs.
# Nothing here touches the machine's own packages: every apt command, dpkg,
# sudo and id on PATH are this file's stand-ins, and the apt configuration and
# os-release are temporary files.
# make check-all only: set-up on a fresh machine, against a fake apt.
. "$DYAD_SRC/tests/lib.sh"

DEPS_SH=${DYAD_DEPS_SH:-$DYAD_SRC/app/tools/deps.sh}
real_dpkg=$(command -v dpkg || true)
FAKE="$T/fakebin"
mkdir -p "$FAKE"

# --- the fake apt ------------------------------------------------------------
# State lives in $FAKE_STATE: status (installed "package version" lines),
# bpo-lists (present once `apt-get update` ran with a backports source),
# calls (every apt-get, apt-cache and sudo invocation, one a line).
cat >"$FAKE/fakeapt-lib" <<'EOF'
main_version() {
	case "$1" in sqlcipher | libsqlcipher-dev | libsqlcipher0) echo 3.4.1-2+b1 ;; *) echo 1.0-1 ;; esac
}
bpo_version() {
	case "$1" in sqlcipher | libsqlcipher-dev | libsqlcipher1) echo 4.6.1-2~bpo12+1 ;; esac
}
installed_version() { awk -v p="$1" '$1 == p { print $2 }' "$FAKE_STATE/status"; }
bpo_source_exists() {
	cat "$DYAD_APT_ETC/sources.list" "$DYAD_APT_ETC"/sources.list.d/*.list \
		"$DYAD_APT_ETC"/sources.list.d/*.sources 2>/dev/null |
		grep -v '^[[:space:]]*#' | grep -q 'bookworm-backports'
}
ver_gt() { fake_compare "$1" gt "$2"; }
# apt's rule: the main archive (500) wins over backports (100), but an
# installed version is never downgraded.
candidate() {
	c=$(main_version "$1")
	i=$(installed_version "$1")
	if [ -n "$i" ] && ver_gt "$i" "$c"; then c=$i; fi
	echo "$c"
}
EOF
cat >>"$FAKE/fakeapt-lib" <<EOF
fake_compare() {
	if [ -n "$real_dpkg" ]; then "$real_dpkg" --compare-versions "\$@"; return; fi
	# no dpkg: the versions this fake uses sort correctly with sort -V
	a=\$1 op=\$2 b=\$3
	[ "\$a" = "\$b" ] && case \$op in ge | le | eq) return 0 ;; *) return 1 ;; esac
	low=\$(printf '%s\n%s\n' "\$a" "\$b" | sort -V | head -n 1)
	case \$op in gt | ge) [ "\$low" = "\$b" ] ;; lt | le) [ "\$low" = "\$a" ] ;; *) return 1 ;; esac
}
EOF

cat >"$FAKE/apt-get" <<'EOF'
#!/bin/bash
. "$(dirname "$0")/fakeapt-lib"
echo "apt-get $*" >>"$FAKE_STATE/calls"
target="" pkgs="" action=""
while [ $# -gt 0 ]; do
	case "$1" in
	-t) target=$2; shift ;;
	-*) ;;
	update | install) action=$1 ;;
	*) pkgs="$pkgs $1" ;;
	esac
	shift
done
case "$action" in
update)
	if bpo_source_exists; then touch "$FAKE_STATE/bpo-lists"; fi
	exit 0 ;;
install)
	if [ -n "$target" ]; then
		if [ "$target" != bookworm-backports ] || [ ! -e "$FAKE_STATE/bpo-lists" ]; then
			echo "E: The value '$target' is invalid for APT::Default-Release as such a release is not available in the sources" >&2
			exit 100
		fi
	fi
	for p in $pkgs; do
		v=$(candidate "$p")
		if [ -n "$target" ]; then
			b=$(bpo_version "$p")
			if [ -n "$b" ] && ver_gt "$b" "$v"; then v=$b; fi
		fi
		grep -v "^$p " "$FAKE_STATE/status" >"$FAKE_STATE/status.new"
		echo "$p $v" >>"$FAKE_STATE/status.new"
		mv "$FAKE_STATE/status.new" "$FAKE_STATE/status"
	done
	exit 0 ;;
esac
echo "E: fake apt-get does not know: $action" >&2
exit 100
EOF

cat >"$FAKE/apt-cache" <<'EOF'
#!/bin/bash
. "$(dirname "$0")/fakeapt-lib"
echo "apt-cache $*" >>"$FAKE_STATE/calls"
[ "$1" = policy ] || exit 100
shift
for p in "$@"; do
	i=$(installed_version "$p")
	echo "$p:"
	echo "  Installed: ${i:-(none)}"
	echo "  Candidate: $(candidate "$p")"
	echo "  Version table:"
	if [ -e "$FAKE_STATE/bpo-lists" ] && [ -n "$(bpo_version "$p")" ]; then
		echo "     $(bpo_version "$p") 100"
	fi
	echo "     $(main_version "$p") 500"
done
EOF

# Called once a package per check, so plain sh and one awk, no library.
cat >"$FAKE/dpkg-query" <<'EOF'
#!/bin/sh
fmt='${Package}\n' p=""
while [ $# -gt 0 ]; do
	case "$1" in
	-W | --show) ;;
	-f) fmt=$2; shift ;;
	-f=* | --showformat=*) fmt=${1#*=} ;;
	*) p=$1 ;;
	esac
	shift
done
# awk -v turns the format's \n into a newline, as dpkg-query does
awk -v p="$p" -v fmt="$fmt" '
	$1 == p {
		gsub(/\$\{Status\}/, "install ok installed", fmt)
		gsub(/\$\{Version\}/, $2, fmt)
		gsub(/\$\{Package\}/, p, fmt)
		printf "%s", fmt; found = 1
	}
	END { if (!found) { print "dpkg-query: no packages found matching " p > "/dev/stderr"; exit 1 } }' "$FAKE_STATE/status"
EOF

cat >"$FAKE/dpkg" <<'EOF'
#!/bin/bash
. "$(dirname "$0")/fakeapt-lib"
[ "$1" = --compare-versions ] || { echo "fake dpkg: only --compare-versions" >&2; exit 2; }
shift
fake_compare "$@"
EOF

cat >"$FAKE/sudo" <<'EOF'
#!/bin/bash
echo "sudo $*" >>"$FAKE_STATE/calls"
exec "$@"
EOF

cat >"$FAKE/id" <<'EOF'
#!/bin/sh
[ "$1" = -u ] && { echo 1000; exit 0; }
echo "uid=1000(therapist) gid=1000(therapist)"
EOF
chmod +x "$FAKE"/*

# --- a fresh Debian 12 machine per scenario ----------------------------------
deb822_main='Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'
deb822_bpo='Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'
oneline_main='deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian-security bookworm-security main'
oneline_bpo='deb http://deb.debian.org/debian bookworm-backports main'

# fresh_machine NAME STYLE(deb822|oneline) BACKPORTS(yes|no)
fresh_machine() {
	M="$T/machine-$1"
	mkdir -p "$M/apt/sources.list.d" "$M/state"
	: >"$M/state/status"
	: >"$M/state/calls"
	printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' >"$M/os-release"
	case "$2" in
	deb822)
		echo "$deb822_main" >"$M/apt/sources.list.d/debian.sources"
		[ "$3" = yes ] && echo "$deb822_bpo" >"$M/apt/sources.list.d/backports.sources" ;;
	oneline)
		echo "$oneline_main" >"$M/apt/sources.list"
		[ "$3" = yes ] && echo "$oneline_bpo" >>"$M/apt/sources.list" ;;
	esac
	# the machine's own lists as a fresh install has them: refreshed once
	# with whatever sources it came with
	[ "$3" = yes ] && touch "$M/state/bpo-lists"
	return 0
}

# The suite runs under make test: its flags (-j, -k, a jobserver) are not
# the plain invocation these tests mean.
fake_env() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$FAKE:$PATH" FAKE_STATE="$M/state" DYAD_APT_ETC="$M/apt" DYAD_OS_RELEASE="$M/os-release" \
		DYAD_SQLITE=sqlcipher DYAD_EXTRA_PKGS= "$@"
}
deps() { fake_env sh "$DEPS_SH" "$@"; }

# the packages a set wants, as deps.sh itself lists them when nothing is there
wanted() {
	local W="$T/wanted-$1"
	mkdir -p "$W"
	: >"$W/status"
	env PATH="$FAKE:$PATH" FAKE_STATE="$W" DYAD_SQLITE=sqlcipher DYAD_EXTRA_PKGS= \
		sh "$DEPS_SH" check "$1" | sed 's/^missing://'
}
test_set=$(wanted test)

# all_installed NAME: every package of the test set is in the fake status,
# SQLCipher's at version 4 or later.
all_installed() {
	local name=$1 bad="" p v
	for p in $test_set; do
		v=$(awk -v p="$p" '$1 == p { print $2 }' "$M/state/status")
		if [ -z "$v" ]; then
			bad="$bad $p(absent)"
		elif [ "$p" = sqlcipher ] || [ "$p" = libsqlcipher-dev ]; then
			PATH="$FAKE:$PATH" dpkg --compare-versions "$v" ge 4 || bad="$bad $p($v)"
		fi
	done
	if [ -z "$bad" ] && [ -n "$test_set" ]; then ok "$name"; else
		not_ok "$name" "not installed as wanted:$bad; calls: $(tr '\n' '|' <"$M/state/calls")"
	fi
}

# scenario NAME STYLE BACKPORTS ORDER(build-test|test)
scenario() {
	local name=$1 order=$4 rc=0 s
	fresh_machine "$name" "$2" "$3"
	for s in ${order//-/ }; do
		deps ensure "$s" >"$M/out" 2>>"$M/err" || { rc=$?; break; }
	done
	if [ $rc -eq 0 ]; then ok "$name: ensure ${order//-/ then } exits 0"; else
		not_ok "$name: ensure ${order//-/ then } exits 0" "exit $rc; $(tail -n 5 "$M/err")"
	fi
	all_installed "$name: every package installed, SQLCipher at 4 or later"
	deps check test >"$M/out" 2>&1
	expect "$name: check test then finds nothing missing" test "$?" -eq 0
}

# make test runs four of them, which between them meet every pair of source
# style, backports and order; make check-all (DYAD_TEST_ALL=1) runs them all.
scenario "deb822, no backports, build set then test set" deb822 no build-test
if [ "${DYAD_TEST_ALL:-0}" = 1 ]; then
	scenario "deb822, no backports, test set first" deb822 no test
	scenario "deb822, backports already enabled, build set then test set" deb822 yes build-test
fi
scenario "deb822, backports already enabled, test set first" deb822 yes test
if [ "${DYAD_TEST_ALL:-0}" = 1 ]; then
	scenario "one-line sources, no backports, build set then test set" oneline no build-test
fi
scenario "one-line sources, no backports, test set first" oneline no test
scenario "one-line sources, backports already enabled, build set then test set" oneline yes build-test

# Enabling backports writes one entry, derived from the system's own source.
fresh_machine enable deb822 no
deps ensure build >/dev/null 2>&1
expect "the backports entry is written once, from the system's source" \
	grep -q '^Suites: bookworm-backports$' "$M/apt/sources.list.d/dyad-backports.sources"
deps ensure test >/dev/null 2>"$M/err"
expect "and says nothing of backports being enabled already" bash -c '! grep -q "already enabled" "$1"' _ "$M/err"
n=$(cat "$M/apt/sources.list" "$M/apt/sources.list.d/"* 2>/dev/null | grep -c 'bookworm-backports')
expect "a second run does not add backports again" test "$n" -eq 1
n_apt=$(grep -c '^apt-get' "$M/state/calls")
n_sudo=$(grep -c '^sudo apt-get' "$M/state/calls")
expect "not being root, every apt-get runs through sudo" test "$n_apt" -gt 0 -a "$n_apt" -eq "$n_sudo"

# A machine left with the 3.4 shell by an older deps.sh is brought to 4.
fresh_machine stale deb822 yes
echo "libsqlcipher-dev 4.6.1-2~bpo12+1" >>"$M/state/status"
echo "sqlcipher 3.4.1-2+b1" >>"$M/state/status"
deps ensure test >/dev/null 2>"$M/err"
expect "an installed 3.4 sqlcipher shell is upgraded to 4" test "$?" -eq 0
all_installed "and everything else is installed too"

# check lists what is missing, exits 1, and installs nothing.
fresh_machine check deb822 no
deps check build >"$M/out" 2>"$M/err"
RC=$?
expect_rc "check exits 1 when packages are missing" 1
expect "check lists the missing packages" grep -q '^missing:.* gcc .*libsqlcipher-dev' "$M/out"
expect "check calls no apt-get" test ! -s "$M/state/calls"
echo "libsqlcipher-dev 3.4.1-2+b1" >>"$M/state/status"
deps check build >"$M/out" 2>&1
expect "check counts SQLCipher 3.4 as missing" grep -q ' libsqlcipher-dev' "$M/out"

# --- make: only deps, run, test and check-all install -----------------------
# A private BUILD folder, so no stamp says the packages were checked already.
fresh_machine make deb822 no
B="$T/build"
fake_env make -s -C "$DYAD_SRC" BUILD="$B" >"$M/make.out" 2>&1
RC=$?
expect "plain make with packages missing fails" test "$RC" -ne 0
expect "plain make calls no apt-get" test ! -s "$M/state/calls"
expect "plain make says to run make deps" grep -q 'make deps' "$M/make.out"
expect "and names what is missing" grep -q 'libsqlcipher-dev' "$M/make.out"
expect "plain make compiles nothing" test ! -e "$B/app/main.o"
n=$(grep -c 'make deps' "$M/make.out")
expect "one message, once" test "$n" -eq 1
fake_env make -n -C "$DYAD_SRC" BUILD="$B" >"$M/make.n" 2>&1
expect "make -n shows a check, no install" bash -c 'grep -q "deps.sh check build" "$1" && ! grep -q "deps.sh ensure" "$1"' _ "$M/make.n"
fake_env make -n -C "$DYAD_SRC" BUILD="$B" install >"$M/make.n" 2>&1
expect "make install only checks too" bash -c '! grep -q "deps.sh ensure" "$1"' _ "$M/make.n"
for goal in run test check-all; do
	fake_env make -n -C "$DYAD_SRC" BUILD="$B" "$goal" >"$M/make.n" 2>&1
	expect "make $goal installs what the build needs" grep -q 'deps.sh ensure build' "$M/make.n"
done
fake_env make -s -C "$DYAD_SRC" BUILD="$B" deps >"$M/make.out" 2>&1
expect "make deps installs (through apt-get)" grep -q '^apt-get install' "$M/state/calls"
all_installed "make deps leaves every package installed"
: >"$M/state/calls"
fake_env make -s -C "$DYAD_SRC" BUILD="$B" "$B/.deps-build" >"$M/make.out" 2>&1
expect "after make deps, plain make's check passes" test -e "$B/.deps-build"
expect "still without apt-get" test ! -s "$M/state/calls"
