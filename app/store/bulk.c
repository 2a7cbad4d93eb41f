/* bulk.c: a bulk load in one transaction, with the note index built once
 * at the end instead of note by note. */
#include "app/store/bulk.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/store/internal.h"

/* 64 MiB: the 1,000-couple practice's indexes stay in memory while it is
 * written. A negative cache_size counts KiB. */
#define BULK_CACHE_KIB 65536

/* While the index is rebuilt at the end, FTS5 gathers terms in memory up to
 * this size before writing a segment, and does not merge segments as it
 * goes (a third less work); both go back to FTS5's defaults afterwards. */
#define BULK_FTS_HASH "67108864"
#define FTS_DEFAULT_HASH "1048576"
#define FTS_DEFAULT_AUTOMERGE "4"

static const char sql_trigger[] =
	"SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'note_fts_insert'";

static void bulk_reset(struct store *store)
{
	char pragma[48];
	/* Not part of the transaction: must be undone by hand. Changing it
	 * also expires every prepared statement, so none compiled without
	 * the checks outlives the load. */
	sqlite3_exec(store->db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	if (store->bulk_cache_size != 0) {
		snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %d", store->bulk_cache_size);
		sqlite3_exec(store->db, pragma, NULL, NULL, NULL);
	}
	store->bulk_cache_size = 0;
	free(store->bulk_trigger_sql);
	store->bulk_trigger_sql = NULL;
}

static int read_cache_size(struct store *store, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(store->db, "PRAGMA cache_size", -1, &stmt, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

enum dyad_error store_bulk_begin(struct store *store, struct dyad_status *st)
{
	if (store->tx_depth > 0 || store->bulk_trigger_sql != NULL)
		return dyad_fail(st, DYAD_ERR_DB, "database: a bulk load must be its own transaction");
	int cache = 0;
	int src = read_cache_size(store, &cache);
	if (src != SQLITE_OK)
		return store_fail(store, src, "database", st);
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	/* The trigger's own text is kept and replayed at the end, so the
	 * schema file stays the one place it is written down. */
	sqlite3_stmt *stmt = store_stmt(store, sql_trigger, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	src = sqlite3_step(stmt);
	bool ok = true;
	if (src == SQLITE_ROW)
		store->bulk_trigger_sql = store_column_dup(stmt, 0, &ok);
	store_done(stmt);
	if (src != SQLITE_ROW) {
		rc = src == SQLITE_DONE
			? dyad_fail(st, DYAD_ERR_DB, "database: the note index trigger is missing")
			: store_fail(store, src, "database", st);
		goto fail;
	}
	if (!ok || store->bulk_trigger_sql == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto fail;
	}
	if ((rc = store_exec(store, "DROP TRIGGER note_fts_insert", st)) != DYAD_OK)
		goto fail;
	char pragma[48];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	store->bulk_cache_size = cache;
	if ((rc = store_exec(store, pragma, st)) != DYAD_OK)
		goto fail;
	/* The generator writes only values from the schema's own lists, and
	 * SQLite 3.40 builds a temporary table for every CHECK (x IN (a, b,
	 * c)) of every row: half the time of a rating. The checks are off for
	 * the load only; tests run PRAGMA integrity_check, which applies them,
	 * on a generated practice. */
	if ((rc = store_exec(store, "PRAGMA ignore_check_constraints = ON", st)) != DYAD_OK)
		goto fail;
	return DYAD_OK;
fail:
	store_rollback(store);
	bulk_reset(store);
	return rc;
}

enum dyad_error store_bulk_commit(struct store *store, struct dyad_status *st)
{
	enum dyad_error rc;
	if (store->bulk_trigger_sql == NULL)
		return dyad_fail(st, DYAD_ERR_DB, "database: no bulk load is open");
	/* 'rebuild' reads every note and writes the index in large segments. */
	if ((rc = store_exec(store,
		     "INSERT INTO note_fts (note_fts, rank) VALUES ('hashsize', " BULK_FTS_HASH ");"
		     "INSERT INTO note_fts (note_fts, rank) VALUES ('automerge', 0);"
		     "INSERT INTO note_fts (note_fts) VALUES ('rebuild');"
		     "INSERT INTO note_fts (note_fts, rank) VALUES ('hashsize', " FTS_DEFAULT_HASH ");"
		     "INSERT INTO note_fts (note_fts, rank) VALUES ('automerge', "
		     FTS_DEFAULT_AUTOMERGE ");", st)) != DYAD_OK ||
		(rc = store_exec(store, store->bulk_trigger_sql, st)) != DYAD_OK ||
		(rc = store_commit(store, st)) != DYAD_OK) {
		store_bulk_rollback(store);
		return rc;
	}
	bulk_reset(store);
	return DYAD_OK;
}

void store_bulk_rollback(struct store *store)
{
	if (store == NULL || store->bulk_trigger_sql == NULL)
		return;
	/* The DROP TRIGGER was part of the transaction: rolling back brings
	 * the trigger back. */
	while (store->tx_depth > 0)
		store_rollback(store);
	bulk_reset(store);
}
