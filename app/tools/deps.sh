#!/bin/sh
# Finds and installs what dyad needs to build (and to test), so a fresh
# Debian or Ubuntu machine needs nothing but `make run` or `make test`.
#
#   deps.sh check  build|test|fuzz|bench    exit 1 and list what is missing
#   deps.sh ensure build|test|fuzz|bench    install what is missing (apt-get), or explain
#   deps.sh backports-entry      print the backports source `ensure` would add
#
# dyad links SQLCipher 4 (DYAD_SQLITE=sqlcipher, the default) or plain SQLite
# (DYAD_SQLITE=sqlite3). Debian 13 and Ubuntu 24.04 carry SQLCipher 4; Debian
# 12 carries 3.4 in its main archive and 4.6 in bookworm-backports, which
# `ensure` then enables, deriving the entry from the system's own Debian
# source (mirror, components and keyring) so no new trust is introduced.
set -u

apt_etc=${DYAD_APT_ETC:-/etc/apt}
os_release=${DYAD_OS_RELEASE:-/etc/os-release}
sqlite=${DYAD_SQLITE:-sqlcipher}
case "$sqlite" in
sqlcipher) sqlite_pkgs="libsqlcipher-dev"; sqlite_test_pkgs="sqlcipher libsqlite3-dev" ;;
sqlite3) sqlite_pkgs="libsqlite3-dev"; sqlite_test_pkgs="" ;;
*) echo "deps.sh: DYAD_SQLITE must be sqlcipher or sqlite3, not '$sqlite'" >&2; exit 2 ;;
esac

build_pkgs="gcc make pkg-config $sqlite_pkgs libhpdf-dev libxlsxwriter-dev libminizip-dev libncurses-dev libfontconfig-dev libfreetype-dev libfribidi-dev libsodium-dev fontconfig fonts-dejavu-core"
# The tests read plain databases with the sqlite3 shell, encrypted ones with
# the sqlcipher shell, and build the plain-SQLite variant too; they open
# XLSX files with unzip and find dyad under tmux with pgrep (procps), which
# a minimal Debian lacks; calendar files are read back with python3-icalendar.
# Handouts in Chinese, Japanese and Korean are tested with WenQuanYi Micro Hei
# (5 MB, TrueType outlines that libharu can embed; Noto CJK is 90 MB of CFF).
test_pkgs="$build_pkgs fonts-wqy-microhei sqlite3 $sqlite_test_pkgs poppler-utils qpdf python3-openpyxl python3-icalendar tmux valgrind fiu-utils hyperfine time unzip procps"
# make fuzz: clang with its libFuzzer runtime
fuzz_pkgs="$build_pkgs clang libclang-rt-dev"
# make bench only: the timers, and LibreOffice as the handout peer
bench_pkgs="$test_pkgs libreoffice-writer-nogui"
extra_pkgs="${DYAD_EXTRA_PKGS:-}"

want() {
	case "$1" in
	build) echo "$build_pkgs $extra_pkgs" ;;
	test) echo "$test_pkgs $extra_pkgs" ;;
	fuzz) echo "$fuzz_pkgs $extra_pkgs" ;;
	bench) echo "$bench_pkgs $extra_pkgs" ;;
	*) echo "deps.sh: unknown set '$1' (build, test, fuzz or bench)" >&2; exit 2 ;;
	esac
}

have_dpkg() { command -v dpkg-query >/dev/null 2>&1; }

# SQLCipher 3 is a different file format and API generation: only 4 will do.
needs_v4() {
	case "$1" in libsqlcipher-dev | sqlcipher) return 0 ;; esac
	return 1
}

installed_ok() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed' || return 1
	if needs_v4 "$1"; then
		v=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null)
		dpkg --compare-versions "$v" ge 4 || return 1
	fi
	return 0
}

missing() {
	out=""
	for p in $(want "$1"); do
		if have_dpkg; then
			installed_ok "$p" || out="$out $p"
		fi
	done
	echo "$out"
}

os_field() {
	[ -r "$os_release" ] || return 0
	sed -n "s/^$1=//p" "$os_release" | tr -d '"' | head -n 1
}

# Prints "FILE" on the first line and the entry to write there after it,
# built from the first enabled Debian source for the release's codename.
# Fails when there is none, or backports is already enabled.
backports_entry() {
	codename=$(os_field VERSION_CODENAME)
	[ -n "$codename" ] || { echo "deps.sh: cannot tell the Debian release from $os_release" >&2; return 1; }
	for f in "$apt_etc/sources.list" "$apt_etc"/sources.list.d/*.list "$apt_etc"/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		if grep -v '^[[:space:]]*#' "$f" | grep -q -- "$codename-backports"; then
			# news when asked for the entry; the normal case when installing
			[ "$cmd" = backports-entry ] && echo "deps.sh: $codename-backports is already enabled in $f" >&2
			return 2
		fi
	done
	# deb822 (.sources): the first stanza of Types deb whose Suites include
	# the codename itself and whose URIs are not the security archive.
	for f in "$apt_etc"/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		entry=$(awk -v code="$codename" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " code " ") &&
				    uris !~ /security/ && uris != "" && enabled !~ /^[Nn][Oo]/ && !done) {
					print "Types: deb"
					print "URIs: " uris
					print "Suites: " code "-backports"
					print "Components: " comps
					if (signed != "") print "Signed-By: " signed
					done = 1
				}
				types = suites = uris = comps = signed = enabled = ""; field = ""
			}
			/^[[:space:]]*#/ { next }
			/^[[:space:]]*$/ { flush(); next }
			/^[ \t]/ { if (field == "signed-by") signed = signed "\n" $0; next }
			{
				name = tolower($0); sub(/:.*/, "", name); field = name
				value = $0; sub(/^[^:]*:[ \t]*/, "", value)
				if (name == "types") types = value
				else if (name == "suites") suites = value
				else if (name == "uris") uris = value
				else if (name == "components") comps = value
				else if (name == "signed-by") signed = value
				else if (name == "enabled") enabled = value
			}
			END { flush() }' "$f")
		if [ -n "$entry" ]; then
			echo "$apt_etc/sources.list.d/dyad-backports.sources"
			echo "$entry"
			return 0
		fi
	done
	# One-line style: "deb [options] URI codename components...".
	for f in "$apt_etc/sources.list" "$apt_etc"/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		entry=$(awk -v code="$codename" '
			/^[[:space:]]*deb[[:space:]]/ {
				line = $0; sub(/^[[:space:]]*deb[[:space:]]+/, "", line)
				opts = ""
				if (line ~ /^\[/) { opts = line; sub(/\].*/, "]", opts); sub(/^\[[^]]*\][[:space:]]*/, "", line) }
				n = split(line, w, /[[:space:]]+/)
				if (n >= 3 && w[2] == code && w[1] !~ /security/) {
					out = "deb " (opts != "" ? opts " " : "") w[1] " " code "-backports"
					for (i = 3; i <= n; i++) if (w[i] != "") out = out " " w[i]
					print out; exit
				}
			}' "$f")
		if [ -n "$entry" ]; then
			echo "$apt_etc/sources.list.d/dyad-backports.list"
			echo "$entry"
			return 0
		fi
	done
	echo "deps.sh: no Debian source for $codename found under $apt_etc to derive backports from" >&2
	return 1
}

candidate_version() {
	apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2; exit }'
}

cmd=${1:-ensure}
set_name=${2:-build}

if [ "$cmd" = backports-entry ]; then
	backports_entry
	exit $?
fi

non_debian_check() {
	# Without dpkg we can only look for the tools and libraries themselves.
	ok=1
	for lib in "$sqlite" ncursesw xlsxwriter minizip fontconfig freetype2 fribidi libsodium; do
		pkg-config --exists "$lib" 2>/dev/null || { echo "missing library: $lib" >&2; ok=0; }
	done
	if [ "$sqlite" = sqlcipher ] && pkg-config --exists sqlcipher 2>/dev/null &&
		! pkg-config --atleast-version=4 sqlcipher 2>/dev/null; then
		echo "missing library: SQLCipher 4 (found $(pkg-config --modversion sqlcipher))" >&2
		ok=0
	fi
	[ -f /usr/include/hpdf.h ] || [ -f /usr/local/include/hpdf.h ] ||
		{ echo "missing library: libharu (hpdf.h)" >&2; ok=0; }
	[ $ok = 1 ]
}

if ! have_dpkg; then
	if non_debian_check; then exit 0; fi
	echo "dyad: this is not a Debian or Ubuntu system; please install:" >&2
	echo "  a C11 compiler, make, pkg-config, SQLCipher 4 (or SQLite 3 and build with" >&2
	echo "  make SQLITE=sqlite3; either with FTS5), libharu, libxlsxwriter, minizip, ncursesw," >&2
	echo "  fontconfig, FriBidi, libsodium and the DejaVu fonts" >&2
	[ "$set_name" = test ] && echo "  and for tests: a CJK TrueType font (WenQuanYi Micro Hei), sqlite3, sqlcipher, poppler-utils, qpdf, python3-openpyxl, python3-icalendar, tmux, valgrind, libfiu (fiu-run), unzip, pgrep" >&2
	[ "$set_name" = fuzz ] && echo "  and for fuzzing: clang with its libFuzzer runtime" >&2
	exit 1
fi

need=$(missing "$set_name")
case "$cmd" in
check)
	if [ -n "$need" ]; then echo "missing:$need"; exit 1; fi
	exit 0 ;;
ensure) ;;
*) echo "deps.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac

[ -z "$need" ] && exit 0
echo "dyad: installing missing packages:$need" >&2
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
	echo "dyad: not root and no sudo; please install:$need" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty package lists; refresh them once before installing.
$sudo apt-get update -qq >&2 || { echo "dyad: apt-get update failed" >&2; exit 1; }

plain="" cipher=""
for p in $need; do
	if needs_v4 "$p"; then cipher="$cipher $p"; else plain="$plain $p"; fi
done
if [ -n "$plain" ]; then
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $plain >&2 ||
		{ echo "dyad: apt-get install failed for:$plain" >&2; exit 1; }
fi
if [ -n "$cipher" ]; then
	# Each package on its own: libsqlcipher-dev may already be 4 from
	# backports while the sqlcipher shell's candidate is still the main
	# archive's 3.4, and installing that one plainly would bring back 3.4.
	current="" old="" shown=""
	for p in $cipher; do
		cand=$(candidate_version "$p")
		case "$cand" in "" | "(none)") cand="" ;; esac
		if [ -n "$cand" ] && dpkg --compare-versions "$cand" ge 4; then
			current="$current $p"
		else
			old="$old $p"
			shown="$shown $p ${cand:-none};"
		fi
	done
	if [ -n "$current" ]; then
		# shellcheck disable=SC2086
		$sudo apt-get install -y -qq --no-install-recommends $current >&2 ||
			{ echo "dyad: apt-get install failed for:$current" >&2; exit 1; }
	fi
	if [ -n "$old" ]; then
		if [ "$(os_field ID)" != debian ]; then
			echo "dyad: this system offers no SQLCipher 4 (candidates:${shown%;});" >&2
			echo "  install it by hand, or build with plain SQLite: make SQLITE=sqlite3" >&2
			exit 1
		fi
		codename=$(os_field VERSION_CODENAME)
		release="$codename-backports"
		out=$(backports_entry)
		case $? in
		0)
			file=$(echo "$out" | head -n 1)
			echo "dyad: SQLCipher 4 comes from $release; enabling it in $file" >&2
			echo "$out" | sed 1d | $sudo tee "$file" >/dev/null ||
				{ echo "dyad: could not write $file" >&2; exit 1; }
			$sudo apt-get update -qq >&2 || { echo "dyad: apt-get update failed" >&2; exit 1; }
			;;
		2) ;; # already enabled, and the lists were refreshed above
		*) echo "dyad: cannot enable $release; install SQLCipher 4 by hand or build with make SQLITE=sqlite3" >&2
			exit 1 ;;
		esac
		# shellcheck disable=SC2086
		$sudo apt-get install -y -qq --no-install-recommends -t "$release" $old >&2 ||
			{ echo "dyad: apt-get install -t $release failed for:$old" >&2; exit 1; }
	fi
fi
need=$(missing "$set_name")
[ -z "$need" ] || { echo "dyad: still missing after install:$need" >&2; exit 1; }
exit 0
