/* anchors.c: appending the audit chain's head to audit.anchors and
 * comparing the log with the latest one. */
/* realpath() */
#define _XOPEN_SOURCE 700
#include "app/store/anchors.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/audit_key.h"
#include "app/core/date.h"
#include "app/core/paths.h"
#include "app/core/sha256.h"
#include "app/store/internal.h"

/* 16 hex digits standing for the database's full path. */
static void database_id(const char *path, char out[17])
{
	char *full = realpath(path, NULL);
	char hex[SHA256_HEX_SIZE];
	const char *p = full ? full : path;
	sha256_hex(p, strlen(p), hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
	free(full);
}

struct anchor {
	char at[21];
	int64_t entries;
	char head[65];
	char key[17];
};

/* The last line of the file for database db; false when there is none. */
static bool latest_anchor(const char *file, const char *db, struct anchor *a)
{
	FILE *fp = fopen(file, "r");
	if (fp == NULL)
		return false;
	char line[ANCHOR_LINE_MAX + 64];
	bool found = false;
	while (fgets(line, sizeof line, fp) != NULL) {
		char id[17], at[21], head[65], key[17];
		int64_t entries;
		if (sscanf(line, "dyad-anchor-1 %16s %20s entries=%" SCNd64 " head=%64s key=%16s", id,
				at, &entries, head, key) != 5 || strcmp(id, db) != 0)
			continue;
		memcpy(a->at, at, sizeof a->at);
		a->entries = entries;
		memcpy(a->head, head, sizeof a->head);
		memcpy(a->key, key, sizeof a->key);
		found = true;
	}
	fclose(fp);
	return found;
}

enum dyad_error anchor_compare_append(struct store *store, bool append, bool force,
	struct audit_problems *problems, char *line, size_t line_size, struct dyad_status *st)
{
	static const char sql_head[] =
		"SELECT count(*), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) FROM audit";
	static const char sql_at[] = "SELECT hash FROM audit WHERE id = ?1";
	const struct audit_key *key = &store->audit_key;
	if (key->state == AUDIT_KEY_UNKNOWN)
		audit_key_load(&store->audit_key);
	char file[4200], db[17], keyid[17] = "-", now[21], head[65] = "-";
	int64_t entries = 0;
	audit_key_anchor_path(key, file, sizeof file);
	database_id(store->path, db);
	if (key->state == AUDIT_KEY_LOADED)
		audit_key_id(key, keyid);
	sqlite3_stmt *stmt = store_stmt(store, sql_head, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		entries = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL)
			store_column_copy(stmt, 1, head, sizeof head);
	}
	store_done(stmt);
	if (src != SQLITE_ROW)
		return store_fail(store, src, "anchor", st);
	date_wall_utc_text(now);
	char text[ANCHOR_LINE_MAX];
	snprintf(text, sizeof text, "dyad-anchor-1 %s %s entries=%" PRId64 " head=%s key=%s", db,
		now, entries, head, keyid);
	if (line != NULL)
		snprintf(line, line_size, "%s", text);
	if (file[0] == '\0')
		return DYAD_OK;
	bool extends = true;
	struct anchor a;
	if (latest_anchor(file, db, &a)) {
		if (entries < a.entries) {
			extends = false;
			if (problems)
				audit_problem(problems,
					"the audit log has %" PRId64 " entr%s but had %" PRId64 " at its anchor of %s: "
					"entries were cut from its end%s", entries, entries == 1 ? "y" : "ies",
					a.entries, a.at, entries == 0 ? ", or the whole log was deleted" : "");
		} else if (a.entries > 0) {
			char then[65] = "";
			if ((stmt = store_stmt(store, sql_at, st)) == NULL)
				return st->code;
			sqlite3_bind_int64(stmt, 1, a.entries);
			src = sqlite3_step(stmt);
			if (src == SQLITE_ROW)
				store_column_copy(stmt, 0, then, sizeof then);
			store_done(stmt);
			if (src != SQLITE_ROW && src != SQLITE_DONE)
				return store_fail(store, src, "anchor", st);
			if (strcmp(then, a.head) != 0) {
				extends = false;
				if (problems)
					audit_problem(problems,
						"the audit log no longer passes through its anchor of %s (entry %" PRId64
						" is not the one anchored then): the log was rewritten", a.at, a.entries);
			}
		}
		if (extends && strcmp(a.key, "-") != 0 && strcmp(keyid, "-") != 0 &&
			strcmp(a.key, keyid) != 0) {
			extends = false;
			if (problems)
				audit_problem(problems,
					"the audit key is not the one in use at the anchor of %s: it was replaced",
					a.at);
		}
	}
	if (!append || (!extends && !force))
		return DYAD_OK;
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		char *dir = paths_dirname(file);
		if (dir != NULL && paths_mkdir_p(dir, 0700, st) == DYAD_OK)
			fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		free(dir);
		if (fd < 0)
			return dyad_fail(st, DYAD_ERR_IO, "anchor: cannot write %s: %s", file,
				strerror(errno));
	}
	size_t n = strlen(text);
	text[n] = '\n';
	ssize_t w = write(fd, text, n + 1);
	text[n] = '\0';
	int e = errno;
	if (close(fd) != 0 || w != (ssize_t)(n + 1))
		return dyad_fail(st, DYAD_ERR_IO, "anchor: cannot write %s: %s", file,
			strerror(w < 0 ? e : errno));
	return DYAD_OK;
}
