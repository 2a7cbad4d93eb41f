/* scales.c: the meaning of the ends of the default concepts' scales. */
#include "app/domain/scales.h"

#include <stdio.h>
#include <string.h>

/* The default catalogue (schema/0002_concepts.sql), in its own order. */
static const struct {
	const char *key, *kind;
	int min, max;
	const char *low, *high;
	enum scale_better better;
} known[] = {
	{ "sentiment_override", "scale", -2, 2, "strongly negative", "strongly positive",
		SCALE_BETTER_HIGHER },
	{ "flooding.episodes", "count", 0, 20, NULL, NULL, SCALE_BETTER_LOWER },
	{ "flooding.peak_bpm", "bpm", 30, 220, NULL, NULL, SCALE_BETTER_LOWER },
	{ "flooding.break", "yesno", 0, 1, "no", "yes", SCALE_BETTER_HIGHER },
	{ "startup", "scale", 1, 5, "harsh", "soft", SCALE_BETTER_HIGHER },
	{ "repair.attempts", "count", 0, 50, NULL, NULL, SCALE_BETTER_HIGHER },
	{ "repair.accepted", "count", 0, 50, NULL, NULL, SCALE_BETTER_HIGHER },
	{ "horsemen.criticism", "scale", 0, 3, "none", "pervasive", SCALE_BETTER_LOWER },
	{ "horsemen.contempt", "scale", 0, 3, "none", "pervasive", SCALE_BETTER_LOWER },
	{ "horsemen.defensiveness", "scale", 0, 3, "none", "pervasive", SCALE_BETTER_LOWER },
	{ "horsemen.stonewalling", "scale", 0, 3, "none", "pervasive", SCALE_BETTER_LOWER },
	{ "attention", "scale", 1, 5, "scattered", "fully present", SCALE_BETTER_HIGHER },
	{ "safety", "scale", 0, 10, "not at all", "completely", SCALE_BETTER_HIGHER },
	{ "stance", "scale", 1, 5, "at odds", "fully congruent", SCALE_BETTER_HIGHER },
	{ "meta", "scale", 1, 5, "not yet", "fluent", SCALE_BETTER_HIGHER },
	{ "ratio.positive", "count", 0, 200, NULL, NULL, SCALE_BETTER_HIGHER },
	{ "ratio.negative", "count", 0, 200, NULL, NULL, SCALE_BETTER_LOWER },
};

void concept_scale_describe(const struct concept_rec *c, struct concept_scale *out)
{
	memset(out, 0, sizeof *out);
	if (strcmp(c->kind, "count") == 0 || strcmp(c->kind, "bpm") == 0)
		out->unit = strcmp(c->kind, "count") == 0 ? "count" : "bpm";
	if (strcmp(c->kind, "yesno") == 0 && c->scale_min == 0 && c->scale_max == 1) {
		out->low = "no";
		out->high = "yes";
	}
	/* A clinician may have changed a default concept's range or kind:
	 * then its old labels would mislead, so they are not shown. */
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcmp(known[i].key, c->key) != 0)
			continue;
		if (strcmp(known[i].kind, c->kind) == 0 && known[i].min == c->scale_min &&
			known[i].max == c->scale_max) {
			if (known[i].low != NULL) {
				out->low = known[i].low;
				out->high = known[i].high;
			}
			out->better = known[i].better;
		}
		break;
	}
}

const char *concept_scale_text(const struct concept_rec *c, const struct concept_scale *s,
	char *buf, size_t size)
{
	/* A positive top of a scale that runs below zero keeps its sign: "+2". */
	const char *plus = c->scale_min < 0 && c->scale_max > 0 ? "+" : "";
	if (s->low != NULL && s->high != NULL)
		snprintf(buf, size, "%d %s .. %s%d %s", c->scale_min, s->low, plus, c->scale_max,
			s->high);
	else if (s->unit != NULL && strcmp(s->unit, "bpm") == 0)
		snprintf(buf, size, "%d..%d bpm", c->scale_min, c->scale_max);
	else if (s->unit != NULL)
		snprintf(buf, size, "%s %d..%d", s->unit, c->scale_min, c->scale_max);
	else
		snprintf(buf, size, "%d..%s%d", c->scale_min, plus, c->scale_max);
	return buf;
}

const char *concept_scale_better_word(enum scale_better better)
{
	switch (better) {
	case SCALE_BETTER_HIGHER: return "higher";
	case SCALE_BETTER_LOWER: return "lower";
	default: return NULL;
	}
}
