/* internal.h: what the files of store/ share; nothing outside store/
 * includes this (it is the one place sqlite3.h is named). */
#ifndef DYAD_STORE_INTERNAL_H
#define DYAD_STORE_INTERNAL_H

/* With SQLCipher, SQLITE_HAS_CODEC declares sqlite3_key_v2; the Makefile
 * defines it with DYAD_HAVE_SQLCIPHER for the store layer only. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/audit_key.h"
#include "app/core/error.h"
#include "app/store/db.h"

#define STORE_STMT_CACHE 96

struct store {
	sqlite3 *db;
	char *path;
	int tx_depth;
	bool tx_failed;
	char *key;        /* the passphrase, while open (NULL: not encrypted); wiped on close */
	size_t key_len;
	int lock_fd;      /* PATH-lock, held shared while open (see store_lock_exclusive) */
	int audit_bulk;   /* inside audit_bulk_begin: per-record entries are folded */
	struct audit_key audit_key; /* the audit log's key, looked for on first use */
	struct {
		const char *sql; /* the literal's address: statements are static text */
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	int cache_len;
	/* during a bulk load (bulk.c): the note index trigger to restore and
	 * the page cache size to go back to */
	char *bulk_trigger_sql;
	int bulk_cache_size;
	int read_depth;  /* open store_read_begin calls (db.c) */
	bool read_began; /* the outermost one issued BEGIN */
};

/* Makes room for one more item of `size` bytes after len used of *cap
 * (growing by doubling): returns items or a larger copy, NULL when out of
 * memory (items kept, *cap unchanged). For the list functions. */
void *store_grow(void *items, size_t len, size_t *cap, size_t size);

/* Called by store_each for each row; anything but DYAD_OK (with st
 * filled) stops the walk. */
typedef enum dyad_error (*store_each_fn)(void *ctx, sqlite3_stmt *stmt,
	struct dyad_status *st);

/* Steps stmt (from store_stmt, bound) until SQLITE_DONE, handing each row
 * to row_fn, and store_done()s it whatever happens. DYAD_OK when every row
 * was handed over; otherwise row_fn's error, or the SQLite failure with
 * `what` naming the field in the message. */
enum dyad_error store_each(struct store *store, sqlite3_stmt *stmt, store_each_fn row_fn,
	void *ctx, const char *what, struct dyad_status *st);

/* A growing array of items of `size` bytes; STORE_ARRAY(type) starts one
 * empty. The items belong to whoever moves them into their list. */
struct store_array {
	void *items;
	size_t len, cap, size;
};
#define STORE_ARRAY(type) { NULL, 0, 0, sizeof(type) }

/* A zeroed item just past the last (not yet counted in len: the caller
 * adds it once filled); NULL when out of memory, arr unchanged. */
void *store_array_slot(struct store_array *arr);

/* Reads one row into item, which arrives zeroed. Returns false when out
 * of memory, having freed whatever it took (the item is then dropped). */
typedef bool (*store_row_fn)(sqlite3_stmt *stmt, void *item);

/* store_each that appends one item per row to arr, filled by row_fn.
 * On failure (DYAD_ERR_NOMEM, or the SQLite error naming `what`) arr keeps
 * the rows read before it, for the caller to free with its list. */
enum dyad_error store_collect(struct store *store, sqlite3_stmt *stmt,
	struct store_array *arr, store_row_fn row_fn, const char *what, struct dyad_status *st);

/* A prepared statement for sql (a string literal), reused across calls.
 * Release it with store_done() after stepping. NULL with st filled on error. */
sqlite3_stmt *store_stmt(struct store *store, const char *sql, struct dyad_status *st);

/* Resets a statement from store_stmt and clears its bindings. */
void store_done(sqlite3_stmt *stmt);

/* Turns a SQLite result code into a dyad error with sqlite3_errmsg. */
enum dyad_error store_fail(struct store *store, int rc, const char *what,
	struct dyad_status *st);

/* Binds text (NULL binds NULL); returns the SQLite result. */
int store_bind_text(sqlite3_stmt *stmt, int index, const char *s);

/* A column's text, or "" when NULL. */
const char *store_column_text(sqlite3_stmt *stmt, int col);

/* A heap copy of a column's text (NULL stays NULL). *ok is cleared when
 * out of memory. */
char *store_column_dup(sqlite3_stmt *stmt, int col, bool *ok);

/* Copies a column's text into a fixed buffer, truncating safely. */
void store_column_copy(sqlite3_stmt *stmt, int col, char *out, size_t size);

/* Keys a fresh connection (nothing when key is NULL); DYAD_ERR_UNSUPPORTED
 * without SQLCipher. Also silences SQLCipher's own logging. */
enum dyad_error store_apply_key(sqlite3 *db, const char *key, size_t key_len,
	struct dyad_status *st);

/* Closes the connection (and its cached statements) but keeps the path,
 * key and lock; store_reconnect opens it again, e.g. after the file was
 * swapped. */
void store_disconnect(struct store *store);
enum dyad_error store_reconnect(struct store *store, struct dyad_status *st);

/* Replaces the remembered passphrase (NULL: none). */
enum dyad_error store_set_key(struct store *store, const char *key, size_t key_len,
	struct dyad_status *st);

/* Takes the PATH-lock exclusively (no other dyad has the database open) or
 * back to shared. DYAD_ERR_BUSY when another dyad holds it. Never waits. */
enum dyad_error store_lock_exclusive(struct store *store, bool exclusive,
	struct dyad_status *st);

/* "PATH-lock", heap-allocated; NULL when out of memory. */
char *store_lock_path(const char *db_path);

/* A new, empty, private file for whole-database work (encrypt, decrypt,
 * rekey, restore) in PATH-work, a folder beside the database made 0700
 * (beside it so the finished file can be renamed into place; private so
 * that a plain copy cut short by a crash is readable by no one else).
 * Caller removes and frees. NULL with st filled on error. */
char *store_work_file(const char *db_path, struct dyad_status *st);

/* Removes what a killed encrypt, decrypt, rekey or restore left: the files
 * in PATH-work, and PATH.new-XXXXXX beside the database (where older
 * versions worked). Only called while holding the PATH-lock, so no such
 * work can be under way. Best effort; never fails. */
void store_clean_work(const char *db_path);

struct audit_problems;
/* audit_verify on any connection (a backup being checked, too); returns
 * the SQLite result. */
struct audit_key;
struct audit_counts;
/* key: the user's audit key, which keyed entries must verify under. */
int audit_verify_db(sqlite3 *db, const struct audit_key *key,
	struct audit_problems *problems, struct audit_counts *counts);

/* Runs a statement that returns no rows (or whose rows are ignored). */
enum dyad_error store_exec(struct store *store, const char *sql, struct dyad_status *st);

#endif
