/* library.c: finding and loading the exercise templates. */
#include "app/domain/library.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/core/strbuf.h"

#ifndef DYAD_DATADIR
#define DYAD_DATADIR "/usr/local/share/dyad"
#endif

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static char *join(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", a, b);
	if (sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* Adds dir to lib->dirs when it exists; takes ownership. false: no memory. */
static bool add_dir(struct library *lib, char *dir)
{
	if (dir == NULL)
		return false;
	if (!is_dir(dir) || lib->ndirs == LIBRARY_MAX_DIRS) {
		free(dir);
		return true;
	}
	lib->dirs[lib->ndirs++] = dir;
	return true;
}

/* The source tree this binary was built in, when it runs from there: the
 * nearest folder above the executable that holds both app/main.c and
 * templates/README.md. NULL otherwise (an installed dyad). */
static char *source_templates(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *dir = paths_dirname(exe);
	for (int up = 0; dir != NULL && up < 4; up++) {
		char *main_c = join(dir, "app/main.c");
		char *readme = join(dir, "templates/README.md");
		bool found = main_c && readme && is_file(main_c) && is_file(readme);
		free(main_c);
		free(readme);
		if (found) {
			char *t = join(dir, "templates");
			free(dir);
			return t;
		}
		if (strcmp(dir, "/") == 0)
			break;
		char *parent = paths_dirname(dir);
		free(dir);
		dir = parent;
	}
	free(dir);
	return NULL;
}

enum dyad_error library_find_dirs(struct library *lib, struct dyad_status *st)
{
	struct dyad_status ignored = { 0 };
	char *data = paths_data_dir(&ignored); /* no HOME: no personal folder */
	bool ok = true;
	if (data != NULL) {
		ok = add_dir(lib, join(data, "templates"));
		free(data);
	}
	ok = ok && add_dir(lib, strdup(DYAD_DATADIR "/templates"));
	char *src = source_templates();
	if (ok && src != NULL)
		ok = add_dir(lib, src);
	if (!ok) {
		library_free(lib);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	return DYAD_OK;
}

static bool add_problem(struct library *lib, const char *message)
{
	char **p = realloc(lib->problems, (lib->nproblems + 1) * sizeof *p);
	if (p == NULL)
		return false;
	lib->problems = p;
	if ((p[lib->nproblems] = strdup(message)) == NULL)
		return false;
	lib->nproblems++;
	return true;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_templates(const void *a, const void *b)
{
	return strcmp(((const struct template *)a)->id, ((const struct template *)b)->id);
}

/* The *.txt names in dir, sorted; NULL with *n 0 when none or unreadable
 * (*failed set when out of memory). */
static char **list_templates(const char *dir, size_t *n, bool *failed)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (d == NULL)
		return NULL;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **p = realloc(names, ncap * sizeof *p);
			if (p == NULL) {
				*failed = true;
				break;
			}
			names = p;
			cap = ncap;
		}
		if ((names[*n] = strdup(e->d_name)) == NULL) {
			*failed = true;
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, compare_names);
	return names;
}

/* True when key is a concept's key or family in the catalogue. */
static bool concept_known(const struct concept_list *catalogue, const char *key)
{
	for (size_t i = 0; i < catalogue->len; i++)
		if (strcmp(catalogue->items[i].key, key) == 0 ||
			strcmp(catalogue->items[i].family, key) == 0)
			return true;
	return false;
}

/* Reads and parses one file; adds it, skips it, or records its problem.
 * false only when out of memory. */
static bool load_one(struct library *lib, const char *path, size_t first_of_dir,
	size_t *cap)
{
	struct dyad_status st = { 0 };
	if (!is_file(path))
		return true;
	size_t len;
	char *text = fileio_read_path(path, TEMPLATE_MAX_BYTES, &len, "template", &st);
	if (text == NULL) {
		if (st.code == DYAD_ERR_NOMEM)
			return false;
		char msg[700];
		snprintf(msg, sizeof msg, "%s:1: %s", path, dyad_status_message(&st));
		if (st.code == DYAD_ERR_INVALID) /* too long */
			snprintf(msg, sizeof msg, "%s:1: is longer than %u bytes", path, TEMPLATE_MAX_BYTES);
		return add_problem(lib, msg);
	}
	struct template t;
	enum dyad_error rc = template_parse(text, len, path, &t, &st);
	free(text);
	if (rc == DYAD_ERR_NOMEM)
		return false;
	if (rc != DYAD_OK)
		return add_problem(lib, dyad_status_message(&st));
	for (size_t k = 0; lib->catalogue != NULL && k < t.nconcepts; k++) {
		if (concept_known(lib->catalogue, t.concepts[k]))
			continue;
		char msg[900];
		snprintf(msg, sizeof msg, "%s:%zu: concepts: '%s' is not in the concept catalogue "
			"(see `dyad concepts` for the keys)", path, t.concepts_line, t.concepts[k]);
		template_free(&t);
		return add_problem(lib, msg);
	}
	for (size_t i = 0; i < lib->len; i++) {
		if (strcmp(lib->items[i].id, t.id) != 0)
			continue;
		bool ok = true;
		if (i >= first_of_dir) {
			char msg[900];
			snprintf(msg, sizeof msg, "%s:%zu: id: '%s' is already used by %s; this file was "
				"left out", path, t.id_line, t.id, lib->items[i].path);
			ok = add_problem(lib, msg);
		}
		/* else: an earlier folder overrides this one, as intended */
		template_free(&t);
		return ok;
	}
	if ((t.path = strdup(path)) == NULL) {
		template_free(&t);
		return false;
	}
	if (lib->len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		struct template *p = realloc(lib->items, ncap * sizeof *p);
		if (p == NULL) {
			template_free(&t);
			return false;
		}
		lib->items = p;
		*cap = ncap;
	}
	lib->items[lib->len++] = t;
	return true;
}

enum dyad_error library_load_dirs(struct library *lib, struct dyad_status *st)
{
	size_t cap = 0;
	bool ok = true;
	for (size_t d = 0; d < lib->ndirs && ok; d++) {
		size_t n = 0, first_of_dir = lib->len;
		bool failed = false;
		char **names = list_templates(lib->dirs[d], &n, &failed);
		ok = !failed;
		for (size_t i = 0; i < n && ok; i++) {
			char *path = join(lib->dirs[d], names[i]);
			ok = path != NULL && load_one(lib, path, first_of_dir, &cap);
			free(path);
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	if (!ok) {
		library_free(lib);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	if (lib->len > 1)
		qsort(lib->items, lib->len, sizeof *lib->items, compare_templates);
	return DYAD_OK;
}

enum dyad_error library_load(struct library *lib, struct dyad_status *st)
{
	memset(lib, 0, sizeof *lib);
	enum dyad_error rc = library_find_dirs(lib, st);
	if (rc == DYAD_OK)
		rc = library_load_dirs(lib, st);
	return rc;
}

enum dyad_error library_load_for(struct store *store, struct library *lib,
	struct dyad_status *st)
{
	memset(lib, 0, sizeof *lib);
	struct concept_list catalogue = { 0 };
	enum dyad_error rc = concepts_list(store, &catalogue, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = library_find_dirs(lib, st)) == DYAD_OK) {
		lib->catalogue = &catalogue;
		rc = library_load_dirs(lib, st);
		lib->catalogue = NULL;
	}
	concept_list_free(&catalogue);
	return rc;
}

const struct template *library_find(const struct library *lib, const char *id)
{
	for (size_t i = 0; id != NULL && i < lib->len; i++)
		if (strcmp(lib->items[i].id, id) == 0)
			return &lib->items[i];
	return NULL;
}

const char *library_problem_for(const struct library *lib, const char *id)
{
	if (id == NULL)
		return NULL;
	size_t n = strlen(id);
	for (size_t i = 0; i < lib->nproblems; i++) {
		const char *p = lib->problems[i];
		const char *colon = strstr(p, ".txt:");
		if (colon == NULL)
			continue;
		const char *base = colon;
		while (base > p && base[-1] != '/')
			base--;
		if ((size_t)(colon - base) == n && memcmp(base, id, n) == 0)
			return p;
	}
	return NULL;
}

void library_free(struct library *lib)
{
	if (lib == NULL)
		return;
	for (size_t i = 0; i < lib->len; i++)
		template_free(&lib->items[i]);
	free(lib->items);
	for (size_t i = 0; i < lib->nproblems; i++)
		free(lib->problems[i]);
	free(lib->problems);
	for (size_t i = 0; i < lib->ndirs; i++)
		free(lib->dirs[i]);
	memset(lib, 0, sizeof *lib);
}
