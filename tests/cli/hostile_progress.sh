#!/usr/bin/env bash
# hostile_progress.sh: the hostile payloads of hostile_lib.sh in what
# measures and progress reports take (measure names, keys, scales, scores)
# and on their way into an XLSX report: every stored text must come back
# from the spreadsheet literally, as text, never as a formula or a decoded
# _xHHHH_ escape.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/hostile_lib.sh"
PY=/usr/bin/python3

run couple add "Okafor & Reyes" --partner Maya --partner Daniel --intake 2026-11-01
CID=$OUT
run session add "$CID" --date 2026-11-20T10:00
SID=$OUT

# --- measure names, keys, scales and scores ---------------------------------------------
n=0
for p in $line_refused; do
	refused_safely "measure name: $p is refused" 1 "name" measure add "m$n" "$(payload "$p")" --min 0 --max 10
	n=$((n + 1))
done
for p in $line_stored; do
	key="h$n"
	n=$((n + 1))
	run measure add "$key" "$(payload "$p")" --min 0 --max 10
	if [ "$RC" -ne 0 ]; then
		not_ok "measure name: $p is stored exactly" "exit $RC: $ERR"
		continue
	fi
	got=$(sqlite3 "$DYAD_DB" "SELECT hex(name) FROM measure WHERE key = '$key'")
	if [ "$got" = "$(hex_of "$P/$p")" ]; then ok "measure name: $p is stored exactly"; else not_ok "measure name: $p is stored exactly" "stored $got"; fi
done
run measures
output_safe "measures lists hostile names safely for a terminal"
for p in csi rlo invalid sql_drop formula_eq formula_minus emoji; do
	V=$(payload "$p")
	refused_safely "measure key: $p is refused" 1 "key" measure add "$V" Fine --min 0 --max 10
	refused_safely "measure minimum: $p is refused" 1 "min" measure add okkey Fine --min "$V" --max 10
	refused_safely "measure cutoff: $p is refused" 1 "cutoff" measure add okkey Fine --min 0 --max 10 --cutoff "$V"
	refused_safely "a score: $p is refused" 1 "value" measure "$SID" csi4 "$V" --partner a
	refused_safely "a score's partner: $p is refused" 1 "partner" measure "$SID" csi4 10 --partner "$V"
done
for v in nan inf 1e3 0x10 1,5 '' ' 7' 22 -1 99999999999999999999999999999999; do
	refused_safely "a score of '$v' is refused" 1 "value" measure "$SID" csi4 "$v" --partner a
done

# --- hostile text on its way into a spreadsheet ----------------------------------------------
# U+FFFF is allowed in a note but not in XML: dropping it must not bring an
# _xHHHH_ escape together ("_<U+FFFF>x0041_" shows as "_x0041_", not "A").
run couple add "$(payload formula_eq)" --partner "$(payload formula_plus)" --partner "$(payload sql_drop)" \
	--pronouns-a "$(payload formula_at)" --intake 2026-11-01
XCID=$OUT
run session add "$XCID" --date 2026-11-21T10:00
XSID=$OUT
{
	payload formula_minus; printf '\n'
	payload sql_comment; printf '\n'
	printf 'an escape _x0041_ and a hidden one _\xef\xbf\xbfx0042_ end\n'
	payload emoji; printf '\n'
	payload wide; printf '\n'
} >"$T/note"
run note set "$XSID" --file "$T/note"
expect_rc "a note of formulas, SQL and escapes is stored" 0
run measure add evilname "$(payload sql_or)" --min 0 --max 10
run measure "$XSID" evilname 5 --partner a
expect_rc "a score on a measure with a hostile name is recorded" 0
run report "$XCID" --include-notes -o "$T/hostile.xlsx"
expect_rc "a report full of hostile text is written" 0
"$PY" - "$T/hostile.xlsx" "$P" >"$T/xlsx.out" 2>&1 <<'EOF'
import sys, os, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
payloads = {n: open(os.path.join(sys.argv[2], n), 'rb').read().decode('utf-8')
            for n in ('formula_eq', 'formula_plus', 'sql_drop', 'formula_at', 'formula_minus',
                      'sql_comment', 'emoji', 'wide', 'sql_or')}
cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
formulas = [c.coordinate for c in cells if c.data_type == 'f']
print('formulas', len(formulas), formulas[:5])
texts = [str(c.value) for c in cells if c.data_type == 's']
alltext = '\n'.join(texts)
for name, value in payloads.items():
    print('literal', name, value in alltext)
# What Excel and LibreOffice show: every <t> of the file, with _xHHHH_
# read as the character it names (openpyxl leaves most of them alone).
import re, zipfile
import xml.etree.ElementTree as ET
shown = []
with zipfile.ZipFile(sys.argv[1]) as z:
    for part in z.namelist():
        if part.endswith('.xml') and (part.startswith('xl/worksheets/') or part == 'xl/sharedStrings.xml'):
            for el in ET.fromstring(z.read(part)).iter():
                if el.tag.endswith('}t') and el.text:
                    shown.append(re.sub('_x([0-9A-Fa-f]{4})_', lambda m: chr(int(m.group(1), 16)), el.text))
print('escape-kept', any('an escape _x0041_ and a hidden one _x0042_ end' in t for t in shown))
EOF
cat "$T/xlsx.out" | sed 's/^/# /'
expect "no cell of the report is a formula" grep -q '^formulas 0 ' "$T/xlsx.out"
for name in formula_eq formula_plus sql_drop formula_at formula_minus sql_comment emoji wide sql_or; do
	expect "the report shows $name as literal text" grep -q "^literal $name True" "$T/xlsx.out"
done
expect "_xHHHH_ in a note reads back as written, even with U+FFFF hidden inside" grep -q '^escape-kept True' "$T/xlsx.out"
