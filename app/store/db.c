/* db.c: open, pragmas, forward-only migrations, transactions and the
 * prepared-statement cache every other store/ file uses. */
#include "app/store/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/core/secure.h"
#include "app/store/migrations.h"
#include "app/store/signatures.h"

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
	/* "disk I/O error" alone does not say what to fix; the system's reason
	 * does ("No space left on device", "Permission denied"). */
	int e = store && store->db ? sqlite3_system_errno(store->db) : 0;
	if (primary == SQLITE_FULL ||
		(primary == SQLITE_IOERR && (e == ENOSPC || e == EDQUOT)))
		return dyad_fail(st, DYAD_ERR_IO, "%s: the disk is full; nothing was saved", what);
	if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY) {
		char reason[96] = "";
		if (e != 0)
			snprintf(reason, sizeof reason, " (%s)", strerror(e));
		/* A failed write leaves the transaction uncommitted: the commit
		 * record is the last thing written. */
		if (rc == SQLITE_IOERR_WRITE)
			return dyad_fail(st, DYAD_ERR_IO,
				"%s: could not write to the database file%s; nothing was saved", what, reason);
		return dyad_fail(st, DYAD_ERR_IO, "%s: %s%s", what, msg, reason);
	}
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
		/* store_fail words every case (its default is the same text as
		 * err) and adds the system's reason to an I/O error, which a
		 * failed COMMIT on a full disk or past ulimit -f needs. */
		enum dyad_error e = store_fail(store, rc, "database", st);
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
		/* Schema version 0 with tables in it is some other program's
		 * SQLite file: migrating would write dyad's tables into it. Read
		 * under the write lock, as another dyad may be creating this one. */
		int objects = 0;
		if (current == 0 &&
			(rc = pragma_int(store, "SELECT count(*) FROM sqlite_master", &objects)) != SQLITE_OK) {
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			return store_fail(store, rc, "database upgrade", st);
		}
		if (objects > 0) {
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			return dyad_fail(st, DYAD_ERR_REFUSED,
				"%s: not a dyad database (a SQLite file of another program; it was not "
				"changed)", store->path);
		}
		char *err = NULL;
		rc = sqlite3_exec(store->db, m->sql, NULL, NULL, &err);
		/* Notes signed before their sessions were sealed get a digest
		 * now, marked as taken at the upgrade (signatures.c). */
		if (rc == SQLITE_OK && m->version == SIGNATURE_SCHEMA_VERSION)
			rc = signatures_backfill_db(store->db, NULL);
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

/* Switches the database to write-ahead logging, once: the mode is kept in
 * the file. The switch needs the file to itself and SQLite returns
 * SQLITE_BUSY at once instead of calling the busy handler, so when several
 * dyads open a brand-new database together, the others wait here. */
static enum dyad_error use_wal(struct store *store, struct dyad_status *st)
{
	for (int waited_ms = 0;; waited_ms += 5) {
		int rc = SQLITE_OK;
		for (int pass = 0; pass < 2 && rc == SQLITE_OK; pass++) {
			sqlite3_stmt *stmt = NULL;
			rc = sqlite3_prepare_v2(store->db,
				pass == 0 ? "PRAGMA journal_mode" : "PRAGMA journal_mode = WAL", -1, &stmt,
				NULL);
			if (rc == SQLITE_OK)
				rc = sqlite3_step(stmt);
			bool wal = rc == SQLITE_ROW &&
				sqlite3_stricmp((const char *)sqlite3_column_text(stmt, 0), "wal") == 0;
			if (rc == SQLITE_ROW || rc == SQLITE_DONE)
				rc = SQLITE_OK;
			sqlite3_finalize(stmt);
			/* A file that cannot use WAL keeps its mode, as before. */
			if (rc == SQLITE_OK && (wal || pass == 1))
				return DYAD_OK;
		}
		if ((rc & 0xFF) != SQLITE_BUSY || waited_ms >= STORE_BUSY_TIMEOUT_MS)
			return store_fail(store, rc, "database", st);
		struct timespec pause = { 0, 5 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
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

bool store_encryption_available(void)
{
#ifdef DYAD_HAVE_SQLCIPHER
	return true;
#else
	return false;
#endif
}

enum dyad_error store_file_kind(const char *path, enum store_file_kind *kind,
	struct dyad_status *st)
{
	unsigned char buf[16];
	*kind = STORE_FILE_MISSING;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return DYAD_OK;
		return dyad_fail(st, DYAD_ERR_IO, "database: cannot read %s: %s", path,
			strerror(errno));
	}
	/* A folder, a device or a pipe is never a database: say so before
	 * anything asks for a passphrase or waits on it. */
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: not a dyad database (%s)", path,
			S_ISDIR(sb.st_mode) ? "it is a folder" : "it is not a regular file");
	}
	ssize_t got;
	size_t n = 0;
	while (n < sizeof buf && (got = read(fd, buf + n, sizeof buf - n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			return dyad_fail(st, DYAD_ERR_IO, "database: cannot read %s: %s", path,
				strerror(e));
		}
		n += (size_t)got;
	}
	close(fd);
	/* SQLite writes nothing until the first table exists, so an empty file
	 * is a new, plain database (`touch` then `dyad init` is a fair way to
	 * choose where it lives). SQLCipher encrypts the whole first page,
	 * header included, so only a file that looks like one is taken as
	 * encrypted; anything else (a PDF, a text file) is no database, and
	 * asking it for a passphrase would only mislead. */
	switch (fileio_db_kind(buf, n, sb.st_size)) {
	case FILEIO_DB_EMPTY:
	case FILEIO_DB_SQLITE:
		*kind = STORE_FILE_PLAIN;
		return DYAD_OK;
	case FILEIO_DB_ENCRYPTED:
		*kind = STORE_FILE_ENCRYPTED;
		return DYAD_OK;
	case FILEIO_DB_NONE:
		break;
	}
	return dyad_fail(st, DYAD_ERR_INVALID, "%s: not a dyad database", path);
}

char *store_lock_path(const char *db_path)
{
	size_t n = strlen(db_path) + sizeof "-lock";
	char *lock_path = malloc(n);
	if (lock_path != NULL)
		snprintf(lock_path, n, "%s-lock", db_path);
	return lock_path;
}

/* "PATH-work", heap-allocated. */
static char *work_dir_path(const char *db_path)
{
	size_t n = strlen(db_path) + sizeof "-work";
	char *dir = malloc(n);
	if (dir != NULL)
		snprintf(dir, n, "%s-work", db_path);
	return dir;
}

char *store_work_file(const char *db_path, struct dyad_status *st)
{
	char *dir = work_dir_path(db_path);
	if (dir == NULL) {
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		return NULL;
	}
	struct stat sb;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		dyad_fail(st, DYAD_ERR_IO, "database: cannot create %s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	/* Someone else's folder or a link under that name is not private. */
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || sb.st_uid != geteuid() ||
		((sb.st_mode & 077) != 0 && chmod(dir, 0700) != 0)) {
		dyad_fail(st, DYAD_ERR_REFUSED,
			"database: %s is not a private folder of yours; move it away and try again", dir);
		free(dir);
		return NULL;
	}
	size_t n = strlen(dir) + sizeof "/new-XXXXXX";
	char *tmp = malloc(n);
	if (tmp == NULL) {
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		free(dir);
		return NULL;
	}
	snprintf(tmp, n, "%s/new-XXXXXX", dir);
	free(dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		dyad_fail(st, DYAD_ERR_IO, "database: cannot create a file beside %s: %s", db_path,
			strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/* Whether name is PREFIX followed by exactly six more characters (what
 * mkstemp makes of XXXXXX), possibly with a SQLite companion suffix. */
static bool is_work_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0 || strlen(name) < n + 6)
		return false;
	const char *rest = name + n + 6;
	return *rest == '\0' || strcmp(rest, "-journal") == 0 || strcmp(rest, "-wal") == 0 ||
		strcmp(rest, "-shm") == 0;
}

/* Removes the entries of dir named prefix + six characters. */
static void remove_work_names(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (is_work_name(e->d_name, prefix))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

void store_clean_work(const char *db_path)
{
	char *dir = work_dir_path(db_path);
	if (dir != NULL) {
		remove_work_names(dir, "new-");
		free(dir);
	}
	char *parent = paths_dirname(db_path);
	const char *base = strrchr(db_path, '/');
	base = base ? base + 1 : db_path;
	size_t n = strlen(base) + sizeof ".new-";
	char *prefix = malloc(n);
	if (parent != NULL && prefix != NULL) {
		snprintf(prefix, n, "%s.new-", base);
		remove_work_names(parent, prefix);
	}
	free(prefix);
	free(parent);
}

/* Every dyad holds a shared flock on PATH-lock while it has the database
 * open; encrypt, decrypt, rekey and restore take it exclusively, so they
 * never swap the file under a running dyad (whose writes would go to the
 * old, unlinked file). Waits up to the busy timeout for a swap to end. */
static enum dyad_error lock_open(struct store *store, struct dyad_status *st)
{
	char *lock_path = store_lock_path(store->path);
	if (lock_path == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	store->lock_fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (store->lock_fd < 0) {
		enum dyad_error rc = dyad_fail(st, DYAD_ERR_IO, "database: cannot create %s: %s",
			lock_path, strerror(errno));
		free(lock_path);
		return rc;
	}
	free(lock_path);
	for (int waited = 0;; waited += 20) {
		if (flock(store->lock_fd, LOCK_SH | LOCK_NB) == 0)
			return DYAD_OK;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return dyad_fail(st, DYAD_ERR_IO, "database: cannot lock %s: %s",
				store->path, strerror(errno));
		if (waited >= STORE_BUSY_TIMEOUT_MS)
			return dyad_fail(st, DYAD_ERR_BUSY,
				"database: %s is being replaced (encrypt, decrypt, rekey or restore); "
				"try again when that is done", store->path);
		struct timespec pause = { 0, 20 * 1000000L };
		nanosleep(&pause, NULL);
	}
}

enum dyad_error store_lock_exclusive(struct store *store, bool exclusive,
	struct dyad_status *st)
{
	if (flock(store->lock_fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
		return DYAD_OK;
	if (errno == EWOULDBLOCK)
		return dyad_fail(st, DYAD_ERR_BUSY,
			"database: another dyad has %s open; close it and try again", store->path);
	return dyad_fail(st, DYAD_ERR_IO, "database: cannot lock %s: %s", store->path,
		strerror(errno));
}

/* dyad_now(): the record clock (date_now_utc_text) for SQL, so the stamps
 * statements write follow $DYAD_TODAY like every other date dyad records. */
static void sql_dyad_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	char now[21];
	date_now_utc_text(now);
	sqlite3_result_text(ctx, now, -1, SQLITE_TRANSIENT);
}

/* Opens the connection, applies the key and the pragmas, and refuses a
 * schema newer than this binary. Leaves store->db NULL on failure. */
static enum dyad_error store_connect(struct store *store, int *version_out,
	struct dyad_status *st)
{
	enum dyad_error rc;
	/* One connection, used by one thread: SQLite's own per-call locking
	 * (Debian builds it serialized) was 20% of a caseload report's time. */
	int src = sqlite3_open_v2(store->path, &store->db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
	if (src != SQLITE_OK) {
		rc = store_fail(store, src, "database", st);
		goto fail;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
	src = sqlite3_create_function(store->db, "dyad_now", 0, SQLITE_UTF8, NULL, sql_dyad_now,
		NULL, NULL);
	if (src != SQLITE_OK) {
		rc = store_fail(store, src, "database", st);
		goto fail;
	}
	if ((rc = store_apply_key(store->db, store->key, store->key_len, st)) != DYAD_OK)
		goto fail;
	if ((rc = store_exec(store, "PRAGMA foreign_keys = ON", st)) != DYAD_OK)
		goto fail;

	/* Look before touching: a newer schema must be left exactly as it is,
	 * so this comes before the journal-mode change, which writes. This is
	 * also the first read, where a wrong passphrase shows. */
	int version = 0;
	src = pragma_int(store, "PRAGMA user_version", &version);
	if (src != SQLITE_OK) {
		if (store->key != NULL && (src & 0xFF) == SQLITE_NOTADB)
			rc = dyad_fail(st, DYAD_ERR_REFUSED,
				"passphrase: it does not open %s (or the file is not a dyad database)",
				store->path);
		else
			rc = store_fail(store, src, "database", st);
		goto fail;
	}
	/* Schema version 0 with tables in it is some other program's SQLite
	 * file: say so before the journal-mode switch below writes to it. One
	 * statement reads both, so a dyad creating this file meanwhile is seen
	 * whole or not at all. */
	int objects = 0;
	if (version == 0) {
		src = pragma_int(store,
			"SELECT CASE WHEN (SELECT user_version FROM pragma_user_version) = 0"
			" THEN (SELECT count(*) FROM sqlite_master) ELSE 0 END", &objects);
		if (src != SQLITE_OK) {
			rc = store_fail(store, src, "database", st);
			goto fail;
		}
		if (objects > 0) {
			rc = dyad_fail(st, DYAD_ERR_REFUSED,
				"%s: not a dyad database (a SQLite file of another program; it was not "
				"changed)", store->path);
			goto fail;
		}
	}
	if (version > store_schema_latest()) {
		rc = dyad_fail(st, DYAD_ERR_DB_TOO_NEW,
			"database: %s has schema version %d but this dyad knows only up to %d; "
			"use a newer dyad (the file was not changed)", store->path, version,
			store_schema_latest());
		goto fail;
	}
	/* secure_delete overwrites deleted content instead of leaving it in free
	 * pages; temporary tables and indexes stay in memory, never in a
	 * plain-text temporary file. */
	if ((rc = use_wal(store, st)) != DYAD_OK ||
		(rc = store_exec(store, "PRAGMA synchronous = FULL", st)) != DYAD_OK ||
		(rc = store_exec(store, "PRAGMA secure_delete = ON", st)) != DYAD_OK ||
		(rc = store_exec(store, "PRAGMA temp_store = MEMORY", st)) != DYAD_OK)
		goto fail;
	*version_out = version;
	return DYAD_OK;
fail:
	sqlite3_close(store->db);
	store->db = NULL;
	return rc;
}

enum dyad_error store_apply_key(sqlite3 *db, const char *key, size_t key_len,
	struct dyad_status *st)
{
	if (key == NULL)
		return DYAD_OK;
#ifdef DYAD_HAVE_SQLCIPHER
	int src = sqlite3_key_v2(db, "main", key, (int)key_len);
	if (src != SQLITE_OK)
		return dyad_fail(st, DYAD_ERR_DB, "database: %s", sqlite3_errstr(src));
	/* SQLCipher logs a failed decryption to stderr by default; dyad says it
	 * in one line of its own instead. The setting is global, and must come
	 * after the first key, which is what turns that logging on. */
	sqlite3_exec(db, "PRAGMA cipher_log = off", NULL, NULL, NULL);
	return DYAD_OK;
#else
	(void)db;
	(void)key_len;
	return dyad_fail(st, DYAD_ERR_UNSUPPORTED,
		"database: encryption is not available in this build of dyad (it was built "
		"without SQLCipher)");
#endif
}

enum dyad_error store_set_key(struct store *store, const char *key, size_t key_len,
	struct dyad_status *st)
{
	if (store->key != NULL) {
		secure_zero(store->key, store->key_len);
		free(store->key);
		store->key = NULL;
		store->key_len = 0;
	}
	if (key == NULL)
		return DYAD_OK;
	store->key = malloc(key_len + 1);
	if (store->key == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	memcpy(store->key, key, key_len);
	store->key[key_len] = '\0';
	store->key_len = key_len;
	return DYAD_OK;
}

enum dyad_error store_open_keyed(const char *path, int flags, const char *key,
	size_t key_len, struct store **out, struct dyad_status *st)
{
	*out = NULL;
	if (key != NULL && !store_encryption_available())
		return dyad_fail(st, DYAD_ERR_UNSUPPORTED,
			"database: %s is encrypted, and this dyad was built without SQLCipher", path);
	enum dyad_error rc = create_private_file(path, flags, st);
	if (rc != DYAD_OK)
		return rc;
	/* From here on no output of this process may be written over it. */
	fileio_protect_database(path);
	struct store *store = calloc(1, sizeof *store);
	if (store == NULL || (store->path = strdup(path)) == NULL) {
		free(store);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	store->lock_fd = -1;
	int version = 0;
	if ((rc = store_set_key(store, key, key_len, st)) != DYAD_OK ||
		(rc = lock_open(store, st)) != DYAD_OK)
		goto fail;
	/* Holding the lock, no encrypt or restore is under way: anything in
	 * its work folder was left by one that was killed. */
	store_clean_work(path);
	if ((rc = store_connect(store, &version, st)) != DYAD_OK)
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

enum dyad_error store_open(const char *path, int flags, struct store **out,
	struct dyad_status *st)
{
	return store_open_keyed(path, flags, NULL, 0, out, st);
}

void store_disconnect(struct store *store)
{
	if (store->db != NULL && !sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	for (int i = 0; i < store->cache_len; i++)
		sqlite3_finalize(store->cache[i].stmt);
	store->cache_len = 0;
	store->tx_depth = 0;
	store->read_depth = 0;
	store->read_began = false;
	sqlite3_close(store->db);
	store->db = NULL;
}

enum dyad_error store_reconnect(struct store *store, struct dyad_status *st)
{
	int version = 0;
	enum dyad_error rc = store_connect(store, &version, st);
	if (rc == DYAD_OK && version < store_schema_latest())
		rc = store_migrate(store, st);
	if (rc != DYAD_OK)
		store_disconnect(store);
	return rc;
}

void store_close(struct store *store)
{
	if (store == NULL)
		return;
	store_disconnect(store);
	if (store->lock_fd >= 0)
		close(store->lock_fd); /* and with it the flock */
	store_set_key(store, NULL, 0, NULL);
	free(store->bulk_trigger_sql);
	free(store->path);
	audit_key_wipe(&store->audit_key);
	free(store);
}

bool store_is_encrypted(const struct store *store)
{
	return store->key != NULL;
}

bool store_key_matches(const struct store *store, const char *key, size_t key_len)
{
	if (store->key == NULL || key == NULL)
		return store->key == NULL && key == NULL;
	/* Compared over the stored length either way, so the time taken says
	 * nothing about how much of the candidate matched. */
	size_t n = key_len < store->key_len ? key_len : store->key_len;
	bool same = secure_equal(store->key, key, n);
	return same && key_len == store->key_len;
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

void *store_grow(void *items, size_t len, size_t *cap, size_t size)
{
	if (len < *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = realloc(items, ncap * size);
	if (p != NULL)
		*cap = ncap;
	return p;
}
