/* db.c: open, pragmas, forward-only migrations, transactions and the
 * prepared-statement cache every other store/ file uses. */
#include "store/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/paths.h"
#include "store/migrations.h"

/* Long enough for a second dyad finishing a large write; well past the 5 s
 * the design asks for. */
#define STORE_BUSY_TIMEOUT_MS 10000

enum dyad_error store_fail(struct store *store, int rc, const char *what,
	struct dyad_status *st)
{
	const char *msg = store && store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
	int primary = rc & 0xFF;
	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return dyad_fail(st, DYAD_ERR_BUSY,
			"%s: the database stayed busy (another dyad is writing); try again", what);
	if (primary == SQLITE_NOMEM)
		return dyad_fail(st, DYAD_ERR_NOMEM, "%s: out of memory", what);
	if (primary == SQLITE_FULL)
		return dyad_fail(st, DYAD_ERR_IO, "%s: the disk is full; nothing was saved", what);
	if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY)
		return dyad_fail(st, DYAD_ERR_IO, "%s: %s", what, msg);
	if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
		return dyad_fail(st, DYAD_ERR_DB, "%s: %s is not a readable dyad database (%s)",
			what, store && store->path ? store->path : "file", msg);
	return dyad_fail(st, DYAD_ERR_DB, "%s: %s", what, msg);
}

sqlite3_stmt *store_stmt(struct store *store, const char *sql, struct dyad_status *st)
{
	for (int i = 0; i < store->cache_len; i++)
		if (store->cache[i].sql == sql)
			return store->cache[i].stmt;
	sqlite3_stmt *stmt = NULL;
	unsigned prep_flags = store->cache_len < STORE_STMT_CACHE ? SQLITE_PREPARE_PERSISTENT : 0;
	int rc = sqlite3_prepare_v3(store->db, sql, -1, prep_flags, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(store, rc, "database", st);
		sqlite3_finalize(stmt);
		return NULL;
	}
	if (store->cache_len < STORE_STMT_CACHE) {
		store->cache[store->cache_len].sql = sql;
		store->cache[store->cache_len].stmt = stmt;
		store->cache_len++;
		return stmt;
	}
	/* A full cache is a programming error (more distinct statements than
	 * slots); fail loudly rather than leak. */
	sqlite3_finalize(stmt);
	dyad_fail(st, DYAD_ERR_DB, "database: statement cache is full");
	return NULL;
}

void store_done(sqlite3_stmt *stmt)
{
	if (stmt == NULL)
		return;
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

int store_bind_text(sqlite3_stmt *stmt, int index, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(stmt, index);
	return sqlite3_bind_text(stmt, index, s, -1, SQLITE_TRANSIENT);
}

const char *store_column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	return t ? (const char *)t : "";
}

char *store_column_dup(sqlite3_stmt *stmt, int col, bool *ok)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	if (t == NULL)
		return NULL;
	int n = sqlite3_column_bytes(stmt, col);
	char *s = malloc((size_t)n + 1);
	if (s == NULL) {
		*ok = false;
		return NULL;
	}
	memcpy(s, t, (size_t)n);
	s[n] = '\0';
	return s;
}

void store_column_copy(sqlite3_stmt *stmt, int col, char *out, size_t size)
{
	const char *t = store_column_text(stmt, col);
	size_t n = strlen(t);
	if (n >= size)
		n = size - 1;
	memcpy(out, t, n);
	out[n] = '\0';
}

enum dyad_error store_exec(struct store *store, const char *sql, struct dyad_status *st)
{
	char *err = NULL;
	int rc = sqlite3_exec(store->db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		enum dyad_error e;
		if (err != NULL && (rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_FULL)
			e = dyad_fail(st, DYAD_ERR_DB, "database: %s", err);
		else
			e = store_fail(store, rc, "database", st);
		sqlite3_free(err);
		return e;
	}
	return DYAD_OK;
}

static int pragma_int(struct store *store, const char *sql, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(stmt, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(stmt);
	return rc;
}

int store_schema_latest(void)
{
	int latest = 0;
	for (int i = 0; i < migrations_count; i++)
		if (migrations[i].version > latest)
			latest = migrations[i].version;
	return latest;
}

int store_schema_version(struct store *store)
{
	int v = -1;
	if (pragma_int(store, "PRAGMA user_version", &v) != SQLITE_OK)
		return -1;
	return v;
}

const char *store_library_version(void)
{
	return sqlite3_libversion();
}

static enum dyad_error store_migrate(struct store *store, struct dyad_status *st)
{
	for (int i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		int rc = sqlite3_exec(store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return store_fail(store, rc, "database upgrade", st);
		/* Read inside the write lock: another dyad may have just migrated. */
		int current = 0;
		rc = pragma_int(store, "PRAGMA user_version", &current);
		if (rc != SQLITE_OK) {
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			return store_fail(store, rc, "database upgrade", st);
		}
		if (current >= m->version) {
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			continue;
		}
		char *err = NULL;
		rc = sqlite3_exec(store->db, m->sql, NULL, NULL, &err);
		if (rc == SQLITE_OK) {
			char set[64];
			snprintf(set, sizeof set, "PRAGMA user_version = %d", m->version);
			rc = sqlite3_exec(store->db, set, NULL, NULL, NULL);
		}
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			enum dyad_error e = dyad_fail(st, DYAD_ERR_DB,
				"database upgrade: %s failed: %s", m->name,
				err ? err : sqlite3_errmsg(store->db));
			if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_FULL ||
				(rc & 0xFF) == SQLITE_IOERR)
				e = store_fail(store, rc, "database upgrade", st);
			sqlite3_free(err);
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			return e;
		}
	}
	return DYAD_OK;
}

/* Creates the file 0600 before SQLite sees it: SQLite gives its -wal and
 * -shm files the same mode as the database. */
static enum dyad_error create_private_file(const char *path, int flags,
	struct dyad_status *st)
{
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		if (S_ISLNK(sb.st_mode) && stat(path, &sb) != 0)
			return dyad_fail(st, DYAD_ERR_IO, "database: %s is a dangling link", path);
		if (!S_ISREG(sb.st_mode))
			return dyad_fail(st, DYAD_ERR_INVALID, "database: %s is not a regular file", path);
		if ((sb.st_mode & 077) != 0 && sb.st_uid == geteuid())
			(void)chmod(path, sb.st_mode & 0700); /* tighten an old, loose file */
		return DYAD_OK;
	}
	if (errno != ENOENT)
		return dyad_fail(st, DYAD_ERR_IO, "database: %s: %s", path, strerror(errno));
	if (flags & STORE_OPEN_NO_CREATE)
		return dyad_fail(st, DYAD_ERR_NOT_FOUND, "database: %s does not exist", path);
	char *dir = paths_dirname(path);
	if (dir == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	enum dyad_error rc = paths_mkdir_p(dir, 0700, st);
	free(dir);
	if (rc != DYAD_OK)
		return rc;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return dyad_fail(st, DYAD_ERR_IO, "database: cannot create %s: %s", path,
			strerror(errno));
	if (fd >= 0)
		close(fd);
	return DYAD_OK;
}

enum dyad_error store_open(const char *path, int flags, struct store **out,
	struct dyad_status *st)
{
	*out = NULL;
	enum dyad_error rc = create_private_file(path, flags, st);
	if (rc != DYAD_OK)
		return rc;
	struct store *store = calloc(1, sizeof *store);
	if (store == NULL || (store->path = strdup(path)) == NULL) {
		free(store);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	/* One connection, used by one thread: SQLite's own per-call locking
	 * (Debian builds it serialized) was 45% of a caseload report's time. */
	int src = sqlite3_open_v2(path, &store->db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
	if (src != SQLITE_OK) {
		rc = store_fail(store, src, "database", st);
		goto fail;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
	if ((rc = store_exec(store, "PRAGMA foreign_keys = ON", st)) != DYAD_OK)
		goto fail;

	/* Look before touching: a newer schema must be left exactly as it is,
	 * so this comes before the journal-mode change, which writes. */
	int version = 0;
	src = pragma_int(store, "PRAGMA user_version", &version);
	if (src != SQLITE_OK) {
		rc = store_fail(store, src, "database", st);
		goto fail;
	}
	if (version > store_schema_latest()) {
		rc = dyad_fail(st, DYAD_ERR_DB_TOO_NEW,
			"database: %s has schema version %d but this dyad knows only up to %d; "
			"use a newer dyad (the file was not changed)", path, version,
			store_schema_latest());
		goto fail;
	}
	if ((rc = store_exec(store, "PRAGMA journal_mode = WAL", st)) != DYAD_OK ||
		(rc = store_exec(store, "PRAGMA synchronous = FULL", st)) != DYAD_OK ||
		(rc = store_exec(store, "PRAGMA temp_store = MEMORY", st)) != DYAD_OK)
		goto fail;
	/* Only an old schema needs the write lock that migrating takes; an
	 * up-to-date database opens without writing anything. */
	if (version < store_schema_latest() && (rc = store_migrate(store, st)) != DYAD_OK)
		goto fail;
	*out = store;
	return DYAD_OK;
fail:
	store_close(store);
	return rc;
}

void store_close(struct store *store)
{
	if (store == NULL)
		return;
	if (store->db != NULL && !sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	for (int i = 0; i < store->cache_len; i++)
		sqlite3_finalize(store->cache[i].stmt);
	sqlite3_close(store->db);
	free(store->bulk_trigger_sql);
	free(store->path);
	free(store);
}

const char *store_path(const struct store *store)
{
	return store->path;
}

enum dyad_error store_begin(struct store *store, struct dyad_status *st)
{
	if (store->tx_depth > 0) {
		store->tx_depth++;
		return DYAD_OK;
	}
	enum dyad_error rc = store_exec(store, "BEGIN IMMEDIATE", st);
	if (rc != DYAD_OK)
		return rc;
	store->tx_depth = 1;
	store->tx_failed = false;
	return DYAD_OK;
}

enum dyad_error store_commit(struct store *store, struct dyad_status *st)
{
	if (store->tx_depth == 0)
		return dyad_fail(st, DYAD_ERR_DB, "database: commit without a transaction");
	if (--store->tx_depth > 0)
		return DYAD_OK;
	if (store->tx_failed) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return dyad_fail(st, DYAD_ERR_DB, "database: an earlier step failed; nothing was saved");
	}
	enum dyad_error rc = store_exec(store, "COMMIT", st);
	if (rc != DYAD_OK && !sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

void store_rollback(struct store *store)
{
	if (store->tx_depth == 0)
		return;
	if (--store->tx_depth > 0) {
		store->tx_failed = true; /* the outer commit will roll back */
		return;
	}
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

enum dyad_error store_read_begin(struct store *store, struct dyad_status *st)
{
	if (store->read_depth++ > 0)
		return DYAD_OK;
	store->read_began = false;
	if (store->tx_depth > 0 || !sqlite3_get_autocommit(store->db))
		return DYAD_OK;
	enum dyad_error rc = store_exec(store, "BEGIN", st);
	if (rc != DYAD_OK) {
		store->read_depth = 0;
		return rc;
	}
	store->read_began = true;
	return DYAD_OK;
}

void store_read_end(struct store *store)
{
	if (store == NULL || store->read_depth == 0 || --store->read_depth > 0)
		return;
	/* A read-only transaction: ending it cannot lose anything. */
	if (store->read_began && !sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	store->read_began = false;
}
