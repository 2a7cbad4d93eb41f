#!/usr/bin/env bash
# verify.sh: export --couple writes one couple's record, signed, and
# dyad verify accepts it whole and refuses it changed in any way.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner Maya --partner Daniel
CID=$OUT
run couple add "Lindqvist & Haddad" --partner Ingrid --partner Samir
OTHER=$OUT
run session add "$CID" --date 2026-11-28T08:00
SID=$OUT
printf 'Okafor note: they listened to each other.\n' >"$T/note"
run note set "$SID" --file "$T/note"
run session add "$OTHER" --date 2026-11-28T07:00
printf 'Lindqvist note: not for the other couple.\n' >"$T/note2"
run note set "$OUT" --file "$T/note2"
run safety add "$CID" --partner a --date 2026-11-28 --method "screening-text-xyzzy" --result concern
# An individual session: Maya came alone; what she said stays private.
run session add "$CID" --date 2026-11-28T10:00 --attendance a-only
ALONE=$OUT
printf 'Individual note plugh: said alone.\n' >"$T/alone"
run note set "$ALONE" --file "$T/alone"
run note sign "$ALONE" --without-intake
printf 'Addendum plugh to the individual note.\n' >"$T/addendum"
run note addendum "$ALONE" --file "$T/addendum"
expect_rc "the individual session has a signed note and an addendum" 0

F="$T/okafor.json"
run export --couple "$CID" -o "$F"
expect_rc "export --couple succeeds" 0
expect "the export is mode 0600" test "$(stat -c %a "$F")" = 600
expect "the key is mode 0600" test "$(stat -c %a "$XDG_CONFIG_HOME/dyad/export.key")" = 600
cp "$F" "$T/out"
expect "the export is JSON" test "$(json_get 'd["format"]')" = dyad-couple-export
expect "the export holds only that couple" test "$(json_get '
[sorted(set(r[t["columns"].index("couple_id")] for r in t["rows"]))
 for t in d["tables"] if "couple_id" in t["columns"] and t["rows"]]')" = "[[$CID], [$CID]]" -o \
	"$(json_get 'sorted(set(r[t["columns"].index("couple_id")] for t in d["tables"] if "couple_id" in t["columns"] for r in t["rows"]))')" = "[$CID]"
# A table a later migration adds for a couple's rows must be named in
# app/store/export.c's couple_tables, or it would silently stay out.
run export -o "$T/all.json"
missing=$(/usr/bin/python3 - "$T/all.json" "$F" <<'PY'
import json, sys
full = json.load(open(sys.argv[1]))
mine = {t["name"] for t in json.load(open(sys.argv[2]))["tables"]}
keys = {"couple_id", "session_id", "assignment_id"}
print(" ".join(t["name"] for t in full["tables"]
	if keys & set(t["columns"]) and t["name"] not in mine
	and t["name"] not in ("audit", "safety_screening")))
PY
)
expect "every table that holds a couple's rows is in their export" test -z "$missing"
cp "$F" "$T/out"
expect "the couple table has that couple alone" test "$(json_get '[t["rows"] for t in d["tables"] if t["name"]=="couple"][0][0][0]')" = "$CID"
expect "the couple's note is there" grep -q 'Okafor note' "$F"
expect "the other couple's note is not" bash -c "! grep -q 'Lindqvist' '$F'"
expect "no safety screening without --include-private" bash -c "! grep -q 'xyzzy' '$F'"
expect "no individual session's note or addendum without --include-private" bash -c "! grep -q 'plugh' '$F'"
expect "the individual session itself is listed" test "$(json_get '[t["rows"] for t in d["tables"] if t["name"]=="session"][0].__len__()')" = 2
run audit --couple "$CID"
expect_out "the export is in the audit log" "export"

run verify "$F"
expect_rc "verify accepts the file as written" 0
expect_out "verify names the couple" "Okafor & Reyes"
expect_out "verify says the signature is valid" "signature valid"
expect_out "verify says what the file holds" "safety screenings and individual sessions' notes left out"
run verify --key
expect_rc "verify --key prints the key" 0
KEY=$OUT
expect "the key is 64 hex digits" bash -c "[[ '$KEY' =~ ^[0-9a-f]{64}$ ]]"
run verify "$F" --key "$KEY"
expect_rc "verify --key with the right key accepts" 0
run verify "$F" --key "$(printf '%064d' 7)"
expect_rc "verify --key with another key refuses" 1
expect_err "and says whose key it was" "not the key you gave"
run verify "$F" --key nothex
expect_rc "verify --key with a malformed key is a usage error" 2

# One byte flipped in the middle.
/usr/bin/python3 - "$F" "$T/flipped.json" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 1
open(sys.argv[2], "wb").write(b)
PY
run verify "$T/flipped.json"
expect_rc "a flipped byte is refused" 1
expect_err "and said plainly" "changed after it was signed"

# Another valid public key put in place of the signer's.
OTHERKEY=$(DYAD_EXPORT_KEY_FILE="$T/other.key" "$DYAD" verify --key)
sed "s/\"public_key\":\"$KEY\"/\"public_key\":\"$OTHERKEY\"/" "$F" >"$T/rekeyed.json"
expect "the key was swapped" bash -c "! cmp -s '$F' '$T/rekeyed.json'"
run verify "$T/rekeyed.json"
expect_rc "another key in place of the signer's is refused" 1
expect_err "as a changed file" "changed after it was signed"

head -c 2000 "$F" >"$T/short.json"
run verify "$T/short.json"
expect_rc "a truncated file is refused" 1
expect_err "as carrying no signature" "carries no dyad signature"
: >"$T/empty.json"
run verify "$T/empty.json"
expect_rc "an empty file is refused" 1
expect_err "clearly" "carries no dyad signature"
printf 'hello, not JSON\n' >"$T/text.json"
run verify "$T/text.json"
expect_rc "a file that is not JSON is refused" 1
expect_err "clearly" "carries no dyad signature"
sed 's/"sig":"\(..\)/"sig":"zz/' "$F" >"$T/badsig.json"
run verify "$T/badsig.json"
expect_rc "a damaged signature line is refused" 1
expect_err "clearly" "damaged signature line"
run verify "$T/missing.json"
expect_rc "a missing file is refused" 1

run export --couple "$CID" --include-private -o "$T/private.json"
expect_rc "export --include-private succeeds" 0
expect "the safety screening is there with --include-private" grep -q 'xyzzy' "$T/private.json"
expect "and the individual session's note and addendum" test "$(grep -o 'plugh' "$T/private.json" | wc -l)" = 2
run verify "$T/private.json"
expect_rc "and it verifies" 0
expect_out "and verify says the screenings are in it" "safety screenings and individual sessions' notes included"

refused "export --couple needs -o" 2 "-o" export --couple "$CID"
refused "export --couple of no couple is refused" 1 "couple" export --couple 999 -o "$T/none.json"
expect "and writes nothing" test ! -e "$T/none.json"
refused "--include-private alone is refused" 2 "include-private" export --include-private -o "$T/x.json"
