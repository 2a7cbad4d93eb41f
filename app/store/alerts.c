/* alerts.c: SQL for the safety alerts' inputs, one statement per kind
 * for every couple at once (so a list of a thousand couples stays quick). */
#include "app/store/alerts.h"

#include <stdlib.h>
#include <string.h>

#include "app/store/internal.h"

/* The values of one measure and four concepts in each couple's last
 * ?8 + 1 held sessions (?8 is an OFFSET), oldest first. ?2 is the
 * measure's key, ?3..?6 the concepts'. Scores and ratings are only ever
 * stored on held sessions (the triggers of 0008_held.sql), so only the
 * window's start asks held_sessions. The joins are written as CROSS JOINs
 * to keep SQLite walking couple by couple through the session index and
 * the primary keys: left to itself it scans every rating of the concepts,
 * which over a thousand couples' history is many times slower. The unary
 * + keeps each session's scores and ratings one range read of the primary
 * key rather than a probe per concept and partner. The rows are put in
 * order in C (a sort in SQL costs more than the whole read). */
#define RECENT_VALUES(couple_filter)                                                      \
	"WITH cut AS MATERIALIZED ("                                                          \
	" SELECT cp.id AS couple_id, coalesce((SELECT h.starts_at FROM held_sessions h"       \
	"  WHERE h.couple_id = cp.id ORDER BY h.starts_at DESC LIMIT 1 OFFSET ?8), '')"       \
	"  AS since FROM couple cp" couple_filter                                             \
	"), v AS ("                                                                           \
	" SELECT s.couple_id AS couple_id, s.id AS session_id, s.starts_at AS starts_at,"     \
	"  0 AS series, mv.partner AS partner, mv.value AS value,"                            \
	"  m.scale_min AS scale_min, m.scale_max AS scale_max"                                \
	" FROM cut CROSS JOIN session s CROSS JOIN measure_value mv CROSS JOIN measure m"     \
	" WHERE s.couple_id = cut.couple_id AND s.starts_at >= cut.since"                     \
	"  AND mv.session_id = s.id AND +mv.measure_id = (SELECT id FROM measure WHERE key = ?2)" \
	"  AND m.id = mv.measure_id"                                                          \
	" UNION ALL"                                                                          \
	" SELECT s.couple_id, s.id, s.starts_at,"                                             \
	"  CASE c.key WHEN ?3 THEN 1 WHEN ?4 THEN 2 WHEN ?5 THEN 3 ELSE 4 END,"               \
	"  r.partner, r.value, c.scale_min, c.scale_max"                                      \
	" FROM cut CROSS JOIN session s CROSS JOIN rating r CROSS JOIN concept c"             \
	" WHERE s.couple_id = cut.couple_id AND s.starts_at >= cut.since"                     \
	"  AND r.session_id = s.id"                                                           \
	"  AND +r.concept_id IN (SELECT id FROM concept WHERE key IN (?3, ?4, ?5, ?6))"       \
	"  AND +r.partner IN ('a', 'b') AND c.id = r.concept_id"                              \
	")"                                                                                   \
	" SELECT couple_id, session_id, series, partner, starts_at, value,"                   \
	"  scale_min, scale_max FROM v"

static bool value_row(sqlite3_stmt *stmt, void *item)
{
	struct alert_value_row *r = item;
	r->couple_id = sqlite3_column_int64(stmt, 0);
	r->session_id = sqlite3_column_int64(stmt, 1);
	r->series = sqlite3_column_int(stmt, 2);
	r->partner = strcmp(store_column_text(stmt, 3), "b") == 0 ? 1 : 0;
	store_column_copy(stmt, 4, r->starts_at, sizeof r->starts_at);
	memcpy(r->on, r->starts_at, 10);
	r->on[10] = '\0';
	r->value = sqlite3_column_double(stmt, 5);
	r->scale_min = sqlite3_column_double(stmt, 6);
	r->scale_max = sqlite3_column_double(stmt, 7);
	return true;
}

/* By couple, series, partner, then oldest first (time, then id). */
static int value_order(const void *pa, const void *pb)
{
	const struct alert_value_row *a = pa, *b = pb;
	if (a->couple_id != b->couple_id)
		return a->couple_id < b->couple_id ? -1 : 1;
	if (a->series != b->series)
		return a->series < b->series ? -1 : 1;
	if (a->partner != b->partner)
		return a->partner < b->partner ? -1 : 1;
	int c = strcmp(a->starts_at, b->starts_at);
	if (c != 0)
		return c;
	return a->session_id < b->session_id ? -1 : a->session_id > b->session_id;
}

enum dyad_error alert_values_recent(struct store *store, int64_t couple_id,
	const char *measure_key, const char *const concept_keys[ALERT_STORE_CONCEPTS], int sessions,
	struct alert_value_list *out, struct dyad_status *st)
{
	static const char sql_all[] = RECENT_VALUES("");
	static const char sql_one[] = RECENT_VALUES(" WHERE cp.id = ?1");
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, couple_id ? sql_one : sql_all, st);
	if (stmt == NULL)
		return st->code;
	int src = SQLITE_OK;
	if (couple_id)
		src = sqlite3_bind_int64(stmt, 1, couple_id);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 2, measure_key);
	for (int k = 0; k < ALERT_STORE_CONCEPTS && src == SQLITE_OK; k++)
		src = store_bind_text(stmt, 3 + k, concept_keys[k]);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int(stmt, 8, sessions > 0 ? sessions - 1 : 0);
	if (src != SQLITE_OK) {
		enum dyad_error rc = store_fail(store, src, "alerts", st);
		store_done(stmt);
		return rc;
	}
	struct store_array rows = STORE_ARRAY(struct alert_value_row);
	enum dyad_error rc = store_collect(store, stmt, &rows, value_row, "alerts", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		alert_value_list_free(out);
	else if (out->len > 1)
		qsort(out->items, out->len, sizeof out->items[0], value_order);
	return rc;
}

void alert_value_list_free(struct alert_value_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

/* Each partner's most recent screening (by date, then as recorded), as a
 * level 0..2: the rule of screenings_latest, for many couples at once. */
#define FLAGGED_PARTNERS(couple_filter)                                              \
	"SELECT couple_id, max(CASE partner WHEN 'a' THEN lv ELSE 0 END),"               \
	" max(CASE partner WHEN 'b' THEN lv ELSE 0 END) FROM ("                          \
	" SELECT s.couple_id AS couple_id, s.partner AS partner,"                        \
	"  CASE s.result WHEN 'severe' THEN 2 WHEN 'concern' THEN 1 ELSE 0 END AS lv"    \
	" FROM safety_screening s WHERE s.id = (SELECT t.id FROM safety_screening t"     \
	"  WHERE t.couple_id = s.couple_id AND t.partner = s.partner"                    \
	"  ORDER BY t.screened_on DESC, t.id DESC LIMIT 1)" couple_filter                \
	") GROUP BY couple_id HAVING max(lv) > 0 ORDER BY couple_id"

static bool flag_row(sqlite3_stmt *stmt, void *item)
{
	struct screening_flag_row *r = item;
	r->couple_id = sqlite3_column_int64(stmt, 0);
	r->level[0] = sqlite3_column_int(stmt, 1);
	r->level[1] = sqlite3_column_int(stmt, 2);
	return true;
}

enum dyad_error screenings_flagged_partners(struct store *store, int64_t couple_id,
	struct screening_flag_row **rows, size_t *count, struct dyad_status *st)
{
	static const char sql_all[] = FLAGGED_PARTNERS("");
	static const char sql_one[] = FLAGGED_PARTNERS(" AND s.couple_id = ?1");
	*rows = NULL;
	*count = 0;
	sqlite3_stmt *stmt = store_stmt(store, couple_id ? sql_one : sql_all, st);
	if (stmt == NULL)
		return st->code;
	if (couple_id)
		sqlite3_bind_int64(stmt, 1, couple_id);
	struct store_array arr = STORE_ARRAY(struct screening_flag_row);
	enum dyad_error rc = store_collect(store, stmt, &arr, flag_row, "screening", st);
	if (rc != DYAD_OK) {
		free(arr.items);
		return rc;
	}
	*rows = arr.items;
	*count = arr.len;
	return DYAD_OK;
}

#define COUPLE_NAMES(couple_filter)                                          \
	"SELECT c.id, c.name, a.name, b.name, c.status FROM couple c"                      \
	" JOIN partner a ON a.couple_id = c.id AND a.role = 'a'"                 \
	" JOIN partner b ON b.couple_id = c.id AND b.role = 'b'" couple_filter   \
	" ORDER BY c.id"

static bool names_row(sqlite3_stmt *stmt, void *item)
{
	struct alert_names_row *r = item;
	bool ok = true;
	r->couple_id = sqlite3_column_int64(stmt, 0);
	r->couple = store_column_dup(stmt, 1, &ok);
	r->partner[0] = store_column_dup(stmt, 2, &ok);
	r->partner[1] = store_column_dup(stmt, 3, &ok);
	store_column_copy(stmt, 4, r->status, sizeof r->status);
	if (!ok || !r->couple || !r->partner[0] || !r->partner[1]) {
		free(r->couple);
		free(r->partner[0]);
		free(r->partner[1]);
		return false;
	}
	return true;
}

enum dyad_error alert_names_load(struct store *store, int64_t couple_id,
	struct alert_names_list *out, struct dyad_status *st)
{
	static const char sql_all[] = COUPLE_NAMES("");
	static const char sql_one[] = COUPLE_NAMES(" WHERE c.id = ?1");
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, couple_id ? sql_one : sql_all, st);
	if (stmt == NULL)
		return st->code;
	if (couple_id)
		sqlite3_bind_int64(stmt, 1, couple_id);
	struct store_array rows = STORE_ARRAY(struct alert_names_row);
	enum dyad_error rc = store_collect(store, stmt, &rows, names_row, "couple", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		alert_names_list_free(out);
	return rc;
}

void alert_names_list_free(struct alert_names_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].couple);
		free(list->items[i].partner[0]);
		free(list->items[i].partner[1]);
	}
	free(list->items);
	list->items = NULL;
	list->len = 0;
}
