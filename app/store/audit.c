/* audit.c: appending to the audit log and verifying its hash chain. */
#include "app/store/audit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/core/hmac.h"
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

/* An entry's fields go into SHA-256 (the unkeyed chain of entries written
 * before the audit key existed) or HMAC-SHA256 under the key. */
struct entry_digest {
	bool keyed;
	struct sha256 sha;
	struct hmac_sha256 mac;
};

static void digest_bytes(struct entry_digest *d, const void *p, size_t n)
{
	if (d->keyed)
		hmac_sha256_update(&d->mac, p, n);
	else
		sha256_update(&d->sha, p, n);
}

static void hash_field(struct entry_digest *d, const char *s)
{
	char len[32];
	if (s == NULL) {
		digest_bytes(d, "-\n", 2);
		return;
	}
	size_t n = strlen(s);
	int k = snprintf(len, sizeof len, "%zu:", n);
	digest_bytes(d, len, (size_t)k);
	digest_bytes(d, s, n);
	digest_bytes(d, "\n", 1);
}

static void hash_id(struct entry_digest *d, int64_t v)
{
	char buf[32];
	if (v == 0) {
		hash_field(d, NULL);
		return;
	}
	snprintf(buf, sizeof buf, "%" PRId64, v);
	hash_field(d, buf);
}

/* key NULL: the unkeyed hash ("dyad-audit-1"); else the keyed one
 * ("dyad-audit-2", HMAC under key). */
static void entry_digest(const unsigned char *key, int64_t id, const char *at,
	const char *action, const char *object, int64_t couple_id, int64_t session_id,
	int64_t item_id, const char *detail, const char *content_sha256, const char *prev_hash,
	char out[65])
{
	struct entry_digest d;
	unsigned char digest[SHA256_BYTES];
	d.keyed = key != NULL;
	if (d.keyed)
		hmac_sha256_init(&d.mac, key, AUDIT_KEY_BYTES);
	else
		sha256_init(&d.sha);
	hash_field(&d, d.keyed ? "dyad-audit-2" : "dyad-audit-1");
	hash_id(&d, id);
	hash_field(&d, at);
	hash_field(&d, action);
	hash_field(&d, object);
	hash_id(&d, couple_id);
	hash_id(&d, session_id);
	hash_id(&d, item_id);
	hash_field(&d, detail);
	hash_field(&d, content_sha256);
	hash_field(&d, prev_hash);
	if (d.keyed)
		hmac_sha256_final(&d.mac, digest);
	else
		sha256_final(&d.sha, digest);
	sha256_to_hex(digest, out);
}

void audit_entry_hash(int64_t id, const char *at, const char *action,
	const char *object, int64_t couple_id, int64_t session_id, int64_t item_id,
	const char *detail, const char *content_sha256, const char *prev_hash,
	char out[65])
{
	entry_digest(NULL, id, at, action, object, couple_id, session_id, item_id, detail,
		content_sha256, prev_hash, out);
}

void audit_entry_mac(const unsigned char key[AUDIT_KEY_BYTES], int64_t id, const char *at,
	const char *action, const char *object, int64_t couple_id, int64_t session_id,
	int64_t item_id, const char *detail, const char *content_sha256, const char *prev_hash,
	char out[65])
{
	entry_digest(key, id, at, action, object, couple_id, session_id, item_id, detail,
		content_sha256, prev_hash, out);
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

/* The signed notes with no signing entry of their own (signed before the
 * log kept signatures, or generated as a demo), as "ID\n" lines in id
 * order: an entry that fixes this list (its SHA-256) vouches for exactly
 * these and no later ones. */
static int unlogged_signed(sqlite3 *db, struct strbuf *out, int64_t *count)
{
	static const char sql[] =
		"SELECT n.session_id FROM note n LEFT JOIN (SELECT DISTINCT session_id FROM audit"
		"   WHERE action = 'sign' AND object = 'note') s ON s.session_id = n.session_id"
		" WHERE n.status = 'signed' AND s.session_id IS NULL ORDER BY n.session_id";
	sqlite3_stmt *stmt = NULL;
	*count = 0;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		strbuf_addf(out, "%" PRId64 "\n", (int64_t)sqlite3_column_int64(stmt, 0));
		(*count)++;
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

/* Whether the last entry exists and whether it was written with a key
 * (its hash is not the plain SHA-256 of its fields). */
static int last_entry_kind(sqlite3 *db, bool *exists, bool *keyed)
{
	static const char sql[] =
		"SELECT id, at, action, object, couple_id, session_id, item_id, detail,"
		" content_sha256, prev_hash, hash FROM audit ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *stmt = NULL;
	*exists = *keyed = false;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		char plain[65];
		const char *h = (const char *)sqlite3_column_text(stmt, 10);
		audit_entry_hash(sqlite3_column_int64(stmt, 0),
			(const char *)sqlite3_column_text(stmt, 1), (const char *)sqlite3_column_text(stmt, 2),
			(const char *)sqlite3_column_text(stmt, 3), sqlite3_column_int64(stmt, 4),
			sqlite3_column_int64(stmt, 5), sqlite3_column_int64(stmt, 6),
			sqlite3_column_type(stmt, 7) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(stmt, 7),
			sqlite3_column_type(stmt, 8) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(stmt, 8),
			(const char *)sqlite3_column_text(stmt, 9), plain);
		*exists = true;
		*keyed = h == NULL || strcmp(h, plain) != 0;
		src = SQLITE_OK;
	} else if (src == SQLITE_DONE) {
		src = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return src;
}

enum dyad_error audit_key_ready(struct store *store, bool for_write, bool *created,
	bool *starts_chain, struct dyad_status *st)
{
	struct audit_key *k = &store->audit_key;
	if (created)
		*created = false;
	*starts_chain = false;
	if (k->state != AUDIT_KEY_LOADED)
		audit_key_load(k);
	bool exists, keyed;
	int src = last_entry_kind(store->db, &exists, &keyed);
	if (src != SQLITE_OK)
		return store_fail(store, src, "audit", st);
	if (k->state == AUDIT_KEY_MISSING && !(exists && keyed)) {
		/* No keyed entry yet: this is where the keyed chain starts. */
		struct dyad_status quiet = { 0 };
		if (audit_key_create(k, &quiet) == DYAD_OK) {
			if (created)
				*created = true;
		} else {
			k->state = AUDIT_KEY_UNUSABLE;
			snprintf(k->why, sizeof k->why, "it could not be made (%.250s)", quiet.message);
		}
	}
	if (k->state != AUDIT_KEY_LOADED && exists && keyed && for_write)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"audit: the audit key %s is %s, so nothing can be added to the audit log; "
			"put back the copy of the key you kept (`dyad check` says more)",
			k->path[0] ? k->path : "(no place for it)",
			k->state == AUDIT_KEY_MISSING ? "missing" : "unusable");
	*starts_chain = k->state == AUDIT_KEY_LOADED && exists && !keyed;
	if (k->state == AUDIT_KEY_LOADED && !exists) {
		/* An empty log beside signed notes (a file from before the log):
		 * the first entry fixes which those are. */
		struct strbuf list = STRBUF_INIT;
		int64_t count = 0;
		src = unlogged_signed(store->db, &list, &count);
		strbuf_release(&list);
		if (src != SQLITE_OK)
			return store_fail(store, src, "audit", st);
		*starts_chain = count > 0;
	}
	return DYAD_OK;
}

const struct audit_key *audit_key_of(const struct store *store)
{
	return &store->audit_key;
}

/* Appends one entry after the current last one, keyed when the key is
 * loaded, and moves the head. Inside the caller's transaction. */
static enum dyad_error append_entry(struct store *store, const char *name, const char *object,
	int64_t couple_id, int64_t session_id, int64_t item_id, const char *clean,
	const char *content_hash, struct dyad_status *st)
{
	static const char sql_last[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	static const char sql_insert[] =
		"INSERT INTO audit (id, at, action, object, couple_id, session_id, item_id,"
		" detail, content_sha256, prev_hash, hash)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	static const char sql_head[] =
		"INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?1, ?2)"
		" ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id,"
		" last_hash = excluded.last_hash";
	char at[21], prev[65], hash[65];
	int64_t id = 1;
	sqlite3_stmt *stmt = store_stmt(store, sql_last, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_step(stmt);
	memcpy(prev, genesis_hash, sizeof prev);
	if (src == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0) + 1;
		store_column_copy(stmt, 1, prev, sizeof prev);
	}
	store_done(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return store_fail(store, src, "audit", st);
	/* The wall clock even under $DYAD_TODAY: the chain records when things
	 * really happened. */
	date_wall_utc_text(at);
	entry_digest(store->audit_key.state == AUDIT_KEY_LOADED ? store->audit_key.bytes : NULL,
		id, at, name, object, couple_id, session_id, item_id, clean, content_hash, prev, hash);
	if ((stmt = store_stmt(store, sql_insert, st)) == NULL)
		return st->code;
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
	store_bind_text(stmt, 9, content_hash);
	store_bind_text(stmt, 10, prev);
	store_bind_text(stmt, 11, hash);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE)
		return store_fail(store, src, "audit", st);
	if ((stmt = store_stmt(store, sql_head, st)) == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, hash);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE)
		return store_fail(store, src, "audit", st);
	return DYAD_OK;
}

/* The first keyed entry of a log that has unkeyed history: it says where
 * the keyed chain starts and fixes which signed notes came before any
 * signing entry (so none can be added to them later). */
static enum dyad_error append_chain_start(struct store *store, struct dyad_status *st)
{
	struct strbuf list = STRBUF_INIT;
	int64_t count = 0;
	int src = unlogged_signed(store->db, &list, &count);
	if (src != SQLITE_OK) {
		strbuf_release(&list);
		return store_fail(store, src, "audit", st);
	}
	char digest[SHA256_HEX_SIZE], detail[200];
	sha256_hex(strbuf_str(&list), list.len, digest);
	strbuf_release(&list);
	snprintf(detail, sizeof detail,
		"the log is keyed from here on; %" PRId64 " signed note%s from before have no signing "
		"entry of their own", count, count == 1 ? "" : "s");
	return append_entry(store, audit_action_name(AUDIT_CREATE), "audit_key", 0, 0, 0, detail,
		digest, st);
}

/* audit_record_item; covers_signed: the entry fixes the signed notes that
 * have no signing entry (content is their list), so it can start the
 * keyed chain itself. */
static enum dyad_error record_entry(struct store *store, enum audit_action action,
	const char *object, int64_t couple_id, int64_t session_id, int64_t item_id,
	const char *detail, const char *content, size_t content_len, bool covers_signed,
	struct dyad_status *st)
{
	static const char sql_couple[] = "SELECT couple_id FROM session WHERE id = ?1";
	if ((int)action < 0 || action >= AUDIT_ACTION_COUNT || !object_ok(object))
		return dyad_fail(st, DYAD_ERR_INVALID,
			"audit: an entry needs a known action and a one-word object");
	if (store->audit_bulk > 0)
		return DYAD_OK;
	char content_hash[SHA256_HEX_SIZE];
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
	bool starts_chain;
	if ((rc = audit_key_ready(store, true, NULL, &starts_chain, st)) != DYAD_OK)
		goto fail;
	if (starts_chain && !covers_signed && (rc = append_chain_start(store, st)) != DYAD_OK)
		goto fail;
	if ((rc = append_entry(store, audit_action_name(action), object, couple_id, session_id,
			 item_id, clean, content ? content_hash : NULL, st)) != DYAD_OK)
		goto fail;
	free(clean);
	return store_commit(store, st);
fail:
	free(clean);
	store_rollback(store);
	return rc;
}

enum dyad_error audit_record_item(struct store *store, enum audit_action action,
	const char *object, int64_t couple_id, int64_t session_id, int64_t item_id,
	const char *detail, const char *content, size_t content_len,
	struct dyad_status *st)
{
	return record_entry(store, action, object, couple_id, session_id, item_id, detail,
		content, content_len, false, st);
}

enum dyad_error audit_record_covering_signed(struct store *store, enum audit_action action,
	const char *object, const char *detail, struct dyad_status *st)
{
	struct strbuf list = STRBUF_INIT;
	int64_t count = 0;
	int src = unlogged_signed(store->db, &list, &count);
	if (src != SQLITE_OK) {
		strbuf_release(&list);
		return store_fail(store, src, "audit", st);
	}
	enum dyad_error rc = record_entry(store, action, object, 0, 0, 0, detail,
		strbuf_str(&list), list.len, true, st);
	strbuf_release(&list);
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

/* Seconds since 1970 of "YYYY-MM-DDTHH:MM:SSZ"; -1 when it is not that. */
static int64_t stamp_seconds(const char *t)
{
	int y, mo, d, h, mi, se;
	char z;
	if (t == NULL || sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 ||
		z != 'Z')
		return -1;
	/* days from civil (Howard Hinnant's algorithm) */
	y -= mo <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + h * 3600 + mi * 60 + se;
}

/* How far back the wall clock may step between two entries (a clock
 * being corrected) before the order counts as wrong. */
#define AUDIT_CLOCK_SLACK_SECONDS 600

/* Walks the chain in id order on any connection (the live database or a
 * backup being checked before a restore, an import). */
static int verify_chain(sqlite3 *db, const struct audit_key *key,
	struct audit_problems *problems, int64_t *entries, int64_t *keyed_out, int64_t *plain_out)
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
	int64_t expected = 1, count = 0, keyed = 0, unverifiable = 0, mismatched = 0;
	int64_t last_seconds = -1, held[20];
	int held_count = 0;
	bool keyed_began = false;
	int reported = 0;
	bool have_key = key != NULL && key->state == AUDIT_KEY_LOADED;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		const char *at = col_text_or_null(stmt, 1);
		const char *prev = col_text_or_null(stmt, 9);
		const char *hash = col_text_or_null(stmt, 10);
		const char *action = col_text_or_null(stmt, 2), *object = col_text_or_null(stmt, 3);
		char plain[65], mac[65] = "";
		count++;
		audit_entry_hash(id, at, action, object, sqlite3_column_int64(stmt, 4),
			sqlite3_column_int64(stmt, 5), sqlite3_column_int64(stmt, 6),
			col_text_or_null(stmt, 7), col_text_or_null(stmt, 8), prev, plain);
		bool is_plain = hash != NULL && strcmp(hash, plain) == 0;
		if (is_plain)
			(*plain_out)++;
		bool is_keyed = false;
		if (!is_plain && have_key) {
			audit_entry_mac(key->bytes, id, at, action, object, sqlite3_column_int64(stmt, 4),
				sqlite3_column_int64(stmt, 5), sqlite3_column_int64(stmt, 6),
				col_text_or_null(stmt, 7), col_text_or_null(stmt, 8), prev, mac);
			is_keyed = hash != NULL && strcmp(hash, mac) == 0;
		}
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
			int64_t seconds = stamp_seconds(at);
			if (seconds < 0) {
				audit_problem(problems, "audit entry %" PRId64 " has no proper time (%s)", id,
					at ? at : "none");
				reported++;
			} else if (last_seconds >= 0 && seconds < last_seconds - AUDIT_CLOCK_SLACK_SECONDS) {
				audit_problem(problems,
					"audit entry %" PRId64 " (%s %s) is out of time order: it says %s, earlier "
					"than the entry before it; entries are only ever added at the end, so it was "
					"backdated or put in later", id, action ? action : "?", object ? object : "?",
					at);
				reported++;
			}
			if (seconds >= 0 && seconds > last_seconds)
				last_seconds = seconds;
			if (is_plain && keyed_began) {
				audit_problem(problems,
					"audit entry %" PRId64 " (%s %s, %s) was written without the audit key after "
					"the keyed log began: it was added or rewritten outside dyad", id,
					action ? action : "?", object ? object : "?", at ? at : "?");
				reported++;
			}
		}
		if (!is_plain) {
			keyed_began = true;
			if (is_keyed) {
				keyed++;
			} else if (!have_key) {
				unverifiable++;
			} else {
				mismatched++;
				/* Before any entry verified it may be the key that is wrong:
				 * held back until the end says which. */
				if (keyed == 0 && held_count < 20)
					held[held_count++] = id;
				if (keyed > 0 && reported < 20) {
					audit_problem(problems,
						"audit entry %" PRId64 " (%s %s, %s) was altered: its hash does not match "
						"its contents under the audit key", id, action ? action : "?",
						object ? object : "?", at ? at : "?");
					reported++;
				}
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
	*keyed_out = keyed;
	if (unverifiable > 0)
		audit_problem(problems,
			"the audit key %s is %s%s%s; check cannot vouch for the log (%" PRId64 " keyed "
			"entr%s cannot be verified); put back the copy of the key you kept",
			key->path[0] ? key->path : "file", key->state == AUDIT_KEY_MISSING ? "missing"
				: "unusable", key->state == AUDIT_KEY_MISSING ? "" : ": ",
			key->state == AUDIT_KEY_MISSING ? "" : key->why, unverifiable,
			unverifiable == 1 ? "y" : "ies");
	else if (mismatched > 0 && keyed == 0)
		audit_problem(problems,
			"the audit key %s does not match this log (none of its %" PRId64 " keyed entr%s "
			"verify): the key was replaced or the log forged; check cannot vouch for the log",
			key->path, mismatched, mismatched == 1 ? "y" : "ies");
	else
		for (int i = 0; i < held_count; i++)
			audit_problem(problems,
				"audit entry %" PRId64 " was altered: its hash does not match its contents "
				"under the audit key", held[i]);

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
static int verify_fixed_text(sqlite3 *db, bool keyed_chain, struct audit_problems *problems,
	int64_t *signed_checked, int64_t *addenda_checked, int64_t *unlogged_out)
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
	/* A note is signed together with its entry. Signed notes without one
	 * are only those an entry fixed as such (the keyed log's first entry,
	 * a demo practice), or, in a log that was never keyed, notes signed
	 * before its first entry (schema 4 and older). An empty log vouches
	 * for none. */
	struct strbuf list = STRBUF_INIT;
	int64_t count = 0;
	if ((src = unlogged_signed(db, &list, &count)) != SQLITE_OK) {
		strbuf_release(&list);
		return src;
	}
	if (count > 0) {
		char digest[SHA256_HEX_SIZE];
		sha256_hex(strbuf_str(&list), list.len, digest);
		static const char sql_cover[] =
			"SELECT content_sha256 FROM audit WHERE object IN ('audit_key', 'demo')"
			" AND content_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1";
		static const char sql_legacy[] =
			"SELECT n.session_id FROM note n LEFT JOIN (SELECT DISTINCT session_id FROM audit"
			"   WHERE action = 'sign' AND object = 'note') s ON s.session_id = n.session_id"
			" WHERE n.status = 'signed' AND s.session_id IS NULL AND (?1 OR"
			"   coalesce(n.signed_at, '') > coalesce((SELECT at FROM audit ORDER BY id LIMIT 1),"
			"   '')) ORDER BY n.session_id LIMIT 20";
		bool covered = false;
		if ((src = sqlite3_prepare_v2(db, sql_cover, -1, &stmt, NULL)) != SQLITE_OK) {
			strbuf_release(&list);
			return src;
		}
		if ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
			const char *want = col_text_or_null(stmt, 0);
			covered = want != NULL && strcmp(want, digest) == 0;
		}
		bool keyed_log = src == SQLITE_ROW; /* a cover entry exists: no legacy leeway */
		sqlite3_finalize(stmt);
		strbuf_release(&list);
		if (src != SQLITE_ROW && src != SQLITE_DONE)
			return src;
		if (covered) {
			*unlogged_out = count;
		} else {
			if ((src = sqlite3_prepare_v2(db, sql_legacy, -1, &stmt, NULL)) != SQLITE_OK)
				return src;
			sqlite3_bind_int(stmt, 1, keyed_log || keyed_chain);
			int64_t listed = 0;
			while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
				listed++;
				audit_problem(problems,
					"session %" PRId64 "'s note is marked signed, but the audit log has no "
					"entry for its signing: it was signed outside dyad",
					(int64_t)sqlite3_column_int64(stmt, 0));
			}
			sqlite3_finalize(stmt);
			if (src != SQLITE_DONE)
				return src;
			*unlogged_out = count - listed;
		}
	} else {
		strbuf_release(&list);
	}
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

int audit_verify_db(sqlite3 *db, const struct audit_key *key,
	struct audit_problems *problems, struct audit_counts *counts)
{
	memset(counts, 0, sizeof *counts);
	int src = verify_chain(db, key, problems, &counts->entries, &counts->keyed,
		&counts->unkeyed);
	if (src == SQLITE_OK)
		src = verify_fixed_text(db, counts->keyed > 0, problems, &counts->signed_checked,
			&counts->addenda_checked, &counts->unlogged_signed);
	return src;
}

enum dyad_error audit_verify(struct store *store, struct audit_problems *problems,
	int64_t *entries, int64_t *signed_checked, int64_t *addenda_checked,
	struct dyad_status *st)
{
	if (store->audit_key.state != AUDIT_KEY_LOADED)
		audit_key_load(&store->audit_key);
	struct audit_counts counts;
	int src = audit_verify_db(store->db, &store->audit_key, problems, &counts);
	if (src != SQLITE_OK)
		return store_fail(store, src, "check", st);
	*entries = counts.entries;
	*signed_checked = counts.signed_checked;
	*addenda_checked = counts.addenda_checked;
	if (problems->failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return DYAD_OK;
}
