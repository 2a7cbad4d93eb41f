/* scales.h: what the two ends of a concept's scale mean, and which way is
 * better, for showing beside a rating. */
#ifndef DYAD_DOMAIN_SCALES_H
#define DYAD_DOMAIN_SCALES_H

#include <stddef.h>

#include "app/store/concepts.h"

enum scale_better { SCALE_BETTER_UNKNOWN, SCALE_BETTER_HIGHER, SCALE_BETTER_LOWER };

struct concept_scale {
	const char *low;         /* what scale_min means ("harsh"), or NULL */
	const char *high;        /* what scale_max means ("soft"), or NULL */
	const char *unit;        /* "count" or "bpm" for a tally or a pulse, else NULL */
	enum scale_better better;
};

/* Fills *out for c. The catalogue stores no labels for a scale's ends, so
 * those of the default concepts are known here, and used only while a
 * concept keeps its default kind and range; any yes/no reads "0 no .. 1
 * yes". Everything else is left NULL / SCALE_BETTER_UNKNOWN. The strings
 * are static. */
void concept_scale_describe(const struct concept_rec *c, struct concept_scale *out);

/* The scale as one short phrase ("1 harsh .. 5 soft", "count 0..20",
 * "30..220 bpm", "1..5") into buf (NUL-terminated, cut to fit); returns buf. */
const char *concept_scale_text(const struct concept_rec *c, const struct concept_scale *s,
	char *buf, size_t size);

/* "higher", "lower", or NULL when unknown. */
const char *concept_scale_better_word(enum scale_better better);

#endif
