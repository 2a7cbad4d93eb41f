/* measure_library.c: reading the built-in instrument files and keeping each
 * database's measure catalogue in step with them. */
#include "app/domain/measure_library.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/measures.h"
#include "app/domain/validate.h"

#define LIBRARY_LINE_MAX 1200

/* The fields a file may hold, each kept as typed until measure_check. */
struct library_fields {
	char *key, *name, *min, *max, *better, *cutoff, *reliable_change, *reliability,
		*norm_sd, *source, *licence, *every, *scheduled, *position;
};

static char **field_slot(struct library_fields *f, const char *name)
{
	static const char *const names[] = { "key", "name", "min", "max", "better", "cutoff",
		"reliable_change", "reliability", "norm_sd", "source", "licence", "every",
		"scheduled", "position" };
	char **slots[] = { &f->key, &f->name, &f->min, &f->max, &f->better, &f->cutoff,
		&f->reliable_change, &f->reliability, &f->norm_sd, &f->source, &f->licence,
		&f->every, &f->scheduled, &f->position };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i], name) == 0)
			return slots[i];
	return NULL;
}

static void fields_free(struct library_fields *f)
{
	char **all[] = { &f->key, &f->name, &f->min, &f->max, &f->better, &f->cutoff,
		&f->reliable_change, &f->reliability, &f->norm_sd, &f->source, &f->licence,
		&f->every, &f->scheduled, &f->position };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		free(*all[i]);
		*all[i] = NULL;
	}
}

static char *dup_or_null(const char *s, bool *ok)
{
	if (s == NULL)
		return NULL;
	char *d = strdup(s);
	if (d == NULL)
		*ok = false;
	return d;
}

enum dyad_error measure_library_parse(const char *name, const char *text,
	struct measure_rec *out, struct dyad_status *st)
{
	struct library_fields f = { 0 };
	enum dyad_error rc = DYAD_OK;
	memset(out, 0, sizeof *out);
	int lineno = 0;
	for (const char *p = text; *p != '\0' && rc == DYAD_OK;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		lineno++;
		char line[LIBRARY_LINE_MAX];
		if (len >= sizeof line) {
			rc = dyad_fail(st, DYAD_ERR_INVALID, "%s:%d: line too long", name, lineno);
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = end ? end + 1 : p + len;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *colon = strstr(line, ": ");
		if (colon == NULL) {
			rc = dyad_fail(st, DYAD_ERR_INVALID, "%s:%d: expected 'field: value'", name,
				lineno);
			break;
		}
		*colon = '\0';
		char **slot = field_slot(&f, line);
		if (slot == NULL) {
			rc = dyad_fail(st, DYAD_ERR_INVALID, "%s:%d: unknown field '%.40s'", name,
				lineno, line);
		} else if (*slot != NULL) {
			rc = dyad_fail(st, DYAD_ERR_INVALID, "%s:%d: '%s' given twice", name, lineno,
				line);
		} else if ((*slot = strdup(colon + 2)) == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		}
	}
	if (rc != DYAD_OK)
		goto done;
	if (f.better == NULL || (strcmp(f.better, "higher") != 0 && strcmp(f.better, "lower") != 0)) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s: better: must be 'higher' or 'lower'", name);
		goto done;
	}
	if (f.scheduled == NULL ||
		(strcmp(f.scheduled, "yes") != 0 && strcmp(f.scheduled, "no") != 0)) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s: scheduled: must be 'yes' or 'no'", name);
		goto done;
	}
	long long position = 0, every = 1;
	if (f.position == NULL ||
		validate_int("position", f.position, 0, 1000000, &position, st) != DYAD_OK ||
		(f.every != NULL && validate_int("every", f.every, 1, 52, &every, st) != DYAD_OK)) {
		char why[sizeof st->message];
		snprintf(why, sizeof why, "%s", f.position == NULL ? "position: missing" : st->message);
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s: %s", name, why);
		goto done;
	}
	struct measure_input in = { .key = f.key, .name = f.name, .min = f.min, .max = f.max,
		.cutoff = f.cutoff, .lower_is_better = strcmp(f.better, "lower") == 0,
		.reliable_change = f.reliable_change, .reliability = f.reliability,
		.norm_sd = f.norm_sd, .source = f.source, .licence = f.licence, .every = f.every };
	struct measure_rec checked;
	if (measure_check(&in, &checked, st) != DYAD_OK) {
		char why[sizeof st->message];
		snprintf(why, sizeof why, "%s", st->message);
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s: %s", name, why);
		goto done;
	}
	checked.position = (int)position;
	checked.scheduled_by_default = strcmp(f.scheduled, "yes") == 0;
	checked.from_library = true;
	bool ok = true;
	*out = checked;
	out->key = dup_or_null(checked.key, &ok);
	out->name = dup_or_null(checked.name, &ok);
	out->source = dup_or_null(checked.source, &ok);
	out->licence = dup_or_null(checked.licence, &ok);
	if (!ok) {
		measure_rec_free(out);
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
done:
	fields_free(&f);
	return rc;
}

enum dyad_error measure_library_sync(struct store *store, struct dyad_status *st)
{
	size_t n = measure_library_files_count;
	struct measure_rec *recs = calloc(n ? n : 1, sizeof *recs);
	if (recs == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	enum dyad_error rc = DYAD_OK;
	bool all_current = true;
	for (size_t i = 0; i < n && rc == DYAD_OK; i++) {
		rc = measure_library_parse(measure_library_files[i].name,
			measure_library_files[i].text, &recs[i], st);
		bool current = false;
		if (rc == DYAD_OK && all_current)
			rc = measures_library_current(store, &recs[i], &current, st);
		if (!current)
			all_current = false;
	}
	if (rc == DYAD_OK && !all_current) {
		/* Checked again under the write lock: another dyad opening the
		 * same new database may have just written the same rows. */
		rc = store_begin(store, st);
		bool began = rc == DYAD_OK;
		for (size_t i = 0; i < n && rc == DYAD_OK; i++) {
			bool changed;
			rc = measures_library_upsert(store, &recs[i], &changed, st);
		}
		if (rc == DYAD_OK)
			rc = store_commit(store, st);
		else if (began)
			store_rollback(store);
	}
	for (size_t i = 0; i < n; i++)
		measure_rec_free(&recs[i]);
	free(recs);
	return rc;
}
