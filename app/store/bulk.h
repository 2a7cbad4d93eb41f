/* bulk.h: writing a whole practice in one go (the synthetic practice the
 * benchmarks run on), without paying per row for what can be done once. */
#ifndef DYAD_STORE_BULK_H
#define DYAD_STORE_BULK_H

#include "app/core/error.h"
#include "app/store/db.h"

/* Begins a write transaction for a bulk load: a large page cache, note
 * text not indexed row by row (FTS5 flushes its pending terms at every
 * statement of a transaction once it has been written to, which makes one
 * tiny index segment per note), and CHECK constraints not evaluated: the
 * caller promises values from the schema's own lists. Must not be called
 * inside a transaction. On error nothing has changed. */
enum dyad_error store_bulk_begin(struct store *store, struct dyad_status *st);

/* Indexes every note's text once, restores per-row indexing and the cache,
 * and commits. On error the whole load is rolled back. */
enum dyad_error store_bulk_commit(struct store *store, struct dyad_status *st);

/* Rolls the whole load back (indexing and cache as before); safe to call
 * when no bulk load is open. */
void store_bulk_rollback(struct store *store);

#endif
