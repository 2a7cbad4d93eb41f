# hostile_lib.sh: the hostile payloads and checks shared by the
# tests/cli/hostile*.sh scripts. Source it after lib.sh.

# --- the payloads ------------------------------------------------------------------
# Kept in files, so NUL and invalid bytes survive; $(payload NAME) reads one.
P="$T/payloads"
mkdir -p "$P"
put() { printf '%s' "$2" >"$P/$1"; }
put csi $'\e[2J\e[31mred'
put osc $'title\e]0;pwned\a'
put osc8 $'\e]8;;https://example.invalid\e\\link\e]8;;\e\\'
put c1_csi $'\xc2\x9b31mred'
put c1_nel $'one\xc2\x85two'
put rlo $'invoice\xe2\x80\xaefdp.exe'
put invalid $'bad\xffbyte'
put overlong $'slash\xc0\xaf'
put surrogate $'half\xed\xa0\x80'
put truncated $'cut\xe2\x82'
put newline $'two\nlines'
put tab $'a\tb'
put del $'a\x7fb'
put sql_drop "Robert'); DROP TABLE couple;--"
put sql_or 'x" OR "1"="1'
put sql_comment '/* note */ -- rest'
put sql_pragma "'; PRAGMA writable_schema=1; --"
put formula_eq '=HYPERLINK("http://x.invalid","go")'
put formula_plus '+SUM(1,2)'
put formula_minus '-2+3'
put formula_at '@cmd|calc'
put format '%s%n%x%p%%'
put backslash 'C:\path\x1b\u202e'
put emoji '👩‍❤️‍👨 Ana & Bo'
put combining $'Jose\xcc\x81'
put wide '夫婦 山田'
put zero_width $'\xe2\x80\x8b'
# Names that show nothing, or carry a character that reorders the display.
put invisible_mix $'\xe2\x80\x8b\xe2\x80\x8d\xef\xbb\xbf\xc2\xad\xef\xb8\x8f'
put marks_only $'\xcc\x81\xcc\x88'
put rlm $'Ana\xe2\x80\x8f'
put alm $'Ana\xd8\x9c'
put lri $'\xe2\x81\xa6Ana\xe2\x81\xa9'
put lre $'\xe2\x80\xaaAna'
# Names in other scripts, and invisible joiners inside visible names.
put arabic $'\xd9\x84\xd9\x8a\xd9\x84\xd9\x89 \xd8\xad\xd8\xb3\xd9\x86'
put hebrew $'\xd7\x93\xd7\xa0\xd7\x94 \xd7\x9b\xd7\x94\xd7\x9f'
put devanagari $'\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xaf\xe0\xa4\xbe'
put persian_zwnj $'\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xb1\xd9\x88\xd9\x85'
put zw_inside $'Ana\xe2\x80\x8bBo'
head -c 120000 /dev/zero | tr '\0' 'x' >"$P/huge"         # near the argv limit (128 KB)

line_refused="csi osc osc8 c1_csi c1_nel rlo invalid overlong surrogate truncated newline tab del huge zero_width invisible_mix marks_only rlm alm lri lre"
line_stored="sql_drop sql_or sql_comment sql_pragma formula_eq formula_plus formula_minus formula_at format backslash emoji combining wide arabic hebrew devanagari persian_zwnj zw_inside"
# Free text (notes, comments) refuses controls but keeps newlines and tabs.
text_refused="csi osc osc8 c1_csi c1_nel invalid overlong surrogate truncated del"
text_stored="rlo newline tab sql_drop sql_or sql_comment sql_pragma formula_eq formula_plus formula_minus formula_at format backslash emoji combining wide zero_width"
payload() { cat "$P/$1"; }

# every_other OFFSET LIST...: the whole list under make check-all
# (DYAD_TEST_ALL=1); for make test every second item from OFFSET (0 or 1),
# so fields given opposite offsets share the payloads between them and
# each payload is still tried on some field of the kind.
every_other() {
	local offset=$1 i=0 item
	shift
	for item in "$@"; do
		if [ "${DYAD_TEST_ALL:-0}" = 1 ] || [ $(((i + offset) % 2)) = 0 ]; then
			printf '%s\n' "$item"
		fi
		i=$((i + 1))
	done
}

# line_payloads_for I: sets refused_payloads and stored_payloads for the
# I-th one-line field of a kind (from 0). The first field takes every
# payload; under make test the others share them out (every_other, by
# turns), so each payload still reaches every kind; make check-all gives
# each field all of them.
line_payloads_for() {
	if [ "$1" = 0 ]; then
		refused_payloads=$line_refused stored_payloads=$line_stored
	else
		refused_payloads=$(every_other $(($1 % 2)) $line_refused)
		stored_payloads=$(every_other $(($1 % 2)) $line_stored)
	fi
}

# turn I K N: true under make check-all, and for make test when item I is
# the K-th of each N (0 <= K < N), so N fields take turns at the payloads
# of one list and each payload still reaches one of them.
turn() {
	[ "${DYAD_TEST_ALL:-0}" = 1 ] || [ $(($1 % $3)) = "$2" ]
}

# terminal_safe FILE: prints what is unsafe for a terminal in FILE (invalid
# UTF-8, a control other than newline, tab or CR, a bidi control), or nothing.
terminal_safe() {
	if ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
		echo "invalid UTF-8"
	elif LC_ALL=C grep -q -a -P '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"; then
		echo "a control character or bidi control: $(LC_ALL=C grep -a -o -P '.{0,10}([\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9])' "$1" | head -1 | od -c | head -2)"
	fi
}

# hex_of FILE: its bytes in hex, as sqlite3's hex() writes them.
hex_of() { od -An -v -tx1 "$1" | tr -d ' \n' | tr a-f A-F; }

# refused_safely NAME RC FIELD ARGS...: `refused` from lib.sh, and the one
# line on stderr is safe to show on a terminal.
refused_safely() {
	local name=$1
	refused "$@"
	local bad
	bad=$(terminal_safe "$T/err")
	[ -n "$bad" ] && not_ok "$name: its message is safe for a terminal" "$bad"
	return 0
}

# output_safe NAME: what the last run printed is safe for a terminal.
output_safe() {
	local bad
	bad=$(cat "$T/out" "$T/err" >"$T/both"; terminal_safe "$T/both")
	if [ -z "$bad" ]; then ok "$1"; else not_ok "$1" "$bad"; fi
}
