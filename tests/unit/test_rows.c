/* test_rows.c: the store's row helpers (app/store/rows.c): every row
 * handed over in order, the walk stopped by its callback or by SQLite with
 * the status filled, the statement left reusable, and the growing array. */
#include "tests/unit/check.h"

#include <sqlite3.h>

#include "app/store/db.h"
#include "app/store/internal.h"

/* 1..n, one row each; n is bound as ?1. */
static const char sql_count[] =
	"WITH RECURSIVE n(x) AS (SELECT 1 WHERE ?1 > 0"
	" UNION ALL SELECT x + 1 FROM n WHERE x < ?1) SELECT x FROM n";
/* 1, 2, 3, then a runtime error (abs of the smallest integer overflows). */
static const char sql_fails[] =
	"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10)"
	" SELECT CASE WHEN x > 3 THEN abs(-9223372036854775807 - 1) ELSE x END FROM n";

static struct store *open_fresh(void)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	if (store_open(check_temp_db(), 0, &s, &st) != DYAD_OK)
		printf("# open failed: %s\n", st.message);
	return s;
}

static sqlite3_stmt *counting(struct store *s, int n)
{
	struct dyad_status st = { 0 };
	sqlite3_stmt *stmt = store_stmt(s, sql_count, &st);
	if (stmt != NULL && sqlite3_bind_int(stmt, 1, n) != SQLITE_OK)
		return NULL;
	return stmt;
}

struct number {
	int value;
	int zero_on_arrival; /* was the item zeroed before row_fn saw it? */
};

static int fail_at; /* number_row refuses this value (0: none) */

static bool number_row(sqlite3_stmt *stmt, void *item)
{
	struct number *n = item;
	n->zero_on_arrival = n->value == 0 && n->zero_on_arrival == 0;
	n->value = sqlite3_column_int(stmt, 0);
	return n->value != fail_at;
}

static void collect_reads_every_row_in_order(void)
{
	struct store *s = open_fresh();
	CHECK(s != NULL);
	if (s == NULL)
		return;
	struct dyad_status st = { 0 };
	struct store_array rows = STORE_ARRAY(struct number);
	fail_at = 0;
	/* More rows than the first allocation holds, so the array grows. */
	CHECK(store_collect(s, counting(s, 100), &rows, number_row, "numbers", &st) == DYAD_OK);
	CHECK(rows.len == 100);
	bool in_order = true, zeroed = true;
	for (size_t i = 0; i < rows.len; i++) {
		const struct number *n = (const struct number *)rows.items + i;
		in_order = in_order && n->value == (int)i + 1;
		zeroed = zeroed && n->zero_on_arrival;
	}
	CHECK(in_order);
	CHECK(zeroed);
	free(rows.items);
	store_close(s);
}

static void collect_of_no_rows_is_an_empty_list(void)
{
	struct store *s = open_fresh();
	CHECK(s != NULL);
	if (s == NULL)
		return;
	struct dyad_status st = { 0 };
	struct store_array rows = STORE_ARRAY(struct number);
	CHECK(store_collect(s, counting(s, 0), &rows, number_row, "numbers", &st) == DYAD_OK);
	CHECK(rows.len == 0);
	CHECK(rows.items == NULL);
	store_close(s);
}

static void a_refused_row_stops_the_walk_and_keeps_the_rows_before(void)
{
	struct store *s = open_fresh();
	CHECK(s != NULL);
	if (s == NULL)
		return;
	struct dyad_status st = { 0 };
	struct store_array rows = STORE_ARRAY(struct number);
	fail_at = 5;
	CHECK(store_collect(s, counting(s, 9), &rows, number_row, "numbers", &st) ==
		DYAD_ERR_NOMEM);
	CHECK(st.code == DYAD_ERR_NOMEM);
	CHECK(rows.len == 4);
	free(rows.items);
	/* The statement was reset: the next use starts from its first row. */
	fail_at = 0;
	struct store_array again = STORE_ARRAY(struct number);
	struct dyad_status st2 = { 0 };
	CHECK(store_collect(s, counting(s, 3), &again, number_row, "numbers", &st2) == DYAD_OK);
	CHECK(again.len == 3 && ((struct number *)again.items)[0].value == 1);
	free(again.items);
	store_close(s);
}

static void a_sqlite_error_mid_walk_is_reported_by_name(void)
{
	struct store *s = open_fresh();
	CHECK(s != NULL);
	if (s == NULL)
		return;
	struct dyad_status st = { 0 };
	sqlite3_stmt *stmt = store_stmt(s, sql_fails, &st);
	CHECK(stmt != NULL);
	struct store_array rows = STORE_ARRAY(struct number);
	fail_at = 0;
	enum dyad_error rc = store_collect(s, stmt, &rows, number_row, "numbers", &st);
	CHECK(rc != DYAD_OK);
	CHECK(st.code == rc);
	CHECK(strstr(st.message, "numbers") != NULL);
	CHECK(rows.len == 3);
	free(rows.items);
	store_close(s);
}

struct tally {
	int rows;
	int stop_after;
};

static enum dyad_error tally_row(void *ctx, sqlite3_stmt *stmt, struct dyad_status *st)
{
	struct tally *t = ctx;
	(void)stmt;
	if (++t->rows == t->stop_after)
		return dyad_fail(st, DYAD_ERR_REFUSED, "tally: enough");
	return DYAD_OK;
}

static void each_hands_over_rows_until_the_callback_says_stop(void)
{
	struct store *s = open_fresh();
	CHECK(s != NULL);
	if (s == NULL)
		return;
	struct dyad_status st = { 0 };
	struct tally all = { 0, 0 };
	CHECK(store_each(s, counting(s, 7), tally_row, &all, "tally", &st) == DYAD_OK);
	CHECK(all.rows == 7);
	struct tally some = { 0, 2 };
	CHECK(store_each(s, counting(s, 7), tally_row, &some, "tally", &st) == DYAD_ERR_REFUSED);
	CHECK(some.rows == 2);
	CHECK_STR(st.message, "tally: enough");
	store_close(s);
}

static void an_array_slot_is_zeroed_and_counted_only_when_kept(void)
{
	struct store_array arr = STORE_ARRAY(struct number);
	struct number *n = store_array_slot(&arr);
	CHECK(n != NULL && n->value == 0 && arr.len == 0);
	if (n == NULL)
		return;
	n->value = 42;
	/* Not kept: the same slot comes back, zeroed again. */
	n = store_array_slot(&arr);
	CHECK(n != NULL && n->value == 0);
	for (int i = 0; i < 40 && n != NULL; i++) {
		n = store_array_slot(&arr);
		if (n != NULL) {
			n->value = i;
			arr.len++;
		}
	}
	CHECK(arr.len == 40 && arr.cap >= 40);
	CHECK(((struct number *)arr.items)[39].value == 39);
	free(arr.items);
}

int main(void)
{
	RUN(collect_reads_every_row_in_order);
	RUN(collect_of_no_rows_is_an_empty_list);
	RUN(a_refused_row_stops_the_walk_and_keeps_the_rows_before);
	RUN(a_sqlite_error_mid_walk_is_reported_by_name);
	RUN(each_hands_over_rows_until_the_callback_says_stop);
	RUN(an_array_slot_is_zeroed_and_counted_only_when_kept);
	return check_any_failed;
}
