/* measures.h: the rules for defining outcome measures and recording the
 * partners' scores. Each call checks everything first, so a refused
 * request leaves the database exactly as it was. */
#ifndef DYAD_DOMAIN_MEASURES_H
#define DYAD_DOMAIN_MEASURES_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"
#include "app/store/measures.h"

/* A new measure as typed. */
struct measure_input {
	const char *key;     /* lower-case letters, digits, '_', '.', '-'; 1..64, a letter first */
	const char *name;    /* like a person's name: 1..200 characters of plain text */
	const char *min;     /* numbers as typed */
	const char *max;
	const char *cutoff;  /* NULL: no cutoff */
	bool lower_is_better; /* default: higher is better */
	/* Optional; NULL leaves each out. Reliable change is given outright, or
	 * as reliability (0..1, exclusive) with the norm group's SD, not both. */
	const char *reliable_change;
	const char *reliability;
	const char *norm_sd;
	const char *source;  /* the citation the numbers come from */
	const char *licence;
	const char *every;   /* sessions between scores, 1..52; "0": not due by
			      * default (a couple must be scheduled); NULL: 1 */
};

/* Checks in and fills *m from it (m's strings point into in, so m must
 * not be freed); DYAD_OK or a one-line refusal naming the field. */
enum dyad_error measure_check(const struct measure_input *in, struct measure_rec *m,
	struct dyad_status *st);

/* The smallest change on this measure that counts as reliable (Jacobson &
 * Truax): the stored value, else 1.96 x SD x sqrt(2 x (1 - reliability)).
 * False when the measure has neither. */
bool measure_reliable_change(const struct measure_rec *m, double *out);

/* Checks and adds a measure to the catalogue; *id is its new id. */
enum dyad_error measure_define(struct store *store, const struct measure_input *in,
	int64_t *id, struct dyad_status *st);

/* Records one partner's score at a session (again to replace it). value is
 * the number as typed and must lie on the measure's scale; partner is "a"
 * or "b". Only a held session takes scores, and only for a partner who
 * came (domain/session_state.h). A signed note does
 * not lock scores: they are the partners' own answers, not the note. */
enum dyad_error measure_record(struct store *store, int64_t session_id, const char *key,
	const char *value, const char *partner, struct dyad_status *st);

/* The same with parsed values (partner 0 A, 1 B), for the interface. */
enum dyad_error measure_record_value(struct store *store, int64_t session_id,
	const char *key, int partner, double value, struct dyad_status *st);

/* Removes one partner's score, under the same rules. */
enum dyad_error measure_clear(struct store *store, int64_t session_id, const char *key,
	int partner, struct dyad_status *st);

/* Sets how often a couple answers a measure: every N sessions (1..52), or
 * 0 to switch it off for them; every NULL takes the measure's own default
 * (its library file's, or as added). The couple and the measure must
 * exist. *set_to is the interval stored. Refused: nothing changes. */
enum dyad_error measure_schedule(struct store *store, int64_t couple_id, const char *key,
	const char *every, int *set_to, struct dyad_status *st);

/* True when value lies on the worse side of the measure's cutoff: below it
 * when higher is better, above it when lower is better. False without a
 * cutoff. A value exactly at the cutoff is not past it. */
bool measure_past_cutoff(const struct measure_rec *m, double value);

/* Formats a score compactly ("17", "13.5", "-0.25"): at most 6 significant
 * digits, no trailing zeros. out needs 32 bytes. Returns out. */
const char *measure_format(double value, char *out);

#endif
