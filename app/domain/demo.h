/* demo.h: a fictional practice to explore dyad with, and, at any size, the
 * deterministic synthetic practice the benchmarks run on. */
#ifndef DYAD_DOMAIN_DEMO_H
#define DYAD_DOMAIN_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct demo_options {
	int couples;    /* how many couples; 10 for the small demo */
	int weeks;      /* weekly sessions per couple (some couples get fewer) */
	uint64_t seed;  /* same seed, same practice */
	bool synthetic; /* the benchmark practice: about `weeks` sessions for every
	                   couple, notes of about 1.5 KB, more ratings */
};

struct demo_summary {
	int64_t couples, sessions, notes, ratings;
	int64_t measures;              /* outcome scores recorded */
	int64_t assignments, checkins; /* the synthetic practice only */
};

/* The options of `dyad init --demo`: 10 couples, about 3 months weekly. */
struct demo_options demo_default_options(void);

/* Fills an empty database with a fictional practice, all in one transaction
 * (a bulk load: the note index is built once at the end). Must not be called
 * inside a transaction.
 * Refused (DYAD_ERR_REFUSED, nothing written) when any couple exists.
 * Dates end at date_today(), so $DYAD_TODAY makes the result reproducible. */
enum dyad_error demo_generate(struct store *store, const struct demo_options *opt,
	struct demo_summary *summary, struct dyad_status *st);

#endif
