/* audit.c: appending to the audit log and verifying its hash chain. */
#include "app/store/audit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/core/sha256.h"
#include "app/core/strbuf.h"
#include "app/core/utf8.h"
#include "app/store/internal.h"

static const char genesis_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char *const action_names[] = {
#define AUDIT_ACTION_NAME(name, text) text,
	AUDIT_ACTIONS(AUDIT_ACTION_NAME)
#undef AUDIT_ACTION_NAME
};

const char *audit_action_name(enum audit_action action)
{
	if ((int)action < 0 || action >= AUDIT_ACTION_COUNT)
		return "";
	return action_names[action];
}

static void hash_field(struct sha256 *h, const char *s)
{
	char len[32];
	if (s == NULL) {
		sha256_update(h, "-\n", 2);
		return;
	}
	size_t n = strlen(s);
	int k = snprintf(len, sizeof len, "%zu:", n);
	sha256_update(h, len, (size_t)k);
	sha256_update(h, s, n);
	sha256_update(h, "\n", 1);
}

static void hash_id(struct sha256 *h, int64_t v)
{
	char buf[32];
	if (v == 0) {
		hash_field(h, NULL);
		return;
	}
	snprintf(buf, sizeof buf, "%" PRId64, v);
	hash_field(h, buf);
}

void audit_entry_hash(int64_t id, const char *at, const char *action,
	const char *object, int64_t couple_id, int64_t session_id, int64_t item_id,
	const char *detail, const char *content_sha256, const char *prev_hash,
	char out[65])
{
	struct sha256 h;
	unsigned char digest[SHA256_BYTES];
	sha256_init(&h);
	hash_field(&h, "dyad-audit-1");
	hash_id(&h, id);
	hash_field(&h, at);
	hash_field(&h, action);
	hash_field(&h, object);
	hash_id(&h, couple_id);
	hash_id(&h, session_id);
	hash_id(&h, item_id);
	hash_field(&h, detail);
	hash_field(&h, content_sha256);
	hash_field(&h, prev_hash);
	sha256_final(&h, digest);
	sha256_to_hex(digest, out);
}

void audit_bulk_begin(struct store *store)
{
	store->audit_bulk++;
}

void audit_bulk_end(struct store *store)
{
	if (store->audit_bulk > 0)
		store->audit_bulk--;
}

/* A detail fit for the log: one line, terminal-safe, at most
 * AUDIT_DETAIL_MAX bytes and cut between characters. */
static char *clean_detail(const char *detail)
{
	struct strbuf sb = STRBUF_INIT;
	if (detail != NULL)
		utf8_sanitize(&sb, detail, strlen(detail), 0);
	char *s = strbuf_detach(&sb);
	if (s == NULL)
		return NULL;
	size_t n = strlen(s);
	if (n > AUDIT_DETAIL_MAX) {
		n = AUDIT_DETAIL_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		s[n] = '\0';
	}
	return s;
}

static bool object_ok(const char *object)
{
	size_t n = object ? strlen(object) : 0;
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((object[i] >= 'a' && object[i] <= 'z') || object[i] == '_'))
			return false;
	return true;
}

enum dyad_error audit_record_item(struct store *store, enum audit_action action,
	const char *object, int64_t couple_id, int64_t session_id, int64_t item_id,
	const char *detail, const char *content, size_t content_len,
	struct dyad_status *st)
{
	static const char sql_couple[] = "SELECT couple_id FROM session WHERE id = ?1";
	static const char sql_last[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	static const char sql_insert[] =
		"INSERT INTO audit (id, at, action, object, couple_id, session_id, item_id,"
		" detail, content_sha256, prev_hash, hash)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	static const char sql_head[] =
		"INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?1, ?2)"
		" ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id,"
		" last_hash = excluded.last_hash";
	if ((int)action < 0 || action >= AUDIT_ACTION_COUNT || !object_ok(object))
		return dyad_fail(st, DYAD_ERR_INVALID,
			"audit: an entry needs a known action and a one-word object");
	if (store->audit_bulk > 0)
		return DYAD_OK;
	char at[21], content_hash[SHA256_HEX_SIZE], prev[65], hash[65];
	int64_t id = 1;
	char *clean = clean_detail(detail);
	if (clean == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	if (content != NULL)
		sha256_hex(content, content_len, content_hash);
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK) {
		free(clean);
		return rc;
	}
	sqlite3_stmt *stmt;
	int src;
	if (couple_id == 0 && session_id != 0) {
		if ((stmt = store_stmt(store, sql_couple, st)) == NULL) {
			rc = st->code;
			goto fail;
		}
		sqlite3_bind_int64(stmt, 1, session_id);
		src = sqlite3_step(stmt);
		if (src == SQLITE_ROW)
			couple_id = sqlite3_column_int64(stmt, 0);
		store_done(stmt);
		if (src != SQLITE_ROW && src != SQLITE_DONE) {
			rc = store_fail(store, src, "audit", st);
			goto fail;
		}
	}
	if ((stmt = store_stmt(store, sql_last, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	src = sqlite3_step(stmt);
	memcpy(prev, genesis_hash, sizeof prev);
	if (src == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0) + 1;
		store_column_copy(stmt, 1, prev, sizeof prev);
	}
	store_done(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		rc = store_fail(store, src, "audit", st);
		goto fail;
	}
	/* The wall clock even under $DYAD_TODAY: the chain records when things
	 * really happened. */
	date_wall_utc_text(at);
	const char *name = audit_action_name(action);
	audit_entry_hash(id, at, name, object, couple_id, session_id, item_id, clean,
		content ? content_hash : NULL, prev, hash);
	if ((stmt = store_stmt(store, sql_insert, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, at);
	store_bind_text(stmt, 3, name);
	store_bind_text(stmt, 4, object);
	if (couple_id != 0)
		sqlite3_bind_int64(stmt, 5, couple_id);
	if (session_id != 0)
		sqlite3_bind_int64(stmt, 6, session_id);
	if (item_id != 0)
		sqlite3_bind_int64(stmt, 7, item_id);
	store_bind_text(stmt, 8, clean);
	store_bind_text(stmt, 9, content ? content_hash : NULL);
	store_bind_text(stmt, 10, prev);
	store_bind_text(stmt, 11, hash);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "audit", st);
		goto fail;
	}
	if ((stmt = store_stmt(store, sql_head, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, hash);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "audit", st);
		goto fail;
	}
	free(clean);
	return store_commit(store, st);
fail:
	free(clean);
	store_rollback(store);
	return rc;
}

enum dyad_error audit_record(struct store *store, enum audit_action action,
	const char *object, int64_t couple_id, int64_t session_id, const char *detail,
	struct dyad_status *st)
{
	return audit_record_item(store, action, object, couple_id, session_id, 0, detail,
		NULL, 0, st);
}

static bool entry_from_row(sqlite3_stmt *stmt, void *item)
{
	struct audit_entry *e = item;
	bool ok = true;
	e->id = sqlite3_column_int64(stmt, 0);
	store_column_copy(stmt, 1, e->at, sizeof e->at);
	store_column_copy(stmt, 2, e->action, sizeof e->action);
	store_column_copy(stmt, 3, e->object, sizeof e->object);
	e->couple_id = sqlite3_column_int64(stmt, 4);
	e->session_id = sqlite3_column_int64(stmt, 5);
	e->item_id = sqlite3_column_int64(stmt, 6);
	e->detail = store_column_dup(stmt, 7, &ok);
	if (e->detail == NULL && ok)
		e->detail = calloc(1, 1);
	store_column_copy(stmt, 8, e->content_sha256, sizeof e->content_sha256);
	store_column_copy(stmt, 9, e->hash, sizeof e->hash);
	return e->detail != NULL;
}

enum dyad_error audit_list(struct store *store, const struct audit_filter *filter,
	struct audit_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT id, at, action, object, couple_id, session_id, item_id, detail,"
		" content_sha256, hash FROM audit"
		" WHERE (?1 = 0 OR couple_id = ?1) AND (?2 IS NULL OR at >= ?2)"
		" ORDER BY id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, filter ? filter->couple_id : 0);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 2, filter ? filter->since : NULL);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "audit", st);
	}
	struct store_array rows = STORE_ARRAY(struct audit_entry);
	enum dyad_error rc = store_collect(store, stmt, &rows, entry_from_row, "audit", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		audit_list_free(out);
	return rc;
}

void audit_list_free(struct audit_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].detail);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

enum dyad_error audit_last(struct store *store, enum audit_action action,
	const char *object, char at[21], struct dyad_status *st)
{
	static const char sql[] =
		"SELECT at FROM audit WHERE action = ?1 AND object = ?2 ORDER BY id DESC LIMIT 1";
	at[0] = '\0';
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	store_bind_text(stmt, 1, audit_action_name(action));
	store_bind_text(stmt, 2, object);
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW)
		store_column_copy(stmt, 0, at, 21);
	else if (src != SQLITE_DONE)
		rc = store_fail(store, src, "audit", st);
	store_done(stmt);
	return rc;
}

void audit_problem(struct audit_problems *p, const char *fmt, ...)
{
	if (p->failed)
		return;
	char **items = realloc(p->items, (p->len + 1) * sizeof *items);
	if (items == NULL) {
		p->failed = true;
		return;
	}
	p->items = items;
	struct strbuf sb = STRBUF_INIT;
	char buf[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* Problems quote stored text (a detail, an object); keep it inert. */
	utf8_sanitize(&sb, buf, strlen(buf), 0);
	p->items[p->len] = strbuf_detach(&sb);
	if (p->items[p->len] == NULL)
		p->failed = true;
	else
		p->len++;
}

void audit_problems_free(struct audit_problems *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->len; i++)
		free(p->items[i]);
	free(p->items);
	memset(p, 0, sizeof *p);
}

static const char *col_text_or_null(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL
		? NULL : (const char *)sqlite3_column_text(stmt, col);
}

/* Walks the chain in id order on any connection (the live database or a
 * backup being checked before a restore). */
static int verify_chain(sqlite3 *db, struct audit_problems *problems, int64_t *entries)
{
	static const char sql[] =
		"SELECT id, at, action, object, couple_id, session_id, item_id, detail,"
		" content_sha256, prev_hash, hash FROM audit ORDER BY id";
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	char last_hash[65];
	memcpy(last_hash, genesis_hash, sizeof last_hash);
	int64_t expected = 1, count = 0;
	int reported = 0;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		const char *prev = col_text_or_null(stmt, 9);
		const char *hash = col_text_or_null(stmt, 10);
		char want[65];
		count++;
		audit_entry_hash(id, col_text_or_null(stmt, 1), col_text_or_null(stmt, 2),
			col_text_or_null(stmt, 3), sqlite3_column_int64(stmt, 4),
			sqlite3_column_int64(stmt, 5), sqlite3_column_int64(stmt, 6),
			col_text_or_null(stmt, 7), col_text_or_null(stmt, 8), prev, want);
		/* After the first few problems the rest are usually echoes of them. */
		if (reported < 20) {
			if (id > expected + 1) {
				audit_problem(problems, "audit entries %" PRId64 " to %" PRId64 " are missing",
					expected, id - 1);
				reported++;
			} else if (id == expected + 1) {
				audit_problem(problems, "audit entry %" PRId64 " is missing", expected);
				reported++;
			} else if (id != expected) {
				audit_problem(problems, "audit entry %" PRId64 " is out of order", id);
				reported++;
			}
			if (prev == NULL || strcmp(prev, last_hash) != 0) {
				audit_problem(problems,
					"audit entry %" PRId64 " does not link to the entry before it: an entry "
					"before it was removed or altered", id);
				reported++;
			}
			if (hash == NULL || strcmp(hash, want) != 0) {
				audit_problem(problems,
					"audit entry %" PRId64 " (%s %s, %s) was altered: its hash does not match "
					"its contents", id, sqlite3_column_text(stmt, 2) ? (const char *)sqlite3_column_text(stmt, 2) : "?",
					sqlite3_column_text(stmt, 3) ? (const char *)sqlite3_column_text(stmt, 3) : "?",
					sqlite3_column_text(stmt, 1) ? (const char *)sqlite3_column_text(stmt, 1) : "?");
				reported++;
			}
		}
		/* Follow the stored hash, so one altered entry is reported once. */
		snprintf(last_hash, sizeof last_hash, "%s", hash ? hash : "");
		expected = id + 1;
	}
	sqlite3_finalize(stmt);
	if (src != SQLITE_DONE)
		return src;
	*entries = count;

	static const char sql_head[] = "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1";
	if ((src = sqlite3_prepare_v2(db, sql_head, -1, &stmt, NULL)) != SQLITE_OK)
		return src;
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		int64_t head_id = sqlite3_column_int64(stmt, 0);
		const char *head_hash = col_text_or_null(stmt, 1);
		if (head_id != expected - 1)
			audit_problem(problems,
				"the audit log ends at entry %" PRId64 " but its head says entry %" PRId64
				"%s", expected - 1, head_id,
				head_id > expected - 1 ? ": the last entries were removed" : "");
		else if (head_hash == NULL || strcmp(head_hash, last_hash) != 0)
			audit_problem(problems,
				"the audit log's head does not match its last entry (%" PRId64 ")", head_id);
		src = SQLITE_OK;
	} else if (src == SQLITE_DONE) {
		if (count > 0)
			audit_problem(problems,
				"the audit log has %" PRId64 " entries but its head row is missing", count);
		src = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return src;
}

/* Signed notes and addenda against the fingerprints their entries took.
 * Only the newest entry per note counts; entries whose own hash is bad
 * were reported above already. */
static int verify_fixed_text(sqlite3 *db, struct audit_problems *problems,
	int64_t *signed_checked, int64_t *addenda_checked)
{
	static const char sql_notes[] =
		"SELECT n.session_id, n.status, n.body, a.id, a.at, a.content_sha256"
		" FROM audit a JOIN (SELECT session_id, max(id) AS id FROM audit"
		"   WHERE action = 'sign' AND object = 'note' GROUP BY session_id) last ON last.id = a.id"
		" LEFT JOIN note n ON n.session_id = a.session_id"
		" ORDER BY a.session_id";
	static const char sql_addenda[] =
		"SELECT a.item_id, a.id, a.content_sha256, d.body, d.session_id, a.session_id"
		" FROM audit a LEFT JOIN addendum d ON d.id = a.item_id"
		" WHERE a.action = 'addendum' ORDER BY a.id";
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql_notes, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t entry = sqlite3_column_int64(stmt, 3);
		const char *at = (const char *)sqlite3_column_text(stmt, 4);
		const char *want = col_text_or_null(stmt, 5);
		if (sqlite3_column_type(stmt, 0) == SQLITE_NULL) {
			audit_problem(problems, "a note signed in audit entry %" PRId64 " is missing", entry);
			continue;
		}
		int64_t session = sqlite3_column_int64(stmt, 0);
		const char *status = (const char *)sqlite3_column_text(stmt, 1);
		if (status == NULL || strcmp(status, "signed") != 0) {
			audit_problem(problems,
				"session %" PRId64 "'s note was signed (audit entry %" PRId64 ") but is now "
				"a draft again", session, entry);
			continue;
		}
		char got[SHA256_HEX_SIZE];
		const void *body = sqlite3_column_blob(stmt, 2);
		sha256_hex(body ? body : "", (size_t)sqlite3_column_bytes(stmt, 2), got);
		(*signed_checked)++;
		if (want == NULL || strcmp(want, got) != 0)
			audit_problem(problems,
				"session %" PRId64 "'s signed note no longer reads as it did when it was "
				"signed (%s, audit entry %" PRId64 ")", session, at ? at : "?", entry);
	}
	sqlite3_finalize(stmt);
	if (src != SQLITE_DONE)
		return src;
	if ((src = sqlite3_prepare_v2(db, sql_addenda, -1, &stmt, NULL)) != SQLITE_OK)
		return src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t item = sqlite3_column_int64(stmt, 0);
		int64_t entry = sqlite3_column_int64(stmt, 1);
		const char *want = col_text_or_null(stmt, 2);
		if (sqlite3_column_type(stmt, 3) == SQLITE_NULL) {
			audit_problem(problems,
				"addendum %" PRId64 " (audit entry %" PRId64 ") is missing", item, entry);
			continue;
		}
		char got[SHA256_HEX_SIZE];
		const void *body = sqlite3_column_blob(stmt, 3);
		sha256_hex(body ? body : "", (size_t)sqlite3_column_bytes(stmt, 3), got);
		(*addenda_checked)++;
		if (want == NULL || strcmp(want, got) != 0 ||
			sqlite3_column_int64(stmt, 4) != sqlite3_column_int64(stmt, 5))
			audit_problem(problems,
				"addendum %" PRId64 " no longer reads as it did when it was added (audit "
				"entry %" PRId64 ")", item, entry);
	}
	sqlite3_finalize(stmt);
	if (src != SQLITE_DONE)
		return src;
	/* Every addendum is saved together with its entry; one without is one
	 * whose entry was taken out. */
	static const char sql_orphans[] =
		"SELECT d.id FROM addendum d WHERE NOT EXISTS (SELECT 1 FROM audit a"
		" WHERE a.action = 'addendum' AND a.item_id = d.id) ORDER BY d.id";
	if ((src = sqlite3_prepare_v2(db, sql_orphans, -1, &stmt, NULL)) != SQLITE_OK)
		return src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
		audit_problem(problems, "addendum %" PRId64 " has no audit entry",
			(int64_t)sqlite3_column_int64(stmt, 0));
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

int audit_verify_db(sqlite3 *db, struct audit_problems *problems, int64_t *entries,
	int64_t *signed_checked, int64_t *addenda_checked)
{
	*entries = *signed_checked = *addenda_checked = 0;
	int src = verify_chain(db, problems, entries);
	if (src == SQLITE_OK)
		src = verify_fixed_text(db, problems, signed_checked, addenda_checked);
	return src;
}

enum dyad_error audit_verify(struct store *store, struct audit_problems *problems,
	int64_t *entries, int64_t *signed_checked, int64_t *addenda_checked,
	struct dyad_status *st)
{
	int src = audit_verify_db(store->db, problems, entries, signed_checked, addenda_checked);
	if (src != SQLITE_OK)
		return store_fail(store, src, "check", st);
	if (problems->failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return DYAD_OK;
}
