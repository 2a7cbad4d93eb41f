/* handout_file.h: writing one assignment's handout to a PDF file: the
 * handout's words (domain/handout_text.h) handed to the PDF writer
 * (reports/handout.h), saved atomically and privately. */
#ifndef DYAD_OUTPUT_HANDOUT_FILE_H
#define DYAD_OUTPUT_HANDOUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/domain/handout_text.h"
#include "app/store/db.h"

/* Writes the handout (struct handout_request and handout_written are in
 * domain/handout_text.h): mode 0600, through a temporary file beside the
 * target that is renamed over it, so a failure leaves no partial file and
 * an older file as it was. A symbolic link at the target, the database
 * and any other database file are refused (fileio_check_output). The
 * file and its audit entry go together (store_publish). Used by the
 * command line and the interface alike. */
enum dyad_error handout_write(struct store *store, const struct handout_request *rq,
	struct handout_written *out, struct dyad_status *st);

/* Like handout_write for every open assignment of couple couple_id (by
 * due date), one handout after another in one PDF named
 * couple_homework_TODAY.pdf unless rq->output names a file
 * (rq->assignment_id is not used). DYAD_ERR_NOT_FOUND when the couple
 * has no open homework; nothing is written then. */
enum dyad_error handout_write_couple(struct store *store, int64_t couple_id,
	const struct handout_request *rq, struct handout_written *out, struct dyad_status *st);

/* The fonts of every PDF dyad writes: configured (the handout.font
 * setting's value, for everything), else DejaVu Sans and its bold face
 * through fontconfig. regular and bold have size bytes; *have_bold says
 * whether bold was found. */
enum dyad_error handout_pick_fonts(const char *configured, char *regular, char *bold,
	size_t size, bool *have_bold, struct dyad_status *st);

/* The target file: output itself, or file_name inside output when it is a
 * folder, or in the current folder when output is NULL. Caller frees;
 * NULL when out of memory. */
char *handout_target_path(const char *output, const char *file_name);

/* Where lean copies of the fonts are kept (reports/font_lean.h), made on
 * first use; NULL when there is no usable folder, and the PDF then reads
 * the fonts themselves. Caller frees. */
char *handout_font_cache_dir(void);

#endif
