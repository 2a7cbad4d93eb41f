/* library.h: the exercise library: every template file found in the
 * template folders, in order of precedence. A broken file is reported
 * (file, line, problem) and left out; the others still load. */
#ifndef DYAD_DOMAIN_LIBRARY_H
#define DYAD_DOMAIN_LIBRARY_H

#include <stddef.h>

#include "app/core/error.h"
#include "app/domain/template.h"
#include "app/store/concepts.h"
#include "app/store/db.h"

#define LIBRARY_MAX_DIRS 3

struct library {
	struct template *items;  /* sorted by id */
	size_t len;
	char **problems;         /* "PATH:LINE: problem", one per broken file */
	size_t nproblems;
	char *dirs[LIBRARY_MAX_DIRS]; /* the folders searched, first wins */
	size_t ndirs;
	const struct concept_list *catalogue; /* borrowed while loading: when set, a
	                                         template naming a concept it lacks is
	                                         a problem; NULL: not checked */
};

/* The folders templates are read from, first wins:
 *   1. $XDG_DATA_HOME/dyad/templates (~/.local/share/...): the therapist's own
 *   2. DYAD_DATADIR/templates: the installed library
 *   3. templates/ of the source tree, when this dyad runs from a build
 *      there (found from /proc/self/exe)
 * Folders that do not exist are left out. Fills lib->dirs; on error
 * (out of memory) lib is left empty. */
enum dyad_error library_find_dirs(struct library *lib, struct dyad_status *st);

/* Loads every *.txt template of lib->dirs (set them by hand, or with
 * library_find_dirs). A template whose id an earlier folder already gave
 * is skipped; the same id twice in one folder, or a file that does not
 * parse, is a problem. Fails only when out of memory (lib freed). */
enum dyad_error library_load_dirs(struct library *lib, struct dyad_status *st);

/* Both of the above. */
enum dyad_error library_load(struct library *lib, struct dyad_status *st);

/* library_load, with every template's concepts checked against the
 * store's concept catalogue: each must be a concept's key or a family
 * ("horsemen"). A template naming any other is a problem, "PATH:LINE:
 * concepts: ...", and left out, so a therapist's own version with a typo
 * gives way to the shipped one as a file that does not parse would. Fails
 * when the catalogue cannot be read or memory runs out (lib left empty). */
enum dyad_error library_load_for(struct store *store, struct library *lib,
	struct dyad_status *st);

/* The template with this id, or NULL. */
const struct template *library_find(const struct library *lib, const char *id);

/* When id names no template but a broken file of that name (id.txt) was
 * skipped, that file's problem; else NULL. For "not in the library" errors. */
const char *library_problem_for(const struct library *lib, const char *id);

/* Frees everything; NULL and a zeroed library are fine. */
void library_free(struct library *lib);

#endif
