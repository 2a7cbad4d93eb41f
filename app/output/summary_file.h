/* summary_file.h: a couple's one-page progress summary as a PDF they may
 * see: each measure's scores for both partners, charted alike, with the
 * measure's cutoff and a plain line on each partner. Never note text,
 * safety screenings or anything private: only measure scores, names and
 * the practice's name go in. Saved atomically and privately like a
 * handout. */
#ifndef DYAD_OUTPUT_SUMMARY_FILE_H
#define DYAD_OUTPUT_SUMMARY_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/domain/paper.h"
#include "app/store/db.h"

struct summary_request {
	const char *output;  /* a file or a folder; NULL: the current folder */
	const char *paper;   /* "letter", "a4" or NULL (paper_choose) */
};

struct summary_written {
	char *path;          /* the file written; caller frees */
	struct paper_choice paper;
	size_t shown;        /* measures charted */
	size_t total;        /* measures with scores */
	int replaced;        /* characters printed as a mark (handout.h) */
};

/* Writes couple_id's summary, by default to
 * COUPLE_progress-summary_TODAY.pdf: mode 0600, through a temporary file
 * renamed into place, with its audit entry (store_publish), as
 * handout_write. A couple with no scores gets a page that says so. On
 * error nothing is written and st says why. */
enum dyad_error summary_write(struct store *store, int64_t couple_id,
	const struct summary_request *rq, struct summary_written *out, struct dyad_status *st);

#endif
