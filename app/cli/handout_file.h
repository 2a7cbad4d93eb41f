/* handout_file.h: writing one assignment's handout to a PDF file: the
 * handout's words (domain/homework.h) handed to the PDF writer
 * (reports/handout.h), saved atomically and privately. */
#ifndef DYAD_CLI_HANDOUT_FILE_H
#define DYAD_CLI_HANDOUT_FILE_H

#include <stdint.h>

#include "core/error.h"
#include "domain/homework.h"
#include "domain/library.h"
#include "store/db.h"

struct handout_request {
	int64_t assignment_id;
	const char *output;            /* a file, an existing folder, or NULL: the
	                                  default name in the current folder */
	const char *paper;             /* --paper, or NULL */
	const struct library *library; /* the exercise library, loaded by the caller */
};

struct handout_written {
	char *path;                    /* where it went; caller frees */
	int pages;
	int replaced;                  /* characters the font lacked */
	struct paper_choice paper;
};

/* Writes the handout: mode 0600, through a temporary file beside the
 * target that is renamed over it, so a failure leaves no partial file and
 * an older file as it was. A symbolic link at the target is refused. */
enum dyad_error handout_write(struct store *store, const struct handout_request *rq,
	struct handout_written *out, struct dyad_status *st);

#endif
