/* demo_plans.h: treatment plans for the demo practice, with objectives
 * chosen from each couple's generated record so the demo shows every
 * status: one met, one progressing, one with no data. */
#ifndef DYAD_DOMAIN_DEMO_PLANS_H
#define DYAD_DOMAIN_DEMO_PLANS_H

#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

enum demo_plan_kind { DEMO_PLAN_MET, DEMO_PLAN_PROGRESSING, DEMO_PLAN_NO_DATA };

/* Writes a plan for the couple whose first objective has the status kind
 * names (worked out from the sessions already generated). MET is signed;
 * PROGRESSING is signed and then changed, so it has a draft version 2,
 * and links homework (when not 0) to its first objective; NO_DATA stays a
 * draft. On error st says why (the caller's transaction is to be rolled
 * back). */
enum dyad_error demo_plan_add(struct store *store, int64_t couple_id, enum demo_plan_kind kind,
	int64_t homework, struct dyad_status *st);

#endif
