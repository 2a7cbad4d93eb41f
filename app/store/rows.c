/* rows.c: stepping a statement through its rows, and collecting them into
 * a growing array, with every SQLite status checked in one place. */
#include "app/store/internal.h"

#include <stdlib.h>
#include <string.h>

enum dyad_error store_each(struct store *store, sqlite3_stmt *stmt, store_each_fn row_fn,
	void *ctx, const char *what, struct dyad_status *st)
{
	enum dyad_error rc = DYAD_OK;
	int src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((rc = row_fn(ctx, stmt, st)) != DYAD_OK)
			break;
	if (rc == DYAD_OK && src != SQLITE_DONE)
		rc = store_fail(store, src, what, st);
	store_done(stmt);
	return rc;
}

void *store_array_slot(struct store_array *arr)
{
	void *more = store_grow(arr->items, arr->len, &arr->cap, arr->size);
	if (more == NULL)
		return NULL;
	arr->items = more;
	void *slot = (char *)arr->items + arr->len * arr->size;
	memset(slot, 0, arr->size);
	return slot;
}

struct collect {
	struct store_array *arr;
	store_row_fn row_fn;
};

static enum dyad_error collect_row(void *ctx, sqlite3_stmt *stmt, struct dyad_status *st)
{
	struct collect *c = ctx;
	void *item = store_array_slot(c->arr);
	if (item == NULL || !c->row_fn(stmt, item))
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	c->arr->len++;
	return DYAD_OK;
}

enum dyad_error store_collect(struct store *store, sqlite3_stmt *stmt,
	struct store_array *arr, store_row_fn row_fn, const char *what, struct dyad_status *st)
{
	struct collect c = { arr, row_fn };
	return store_each(store, stmt, collect_row, &c, what, st);
}
