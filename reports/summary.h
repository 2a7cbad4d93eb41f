/* summary.h: a one-page progress summary a therapist may show a couple,
 * written as a PDF with libharu. Finished text and numbers in (nothing
 * here knows about couples or databases); for each measure, a small chart
 * of both partners' scores over time with the measure's cutoff dashed
 * across it, and a line on each partner. Both partners are drawn alike:
 * the same line weight and marker size, colours of the same strength,
 * side by side. Never more than one page: measures that do not fit are
 * left off, and the line chosen for that case says so. */
#ifndef DYAD_REPORTS_SUMMARY_H
#define DYAD_REPORTS_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/handout.h"

/* One session with a score on the measure. */
struct summary_point {
	long day;              /* the session's date as a day number (any epoch) */
	bool present[2];       /* partner A, B */
	double value[2];
};

struct summary_measure {
	const char *name;
	double scale_min, scale_max;
	bool has_cutoff;
	double cutoff;
	const char *cutoff_label;       /* beside the dashed line ("healthy line") */
	const char *cutoff_value;       /* under the label ("13.5") */
	const char *scale_labels[2];    /* the axis at scale_min and scale_max ("0", "21") */
	const struct summary_point *points; /* oldest first */
	size_t npoints;
	const char *first_date, *last_date; /* under the chart's two ends */
	const char *reading[2];         /* one plain line per partner */
};

struct summary {
	const char *header_left;        /* the practice's name; NULL for none */
	const char *header_right;       /* the date */
	const char *title;              /* "Progress summary" */
	const char *couple;             /* the couple's name */
	const char *period;             /* "Sessions from ... to ..." */
	const char *partners[2];        /* the legend */
	const struct summary_measure *measures; /* the most important first */
	size_t nmeasures;
	const char *empty;              /* shown when there are no measures */
	/* more[k]: the line under the charts when only the first k measures
	 * fit (more[nmeasures] when all do; "" or NULL for none). nmeasures + 1
	 * entries, or NULL. */
	const char *const *more;
	const char *closing;            /* a last word under the charts; may be NULL */
	double page_width, page_height; /* points */
	const char *font_path;          /* a TrueType (.ttf) file */
	const char *bold_font_path;     /* NULL: the regular font for everything */
	const char *font_cache_dir;     /* as in struct handout */
	const char *author;             /* may be NULL */
	const char *language;           /* "en"; may be NULL */
};

/* Lays s out on one page and saves it as a PDF at path (libharu opens it
 * by name: pass a private temporary file and rename it afterwards).
 * Strings are UTF-8; fonts, fallbacks and refusals are the handout's
 * (handout_save_pdf): a partner's name no installed font can print is
 * refused, naming it. *shown is set to how many measures were drawn.
 * Returns 0, or -1 with err filled. */
int summary_save_pdf(const struct summary *s, const char *path, size_t *shown,
	struct handout_result *result, struct handout_error *err);

#endif
