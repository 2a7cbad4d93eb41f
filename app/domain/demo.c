/* demo.c: fictional couples, weekly sessions, notes and ratings. Every name
 * and sentence here is invented for this project. */
#include "domain/demo.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "domain/practice.h"
#include "store/audit.h"
#include "store/concepts.h"
#include "store/couples.h"
#include "store/measures.h"
#include "store/sessions.h"

struct rng {
	uint64_t s;
};

/* splitmix64: tiny, fast, and the same on every platform. */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int rng_int(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

/* Hand-picked couples for the small demo: varied names, some beyond ASCII. */
static const struct {
	const char *a, *a_pronouns, *b, *b_pronouns, *couple;
} featured[] = {
	{ "Maya Okafor", "she/her", "Daniel Reyes", "he/him", "Okafor & Reyes" },
	{ "Zoë Åström-Núñez", "she/her", "Łukasz Wróbel", "he/him",
		"Zoë Åström-Núñez & Łukasz Wróbel" },
	{ "Priya Raman", "she/her", "Sam Whitfield", "they/them", "Raman & Whitfield" },
	{ "Tomás Herrera", "he/him", "Jonah Feld", "he/him", "Herrera & Feld" },
	{ "山田 花子", "she/her", "Kenji Mori", "he/him", "Yamada & Mori" },
	{ "Aisha Bello", "she/her", "Grace Lindqvist", "she/her", "Bello & Lindqvist" },
	{ "Connor O'Brien", "he/him", "Fatima Haddad", "she/her", "O'Brien & Haddad" },
	{ "Ines Vidal", "she/her", "Marek Novák", "he/him", "Vidal & Novák" },
	{ "Rosa Delgado", NULL, "Theo Marsh", NULL, "Delgado & Marsh" },
	{ "Noor Siddiqui", "she/her", "Elliot Park", "he/him", "Siddiqui & Park" },
};

static const char *const first_names[] = { "Alex", "Amara", "Ben", "Camila", "Chidi",
	"Dana", "Elena", "Farid", "Gabriel", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Malik",
	"Nadia", "Oskar", "Paula", "Quinn", "Rafael", "Sofia", "Tariq", "Uma", "Victor",
	"Wren", "Ximena", "Yusuf", "Zara", "Anaïs", "Björn", "Chloé", "Dorota", "Émile",
	"Søren", "Mónica", "Jürgen" };
static const char *const surnames[] = { "Abbott", "Banerjee", "Castillo", "Dubois",
	"Eriksen", "Fontaine", "García", "Hughes", "Ivanova", "Jensen", "Kowalski", "Larsen",
	"Mensah", "Nakamura", "Ortiz", "Petrov", "Quintero", "Rossi", "Schneider", "Tanaka",
	"Usman", "Varga", "Walsh", "Xu", "Yilmaz", "Zielińska", "Ferreira", "Müller" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Sentence banks for notes; %A and %B become the partners' first names.
 * Each bank speaks to one part of the work, so search has something real to
 * find ("flooding", "repair", "contempt", "appreciation"...). */
static const char *const note_opening[] = {
	"Couple arrived on time; %A started by describing a tense week around work schedules.",
	"Session opened with %B asking to revisit last week's argument about money.",
	"Both partners came in quiet; %A said the weekend had gone better than expected.",
	"Check-in on homework first: %A and %B each reported partial practice.",
	"%B opened by naming a fight about the children's bedtime routine.",
	"Started with a short review of the goals agreed at intake.",
};
static const char *const note_body[] = {
	"When %B raised the issue of chores, the startup was harsh (\"you never\"); we slowed down and rewrote it together as an I-statement.",
	"%A showed signs of flooding (faster speech, looking away); we took a twenty-minute break and practised self-soothing with paced breathing.",
	"Noted two clear repair attempts from %A, a joke and an apology; %B accepted the second one.",
	"Contempt showed up once as an eye-roll from %B; we named it and looked for the appreciation underneath.",
	"Defensiveness from %A when the in-laws came up; coached taking responsibility for one small part.",
	"%B stonewalled for several minutes; after a pause %B said the silence was about feeling overwhelmed, not indifference.",
	"Practised going meta: the couple described how their last argument unfolded rather than re-fighting it.",
	"Worked on bestowed attention: phones went into a bag and each partner gave the other five minutes of undivided listening.",
	"Positive sentiment override seemed stronger this week; %A read a late message from %B as tired rather than cold.",
	"Negative sentiment override still colours how %B hears neutral remarks; pointed this out gently twice.",
	"Explored a perpetual problem about social time versus alone time; the aim was dialogue, not a solution.",
	"Dreams within conflict: %A spoke about the security that saving money stands for; %B listened and asked questions only.",
	"Stance check: %A's words were kind but the tone was clipped; %A noticed it on replay and tried again.",
	"%B said feeling safe enough to disclose has grown since the first sessions.",
	"Counted positive and negative moments during a short conflict discussion; the ratio was close to five to one.",
	"A softened startup from %A (\"I feel lonely on Sundays and I need a plan with you\") changed the whole exchange.",
	"Talked about parallel play versus real face-to-face time; they agreed on a weekly generative conversation.",
	"Flooding plan reviewed: break signal is a hand on the table, return time agreed before leaving the room.",
};
static const char *const note_closing[] = {
	"Homework for the coming week agreed; both seemed hopeful leaving.",
	"Plan: continue the repair-attempt log and revisit the flooding plan next session.",
	"Ended with an appreciation round; %A and %B each named one thing the other did well.",
	"Next session will focus on the conversation about a recent conversation.",
	"Closing check-in: both rated the session as useful; no safety concerns raised.",
};

static void add_sentence(struct strbuf *sb, const char *tmpl, const char *a, const char *b)
{
	if (sb->len)
		strbuf_addc(sb, ' ');
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && (p[1] == 'A' || p[1] == 'B')) {
			strbuf_adds(sb, p[1] == 'A' ? a : b);
			p++;
		} else {
			strbuf_addc(sb, *p);
		}
	}
}

/* A first name: the text before the first space. */
static void first_name(const char *full, char *out, size_t size)
{
	size_t n = strcspn(full, " ");
	if (n >= size)
		n = size - 1;
	memcpy(out, full, n);
	out[n] = '\0';
}

static void make_note(struct strbuf *sb, struct rng *r, const char *a, const char *b,
	int sentences)
{
	strbuf_reset(sb);
	add_sentence(sb, note_opening[rng_int(r, 0, COUNT(note_opening) - 1)], a, b);
	int start = rng_int(r, 0, COUNT(note_body) - 1);
	int step = 1 + 2 * rng_int(r, 0, 3); /* odd steps visit distinct sentences */
	for (int i = 0; i < sentences; i++)
		add_sentence(sb, note_body[(size_t)(start + i * step) % COUNT(note_body)], a, b);
	add_sentence(sb, note_closing[rng_int(r, 0, COUNT(note_closing) - 1)], a, b);
}

struct demo_options demo_default_options(void)
{
	struct demo_options o = { 10, 13, 20261128 };
	return o;
}

/* The rated concepts and how each moves as therapy progresses: a value
 * from `from` at the first session to `to` at the last. */
static const struct {
	const char *key;
	double from, to;
} demo_scales[] = {
	{ "sentiment_override", -1.2, 1.2 },
	{ "startup", 2.0, 4.2 },
	{ "horsemen.contempt", 2.0, 0.5 },
	{ "safety", 3.5, 7.5 },
	{ "attention", 2.0, 4.0 },
};

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The outcome measures the demo records at every session a partner attends,
 * and where each trajectory takes them: improving couples climb together,
 * stuck couples stay put (CSI-4 below its cutoff), and in diverging couples
 * partner A recovers while partner B slides, so the trend screens and
 * reports have a real divergence to show. Scores are whole numbers, as the
 * questionnaires' totals are. */
static const struct {
	const char *key;
	double low, high;
} demo_measures[] = {
	{ "csi4", 6.0, 19.0 },
	{ "felt_safety", 2.0, 8.5 },
	{ "felt_connection", 2.0, 8.5 },
};

/* Where partner p of a couple on trajectory traj stands at time t (0 at
 * the first session, 1 at the last), from 0 (low) to 1 (high). */
static double demo_measure_progress(int traj, int p, double t)
{
	if (traj == 1)
		return p == 0 ? 0.25 : 0.3;
	if (traj == 2 && p == 1) /* holds at first, then slides */
		return t < 0.4 ? 0.8 : 0.8 - 1.2 * (t - 0.4);
	return t;
}

enum dyad_error demo_generate(struct store *store, const struct demo_options *opt,
	struct demo_summary *summary, struct dyad_status *st)
{
	struct demo_summary sum = { 0, 0, 0, 0, 0 };
	struct strbuf note = STRBUF_INIT, name_a = STRBUF_INIT, name_b = STRBUF_INIT,
		      couple = STRBUF_INIT;
	struct concept_rec concepts[COUNT(demo_scales)];
	size_t concepts_loaded = 0;
	struct concept_rec meta;
	bool have_meta = false, bulk = false;
	struct rng r = { opt->seed };
	/* Measures draw from their own stream so the rest of the demo stays
	 * exactly as it was before they existed. */
	struct rng mr = { opt->seed ^ 0x6D65617375726573ull };
	struct measure_rec measures[COUNT(demo_measures)];
	bool have_measure[COUNT(demo_measures)] = { false };
	int64_t existing = 0;
	int64_t today = date_to_days(date_today());
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = couples_count(store, &existing, st)) != DYAD_OK)
		goto fail;
	if (existing > 0) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"demo: the database already holds %lld couple%s; the demo practice only goes "
			"into an empty one (use --db to pick another file)",
			(long long)existing, existing == 1 ? "" : "s");
		goto fail;
	}
	for (; concepts_loaded < COUNT(demo_scales); concepts_loaded++)
		if ((rc = concepts_find(store, demo_scales[concepts_loaded].key,
			     &concepts[concepts_loaded], st)) != DYAD_OK)
			goto fail;
	have_meta = concepts_find(store, "meta", &meta, st) == DYAD_OK;
	dyad_status_clear(st); /* a catalogue without "meta" is fine */
	for (size_t m = 0; m < COUNT(demo_measures); m++)
		have_measure[m] = measures_find(store, demo_measures[m].key, &measures[m], st) ==
			DYAD_OK;
	dyad_status_clear(st); /* nor is one without a default measure */
	/* One audit entry stands for the whole fictional practice, instead of
	 * one per generated row. */
	audit_bulk_begin(store);
	bulk = true;

	for (int i = 0; i < opt->couples; i++) {
		const char *pron[2] = { NULL, NULL };
		strbuf_reset(&name_a);
		strbuf_reset(&name_b);
		strbuf_reset(&couple);
		if ((size_t)i < COUNT(featured)) {
			strbuf_adds(&name_a, featured[i].a);
			strbuf_adds(&name_b, featured[i].b);
			strbuf_adds(&couple, featured[i].couple);
			pron[0] = featured[i].a_pronouns;
			pron[1] = featured[i].b_pronouns;
		} else {
			const char *sa = surnames[rng_int(&r, 0, COUNT(surnames) - 1)];
			const char *sb = surnames[rng_int(&r, 0, COUNT(surnames) - 1)];
			strbuf_addf(&name_a, "%s %s", first_names[rng_int(&r, 0, COUNT(first_names) - 1)], sa);
			strbuf_addf(&name_b, "%s %s", first_names[rng_int(&r, 0, COUNT(first_names) - 1)], sb);
			strbuf_addf(&couple, "%s & %s (%d)", sa, sb, i + 1);
		}
		int weeks = opt->weeks - (i % 4) * (opt->weeks / 8);
		if (weeks < 1)
			weeks = 1;
		int64_t first = today - 7LL * weeks + (i % 5);
		char intake[11];
		date_format(date_from_days(first - 7), intake);
		const char *names[2] = { strbuf_str(&name_a), strbuf_str(&name_b) };
		int64_t couple_id;
		if ((rc = couples_insert(store, strbuf_str(&couple), intake, names, pron, &couple_id,
			     st)) != DYAD_OK)
			goto fail;
		sum.couples++;
		/* Most couples are active; a few are paused or have finished. */
		const char *status = i % 10 == 8 ? "paused" : i % 10 == 9 ? "closed" : NULL;
		if (status && (rc = couples_update(store, couple_id, NULL, status, st)) != DYAD_OK)
			goto fail;
		char fa[64], fb[64];
		first_name(names[0], fa, sizeof fa);
		first_name(names[1], fb, sizeof fb);
		int trajectory = i % 3; /* 0 improving, 1 stuck, 2 partners diverging */
		/* Each partner starts a little above or below the typical score. */
		double offset[2] = { (rng_unit(&mr) - 0.5) * 0.2, (rng_unit(&mr) - 0.5) * 0.2 };
		for (int w = 0; w < weeks; w++) {
			int64_t day = first + 7LL * w;
			if (day > today)
				break;
			struct dyad_datetime when = { date_from_days(day), 9 + (i % 8), (i % 2) * 30 };
			char starts_at[17];
			datetime_format(&when, starts_at);
			int roll = rng_int(&r, 0, 99);
			const char *attendance = roll < 4 ? "cancelled" : roll < 6 ? "no-show"
				: roll < 9 ? "a-only" : "both";
			const char *modality = roll % 5 == 0 ? "video" : "in-person";
			int64_t session_id;
			if ((rc = sessions_insert(store, couple_id, starts_at, 50, modality, attendance,
				     &session_id, st)) != DYAD_OK)
				goto fail;
			sum.sessions++;
			if (strcmp(attendance, "cancelled") == 0 || strcmp(attendance, "no-show") == 0)
				continue;
			make_note(&note, &r, fa, fb, 7 + rng_int(&r, 0, 3));
			if (note.failed) {
				rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
				goto fail;
			}
			if ((rc = notes_set_body(store, session_id, strbuf_str(&note), note.len, -1,
				     st)) != DYAD_OK)
				goto fail;
			sum.notes++;
			double t = weeks > 1 ? (double)w / (weeks - 1) : 1.0;
			for (size_t c = 0; c < COUNT(demo_scales); c++) {
				for (int p = 0; p < 2; p++) {
					if (p == 1 && strcmp(attendance, "a-only") == 0)
						continue;
					double progress = trajectory == 1 ? 0.25 : trajectory == 2 && p == 1
						? 0.6 - 0.5 * t : t;
					double v = demo_scales[c].from +
						(demo_scales[c].to - demo_scales[c].from) * progress +
						(rng_unit(&r) - 0.5) * 1.2;
					int value = clamp((int)(v < 0 ? v - 0.5 : v + 0.5),
						concepts[c].scale_min, concepts[c].scale_max);
					if ((rc = ratings_set(store, session_id, concepts[c].id, p, value, st)) !=
						DYAD_OK)
						goto fail;
					sum.ratings++;
				}
			}
			for (size_t m = 0; m < COUNT(demo_measures); m++) {
				for (int p = 0; p < 2 && have_measure[m]; p++) {
					if (p == 1 && strcmp(attendance, "a-only") == 0)
						continue;
					double span = demo_measures[m].high - demo_measures[m].low;
					double v = demo_measures[m].low + offset[p] * span +
						span * demo_measure_progress(trajectory, p, t) +
						(rng_unit(&mr) - 0.5) * 0.14 * span;
					v = (double)clamp((int)(v + 0.5), (int)measures[m].scale_min,
						(int)measures[m].scale_max);
					if ((rc = measure_values_set(store, session_id, measures[m].id, p, v,
						     st)) != DYAD_OK)
						goto fail;
					sum.measures++;
				}
			}
			if (have_meta && w % 2 == 0) {
				int value = clamp(1 + (int)(t * 3.5 + rng_unit(&r)), meta.scale_min,
					meta.scale_max);
				if ((rc = ratings_set(store, session_id, meta.id, 2, value, st)) != DYAD_OK)
					goto fail;
				sum.ratings++;
			}
			/* Everything but the latest week's note is signed, as in a
			 * practice that keeps up with its paperwork. */
			if (day < today - 7 && (rc = notes_sign(store, session_id, st)) != DYAD_OK)
				goto fail;
		}
	}
	if (have_meta)
		concept_rec_free(&meta);
	audit_bulk_end(store);
	bulk = false;
	char detail[200];
	snprintf(detail, sizeof detail,
		"fictional demo practice: %lld couples, %lld sessions, %lld notes, %lld ratings, "
		"%lld measures", (long long)sum.couples, (long long)sum.sessions,
		(long long)sum.notes, (long long)sum.ratings, (long long)sum.measures);
	if ((rc = audit_record(store, AUDIT_CREATE, "demo", 0, 0, detail, st)) != DYAD_OK) {
		store_rollback(store);
		goto done;
	}
	rc = store_commit(store, st);
	if (rc == DYAD_OK && summary)
		*summary = sum;
	goto done;
fail:
	if (bulk)
		audit_bulk_end(store);
	store_rollback(store);
	if (have_meta)
		concept_rec_free(&meta);
done:
	for (size_t c = 0; c < concepts_loaded; c++)
		concept_rec_free(&concepts[c]);
	for (size_t m = 0; m < COUNT(demo_measures); m++)
		if (have_measure[m])
			measure_rec_free(&measures[m]);
	strbuf_release(&note);
	strbuf_release(&name_a);
	strbuf_release(&name_b);
	strbuf_release(&couple);
	return rc;
}
