/* maintenance.c: check, backup, restore and (re-)encryption of the whole
 * database file. Swapping a file is done only while no other program has
 * it open: other dyads are kept out by the PATH-lock flock, and SQLite's
 * own lock bytes show any other reader. */
#include "app/store/maintenance.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/store/anchors.h"
#include "app/store/internal.h"
#include "app/store/migrations.h"
#include "app/store/signatures.h"

/* Triggers that keep the record trustworthy (schema/0005_records.sql);
 * `dyad check` reports any that is missing. */
static const char *const protective_triggers[] = {
	"note_signed_no_update", "note_signed_no_delete", "session_signed_no_delete",
	"rating_signed_no_update", "rating_signed_no_delete", "addendum_needs_signed_note",
	"addendum_no_update", "addendum_no_delete", "audit_append_only", "audit_no_update",
	"audit_no_delete", "audit_head_follows", "audit_head_insert", "audit_head_no_delete",
	/* schema/0008_plans.sql */
	"treatment_plan_next_version", "treatment_plan_signed_no_update",
	"treatment_plan_signed_no_delete", "treatment_plan_keeps_place",
};
#define PROTECTIVE_TRIGGERS (sizeof protective_triggers / sizeof protective_triggers[0])

/* SQLite's lock bytes (the "pending byte" and the shared range after it),
 * as described in its file-format documentation. */
#define SQLITE_LOCK_OFFSET 0x40000000L
#define SQLITE_LOCK_LENGTH 512L

void store_check_report_free(struct store_check_report *report)
{
	if (report != NULL)
		audit_problems_free(&report->problems);
}

/* Steps a statement that reports problems as rows of text (integrity_check
 * says "ok" when there are none). Returns the SQLite result. */
static int collect_rows(sqlite3 *db, const char *sql, const char *label, bool ok_row,
	struct audit_problems *problems, bool *clean)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	int shown = 0;
	*clean = true;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(stmt, 0);
		if (ok_row && text != NULL && strcmp(text, "ok") == 0)
			continue;
		*clean = false;
		if (shown++ < 20)
			audit_problem(problems, "%s: %s", label, text ? text : "(no detail)");
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

static int check_foreign_keys(sqlite3 *db, struct audit_problems *problems, bool *clean)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	int shown = 0;
	*clean = true;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		*clean = false;
		if (shown++ < 20)
			audit_problem(problems,
				"foreign keys: %s row %" PRId64 " refers to a %s row that does not exist",
				(const char *)sqlite3_column_text(stmt, 0), (int64_t)sqlite3_column_int64(stmt, 1),
				(const char *)sqlite3_column_text(stmt, 2));
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

static int check_triggers(sqlite3 *db, int *present)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db,
		"SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	*present = 0;
	for (size_t i = 0; i < PROTECTIVE_TRIGGERS; i++) {
		sqlite3_bind_text(stmt, 1, protective_triggers[i], -1, SQLITE_STATIC);
		src = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (src == SQLITE_ROW)
			(*present)++;
		else if (src != SQLITE_DONE) /* a missing one: compare_with_fresh_schema says so */
			break;
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_ROW || src == SQLITE_DONE ? SQLITE_OK : src;
}

/* Builds, in memory, the schema a fresh database of the given version has
 * (dyad's own migrations, nothing else) and compares db's tables and
 * triggers with it: one missing, one extra, or one whose definition
 * differs is a problem. SQLite's own tables (sqlite_*) are left out. */
static int compare_with_fresh_schema(sqlite3 *db, int version,
	struct audit_problems *problems)
{
	static const char sql_objects[] =
		"SELECT type, name, coalesce(sql, '') FROM sqlite_master"
		" WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
		" ORDER BY type, name";
	sqlite3 *fresh = NULL;
	int src = sqlite3_open_v2(":memory:", &fresh, SQLITE_OPEN_READWRITE, NULL);
	if (src != SQLITE_OK) {
		sqlite3_close(fresh);
		return src;
	}
	for (int i = 0; i < migrations_count && src == SQLITE_OK; i++)
		if (migrations[i].version <= version)
			src = sqlite3_exec(fresh, migrations[i].sql, NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		/* dyad's own schema always builds; if it does not, say so rather
		 * than compare with half of it. */
		audit_problem(problems, "the fresh schema to compare with could not be built: %s",
			sqlite3_errmsg(fresh));
		sqlite3_close(fresh);
		return SQLITE_OK;
	}
	sqlite3_stmt *want = NULL, *have = NULL;
	src = sqlite3_prepare_v2(fresh, sql_objects, -1, &want, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db, sql_objects, -1, &have, NULL);
	if (src != SQLITE_OK)
		goto done;
	/* A merge of two lists sorted by (type, name). */
	int w = sqlite3_step(want), h = sqlite3_step(have);
	int shown = 0;
	while (w == SQLITE_ROW || h == SQLITE_ROW) {
		int order;
		if (w != SQLITE_ROW)
			order = 1;
		else if (h != SQLITE_ROW)
			order = -1;
		else {
			order = strcmp((const char *)sqlite3_column_text(want, 0),
				(const char *)sqlite3_column_text(have, 0));
			if (order == 0)
				order = strcmp((const char *)sqlite3_column_text(want, 1),
					(const char *)sqlite3_column_text(have, 1));
		}
		if (order < 0) {
			bool trigger = strcmp((const char *)sqlite3_column_text(want, 0), "trigger") == 0;
			if (shown++ < 20)
				audit_problem(problems, "the %s %s is missing%s",
					(const char *)sqlite3_column_text(want, 0),
					(const char *)sqlite3_column_text(want, 1),
					trigger ? ", so the database no longer refuses what it guards against"
						: "");
			w = sqlite3_step(want);
		} else if (order > 0) {
			if (shown++ < 20)
				audit_problem(problems,
					"there is an extra %s %s that dyad's schema does not have",
					(const char *)sqlite3_column_text(have, 0),
					(const char *)sqlite3_column_text(have, 1));
			h = sqlite3_step(have);
		} else {
			if (strcmp((const char *)sqlite3_column_text(want, 2),
					(const char *)sqlite3_column_text(have, 2)) != 0 && shown++ < 20)
				audit_problem(problems, "the %s %s differs from dyad's schema",
					(const char *)sqlite3_column_text(want, 0),
					(const char *)sqlite3_column_text(want, 1));
			w = sqlite3_step(want);
			h = sqlite3_step(have);
		}
	}
	if (w != SQLITE_DONE)
		src = w;
	else if (h != SQLITE_DONE)
		src = h;
done:
	sqlite3_finalize(want);
	sqlite3_finalize(have);
	sqlite3_close(fresh);
	return src;
}

enum dyad_error store_check(struct store *store, struct store_check_report *report,
	struct dyad_status *st)
{
	memset(report, 0, sizeof *report);
	sqlite3 *db = store->db;
	struct audit_counts counts = { 0 };
	bool starts_chain;
	/* Finds the key, or makes it for a log that has none yet. */
	enum dyad_error rc = audit_key_ready(store, false, &report->key_created, &starts_chain, st);
	if (rc != DYAD_OK)
		return rc;
	int src = collect_rows(db, "PRAGMA integrity_check", "integrity_check", true,
		&report->problems, &report->integrity_ok);
	if (src == SQLITE_OK)
		src = check_foreign_keys(db, &report->problems, &report->foreign_keys_ok);
#ifdef DYAD_HAVE_SQLCIPHER
	if (src == SQLITE_OK && store->key != NULL) {
		report->cipher_checked = true;
		src = collect_rows(db, "PRAGMA cipher_integrity_check", "cipher_integrity_check",
			false, &report->problems, &report->cipher_ok);
	}
#endif
	if (src == SQLITE_OK) {
		report->triggers_expected = (int)PROTECTIVE_TRIGGERS;
		src = check_triggers(db, &report->triggers_present);
	}
	if (src == SQLITE_OK)
		src = compare_with_fresh_schema(db, store_schema_version(store), &report->problems);
	if (src == SQLITE_OK)
		src = audit_verify_db(db, audit_key_of(store), &report->problems, &counts);
	report->audit_entries = counts.entries;
	report->audit_keyed = counts.keyed;
	report->audit_unkeyed = counts.unkeyed;
	report->signed_checked = counts.signed_checked;
	report->addenda_checked = counts.addenda_checked;
	report->unlogged_signed = counts.unlogged_signed;
	if (src == SQLITE_OK)
		src = signatures_verify_db(db, &report->problems, &report->sessions_checked,
			&report->triggers_present, &report->triggers_expected);
	if (src != SQLITE_OK)
		return store_fail(store, src, "check", st);
	if (report->problems.failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return DYAD_OK;
}

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Adds to st's message, which already says what failed. */
static void add_to_message(struct dyad_status *st, const char *fmt, const char *arg)
{
	size_t used = strlen(st->message);
	snprintf(st->message + used, sizeof st->message - used, fmt, arg);
}

enum dyad_error store_publish(struct store *store, struct atomic_file *af, const char *object,
	int64_t couple_id, int64_t session_id, int64_t item_id, const char *detail,
	struct dyad_status *st)
{
	char *target = strdup(af->target);
	if (target == NULL) {
		atomic_abort(af);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	enum dyad_error rc = store_begin(store, st);
	if (rc == DYAD_OK &&
		(rc = audit_record_item(store, AUDIT_EXPORT, object, couple_id, session_id, item_id,
			 detail, NULL, 0, st)) != DYAD_OK)
		store_rollback(store);
	if (rc != DYAD_OK) {
		atomic_abort(af);
		add_to_message(st, "; %s was not written", target);
		goto done;
	}
	if ((rc = atomic_commit(af, st)) != DYAD_OK) {
		store_rollback(store);
		goto done;
	}
	if ((rc = store_commit(store, st)) != DYAD_OK) {
		size_t before = strlen(st->message);
		atomic_retract(target, st);
		if (strlen(st->message) == before)
			add_to_message(st, "; %s was taken away again", target);
	} else {
		/* The chain's head goes outside the file too (best effort: the
		 * file is out and its entry is in). */
		struct dyad_status quiet = { 0 };
		anchor_compare_append(store, true, false, NULL, NULL, 0, &quiet);
	}
done:
	free(target);
	return rc;
}

/* Creates the folder that will hold path (0700 for the parts created). */
static enum dyad_error make_parent(const char *path, struct dyad_status *st)
{
	char *dir = paths_dirname(path);
	if (dir == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	enum dyad_error rc = paths_mkdir_p(dir, 0700, st);
	free(dir);
	return rc;
}

/* Copies all pages of src's main database into a fresh file at dest_path
 * (keyed with key), leaving it a standalone rollback-journal database. */
static enum dyad_error copy_database(sqlite3 *src_db, const char *dest_path,
	const char *key, size_t key_len, const char *what, struct dyad_status *st)
{
	sqlite3 *dest = NULL;
	enum dyad_error rc = DYAD_OK;
	int src = sqlite3_open_v2(dest_path, &dest,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (src != SQLITE_OK) {
		rc = dyad_fail(st, DYAD_ERR_IO, "%s: cannot create %s: %s", what, dest_path,
			dest ? sqlite3_errmsg(dest) : sqlite3_errstr(src));
		goto done;
	}
	if ((rc = store_apply_key(dest, key, key_len, st)) != DYAD_OK)
		goto done;
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", src_db, "main");
	if (b == NULL) {
		rc = dyad_fail(st, DYAD_ERR_DB, "%s: %s", what, sqlite3_errmsg(dest));
		goto done;
	}
	/* One step copies everything inside one read transaction: a snapshot
	 * that writers in other processes (WAL) neither block nor disturb. */
	int waited = 0;
	while ((src = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || src == SQLITE_LOCKED) {
		if (waited >= 10000)
			break;
		sqlite3_sleep(50);
		waited += 50;
	}
	int fin = sqlite3_backup_finish(b);
	if (src != SQLITE_DONE || fin != SQLITE_OK) {
		int bad = src != SQLITE_DONE ? src : fin;
		int e = sqlite3_system_errno(dest);
		if ((bad & 0xFF) == SQLITE_FULL || e == ENOSPC || e == EDQUOT)
			rc = dyad_fail(st, DYAD_ERR_IO, "%s: the disk is full; nothing was written", what);
		else if ((bad & 0xFF) == SQLITE_IOERR && e != 0)
			rc = dyad_fail(st, DYAD_ERR_IO, "%s: cannot write %s: %s; nothing was written",
				what, dest_path, strerror(e));
		else if ((bad & 0xFF) == SQLITE_BUSY || (bad & 0xFF) == SQLITE_LOCKED)
			rc = dyad_fail(st, DYAD_ERR_BUSY, "%s: the database stayed busy; try again", what);
		else
			rc = dyad_fail(st, DYAD_ERR_DB, "%s: %s", what, sqlite3_errmsg(dest));
		goto done;
	}
	/* The copy took the source's WAL flag; one file is what a backup
	 * should be, so switch it back to a rollback journal. */
	char *err = NULL;
	src = sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL, &err);
	if (src != SQLITE_OK) {
		rc = dyad_fail(st, (src & 0xFF) == SQLITE_FULL ? DYAD_ERR_IO : DYAD_ERR_DB,
			"%s: %s", what, err ? err : sqlite3_errstr(src));
		sqlite3_free(err);
		goto done;
	}
	bool clean = false;
	struct audit_problems quick = { 0 };
	src = collect_rows(dest, "PRAGMA quick_check", "quick_check", true, &quick, &clean);
	if (src != SQLITE_OK || !clean)
		rc = dyad_fail(st, DYAD_ERR_DB, "%s: the copy does not read back cleanly%s%s", what,
			quick.len ? ": " : "", quick.len ? quick.items[0] : "");
	audit_problems_free(&quick);
done:
	if (dest != NULL && sqlite3_close(dest) != SQLITE_OK && rc == DYAD_OK)
		rc = dyad_fail(st, DYAD_ERR_IO, "%s: could not finish writing %s", what, dest_path);
	return rc;
}

/* SQLite may leave these beside a file it wrote; none belongs to a copy
 * that is about to be renamed into place. */
static void remove_companions(const char *path)
{
	static const char *const suffixes[] = { "-journal", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

enum dyad_error store_backup(struct store *store, const char *target,
	struct dyad_status *st)
{
	enum dyad_error rc = fileio_check_output(target, "backup", st);
	if (rc != DYAD_OK || (rc = make_parent(target, st)) != DYAD_OK)
		return rc;
	struct atomic_file af;
	if ((rc = atomic_begin(&af, target, st)) != DYAD_OK)
		return rc;
	rc = copy_database(store->db, af.temp_path, store->key, store->key_len, "backup", st);
	remove_companions(af.temp_path);
	if (rc != DYAD_OK) {
		atomic_abort(&af);
		return rc;
	}
	return store_publish(store, &af, "backup", 0, 0, 0, target, st);
}

/* Opens path read-only (keyed) and reads its schema version; `what`
 * starts messages ("restore"). */
static enum dyad_error open_readonly(const char *path, const char *key, size_t key_len,
	const char *what, sqlite3 **out, int *version, struct dyad_status *st)
{
	sqlite3 *db = NULL;
	*out = NULL;
	enum dyad_error rc = DYAD_OK;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return dyad_fail(st, DYAD_ERR_NOT_FOUND, "%s: cannot read %s: %s", what, path,
			strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: %s is not a regular file", what, path);
	int src = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (src != SQLITE_OK) {
		rc = dyad_fail(st, DYAD_ERR_IO, "%s: cannot open %s: %s", what, path,
			db ? sqlite3_errmsg(db) : sqlite3_errstr(src));
		goto fail;
	}
	sqlite3_busy_timeout(db, 10000);
	if ((rc = store_apply_key(db, key, key_len, st)) != DYAD_OK)
		goto fail;
	sqlite3_stmt *stmt = NULL;
	src = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);
	if (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		*version = sqlite3_column_int(stmt, 0);
		src = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (src != SQLITE_OK) {
		if ((src & 0xFF) == SQLITE_NOTADB && key != NULL)
			rc = dyad_fail(st, DYAD_ERR_REFUSED,
				"passphrase: it does not open %s (or the file is not a dyad database)", path);
		else if ((src & 0xFF) == SQLITE_NOTADB || (src & 0xFF) == SQLITE_CORRUPT)
			rc = dyad_fail(st, DYAD_ERR_INVALID, "%s: %s is not a dyad database (%s)", what,
				path, sqlite3_errmsg(db));
		else
			rc = dyad_fail(st, DYAD_ERR_DB, "%s: %s: %s", what, path, sqlite3_errmsg(db));
		goto fail;
	}
	*out = db;
	return DYAD_OK;
fail:
	sqlite3_close(db);
	return rc;
}

enum dyad_error store_verify_file(const char *path, const char *key, size_t key_len,
	const char *what, struct audit_problems *problems, struct dyad_status *st)
{
	sqlite3 *db = NULL;
	int version = 0;
	enum dyad_error rc = open_readonly(path, key, key_len, what, &db, &version, st);
	if (rc != DYAD_OK)
		return rc;
	if (version < 1) {
		audit_problem(problems, "%s holds no dyad data", path);
	} else if (version > store_schema_latest()) {
		audit_problem(problems,
			"%s has schema version %d, newer than this dyad knows (%d)", path, version,
			store_schema_latest());
	} else {
		bool clean;
		struct audit_counts counts;
		struct audit_key audit_key;
		audit_key_load(&audit_key);
		int src = collect_rows(db, "PRAGMA integrity_check", "integrity_check", true,
			problems, &clean);
		if (src == SQLITE_OK)
			src = check_foreign_keys(db, problems, &clean);
		/* Files from before the audit log (schema 4 and older) have none. */
		if (src == SQLITE_OK && version >= 5)
			src = audit_verify_db(db, &audit_key, problems, &counts);
		audit_key_wipe(&audit_key);
		if (src == SQLITE_OK)
			src = compare_with_fresh_schema(db, version, problems);
		/* Files from before schema 13 have no session signatures; the
		 * upgrade after the restore gives them one. */
		int present = 0, expected = 0;
		int64_t sessions_checked;
		if (src == SQLITE_OK && version >= SIGNATURE_SCHEMA_VERSION)
			src = signatures_verify_db(db, problems, &sessions_checked, &present, &expected);
		/* A file too damaged to check is a finding, not a failure to run. */
		if (src != SQLITE_OK)
			audit_problem(problems, "%s", sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	if (problems->failed)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return rc;
}

/* Whether another process holds any of SQLite's locks on path. Opening and
 * closing path drops this process's own POSIX locks on it, so this is only
 * for a database this process does not have open. */
static bool in_use_by_sqlite(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = SQLITE_LOCK_OFFSET;
	fl.l_len = SQLITE_LOCK_LENGTH;
	bool busy = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	close(fd);
	return busy;
}

/* Copies the bytes of src to a new file dst (created 0600, never over an
 * existing file or through a link), flushed to disk. */
static enum dyad_error copy_bytes(const char *src, const char *dst, struct dyad_status *st)
{
	enum dyad_error rc = DYAD_OK;
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return dyad_fail(st, DYAD_ERR_IO, "restore: cannot read %s: %s", src, strerror(errno));
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "restore: cannot create %s: %s", dst, strerror(errno));
		close(in);
		return rc;
	}
	for (;;) {
		ssize_t got = read(in, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = dyad_fail(st, DYAD_ERR_IO, "restore: cannot read %s: %s", src, strerror(errno));
			break;
		}
		if (got == 0)
			break;
		for (ssize_t off = 0; off < got;) {
			ssize_t w = write(out, buf + off, (size_t)(got - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = dyad_fail(st, DYAD_ERR_IO, "restore: cannot write %s: %s", dst,
					strerror(errno));
				goto done;
			}
			off += w;
		}
	}
done:
	if (rc == DYAD_OK && fsync(out) != 0)
		rc = dyad_fail(st, DYAD_ERR_IO, "restore: cannot write %s: %s", dst, strerror(errno));
	if (close(out) != 0 && rc == DYAD_OK)
		rc = dyad_fail(st, DYAD_ERR_IO, "restore: cannot write %s: %s", dst, strerror(errno));
	close(in);
	if (rc != DYAD_OK)
		unlink(dst);
	return rc;
}

static void sync_parent(const char *path)
{
	char *dir = paths_dirname(path);
	if (dir == NULL)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd); /* best effort: the rename is already visible */
		close(fd);
	}
	free(dir);
}

/* A name beside db_path that does not exist yet: PREFIX-YYYYMMDD-HHMMSS,
 * with -2, -3... when two restores share a second. Caller frees. */
static char *dated_name(const char *db_path, const char *prefix)
{
	char stamp[32];
	date_wall_stamp(stamp, sizeof stamp);
	size_t n = strlen(db_path) + strlen(prefix) + sizeof stamp + 16;
	char *name = malloc(n);
	if (name == NULL)
		return NULL;
	struct stat sb;
	for (int i = 1; i < 1000; i++) {
		if (i == 1)
			snprintf(name, n, "%s.%s-%s", db_path, prefix, stamp);
		else
			snprintf(name, n, "%s.%s-%s-%d", db_path, prefix, stamp, i);
		if (lstat(name, &sb) != 0 && errno == ENOENT)
			return name;
	}
	free(name);
	return NULL;
}

/* Puts new_path in db_path's place. The caller holds the PATH-lock
 * exclusively and no connection to db_path is open, so no -wal, -shm or
 * hot -journal can belong to anything but the file being replaced. */
static enum dyad_error swap_in(const char *db_path, const char *new_path,
	struct dyad_status *st)
{
	if (rename(new_path, db_path) != 0)
		return dyad_fail(st, DYAD_ERR_IO, "database: cannot replace %s: %s", db_path,
			strerror(errno));
	remove_companions(db_path);
	sync_parent(db_path);
	return DYAD_OK;
}

enum dyad_error store_restore(const char *db_path, const char *backup_path,
	const char *key, size_t key_len, bool force, char **kept,
	struct audit_problems *problems, struct dyad_status *st)
{
	sqlite3 *backup = NULL;
	char *lock_path = NULL, *tmp = NULL, *keep = NULL;
	int lock_fd = -1, version = 0;
	enum dyad_error rc;
	*kept = NULL;
	struct stat sb;
	if (stat(backup_path, &sb) == 0 && same_file(&sb, db_path))
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"restore: %s is the database itself, not a backup of it", backup_path);
	if ((rc = store_verify_file(backup_path, key, key_len, "restore", problems, st)) != DYAD_OK)
		return rc;
	if (problems->len > 0 && !force)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"restore: %s failed its check (%zu problem%s, the first: %s); nothing was "
			"changed (`dyad --db FILE check` lists them; restore --force puts it back anyway)",
			backup_path, problems->len,
			problems->len == 1 ? "" : "s", problems->items[0]);
	if ((rc = make_parent(db_path, st)) != DYAD_OK)
		return rc;
	if ((lock_path = store_lock_path(db_path)) == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	lock_fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (lock_fd < 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "restore: cannot create %s: %s", lock_path,
			strerror(errno));
		goto done;
	}
	if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0 || in_use_by_sqlite(db_path)) {
		rc = dyad_fail(st, DYAD_ERR_BUSY,
			"restore: %s is open in another program (dyad or sqlite3); close it and try "
			"again", db_path);
		goto done;
	}
	store_clean_work(db_path);
	if ((rc = open_readonly(backup_path, key, key_len, "restore", &backup, &version, st)) !=
		DYAD_OK)
		goto done;
	if ((tmp = store_work_file(db_path, st)) == NULL) {
		rc = st->code;
		goto done;
	}
	rc = copy_database(backup, tmp, key, key_len, "restore", st);
	remove_companions(tmp);
	if (rc != DYAD_OK)
		goto done;
	/* Keep what is being replaced, byte for byte, with the log of changes
	 * not yet written into it (its -wal) or a half-done one (-journal). */
	if (stat(db_path, &sb) == 0 && sb.st_size > 0) {
		if ((keep = dated_name(db_path, "before-restore")) == NULL) {
			rc = dyad_fail(st, DYAD_ERR_IO, "restore: no free name for the copy of %s", db_path);
			goto done;
		}
		if ((rc = copy_bytes(db_path, keep, st)) != DYAD_OK)
			goto done;
		static const char *const companions[] = { "-wal", "-journal" };
		for (size_t i = 0; i < 2; i++) {
			char from[4096], to[4096];
			snprintf(from, sizeof from, "%s%s", db_path, companions[i]);
			snprintf(to, sizeof to, "%s%s", keep, companions[i]);
			if (stat(from, &sb) == 0 && sb.st_size > 0 && (rc = copy_bytes(from, to, st)) != DYAD_OK)
				goto done;
		}
	}
	if ((rc = swap_in(db_path, tmp, st)) != DYAD_OK)
		goto done;
	free(tmp);
	tmp = NULL;
	*kept = keep;
	keep = NULL;
done:
	if (backup != NULL)
		sqlite3_close(backup);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	if (keep != NULL) {
		/* A failed restore leaves no half-made copy behind. */
		char p[4096];
		unlink(keep);
		snprintf(p, sizeof p, "%s-wal", keep);
		unlink(p);
		snprintf(p, sizeof p, "%s-journal", keep);
		unlink(p);
		free(keep);
	}
	if (lock_fd >= 0)
		close(lock_fd);
	free(lock_path);
	return rc;
}

/* Whether path is a plain (unencrypted) SQLite file. */
static bool is_plain_sqlite(const char *path)
{
	static const char header[16] = "SQLite format 3";
	char buf[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return false;
	ssize_t got = read(fd, buf, sizeof buf);
	close(fd);
	return got == (ssize_t)sizeof buf && memcmp(buf, header, sizeof buf) == 0;
}

enum dyad_error store_remove_plain_copies(const char *db_path,
	struct audit_problems *removed, struct dyad_status *st)
{
	char *dir = paths_dirname(db_path);
	if (dir == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	const char *base = strrchr(db_path, '/');
	base = base ? base + 1 : db_path;
	char prefix[1024];
	snprintf(prefix, sizeof prefix, "%s.before-restore-", base);
	enum dyad_error rc = DYAD_OK;
	DIR *d = opendir(dir);
	if (d == NULL) {
		rc = dyad_fail(st, DYAD_ERR_IO, "encrypt: cannot look in %s for unencrypted copies: %s",
			dir, strerror(errno));
		free(dir);
		return rc;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		/* The -wal of a plain copy is plain too; its own header says
		 * nothing, so it goes with its database's. */
		size_t len = strlen(path), cut = 0;
		if (len > 4 && strcmp(path + len - 4, "-wal") == 0)
			cut = 4;
		else if (len > 8 && strcmp(path + len - 8, "-journal") == 0)
			cut = 8;
		if (cut > 0) {
			char main_file[4096];
			snprintf(main_file, sizeof main_file, "%.*s", (int)(len - cut), path);
			struct stat sb;
			if (stat(main_file, &sb) == 0 && !is_plain_sqlite(main_file))
				continue;
		} else if (!is_plain_sqlite(path)) {
			continue;
		}
		if (unlink(path) != 0) {
			rc = dyad_fail(st, DYAD_ERR_IO,
				"encrypt: %s is an unencrypted copy of the database and could not be removed "
				"(%s); delete it", path, strerror(errno));
			continue;
		}
		audit_problem(removed, "%s", path);
	}
	closedir(d);
	free(dir);
	if (rc == DYAD_OK && removed->failed)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return rc;
}

enum dyad_error store_change_key(struct store *store, const char *new_key,
	size_t new_key_len, struct dyad_status *st)
{
	if (!store_encryption_available())
		return dyad_fail(st, DYAD_ERR_UNSUPPORTED,
			"encryption is not available in this build of dyad (it was built without "
			"SQLCipher; build it with make SQLITE=sqlcipher)");
#ifdef DYAD_HAVE_SQLCIPHER
	enum audit_action action = new_key == NULL ? AUDIT_DECRYPT
		: store->key == NULL ? AUDIT_ENCRYPT : AUDIT_REKEY;
	if (store->tx_depth > 0)
		return dyad_fail(st, DYAD_ERR_DB, "database: cannot re-key inside a transaction");
	enum dyad_error rc = store_lock_exclusive(store, true, st);
	if (rc != DYAD_OK)
		return rc;
	char *tmp = NULL;
	int version = store_schema_version(store);
	/* Leaving WAL mode checkpoints and deletes the -wal, and needs every
	 * other connection gone: a sqlite3 shell, say, makes it fail. */
	char *err = NULL;
	int src = sqlite3_exec(store->db, "PRAGMA journal_mode = DELETE", NULL, NULL, &err);
	sqlite3_free(err);
	if (src != SQLITE_OK) {
		rc = dyad_fail(st, DYAD_ERR_BUSY,
			"database: %s is open in another program; close it and try again", store->path);
		goto restore_wal;
	}
	if ((tmp = store_work_file(store->path, st)) == NULL) {
		rc = st->code;
		goto restore_wal;
	}
	sqlite3_stmt *stmt = NULL;
	src = sqlite3_prepare_v2(store->db, "ATTACH DATABASE ?1 AS dyad_new KEY ?2", -1, &stmt, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, tmp, -1, SQLITE_STATIC);
		/* An empty key attaches a plain database: that is decrypting. */
		sqlite3_bind_text(stmt, 2, new_key ? new_key : "", new_key ? (int)new_key_len : 0,
			SQLITE_STATIC);
		src = sqlite3_step(stmt);
		if (src == SQLITE_DONE)
			src = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (src != SQLITE_OK) {
		rc = store_fail(store, src, "database", st);
		goto remove_tmp;
	}
	char sql[96];
	snprintf(sql, sizeof sql,
		"SELECT sqlcipher_export('dyad_new'); PRAGMA dyad_new.user_version = %d", version);
	err = NULL;
	src = sqlite3_exec(store->db, sql, NULL, NULL, &err);
	int detach = sqlite3_exec(store->db, "DETACH DATABASE dyad_new", NULL, NULL, NULL);
	if (src != SQLITE_OK || detach != SQLITE_OK) {
		rc = (src & 0xFF) == SQLITE_FULL
			? dyad_fail(st, DYAD_ERR_IO, "database: the disk is full; nothing was changed")
			: dyad_fail(st, DYAD_ERR_DB, "database: %s", err ? err : sqlite3_errmsg(store->db));
		sqlite3_free(err);
		goto remove_tmp;
	}
	sqlite3_free(err);
	remove_companions(tmp);
	/* Read the new file back with the new key before it replaces anything. */
	struct audit_problems problems = { 0 };
	rc = store_verify_file(tmp, new_key, new_key_len, "database", &problems, st);
	if (rc == DYAD_OK && problems.len > 0)
		rc = dyad_fail(st, DYAD_ERR_DB, "database: the rewritten copy did not check out (%s); "
			"nothing was changed", problems.items[0]);
	audit_problems_free(&problems);
	if (rc != DYAD_OK)
		goto remove_tmp;
	store_disconnect(store);
	if ((rc = swap_in(store->path, tmp, st)) != DYAD_OK) {
		store_reconnect(store, NULL);
		goto remove_tmp;
	}
	free(tmp);
	tmp = NULL;
	if ((rc = store_set_key(store, new_key, new_key_len, st)) != DYAD_OK ||
		(rc = store_reconnect(store, st)) != DYAD_OK) {
		store_lock_exclusive(store, false, NULL);
		return rc;
	}
	store_lock_exclusive(store, false, NULL);
	return audit_record(store, action, "database", 0, 0, NULL, st);
remove_tmp:
	if (tmp != NULL) {
		remove_companions(tmp);
		unlink(tmp);
		free(tmp);
	}
restore_wal:
	if (store->db != NULL)
		sqlite3_exec(store->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	store_lock_exclusive(store, false, NULL);
	return rc;
#else
	(void)store;
	(void)new_key;
	(void)new_key_len;
	return DYAD_ERR_UNSUPPORTED;
#endif
}
