/* signatures.c: the canonical form of a signed session, its SHA-256, and
 * `dyad check`'s comparison of every signed session with it.
 *
 * The canonical form (form 1) is line-oriented text, every line ending in
 * "\n", in this order:
 *
 *   dyad-signed-session 1
 *   session <id>
 *   couple <couple_id>
 *   starts_at <starts_at>
 *   attendance <attendance>
 *   minutes <minutes>
 *   modality <modality>
 *   signed_at <the note's signed_at>
 *   rating <concept key> <partner> <value>     one per rating, sorted by
 *                                              concept key, then partner
 *   score <measure key> <partner> <value>      one per measure score, sorted
 *                                              by measure key, then partner
 *   note <length in bytes>
 *   <the note's text, byte for byte>
 *
 * Each value is written as SQLite stores it, so a change of type shows:
 * an integer in decimal; a real with "%.17g" (enough digits to give the
 * same double back; LC_NUMERIC is "C" in dyad); text with every byte
 * outside '!'..'~', and '%' and '#', written as %XX (upper-case hex), so
 * no value holds a space or a line break; NULL as "%null"; a blob as
 * "%blob:" and its bytes in hex. A rating or score whose concept or
 * measure row is gone shows "#<id>" in place of the key (and sorts first).
 * The note's text is NULL ("note %null") only if someone broke the schema.
 *
 * The digest is SHA-256 over all of it. Beside it the signature keeps
 * the session lines as text (ids, date, attendance: no clinical text)
 * and SHA-256 over the rating lines, the score lines and the two note
 * lines on their own, so a mismatch can be traced to what changed. The
 * audit entry of the signing names the digest too (SIGNATURE_AUDIT_MARK),
 * so a signature replaced with a recomputed digest shows. */
#include "app/store/signatures.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/sha256.h"
#include "app/core/strbuf.h"
#include "app/store/audit.h"
#include "app/store/internal.h"

/* The triggers of schema/0013_signed_session.sql that lock a signed
 * session; `dyad check` reports any that is missing. */
static const char *const lock_triggers[] = {
	"session_signature_needs_signed_note", "session_signature_no_update",
	"session_signature_no_delete", "rating_signed_no_insert", "rating_signed_no_move",
	"measure_value_signed_no_insert", "measure_value_signed_no_update",
	"measure_value_signed_no_delete", "session_signed_no_update",
};
#define LOCK_TRIGGERS (sizeof lock_triggers / sizeof lock_triggers[0])

/* How many mismatches `check` lists one by one before it sums up. */
#define SHOWN_PROBLEMS 50

/* One session in canonical form, split as the signature row keeps it. */
struct canonical {
	struct strbuf session;  /* the header and session lines */
	struct strbuf ratings;  /* the rating lines */
	struct strbuf scores;   /* the score lines */
	struct strbuf note;     /* "note <n>\n" and the text */
	bool note_null;
	char content_sha256[SHA256_HEX_SIZE];
	char ratings_sha256[SHA256_HEX_SIZE];
	char scores_sha256[SHA256_HEX_SIZE];
	char note_sha256[SHA256_HEX_SIZE];
};

static void canonical_release(struct canonical *c)
{
	strbuf_release(&c->session);
	strbuf_release(&c->ratings);
	strbuf_release(&c->scores);
	strbuf_release(&c->note);
}

static void add_escaped(struct strbuf *sb, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c > ' ' && c <= '~' && c != '%' && c != '#') {
			strbuf_addc(sb, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			strbuf_add(sb, e, 3);
		}
	}
}

/* A column's value as the comment at the top spells out. */
static void add_value(struct strbuf *sb, sqlite3_stmt *stmt, int col)
{
	switch (sqlite3_column_type(stmt, col)) {
	case SQLITE_INTEGER:
		strbuf_addf(sb, "%lld", (long long)sqlite3_column_int64(stmt, col));
		break;
	case SQLITE_FLOAT:
		strbuf_addf(sb, "%.17g", sqlite3_column_double(stmt, col));
		break;
	case SQLITE_TEXT: {
		const unsigned char *t = sqlite3_column_text(stmt, col);
		add_escaped(sb, t, (size_t)sqlite3_column_bytes(stmt, col));
		break;
	}
	case SQLITE_BLOB: {
		const unsigned char *b = sqlite3_column_blob(stmt, col);
		int n = sqlite3_column_bytes(stmt, col);
		strbuf_adds(sb, "%blob:");
		for (int i = 0; i < n; i++)
			strbuf_addf(sb, "%02x", b[i]);
		break;
	}
	default:
		strbuf_adds(sb, "%null");
		break;
	}
}

static void add_field(struct strbuf *sb, const char *name, sqlite3_stmt *stmt, int col)
{
	strbuf_adds(sb, name);
	strbuf_addc(sb, ' ');
	add_value(sb, stmt, col);
	strbuf_addc(sb, '\n');
}

/* "rating <key> <partner> <value>" lines from (key, item id, partner,
 * value) rows. */
static int add_items(sqlite3 *db, const char *sql, const char *kind, int64_t session_id,
	struct strbuf *out)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	sqlite3_bind_int64(stmt, 1, session_id);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		strbuf_adds(out, kind);
		strbuf_addc(out, ' ');
		if (sqlite3_column_type(stmt, 0) == SQLITE_NULL) {
			strbuf_addc(out, '#');
			add_value(out, stmt, 1);
		} else {
			add_value(out, stmt, 0);
		}
		strbuf_addc(out, ' ');
		add_value(out, stmt, 2);
		strbuf_addc(out, ' ');
		add_value(out, stmt, 3);
		strbuf_addc(out, '\n');
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

/* Builds session_id's canonical form and its digests (a session or note
 * that is gone shows as NULL fields). c is always set up for release. */
static int canonical_build(sqlite3 *db, int64_t session_id, struct canonical *c)
{
	static const char sql_session[] =
		"SELECT s.couple_id, s.starts_at, s.attendance, s.minutes, s.modality,"
		" n.signed_at, n.body"
		" FROM (SELECT ?1 AS id) k LEFT JOIN session s ON s.id = k.id"
		" LEFT JOIN note n ON n.session_id = k.id";
	/* ORDER BY compares keys byte by byte (BINARY), the same everywhere;
	 * the id only orders rows whose concept is gone (key NULL). */
	static const char sql_ratings[] =
		"SELECT c.key, r.concept_id, r.partner, r.value FROM rating r"
		" LEFT JOIN concept c ON c.id = r.concept_id WHERE r.session_id = ?1"
		" ORDER BY c.key COLLATE BINARY, r.concept_id, r.partner COLLATE BINARY";
	static const char sql_scores[] =
		"SELECT m.key, v.measure_id, v.partner, v.value FROM measure_value v"
		" LEFT JOIN measure m ON m.id = v.measure_id WHERE v.session_id = ?1"
		" ORDER BY m.key COLLATE BINARY, v.measure_id, v.partner COLLATE BINARY";
	memset(c, 0, sizeof *c);
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql_session, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	sqlite3_bind_int64(stmt, 1, session_id);
	if ((src = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return src;
	}
	strbuf_addf(&c->session, "dyad-signed-session %d\nsession %" PRId64 "\n", SIGNATURE_FORM,
		session_id);
	add_field(&c->session, "couple", stmt, 0);
	add_field(&c->session, "starts_at", stmt, 1);
	add_field(&c->session, "attendance", stmt, 2);
	add_field(&c->session, "minutes", stmt, 3);
	add_field(&c->session, "modality", stmt, 4);
	add_field(&c->session, "signed_at", stmt, 5);
	if (sqlite3_column_type(stmt, 6) == SQLITE_NULL) {
		c->note_null = true;
		strbuf_adds(&c->note, "note %null\n");
	} else {
		const void *body = sqlite3_column_blob(stmt, 6);
		size_t n = (size_t)sqlite3_column_bytes(stmt, 6);
		strbuf_addf(&c->note, "note %zu\n", n);
		strbuf_add(&c->note, body, n);
		strbuf_addc(&c->note, '\n');
	}
	sqlite3_finalize(stmt);
	if ((src = add_items(db, sql_ratings, "rating", session_id, &c->ratings)) != SQLITE_OK ||
		(src = add_items(db, sql_scores, "score", session_id, &c->scores)) != SQLITE_OK)
		return src;
	if (c->session.failed || c->ratings.failed || c->scores.failed || c->note.failed)
		return SQLITE_NOMEM;
	struct sha256 h;
	unsigned char digest[SHA256_BYTES];
	sha256_init(&h);
	sha256_update(&h, c->session.data, c->session.len);
	sha256_update(&h, c->ratings.data, c->ratings.len);
	sha256_update(&h, c->scores.data, c->scores.len);
	sha256_update(&h, c->note.data, c->note.len);
	sha256_final(&h, digest);
	sha256_to_hex(digest, c->content_sha256);
	sha256_hex(c->ratings.data, c->ratings.len, c->ratings_sha256);
	sha256_hex(c->scores.data, c->scores.len, c->scores_sha256);
	sha256_hex(c->note.data, c->note.len, c->note_sha256);
	return SQLITE_OK;
}

static int insert_signature(sqlite3 *db, int64_t session_id, const char *taken,
	char digest[SHA256_HEX_SIZE])
{
	static const char sql[] =
		"INSERT INTO session_signature (session_id, form, content_sha256, session_fields,"
		" ratings_sha256, scores_sha256, note_sha256, taken, taken_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, dyad_now())";
	struct canonical c;
	int src = canonical_build(db, session_id, &c);
	sqlite3_stmt *stmt = NULL;
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, session_id);
		sqlite3_bind_int(stmt, 2, SIGNATURE_FORM);
		sqlite3_bind_text(stmt, 3, c.content_sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, strbuf_str(&c.session), (int)c.session.len, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, c.ratings_sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, c.scores_sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, c.note_sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 8, taken, -1, SQLITE_STATIC);
		src = sqlite3_step(stmt);
		if (src == SQLITE_DONE)
			src = SQLITE_OK;
	}
	if (src == SQLITE_OK && digest != NULL)
		memcpy(digest, c.content_sha256, SHA256_HEX_SIZE);
	sqlite3_finalize(stmt);
	canonical_release(&c);
	return src;
}

enum dyad_error signatures_record(struct store *store, int64_t session_id,
	char digest[65], struct dyad_status *st)
{
	int src = insert_signature(store->db, session_id, "signing", digest);
	if (src == SQLITE_CONSTRAINT_TRIGGER)
		return dyad_fail(st, DYAD_ERR_REFUSED, "%s", sqlite3_errmsg(store->db));
	if (src != SQLITE_OK)
		return store_fail(store, src, "signature", st);
	return DYAD_OK;
}

int signatures_backfill_db(sqlite3 *db, int64_t *filled)
{
	static const char sql[] =
		"SELECT n.session_id FROM note n WHERE n.status = 'signed'"
		" AND NOT EXISTS (SELECT 1 FROM session_signature g WHERE g.session_id = n.session_id)"
		" ORDER BY n.session_id";
	if (filled != NULL)
		*filled = 0;
	/* The ids first: inserting while stepping over the same tables is
	 * not something to rely on. */
	int64_t *ids = NULL;
	size_t len = 0, cap = 0;
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	while (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			int64_t *p = realloc(ids, ncap * sizeof *p);
			if (p == NULL) {
				src = SQLITE_NOMEM;
				break;
			}
			ids = p;
			cap = ncap;
		}
		ids[len++] = sqlite3_column_int64(stmt, 0);
		src = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (src == SQLITE_DONE)
		src = SQLITE_OK;
	for (size_t i = 0; src == SQLITE_OK && i < len; i++)
		src = insert_signature(db, ids[i], "upgrade", NULL);
	if (src == SQLITE_OK && filled != NULL)
		*filled = (int64_t)len;
	free(ids);
	return src;
}

/* The value of "name " in the session lines ("" when there is none). */
static void session_line(const char *lines, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);
	out[0] = '\0';
	for (const char *p = lines; *p;) {
		const char *end = strchr(p, '\n');
		if (strncmp(p, name, n) == 0 && p[n] == ' ') {
			const char *v = p + n + 1;
			size_t len = end ? (size_t)(end - v) : strlen(v);
			if (len >= size)
				len = size - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return;
		}
		if (end == NULL)
			return;
		p = end + 1;
	}
}

/* What differs between the stored signature (row) and the session as it
 * is now (c), in words, appended to why. */
static void describe_changes(sqlite3_stmt *row, const struct canonical *c, struct strbuf *why)
{
	static const struct {
		const char *line, *words;
	} fields[] = {
		{ "couple", "it was moved to another couple" },
		{ "starts_at", "its date or time changed" },
		{ "attendance", "its attendance changed" },
		{ "minutes", "its length in minutes changed" },
		{ "modality", "its modality changed" },
		{ "signed_at", "its signing time changed" },
	};
	const char *was = (const char *)sqlite3_column_text(row, 2);
	const char *now = strbuf_str(&c->session);
	size_t before = why->len;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char a[120], b[120];
		session_line(was ? was : "", fields[i].line, a, sizeof a);
		session_line(now, fields[i].line, b, sizeof b);
		if (strcmp(a, b) != 0)
			strbuf_addf(why, "%s%s (signed: %s; now: %s)", why->len > before ? "; " : "",
				fields[i].words, a[0] ? a : "none", b);
	}
	static const struct {
		int col;
		const char *words;
	} parts[] = {
		{ 3, "its ratings changed" },
		{ 4, "its measure scores changed" },
		{ 5, "its note text changed" },
	};
	const char *computed[] = { c->ratings_sha256, c->scores_sha256, c->note_sha256 };
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *stored = (const char *)sqlite3_column_text(row, parts[i].col);
		if (stored == NULL || strcmp(stored, computed[i]) != 0)
			strbuf_addf(why, "%s%s", why->len > before ? "; " : "", parts[i].words);
	}
	if (why->len == before)
		strbuf_adds(why, "the signature record itself was altered");
}

/* Counts the lock triggers in place, for check's "N of M" line. A missing
 * one is named by check's comparison with a fresh schema (maintenance.c),
 * so it is not reported twice. */
static int count_lock_triggers(sqlite3 *db, int *present)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db,
		"SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	for (size_t i = 0; i < LOCK_TRIGGERS; i++) {
		sqlite3_bind_text(stmt, 1, lock_triggers[i], -1, SQLITE_STATIC);
		src = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (src == SQLITE_ROW)
			(*present)++;
		else if (src != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_ROW || src == SQLITE_DONE ? SQLITE_OK : src;
}

/* Signed notes with no signature, and signatures whose note is not (or no
 * longer) signed. */
static int check_pairing(sqlite3 *db, struct audit_problems *problems, size_t *shown)
{
	static const char sql[] =
		"SELECT n.session_id, 1 FROM note n WHERE n.status = 'signed'"
		" AND NOT EXISTS (SELECT 1 FROM session_signature g WHERE g.session_id = n.session_id)"
		" UNION ALL"
		" SELECT g.session_id, 0 FROM session_signature g WHERE NOT EXISTS"
		" (SELECT 1 FROM note n WHERE n.session_id = g.session_id AND n.status = 'signed')"
		" ORDER BY 1";
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		if ((*shown)++ >= SHOWN_PROBLEMS)
			continue;
		if (sqlite3_column_int(stmt, 1))
			audit_problem(problems,
				"session %" PRId64 ": its note is signed but has no signature digest, so "
				"nothing proves its ratings, scores and details are as signed", id);
		else
			audit_problem(problems,
				"session %" PRId64 ": it has a signature, but its note is no longer signed "
				"(or is gone)", id);
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

/* The digest the latest signing entry of session_id recorded (out[0] is
 * NUL when there is none, or the entry predates the mark). */
static int audit_digest(sqlite3_stmt *stmt, int64_t session_id, char out[SHA256_HEX_SIZE])
{
	out[0] = '\0';
	sqlite3_reset(stmt);
	sqlite3_bind_int64(stmt, 1, session_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(stmt, 0);
		const char *mark = detail ? strstr(detail, SIGNATURE_AUDIT_MARK) : NULL;
		if (mark != NULL) {
			mark += strlen(SIGNATURE_AUDIT_MARK);
			size_t n = strspn(mark, "0123456789abcdef");
			if (n >= SHA256_HEX_SIZE - 1) {
				memcpy(out, mark, SHA256_HEX_SIZE - 1);
				out[SHA256_HEX_SIZE - 1] = '\0';
			}
		}
		src = SQLITE_OK;
	} else if (src == SQLITE_DONE) {
		src = SQLITE_OK;
	}
	return src;
}

int signatures_verify_db(sqlite3 *db, struct audit_problems *problems, int64_t *checked,
	int *triggers_present, int *triggers_expected)
{
	static const char sql[] =
		"SELECT session_id, content_sha256, session_fields, ratings_sha256, scores_sha256,"
		" note_sha256, taken, taken_at, form FROM session_signature ORDER BY session_id";
	*checked = 0;
	*triggers_expected += (int)LOCK_TRIGGERS;
	int src = count_lock_triggers(db, triggers_present);
	size_t shown = 0;
	if (src == SQLITE_OK)
		src = check_pairing(db, problems, &shown);
	sqlite3_stmt *stmt = NULL, *entry = NULL;
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db,
			"SELECT detail FROM audit WHERE action = 'sign' AND object = 'note'"
			" AND session_id = ?1 ORDER BY id DESC LIMIT 1", -1, &entry, NULL);
	struct strbuf why = STRBUF_INIT;
	while (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		src = SQLITE_OK;
		int64_t id = sqlite3_column_int64(stmt, 0);
		struct canonical c;
		if ((src = canonical_build(db, id, &c)) != SQLITE_OK) {
			canonical_release(&c);
			break;
		}
		(*checked)++;
		const char *stored = (const char *)sqlite3_column_text(stmt, 1);
		bool same = sqlite3_column_int(stmt, 8) == SIGNATURE_FORM && stored != NULL &&
			strcmp(stored, c.content_sha256) == 0;
		if (!same && shown++ < SHOWN_PROBLEMS) {
			strbuf_reset(&why);
			describe_changes(stmt, &c, &why);
			bool upgrade = strcmp((const char *)sqlite3_column_text(stmt, 6), "upgrade") == 0;
			audit_problem(problems,
				"session %" PRId64 ": its signed content no longer matches its signature: "
				"%s%s%s%s", id, why.failed ? "out of memory" : strbuf_str(&why),
				upgrade ? " (the digest was taken at the upgrade on " : "",
				upgrade ? (const char *)sqlite3_column_text(stmt, 7) : "", upgrade ? ")" : "");
		}
		canonical_release(&c);
		/* A signature replaced whole (with a digest recomputed to fit)
		 * no longer matches what the audit log wrote when it was made. */
		char logged[SHA256_HEX_SIZE];
		if ((src = audit_digest(entry, id, logged)) != SQLITE_OK)
			break;
		if (logged[0] != '\0' && stored != NULL && strcmp(logged, stored) != 0 &&
			shown++ < SHOWN_PROBLEMS)
			audit_problem(problems,
				"session %" PRId64 ": its signature is not the one the audit log recorded "
				"when the note was signed, so the signature was replaced", id);
	}
	sqlite3_finalize(stmt);
	sqlite3_finalize(entry);
	strbuf_release(&why);
	if (src == SQLITE_DONE)
		src = SQLITE_OK;
	if (src == SQLITE_OK && shown > SHOWN_PROBLEMS)
		audit_problem(problems, "... and %zu more signed sessions with the same kind of problem",
			shown - SHOWN_PROBLEMS);
	return src;
}

enum dyad_error signatures_get(struct store *store, int64_t session_id,
	struct signature_rec *out, bool *found, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT content_sha256, taken, taken_at FROM session_signature WHERE session_id = ?1";
	memset(out, 0, sizeof *out);
	*found = false;
	/* Older databases have no such table until they are upgraded. */
	if (store_schema_version(store) < SIGNATURE_SCHEMA_VERSION)
		return DYAD_OK;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, session_id);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		store_column_copy(stmt, 0, out->content_sha256, sizeof out->content_sha256);
		store_column_copy(stmt, 1, out->taken, sizeof out->taken);
		store_column_copy(stmt, 2, out->taken_at, sizeof out->taken_at);
		*found = true;
		src = SQLITE_DONE;
	}
	store_done(stmt);
	return src == SQLITE_DONE ? DYAD_OK : store_fail(store, src, "signature", st);
}
