#!/usr/bin/env bash
# import_hostile.sh: export files built to hurt: nesting deep enough to
# blow a recursive parser's stack, a table listed twice, unknown tables and
# fields, wrong types, names with escapes or invisible characters, ratings
# and scores outside their scales, dates that are no dates, invalid UTF-8,
# huge strings, and a signed note without the audit entry that signed it.
# Each is refused with exit 1 and one line naming the first bad record,
# and the database it was meant for is left exactly as it was.
. "$DYAD_SRC/tests/lib.sh"

PY=/usr/bin/python3
run init --demo
expect_rc "a demo practice to export" 0
# One note signed the ordinary way, so the file carries a signing entry.
draft=$(sqlite3 "$DYAD_DB" "SELECT session_id FROM note WHERE status = 'draft' ORDER BY session_id LIMIT 1")
run note sign "$draft"
expect_rc "a draft is signed with its audit entry" 0
run export -o "$T/base.json"
expect_rc "the practice exports" 0

# The database each hostile file is offered to: created, empty, unchanged.
export DYAD_DB="$T/target.db"
run init
expect_rc "an empty database to import into" 0
run import "$T/base.json"
expect_rc "the untouched export imports (the hostile files below differ from it in one way each)" 0
rm -f "$DYAD_DB" "$DYAD_DB-wal" "$DYAD_DB-shm"
run init

mkdir -p "$T/h"
# hostile NAME PYTHON: base.json loaded as d, changed by PYTHON, written
# to $T/h/NAME.json. t(name) is a table, c(name, column) a column index.
hostile() {
	"$PY" - "$T/base.json" "$T/h/$1.json" "$2" <<'EOF'
import json, sys
src, dst, code = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.load(open(src, encoding="utf-8"))
def t(name):
    return [x for x in d["tables"] if x["name"] == name][0]
def c(name, column):
    return t(name)["columns"].index(column)
def setv(name, row, column, value):
    t(name)["rows"][row][c(name, column)] = value
out = None
exec(code)
if out is None:
    out = json.dumps(d).encode("utf-8")
open(dst, "wb").write(out)
EOF
}

# refused_import TEST FILE WHAT: import of $T/h/FILE.json is refused with
# exit 1, one line naming WHAT, and no change to the database.
refused_import() {
	refused "$1" 1 "$3" import "$T/h/$2.json"
}

# --- the parser: depth and size --------------------------------------------------------
"$PY" -c '
import sys
head = "{\"format\":\"dyad-export\",\"format_version\":1,\"schema_version\":6,\"tables\":["
open(sys.argv[1], "w").write(head + "[" * 150000 + "]" * 150000 + "]}")
open(sys.argv[2], "w").write("[" * 150000)
open(sys.argv[3], "w").write("{\"comment\":" + "[" * 150000 + "]" * 150000 + "}")
' "$T/h/deep_tables.json" "$T/h/deep_bare.json" "$T/h/deep_value.json"
refused_import "150,000 nested [ inside tables are refused, no crash" deep_tables "line 1"
refused_import "a file of 150,000 [ is refused, no crash" deep_bare "line 1"
refused_import "150,000 nested [ under an unknown field are refused, no crash" deep_value "line 1"
hostile huge_note 'setv("note", 0, "body", "x" * (3 * 1024 * 1024))'
refused_import "a 3 MB note is refused before it is stored" huge_note "note\[0\]\.body: a string longer than"
hostile long_name 'setv("couple", 0, "name", "y" * 201)'
refused_import "a couple name over 200 characters is refused" long_name "couple\[0\]\.name"
truncate -s 600M "$T/h/too_big.json"
refused_import "a file over the 512 MB cap is refused" too_big "longer than 536870912 bytes"

# --- structure: each thing once, nothing unknown -----------------------------------------
hostile dup_table 'd["tables"].insert(2, json.loads(json.dumps(t("couple"))))'
refused_import "a table listed twice is refused" dup_table "table couple is listed twice"
expect "and no partner was cascaded away (there were none to lose)" test "$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM partner')" = 0
hostile dup_partner 'd["tables"].insert(3, {"name": "partner", "columns": t("partner")["columns"], "rows": []})'
refused_import "a second, empty partner table is refused" dup_partner "table partner is listed twice"
hostile unknown_table 'd["tables"].append({"name": "secrets", "columns": ["x"], "rows": []})'
refused_import "an unknown table is refused" unknown_table 'table "secrets" is not part'
hostile unknown_table_field 't("couple")["comment"] = "hi"'
refused_import "an unknown field in a table is refused" unknown_table_field 'field "comment"'
hostile unknown_head 'd["exported_by"] = "someone"'
refused_import "an unknown field in the header is refused" unknown_head 'field "exported_by"'
hostile dup_key 'out = json.dumps(d).replace("\"format_version\": 1,", "\"format_version\": 1, \"format_version\": 1,", 1).encode()'
refused_import "a key given twice is refused" dup_key '"format_version" is given twice'
hostile dup_column 't("couple")["columns"][1] = "id"'
refused_import "a column listed twice is refused" dup_column "lists column id twice"
hostile unknown_column 't("couple")["columns"][1] = "nickname"'
refused_import "an unknown column is refused" unknown_column 'has no column "nickname"'
hostile out_of_order 'x = d["tables"].pop(0); d["tables"].insert(3, x)'
refused_import "tables out of the schema's order are refused" out_of_order "comes after"

# --- types -------------------------------------------------------------------------------
hostile type_name 'setv("couple", 0, "name", 5)'
refused_import "a number where a name belongs is refused" type_name "couple\[0\]\.name: must be text"
hostile type_minutes 'setv("session", 2, "minutes", "50")'
refused_import "text where minutes belong is refused" type_minutes "session\[2\]\.minutes: must be a whole number"
hostile type_bool 'setv("session", 1, "minutes", True)'
refused_import "true where a number belongs is refused" type_bool "session\[1\]\.minutes: true or false"
hostile type_null 'setv("partner", 3, "name", None)'
refused_import "null where a name is required is refused" type_null "partner\[3\]\.name: must be given"
hostile type_blob 'setv("note", 1, "body", {"hex": "41"})'
refused_import "binary data where a note belongs is refused" type_blob "note\[1\]\.body"
hostile type_nul 'setv("couple", 1, "name", "A\u0000B")'
refused_import "a NUL inside a name is refused" type_nul "couple\[1\]\.name"

# --- every field through the command line's rules -----------------------------------------
hostile name_escape 'setv("couple", 0, "name", "\u001b[2Jwiped")'
refused_import "a couple name with an escape sequence is refused" name_escape "couple\[0\]\.name: contains a control character"
hostile name_bidi 'setv("partner", 1, "name", "Ana\u202egnp.exe")'
refused_import "a partner name with U+202E is refused" name_bidi "partner\[1\]\.name: contains a text-direction control"
hostile name_rlm 'setv("partner", 2, "name", "Ana\u200f")'
refused_import "a partner name with U+200F is refused" name_rlm "partner\[2\]\.name: contains a text-direction control"
hostile name_invisible 'setv("partner", 0, "name", "\u200b\u200d\ufeff")'
refused_import "an invisible partner name is refused" name_invisible "partner\[0\]\.name: must not be blank"
hostile pronouns_long 'setv("partner", 0, "pronouns", "p" * 41)'
refused_import "pronouns over 40 characters are refused" pronouns_long "partner\[0\]\.pronouns"
hostile concept_name 'setv("concept", 0, "name", "\u2066x\u2069")'
refused_import "a concept name with an isolate is refused" concept_name "concept\[0\]\.name"
hostile measure_name 'setv("measure", 0, "name", "\u00ad")'
refused_import "a measure name of a soft hyphen is refused" measure_name "measure\[0\]\.name"
hostile bad_date 'setv("session", 3, "starts_at", "2026-13-45T10:00")'
refused_import "a session at month 13 is refused" bad_date "session\[3\]\.starts_at: '2026-13-45T10:00' is not a time"
hostile bad_intake 'setv("couple", 2, "intake_date", "2026-02-30")'
refused_import "an intake on 30 February is refused" bad_intake "couple\[2\]\.intake_date"
hostile bad_stamp 'setv("couple", 0, "created_at", "yesterday")'
refused_import "a junk creation time is refused" bad_stamp "couple\[0\]\.created_at"
hostile bad_attendance 'setv("session", 0, "attendance", "maybe")'
refused_import "an attendance dyad does not know is refused" bad_attendance "session\[0\]\.attendance: must be both"
hostile bad_minutes 'setv("session", 0, "minutes", 0)'
refused_import "a zero-minute session is refused" bad_minutes "session\[0\]\.minutes"
hostile rating_max 'setv("rating", 0, "value", 9223372036854775807)'
refused_import "an INT64_MAX rating is refused" rating_max "rating\[0\]\.value"
hostile rating_scale 'setv("rating", 4, "value", 999)'
refused_import "a rating above its concept's scale is refused" rating_scale "rating\[4\]\.value: concept [0-9]* is rated from"
hostile rating_partner 'setv("rating", 0, "partner", "couple")'
refused_import "a couple rating of a partner concept is refused" rating_partner "rating\[0\]\.partner"
hostile score_range 'setv("measure_value", 5, "value", 22.5)'
refused_import "a CSI-4 score of 22.5 is refused" score_range "measure_value\[5\]\.value"
hostile checkin_count 'setv("checkin", 0, "done", -1)'
refused_import "a negative check-in count is refused" checkin_count "checkin\[0\]\.done"
hostile audit_hash 'setv("audit", 0, "hash", "zz")'
refused_import "an audit entry with a junk hash is refused" audit_hash "audit\[0\]\.hash"
hostile setting_paper 't("setting")["rows"].append(["paper", "legal", "2026-11-28T10:00:00Z"])'
refused_import "a paper size dyad does not print is refused" setting_paper "setting\[0\]\.value: paper must be"
hostile setting_key 't("setting")["rows"].append(["evil.key", "x", "2026-11-28T10:00:00Z"])'
refused_import "a setting dyad does not have is refused" setting_key "setting\[0\]\.key"
hostile note_control 'setv("note", 2, "body", "ok\u001b]0;pwned\u0007")'
refused_import "a note with an OSC sequence is refused" note_control "note\[2\]\.body"
hostile note_utf8 'out = json.dumps(d).encode().replace(b"Both partners came in quiet", b"Both partners came in \xff\xfe quiet", 1)'
refused_import "a note with invalid UTF-8 bytes is refused" note_utf8 "note\[0\]\.body: line 1 is not valid UTF-8"

# --- references -------------------------------------------------------------------------
hostile dangling_session 'setv("session", 4, "couple_id", 999)'
refused_import "a session of a couple not in the file is refused, named" dangling_session "session\[4\] refers to a couple row that is not there"
hostile dangling_partner 'setv("partner", 5, "couple_id", 999)'
refused_import "a partner of a couple not in the file is refused" dangling_partner "a partner row refers to a couple row"

# --- signed notes keep their signature ------------------------------------------------------
hostile signed_unsigned '
i = [r[c("note", "status")] == "draft" and r[c("note", "body")] != "" for r in t("note")["rows"]].index(True)
setv("note", i, "status", "signed")
setv("note", i, "signed_at", "2099-01-01T00:00:00Z")
open(sys.argv[2] + ".index", "w").write(str(i))'
refused_import "a note signed in the file without its signing entry is refused" signed_unsigned "note\[$(cat "$T/h/signed_unsigned.json.index")\] (session [0-9]*) is signed, but the audit log has no entry"
hostile signed_no_time 'i = [r[c("note", "status")] == "draft" and r[c("note", "body")] != "" for r in t("note")["rows"]].index(True); setv("note", i, "status", "signed")'
refused_import "a signed note without a signing time is refused" signed_no_time "signed_at: a signed note needs"

# --- after all that, the database is still empty and usable ---------------------------------
expect "nothing of any hostile file was stored" test "$(sqlite3 "$DYAD_DB" 'SELECT (SELECT count(*) FROM couple) + (SELECT count(*) FROM audit) + (SELECT count(*) FROM setting)')" = 0
run import "$T/base.json"
expect_rc "the good file still imports afterwards" 0
run export -o "$T/again.json"
expect "and exports back byte for byte" cmp "$T/base.json" "$T/again.json"
