/* demo_plans.c: plans for the demo couples, their first objective picked
 * by trying candidates against the record until one has the status wanted. */
#include "app/domain/demo_plans.h"

#include <stdio.h>
#include <string.h>

#include "app/core/date.h"
#include "app/core/strbuf.h"
#include "app/domain/plan.h"
#include "app/domain/trends.h"

struct demo_candidate {
	const char *key, *op, *tail;
	double from, to, step; /* thresholds tried, in order */
};

/* The tightest target the record already meets, so it reads as earned. */
static const struct demo_candidate met[] = {
	{ "horsemen.contempt", "<=", " for 3 sessions", 0, 3, 1 },
	{ "startup", ">=", " for 3 sessions", 5, 1, -1 },
	{ "safety", ">=", " for 3 sessions", 10, 0, -1 },
};

/* Ambitious targets a couple improving is moving toward. */
static const struct demo_candidate progressing[] = {
	{ "csi4", ">=", " both partners", 13.5, 13.5, 1 },
	{ "csi4", ">=", " both partners", 18, 18, 1 },
	{ "safety", ">=", " for 2 sessions", 9, 9, 1 },
	{ "startup", ">=", " for 2 sessions", 5, 5, 1 },
	{ "attention", ">=", " for 2 sessions", 5, 5, 1 },
	{ "felt_safety", ">=", "", 9, 9, 1 },
	{ "horsemen.contempt", "<=", " for 3 sessions", 0, 0, 1 },
};

/* Flooding is not rated in the demo: a real gap to see. */
static const struct demo_candidate no_data[] = {
	{ "flooding.episodes", "<=", " for 3 sessions", 1, 1, 1 },
};

/* The first candidate line whose status is `want`, into line; false when
 * none has it. */
static bool pick(const struct demo_candidate *c, size_t n, enum objective_status want,
	const struct concept_list *concepts, const struct measure_list *measures,
	const struct couple_trends *t, char *line, size_t size)
{
	char why[300];
	for (size_t i = 0; i < n; i++) {
		for (double v = c[i].from;
			c[i].step > 0 ? v <= c[i].to + 1e-9 : v >= c[i].to - 1e-9; v += c[i].step) {
			struct strbuf text = STRBUF_INIT;
			strbuf_addf(&text, "%s %s ", c[i].key, c[i].op);
			plan_number(&text, v);
			strbuf_adds(&text, c[i].tail);
			struct plan_objective o;
			bool ok = !text.failed && plan_objective_parse(strbuf_str(&text), concepts,
				measures, &o, why, sizeof why);
			if (ok) {
				plan_objective_evaluate(&o, t);
				ok = o.status == want;
			}
			if (ok)
				snprintf(line, size, "%s", strbuf_str(&text));
			strbuf_release(&text);
			if (ok)
				return true;
		}
	}
	return false;
}

static const char *const problems[] = {
	("- Complaints start as blame, and the other partner shuts down within minutes.\n"
	 "- Contempt shows up when both are tired."),
	("- Long stretches of parallel living: screens at dinner, little turning toward.\n"
	 "- Satisfaction low for both; each waits for the other to move first."),
	"- Arguments about money escalate fast; one partner floods and leaves the room.",
};

static const char *const goals[] = {
	("- Raise a complaint softly and hear it without defending.\n"
	 "- Replace contempt with appreciation."),
	"- Daily undivided attention, and a weekly face-to-face conversation.",
	"- A shared flooding plan both trust, with a real break and a return time.",
};

static const char *const interventions[] = {
	"- Softened startup rehearsal in session.\n- Appreciation tally at home.",
	"- Ten minutes, phones away, daily.\n- Talking about how we talked, weekly.",
	("- Flooding plan: signal, 20 minutes of self-soothing, agreed return.\n"
	 "- Pulse checks during conflict talks."),
};

enum dyad_error demo_plan_add(struct store *store, int64_t couple_id, enum demo_plan_kind kind,
	int64_t homework, struct dyad_status *st)
{
	struct concept_list concepts = { NULL, 0 };
	struct measure_list measures = { NULL, 0 };
	struct couple_trends t;
	bool have_trends = false;
	struct strbuf text = STRBUF_INIT;
	char first[120] = "";
	enum dyad_error rc;
	if ((rc = concepts_list(store, &concepts, st)) != DYAD_OK ||
		(rc = measures_list(store, &measures, st)) != DYAD_OK ||
		(rc = trends_load(store, couple_id, &t, st)) != DYAD_OK)
		goto done;
	have_trends = true;
	bool found = kind == DEMO_PLAN_MET
		? pick(met, sizeof met / sizeof met[0], OBJECTIVE_MET, &concepts, &measures, &t, first,
			sizeof first)
		: kind == DEMO_PLAN_PROGRESSING
		? pick(progressing, sizeof progressing / sizeof progressing[0], OBJECTIVE_PROGRESSING,
			&concepts, &measures, &t, first, sizeof first)
		: pick(no_data, 1, OBJECTIVE_NO_DATA, &concepts, &measures, &t, first, sizeof first);
	/* A catalogue edited beyond recognition still gets a plan, as prose. */
	if (!found)
		snprintf(first, sizeof first, "Fewer harsh startups, by both partners' account");
	strbuf_addf(&text, "Review date: ");
	struct dyad_date review = date_from_days(date_to_days(date_today()) + 56 + 7 * (int)kind);
	char day[11];
	date_format(review, day);
	strbuf_addf(&text, "%s\n\nProblems:\n%s\n\nGoals:\n%s\n\nObjectives:\n- %s\n", day,
		problems[kind], goals[kind], first);
	strbuf_adds(&text, kind == DEMO_PLAN_NO_DATA
		? "- A flooding break taken at least once, and returned from\n"
		: "- Keep the weekly face-to-face conversation going\n");
	strbuf_addf(&text, "\nInterventions:\n%s\n", interventions[kind]);
	if (text.failed) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	struct plan_save_result saved;
	int version;
	if ((rc = plan_save_text(store, couple_id, strbuf_str(&text), text.len, NULL, &saved,
		     st)) != DYAD_OK)
		goto done;
	if (kind != DEMO_PLAN_NO_DATA && (rc = plans_sign(store, couple_id, &version, st)) != DYAD_OK)
		goto done;
	if (kind == DEMO_PLAN_PROGRESSING) {
		strbuf_adds(&text, "- Appreciation tally, added at the review.\n");
		if ((rc = plan_save_text(store, couple_id, strbuf_str(&text), text.len, NULL, &saved,
			     st)) != DYAD_OK)
			goto done;
		if (homework > 0 && (rc = plans_link_objective(store, homework, 1, st)) != DYAD_OK)
			goto done;
	}
done:
	strbuf_release(&text);
	if (have_trends)
		couple_trends_free(&t);
	concept_list_free(&concepts);
	measure_list_free(&measures);
	return rc;
}
