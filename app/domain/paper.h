/* paper.h: the paper a handout is printed on, and how it is chosen. */
#ifndef DYAD_DOMAIN_PAPER_H
#define DYAD_DOMAIN_PAPER_H

#include <stdbool.h>

#include "app/core/error.h"

enum paper { PAPER_LETTER, PAPER_A4 };

struct paper_choice {
	enum paper paper;
	const char *source;   /* "--paper", "the paper setting", "$PAPERSIZE",
	                         the papersize file's path, or "the default" */
};

/* "letter" / "a4" (any case) into *out; false for anything else. */
bool paper_parse(const char *s, enum paper *out);
const char *paper_name(enum paper p);
void paper_size_points(enum paper p, double *width, double *height);

/* Picks the paper: flag (--paper; a bad value is refused), else the stored
 * setting, else $PAPERSIZE, else the first word of the papersize file
 * ($DYAD_PAPERSIZE_FILE, else /etc/papersize), else Letter. A setting,
 * variable or file that names a size dyad does not know is passed over. */
enum dyad_error paper_choose(const char *flag, const char *setting, struct paper_choice *out,
	struct dyad_status *st);

#endif
