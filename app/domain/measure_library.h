/* measure_library.h: the shipped instruments (templates/measures/, one .txt
 * file each, built into the binary) and writing them into the catalogue. */
#ifndef DYAD_DOMAIN_MEASURE_LIBRARY_H
#define DYAD_DOMAIN_MEASURE_LIBRARY_H

#include <stddef.h>

#include "app/core/error.h"
#include "app/store/db.h"
#include "app/store/measures.h"

/* One library file as built in (app/tools/embed_measures.sh). */
struct measure_library_file {
	const char *name; /* "csi4.txt" */
	const char *text;
};

extern const struct measure_library_file measure_library_files[];
extern const size_t measure_library_files_count;

/* Parses one file's text ("field: value" lines, '#' comments) into *out,
 * which the caller frees with measure_rec_free. On error *out is empty and
 * st says "NAME:LINE: problem". */
enum dyad_error measure_library_parse(const char *name, const char *text,
	struct measure_rec *out, struct dyad_status *st);

/* Brings the catalogue in step with the built-in library: adds missing
 * instruments and updates library rows whose file changed, leaving a
 * clinician's own measures alone. Reads only when everything is already
 * current. On error nothing is written. */
enum dyad_error measure_library_sync(struct store *store, struct dyad_status *st);

#endif
