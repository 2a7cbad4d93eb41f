/* paths.c: XDG paths and private directories (calcurse io.c does the same). */
#include "app/core/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

char *paths_data_dir(struct dyad_status *st)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	char *dir;
	/* The spec says a relative XDG_DATA_HOME is invalid and must be ignored. */
	if (xdg != NULL && xdg[0] == '/') {
		dir = join(xdg, "dyad");
	} else {
		const char *home = getenv("HOME");
		if (home == NULL || home[0] == '\0') {
			dyad_fail(st, DYAD_ERR_INVALID,
				"database: neither XDG_DATA_HOME nor HOME is set; use --db PATH");
			return NULL;
		}
		dir = join(home, ".local/share/dyad");
	}
	if (dir == NULL)
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return dir;
}

char *paths_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg != NULL && xdg[0] == '/')
		return join(xdg, "dyad");
	const char *home = getenv("HOME");
	if (home == NULL || home[0] == '\0')
		return NULL;
	return join(home, ".cache/dyad");
}

char *paths_database(const char *explicit_path, struct dyad_status *st)
{
	const char *p = explicit_path;
	if (p == NULL || p[0] == '\0')
		p = getenv("DYAD_DB");
	if (p != NULL && p[0] != '\0') {
		char *s = strdup(p);
		if (s == NULL)
			dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		return s;
	}
	char *dir = paths_data_dir(st);
	if (dir == NULL)
		return NULL;
	char *db = join(dir, "dyad.db");
	free(dir);
	if (db == NULL)
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return db;
}

enum dyad_error paths_mkdir_p(const char *dir, mode_t mode, struct dyad_status *st)
{
	char *p = strdup(dir);
	if (p == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	enum dyad_error rc = DYAD_OK;
	size_t n = strlen(p);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char saved = p[i];
		p[i] = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			rc = dyad_fail(st, DYAD_ERR_IO, "cannot create folder %s: %s", p,
				strerror(errno));
			goto cleanup;
		}
		p[i] = saved;
	}
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		rc = dyad_fail(st, DYAD_ERR_IO, "%s is not a folder", dir);
cleanup:
	free(p);
	return rc;
}

char *paths_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

char *paths_unsaved_dir(const char *db_path, struct dyad_status *st)
{
	char *db_dir = paths_dirname(db_path);
	if (db_dir == NULL) {
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		return NULL;
	}
	size_t n = strlen(db_dir) + sizeof "/unsaved";
	char *dir = malloc(n);
	if (dir == NULL) {
		free(db_dir);
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		return NULL;
	}
	snprintf(dir, n, "%s/unsaved", db_dir);
	free(db_dir);
	if (paths_mkdir_p(dir, 0700, st) != DYAD_OK) {
		free(dir);
		return NULL;
	}
	/* A folder made by hand or by an older dyad may be open to others;
	 * note text in it must not be. */
	struct stat sb;
	if (stat(dir, &sb) != 0 || ((sb.st_mode & 077) != 0 && chmod(dir, 0700) != 0)) {
		dyad_fail(st, DYAD_ERR_IO, "cannot make %s private: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}
