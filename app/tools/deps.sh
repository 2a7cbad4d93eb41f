#!/bin/sh
# Finds and installs what dyad needs to build (and to test), so a fresh
# Debian or Ubuntu machine needs nothing but `make run` or `make test`.
#
#   deps.sh check  build|test|bench    exit 1 and list what is missing
#   deps.sh ensure build|test|bench    install what is missing (apt-get), or explain
set -u

build_pkgs="gcc make pkg-config libsqlite3-dev libhpdf-dev libxlsxwriter-dev libncurses-dev libfontconfig-dev fontconfig fonts-dejavu-core"
test_pkgs="$build_pkgs sqlite3 poppler-utils qpdf python3-openpyxl tmux"
# make bench only: the timers, and LibreOffice as the handout peer
bench_pkgs="$test_pkgs hyperfine time libreoffice-writer-nogui"
extra_pkgs="${DYAD_EXTRA_PKGS:-}"

want() {
	case "$1" in
	build) echo "$build_pkgs $extra_pkgs" ;;
	test) echo "$test_pkgs $extra_pkgs" ;;
	bench) echo "$bench_pkgs $extra_pkgs" ;;
	*) echo "deps.sh: unknown set '$1' (build, test or bench)" >&2; exit 2 ;;
	esac
}

have_dpkg() { command -v dpkg-query >/dev/null 2>&1; }

missing() {
	out=""
	for p in $(want "$1"); do
		if have_dpkg; then
			dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
				out="$out $p"
		fi
	done
	echo "$out"
}

non_debian_check() {
	# Without dpkg we can only look for the tools and libraries themselves.
	ok=1
	for lib in sqlite3 ncursesw xlsxwriter fontconfig; do
		pkg-config --exists "$lib" 2>/dev/null || { echo "missing library: $lib" >&2; ok=0; }
	done
	[ -f /usr/include/hpdf.h ] || [ -f /usr/local/include/hpdf.h ] ||
		{ echo "missing library: libharu (hpdf.h)" >&2; ok=0; }
	[ $ok = 1 ]
}

cmd=${1:-ensure}
set_name=${2:-build}

if ! have_dpkg; then
	if non_debian_check; then exit 0; fi
	echo "dyad: this is not a Debian or Ubuntu system; please install:" >&2
	echo "  a C11 compiler, make, pkg-config, SQLite 3 (with FTS5), libharu," >&2
	echo "  libxlsxwriter, ncursesw, fontconfig and the DejaVu fonts" >&2
	[ "$set_name" = test ] && echo "  and for tests: sqlite3, poppler-utils, qpdf, python3-openpyxl, tmux" >&2
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
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $need >&2 ||
	{ echo "dyad: apt-get install failed for:$need" >&2; exit 1; }
need=$(missing "$set_name")
[ -z "$need" ] || { echo "dyad: still missing after install:$need" >&2; exit 1; }
exit 0
