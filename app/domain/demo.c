/* demo.c: fictional couples, weekly sessions, notes and ratings. Every name
 * and sentence here is invented for this project. */
#include "app/domain/demo.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/core/strbuf.h"
#include "app/domain/demo_plans.h"
#include "app/domain/practice.h"
#include "app/store/audit.h"
#include "app/store/bulk.h"
#include "app/store/concepts.h"
#include "app/store/couples.h"
#include "app/store/homework.h"
#include "app/store/intake.h"
#include "app/store/measures.h"
#include "app/store/sessions.h"

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

/* Sentences for the synthetic practice only (the small demo keeps the
 * banks above), so its notes reach the length of a real session note and
 * its vocabulary is wider. */
static const char *const note_opening_more[] = {
	"%A arrived a few minutes before %B; the wait gave us a chance to talk about how the week had started.",
	"Session began with both partners describing a calmer week, though %B said Sunday evening was hard.",
	"%B asked to start with something that happened at a family dinner and still felt raw.",
	"Opened with the usual check-in: sleep, stress at work, and how often they had talked face to face.",
};
static const char *const note_body_more[] = {
	"We returned to how evenings are spent; %A wants more shared time while %B needs a quiet hour first.",
	"%B described turning toward a small bid from %A this week instead of scrolling past it.",
	"Both agreed Thursday's argument escalated within the first three minutes, so we studied the opening line together.",
	"%A tracked pulse during a disagreement at home and paused for a break at a hundred and four beats a minute.",
	"Criticism appeared as a sweeping complaint about tidiness; we reshaped it into one specific request.",
	"%B practised self-soothing in the room: slow breathing, feet on the floor, naming the sensation before speaking.",
	"The couple used the break signal twice at home, and both came back at the time they had agreed.",
	"%A's tone softened noticeably when invited to speak about the worry underneath the anger.",
	"We explored how each family handled conflict; %B's avoided it, while %A's argued loudly and made up quickly.",
	"An appreciation exercise went well: each named three small things the other had done this week.",
	"%B acknowledged a part in the misunderstanding about holiday plans, and %A's shoulders visibly dropped.",
	"A conversation card prompted a long talk about what each hopes the next five years will hold.",
	"Attention drifted when a phone buzzed; the couple noticed it themselves and put both phones away.",
	"Safety was discussed openly; %A said difficult things are easier to say here than at home for now.",
	"We rehearsed a repair phrase that each partner is willing to offer and willing to accept.",
	"The stress-reducing conversation happened on four evenings; %B found listening without advice harder than expected.",
	"%A noticed a habit of sighing before answering and agreed to slow down and notice it this week.",
	"We mapped their cycle: %A pursues with questions, %B withdraws to think, and each reads the other's move as rejection.",
	"Homework was done less this week because of travel; we adjusted the plan rather than dropping it.",
};
/* Rare events, so a search for an unusual word finds only a few notes. */
static const char *const note_rare[] = {
	"%A mentioned a sabbatical planned for next spring and wondered how the change of routine would affect them both.",
	"%B brought a letter written to a late grandparent and read part of it aloud; %A listened without interrupting.",
	"They are thinking about adopting a greyhound and talked about how they would share its care fairly.",
	"A neighbour's renovation has broken their sleep for weeks, and both noticed how much shorter their tempers are.",
};

#define COUNT_BODY_ALL (COUNT(note_body) + COUNT(note_body_more))

/* Appends tmpl with %A and %B replaced, copying the text between markers
 * in one piece. */
static void add_sentence(struct strbuf *sb, const char *tmpl, const char *a, const char *b)
{
	if (sb->len)
		strbuf_addc(sb, ' ');
	const char *run = tmpl;
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && (p[1] == 'A' || p[1] == 'B')) {
			strbuf_add(sb, run, (size_t)(p - run));
			strbuf_adds(sb, p[1] == 'A' ? a : b);
			p++;
			run = p + 1;
		}
	}
	strbuf_adds(sb, run);
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

/* The small demo's note: an opening, a few sentences about the work, and a
 * closing. */
static void make_note(struct strbuf *sb, struct rng *r, const char *a, const char *b,
	int sentences)
{
	strbuf_reset(sb);
	add_sentence(sb, note_opening[rng_int(r, 0, COUNT(note_opening) - 1)], a, b);
	int start = rng_int(r, 0, COUNT(note_body) - 1);
	int step = 1 + 2 * rng_int(r, 0, 3);
	for (int i = 0; i < sentences; i++)
		add_sentence(sb, note_body[(size_t)(start + i * step) % COUNT(note_body)], a, b);
	add_sentence(sb, note_closing[rng_int(r, 0, COUNT(note_closing) - 1)], a, b);
}

static const char *body_sentence(size_t i)
{
	return i < COUNT(note_body) ? note_body[i] : note_body_more[i - COUNT(note_body)];
}

/* The synthetic practice's note, about 1.5 KB: an opening, eleven to
 * fourteen distinct sentences (a partial shuffle of both banks), now and
 * then a rare event, and a closing. */
static void make_long_note(struct strbuf *sb, struct rng *r, const char *a, const char *b)
{
	size_t order[COUNT_BODY_ALL];
	for (size_t i = 0; i < COUNT_BODY_ALL; i++)
		order[i] = i;
	strbuf_reset(sb);
	size_t openings = COUNT(note_opening) + COUNT(note_opening_more);
	size_t o = (size_t)rng_int(r, 0, (int)openings - 1);
	add_sentence(sb, o < COUNT(note_opening) ? note_opening[o]
		: note_opening_more[o - COUNT(note_opening)], a, b);
	int sentences = 11 + rng_int(r, 0, 3);
	for (int i = 0; i < sentences; i++) {
		size_t j = (size_t)rng_int(r, i, (int)COUNT_BODY_ALL - 1);
		size_t t = order[i];
		order[i] = order[j];
		order[j] = t;
		add_sentence(sb, body_sentence(order[i]), a, b);
	}
	for (size_t i = 0; i < COUNT(note_rare); i++)
		if (rng_int(r, 0, 799) == 0)
			add_sentence(sb, note_rare[i], a, b);
	add_sentence(sb, note_closing[rng_int(r, 0, COUNT(note_closing) - 1)], a, b);
}

struct demo_options demo_default_options(void)
{
	struct demo_options o = { 10, 13, 20261128, false };
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

/* The small demo also records ORS, the one shipped outcome measure with a
 * published reliable-change value, so `dyad outcomes` and the report show
 * every outcome class: improving couples both recover, stuck couples stay
 * within ORS's reliable change of 5, drifting couples split (A recovers,
 * B does not), and every other stuck couple is worse (A slides into the
 * clinical range). Where partner p stands at t (0 first session, 1 last),
 * on ORS's 0 to 40. */
struct demo_couple;
static double demo_ors_level(const struct demo_couple *c, int p, double t);

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Everything one generation run needs, so the steps below stay small. */
struct demo_run {
	struct store *store;
	const struct demo_options *opt;
	struct rng r;
	int64_t today;
	struct demo_summary sum;
	struct strbuf note;
	struct concept_rec scales[COUNT(demo_scales)];
	size_t scales_loaded;
	struct concept_rec meta, repair;
	bool have_meta, have_repair;
	struct rng hr; /* homework's own stream: adding it changed nothing else */
	/* Measures draw from their own stream too, so the rest of the demo
	 * stays exactly as it was before they existed. */
	struct rng mr;
	struct measure_rec measures[COUNT(demo_measures)];
	bool have_measure[COUNT(demo_measures)];
	/* ORS has a stream of its own for the same reason. */
	struct rng orr;
	struct measure_rec ors;
	bool have_ors;
};

/* One couple: its identity (featured for the first ten, drawn for the
 * rest) and its schedule of weekly sessions. */
struct demo_couple {
	int index;
	int64_t id;
	char first_a[64], first_b[64];
	int weeks;
	int64_t first;  /* day of the first session */
	int trajectory; /* 0 improving, 1 stuck, 2 partners drifting apart */
	int64_t homework;       /* the open assignment, 0 when none */
	int homework_out_of;    /* what a full week of it counts: 7 daily, else 1 */
	double offset[2];       /* each partner a little above or below the typical score */
};

static double demo_ors_level(const struct demo_couple *c, int p, double t)
{
	switch (c->trajectory) {
	case 0:
		if (p == 1 && (c->index / 3) % 2 == 1)
			return 10 + 9 * t;
		return p == 0 ? 15 + 17 * t : 17 + 15 * t;
	case 2: return p == 0 ? 16 + 16 * t : 23 - 2 * t;
	default:
		if ((c->index / 3) % 2 == 1)
			return p == 0 ? 27 - 11 * t : 21 - 2 * t;
		return p == 0 ? 20 + t : 21 - t;
	}
}

/* The exercise library's templates (the files in templates/) the synthetic practice
 * assigns, with what an assignment copies from them. */
static const struct {
	const char *id, *title, *frequency;
	int minutes;
} demo_exercises[] = {
	{ "appreciation-tally", "Counting Appreciations", "daily", 5 },
	{ "attention-daily", "Ten Minutes, Phones Away", "daily", 10 },
	{ "conversation-cards", "An Evening Question", "daily", 15 },
	{ "dreams-within-conflict", "The Dream Behind the Disagreement", "weekly", 30 },
	{ "face-to-face-weekly", "Our Weekly Face-to-Face Conversation", "weekly", 30 },
	{ "flooding-plan", "Our Plan for When Things Boil Over", "once", 30 },
	{ "four-horsemen", "Four Habits to Catch, and What to Try Instead", "daily", 5 },
	{ "our-cycle", "Mapping Our Cycle", "once", 45 },
	{ "reaching-for-each-other", "Reaching for Each Other", "weekly", 20 },
	{ "repair-log", "Noticing Our Repair Attempts", "daily", 5 },
	{ "self-soothing", "Practising Calm", "daily", 10 },
	{ "slow-down-notice", "Slow Down and Notice", "daily", 5 },
	{ "softened-startup", "Rewriting Three Complaints", "weekly", 20 },
	{ "stance-check", "Checking My Stance", "daily", 5 },
	{ "stress-reducing-conversation", "Unwinding Together After the Day", "daily", 20 },
	{ "taking-responsibility", "Owning My Part", "daily", 5 },
	{ "talk-about-talking", "Talking About How We Talked", "weekly", 30 },
	{ "turning-toward", "Noticing Bids and Turning Toward", "daily", 5 },
};

/* Now and then a word from the therapist printed on the handout. */
static const char *const homework_notes[] = {
	"Pick a time when neither of you is rushing out of the door.",
	"Keep it short this week; doing it most days matters more than doing it long.",
	"If it starts to turn into an argument, stop, and bring it to our next session.",
	"Leave your notes on the fridge so you both remember.",
};

static const char *const checkin_comments[] = {
	"Easier on the weekend than on work days.",
	"Forgot twice, then set a reminder.",
	"Felt awkward at first, better by the end of the week.",
	"Travel got in the way.",
};

/* How many weekly sessions couple i has had, and the day of the first. The
 * small demo staggers its couples; the synthetic practice gives each about
 * opt->weeks, all ending within the last week. */
static int demo_weeks(const struct demo_run *run, int i, int64_t *first)
{
	int weeks;
	if (run->opt->synthetic) {
		weeks = run->opt->weeks - 12 + (i * 7) % 25;
		if (weeks < 1)
			weeks = 1;
		*first = run->today - 7LL * (weeks - 1) - (i % 7);
	} else {
		weeks = run->opt->weeks - (i % 4) * (run->opt->weeks / 8);
		if (weeks < 1)
			weeks = 1;
		*first = run->today - 7LL * weeks + (i % 5);
	}
	return weeks;
}

/* What brings the demo's couples to therapy: each gets one of these, with
 * goals and a confidentiality policy that vary from couple to couple. */
static const struct {
	const char *concerns, *history, *referral;
} demo_intakes[] = {
	{ "Arguments about money and chores that escalate fast; both say they feel unheard.",
		"Together nine years, two children. No earlier couples therapy.", "their GP" },
	{ "Growing distance since a move abroad; little time alone together.",
		"Together six years. Partner B saw an individual therapist last year.",
		"a friend who was a client" },
	{ "An affair disclosed three months ago; trust is the question for both.",
		"Married twelve years. Tried a weekend workshop two years ago.", "web search" },
	{ "Recurring fights about in-laws that end with one partner walking out.",
		"Together four years, living together for two.", "partner A's individual therapist" },
	{ "Conflict over whether to have children; both unsure whether to stay.",
		"Together eight years. One earlier separation of three months.", "their GP" },
};

/* Stores couple c's intake, and each partner's screening at intake. The
 * second couple's partner B reports fear during arguments, so the demo
 * shows a safety flag. No random draws: the rest of the practice stays as
 * it was before intakes existed. */
static enum dyad_error demo_intake(struct demo_run *run, int i, const struct demo_couple *c,
	const char *intake_day, struct dyad_status *st)
{
	static const char *const goals[] = { "improve", "clarify", "undecided" };
	size_t k = (size_t)i % COUNT(demo_intakes);
	struct intake_rec in;
	memset(&in, 0, sizeof in);
	in.couple_id = c->id;
	in.concerns = (char *)demo_intakes[k].concerns;
	in.history = (char *)demo_intakes[k].history;
	in.referral = (char *)demo_intakes[k].referral;
	snprintf(in.goal[0], sizeof in.goal[0], "%s", goals[i % 3 == 2 ? 1 : 0]);
	snprintf(in.goal[1], sizeof in.goal[1], "%s", goals[(i + 1) % 3]);
	snprintf(in.confidentiality, sizeof in.confidentiality, "%s",
		i % 2 == 0 ? "no-secrets" : "individual");
	enum dyad_error rc = intake_put(run->store, &in, -1, "demo", st);
	for (int p = 0; p < 2 && rc == DYAD_OK; p++) {
		bool flagged = i == 1 && p == 1;
		int64_t id;
		rc = screenings_insert(run->store, c->id, p, intake_day,
			"individual interview at intake", flagged ? "concern" : "none",
			flagged ? "Safety plan made with partner B; conflict exercises held back for now."
				: NULL, &id, st);
	}
	return rc;
}

/* Draws couple i's names, stores it and its partners, and fills c. */
static enum dyad_error demo_couple_add(struct demo_run *run, int i, struct demo_couple *c,
	struct dyad_status *st)
{
	struct strbuf name_a = STRBUF_INIT, name_b = STRBUF_INIT, couple = STRBUF_INIT;
	const char *pronouns[2] = { NULL, NULL };
	enum dyad_error rc;
	memset(c, 0, sizeof *c);
	if ((size_t)i < COUNT(featured)) {
		strbuf_adds(&name_a, featured[i].a);
		strbuf_adds(&name_b, featured[i].b);
		strbuf_adds(&couple, featured[i].couple);
		pronouns[0] = featured[i].a_pronouns;
		pronouns[1] = featured[i].b_pronouns;
	} else {
		const char *sa = surnames[rng_int(&run->r, 0, COUNT(surnames) - 1)];
		const char *sb = surnames[rng_int(&run->r, 0, COUNT(surnames) - 1)];
		strbuf_addf(&name_a, "%s %s",
			first_names[rng_int(&run->r, 0, COUNT(first_names) - 1)], sa);
		strbuf_addf(&name_b, "%s %s",
			first_names[rng_int(&run->r, 0, COUNT(first_names) - 1)], sb);
		strbuf_addf(&couple, "%s & %s (%d)", sa, sb, i + 1);
	}
	if (name_a.failed || name_b.failed || couple.failed) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	c->index = i;
	c->weeks = demo_weeks(run, i, &c->first);
	c->trajectory = i % 3;
	c->offset[0] = (rng_unit(&run->mr) - 0.5) * 0.2;
	c->offset[1] = (rng_unit(&run->mr) - 0.5) * 0.2;
	first_name(strbuf_str(&name_a), c->first_a, sizeof c->first_a);
	first_name(strbuf_str(&name_b), c->first_b, sizeof c->first_b);
	char intake[11];
	date_format(date_from_days(c->first - 7), intake);
	const char *names[2] = { strbuf_str(&name_a), strbuf_str(&name_b) };
	if ((rc = couples_insert(run->store, strbuf_str(&couple), intake, names, pronouns, &c->id,
		     st)) != DYAD_OK ||
		(rc = demo_intake(run, i, c, intake, st)) != DYAD_OK)
		goto done;
	run->sum.couples++;
	/* Most couples are active; a few are paused or have finished. */
	const char *status = i % 10 == 8 ? "paused" : i % 10 == 9 ? "closed" : NULL;
	if (status)
		rc = couples_update(run->store, c->id, NULL, status, st);
	/* ORS is due only where scheduled: these couples answer it each session. */
	if (rc == DYAD_OK && run->have_ors)
		rc = measure_schedule_set(run->store, c->id, run->ors.id, 1, st);
done:
	strbuf_release(&name_a);
	strbuf_release(&name_b);
	strbuf_release(&couple);
	return rc;
}

static enum dyad_error demo_rate(struct demo_run *run, int64_t session_id,
	const struct concept_rec *concept, int partner, int value, struct dyad_status *st)
{
	value = clamp(value, concept->scale_min, concept->scale_max);
	enum dyad_error rc = ratings_set(run->store, session_id, concept->id, partner, value, st);
	if (rc == DYAD_OK)
		run->sum.ratings++;
	return rc;
}

/* The ratings of one attended session. t runs from 0 at the first session
 * to 1 at the last; trajectory 0 improves, 1 is stuck, 2 has the partners
 * drifting apart. */
static enum dyad_error demo_ratings(struct demo_run *run, int64_t session_id, int w,
	double t, int trajectory, bool a_only, struct dyad_status *st)
{
	enum dyad_error rc;
	for (size_t c = 0; c < COUNT(demo_scales); c++) {
		for (int p = 0; p < 2; p++) {
			if (p == 1 && a_only)
				continue;
			double progress = trajectory == 1 ? 0.25 : trajectory == 2 && p == 1
				? 0.6 - 0.5 * t : t;
			double v = demo_scales[c].from +
				(demo_scales[c].to - demo_scales[c].from) * progress +
				(rng_unit(&run->r) - 0.5) * 1.2;
			if ((rc = demo_rate(run, session_id, &run->scales[c], p,
				     (int)(v < 0 ? v - 0.5 : v + 0.5), st)) != DYAD_OK)
				return rc;
		}
	}
	if (run->have_meta && w % 2 == 0 &&
		(rc = demo_rate(run, session_id, &run->meta, 2,
			 1 + (int)(t * 3.5 + rng_unit(&run->r)), st)) != DYAD_OK)
		return rc;
	/* The synthetic practice also counts repair attempts every third week. */
	if (run->opt->synthetic && run->have_repair && w % 3 == 0)
		for (int p = 0; p < (a_only ? 1 : 2); p++)
			if ((rc = demo_rate(run, session_id, &run->repair, p,
				     rng_int(&run->r, 0, 2) + (int)(t * 2), st)) != DYAD_OK)
				return rc;
	return DYAD_OK;
}

/* The outcome scores of a held session, for each partner present. */
static enum dyad_error demo_scores(struct demo_run *run, const struct demo_couple *c,
	int64_t session_id, double t, bool a_only, struct dyad_status *st)
{
	for (size_t m = 0; m < COUNT(demo_measures); m++) {
		for (int p = 0; p < 2 && run->have_measure[m]; p++) {
			if (p == 1 && a_only)
				continue;
			double span = demo_measures[m].high - demo_measures[m].low;
			double v = demo_measures[m].low + c->offset[p] * span +
				span * demo_measure_progress(c->trajectory, p, t) +
				(rng_unit(&run->mr) - 0.5) * 0.14 * span;
			v = (double)clamp((int)(v + 0.5), (int)run->measures[m].scale_min,
				(int)run->measures[m].scale_max);
			enum dyad_error rc = measure_values_set(run->store, session_id,
				run->measures[m].id, p, v, st);
			if (rc != DYAD_OK)
				return rc;
			run->sum.measures++;
		}
	}
	for (int p = 0; p < 2 && run->have_ors; p++) {
		if (p == 1 && a_only)
			continue;
		double v = demo_ors_level(c, p, t) + rng_int(&run->orr, -1, 1);
		v = (double)clamp((int)(v + 0.5), 0, 40);
		enum dyad_error rc = measure_values_set(run->store, session_id, run->ors.id, p, v, st);
		if (rc != DYAD_OK)
			return rc;
		run->sum.measures++;
	}
	return DYAD_OK;
}

/* The homework at a held session: how much of last time's assignment
 * each partner present did (then it is closed), and most weeks a new one,
 * due at the next session. */
static enum dyad_error demo_homework(struct demo_run *run, struct demo_couple *c,
	int64_t session_id, const char *day, int64_t day_number, double t, bool a_only,
	struct dyad_status *st)
{
	enum dyad_error rc;
	struct rng *r = &run->hr;
	if (c->homework != 0) {
		int64_t done_total = 0;
		for (int p = 0; p < (a_only ? 1 : 2); p++) {
			/* Adherence follows the couple's course, like the ratings. */
			double rate = c->trajectory == 1 ? 0.4 : c->trajectory == 2 && p == 1
				? 0.7 - 0.5 * t : 0.45 + 0.45 * t;
			int done = clamp((int)(c->homework_out_of * rate + (rng_unit(r) - 0.5) * 2.0 + 0.5),
				0, c->homework_out_of);
			struct checkin_new in = { c->homework, p, done, c->homework_out_of,
				rng_int(r, 0, 9) == 0 ? checkin_comments[rng_int(r, 0, COUNT(checkin_comments) - 1)]
						      : NULL,
				day, session_id };
			int64_t id;
			if ((rc = checkins_put(run->store, &in, &id, NULL, st)) != DYAD_OK)
				return rc;
			run->sum.checkins++;
			done_total += done;
		}
		if ((rc = assignments_set_status(run->store, c->homework,
			     done_total > 0 ? "done" : "dropped", st)) != DYAD_OK)
			return rc;
		c->homework = 0;
	}
	if (rng_int(r, 0, 9) >= 6)
		return DYAD_OK;
	size_t e = (size_t)rng_int(r, 0, COUNT(demo_exercises) - 1);
	char due[11];
	date_format(date_from_days(day_number + 7), due);
	struct assignment_new in = { c->id, demo_exercises[e].id, demo_exercises[e].title,
		demo_exercises[e].frequency, demo_exercises[e].minutes, day, due,
		rng_int(r, 0, 4) == 0 ? homework_notes[rng_int(r, 0, COUNT(homework_notes) - 1)] : NULL,
		session_id };
	if ((rc = assignments_insert(run->store, &in, &c->homework, st)) != DYAD_OK)
		return rc;
	run->sum.assignments++;
	c->homework_out_of = strcmp(demo_exercises[e].frequency, "daily") == 0 ? 7 : 1;
	return DYAD_OK;
}

/* Week w of couple c: the session, its note (signed unless it is from the
 * last week), and its ratings when it was held. */
static enum dyad_error demo_session(struct demo_run *run, struct demo_couple *c, int w,
	struct dyad_status *st)
{
	enum dyad_error rc;
	int i = c->index;
	int64_t day = c->first + 7LL * w;
	struct dyad_datetime when = { date_from_days(day), 9 + (i % 8), (i % 2) * 30 };
	char starts_at[17];
	datetime_format(&when, starts_at);
	int roll = rng_int(&run->r, 0, 99);
	const char *attendance = roll < 4 ? "cancelled" : roll < 6 ? "no-show"
		: roll < 9 ? "a-only" : "both";
	const char *modality = roll % 5 == 0 ? "video" : "in-person";
	bool held = roll >= 6;
	strbuf_reset(&run->note);
	if (held && run->opt->synthetic)
		make_long_note(&run->note, &run->r, c->first_a, c->first_b);
	else if (held)
		make_note(&run->note, &run->r, c->first_a, c->first_b, 7 + rng_int(&run->r, 0, 3));
	if (run->note.failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	/* Everything but the latest week's note is signed, as in a practice
	 * that keeps up with its paperwork. */
	bool sign = held && day < run->today - 7;
	int64_t session_id;
	if ((rc = sessions_insert_with_note(run->store, c->id, starts_at, 50, modality, attendance,
		     strbuf_str(&run->note), run->note.len, false, &session_id, st)) != DYAD_OK)
		return rc;
	run->sum.sessions++;
	if (!held)
		return DYAD_OK;
	run->sum.notes++;
	double t = c->weeks > 1 ? (double)w / (c->weeks - 1) : 1.0;
	bool a_only = strcmp(attendance, "a-only") == 0;
	/* Signed once its ratings and scores are in, as a clinician would:
	 * the signature seals them with the note. */
	if ((rc = demo_ratings(run, session_id, w, t, c->trajectory, a_only, st)) != DYAD_OK ||
		(rc = demo_scores(run, c, session_id, t, a_only, st)) != DYAD_OK ||
		(sign && (rc = notes_sign(run->store, session_id, st)) != DYAD_OK))
		return rc;
	char date[11];
	date_format(when.date, date);
	rc = demo_homework(run, c, session_id, date, day, t, a_only, st);
	return rc;
}

/* The small demo: one couple after another, each with all its weeks. */
static enum dyad_error demo_showcase(struct demo_run *run, struct dyad_status *st)
{
	enum dyad_error rc;
	for (int i = 0; i < run->opt->couples; i++) {
		struct demo_couple c;
		if ((rc = demo_couple_add(run, i, &c, st)) != DYAD_OK)
			return rc;
		int w = 0;
		for (; w < c.weeks && c.first + 7LL * w <= run->today; w++)
			if ((rc = demo_session(run, &c, w, st)) != DYAD_OK)
				return rc;
		/* Three couples have a treatment plan, its first objective met,
		 * progressing (an improving couple) or without data. */
		static const int plan_kind[] = { DEMO_PLAN_MET, -1, DEMO_PLAN_NO_DATA,
			DEMO_PLAN_PROGRESSING };
		if (i < (int)COUNT(plan_kind) && plan_kind[i] >= 0 &&
			(rc = demo_plan_add(run->store, c.id, (enum demo_plan_kind)plan_kind[i], c.homework,
				 st)) != DYAD_OK)
			return rc;
		/* Every other couple has its next sessions booked already, so the
		 * demo shows planned sessions beside the ones held. */
		int64_t next = c.first + 7LL * w;
		if (next <= run->today)
			next = run->today + 1;
		/* The second couple is booked for late this afternoon, so the
		 * agenda and the Today screen have a session today as well. */
		if (i == 1 && c.first + 7LL * (w - 1) != run->today) {
			struct dyad_datetime when = { date_from_days(run->today), 17, 30 };
			char starts_at[17];
			datetime_format(&when, starts_at);
			int64_t id;
			if ((rc = sessions_insert(run->store, c.id, starts_at, 50, "video", "planned",
				     &id, st)) != DYAD_OK)
				return rc;
			run->sum.sessions++;
		}
		for (int ahead = 0; ahead < 2 && i % 2 == 0; ahead++) {
			int64_t day = next + 7LL * ahead;
			struct dyad_datetime when = { date_from_days(day), 9 + (i % 8), (i % 2) * 30 };
			char starts_at[17];
			datetime_format(&when, starts_at);
			int64_t id;
			if ((rc = sessions_insert(run->store, c.id, starts_at, 50, "in-person", "planned",
				     &id, st)) != DYAD_OK)
				return rc;
			run->sum.sessions++;
		}
	}
	return DYAD_OK;
}

/* The synthetic practice: every couple first, then the sessions day by day
 * and hour by hour, as a practice records them, so session ids follow the
 * calendar as they do in real use. */
static enum dyad_error demo_synthetic(struct demo_run *run, struct dyad_status *st)
{
	int n = run->opt->couples;
	struct demo_couple *c = calloc((size_t)n, sizeof *c);
	if (c == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	enum dyad_error rc = DYAD_OK;
	int64_t start = run->today;
	for (int i = 0; i < n && rc == DYAD_OK; i++) {
		rc = demo_couple_add(run, i, &c[i], st);
		if (c[i].first < start)
			start = c[i].first;
	}
	for (int64_t day = start; day <= run->today && rc == DYAD_OK; day++)
		for (int hour = 0; hour < 8 && rc == DYAD_OK; hour++) /* couple i sees at 9 + i % 8 */
			for (int i = hour; i < n && rc == DYAD_OK; i += 8) {
				int64_t since = day - c[i].first;
				if (since >= 0 && since % 7 == 0 && since / 7 < c[i].weeks)
					rc = demo_session(run, &c[i], (int)(since / 7), st);
			}
	free(c);
	return rc;
}

static enum dyad_error demo_load_concepts(struct demo_run *run, struct dyad_status *st)
{
	enum dyad_error rc;
	for (; run->scales_loaded < COUNT(demo_scales); run->scales_loaded++)
		if ((rc = concepts_find(run->store, demo_scales[run->scales_loaded].key,
			     &run->scales[run->scales_loaded], st)) != DYAD_OK)
			return rc;
	/* A catalogue without these is fine: they are simply not rated. */
	run->have_meta = concepts_find(run->store, "meta", &run->meta, st) == DYAD_OK;
	run->have_repair = concepts_find(run->store, "repair.attempts", &run->repair, st) ==
		DYAD_OK;
	for (size_t m = 0; m < COUNT(demo_measures); m++)
		run->have_measure[m] = measures_find(run->store, demo_measures[m].key,
			&run->measures[m], st) == DYAD_OK;
	/* The synthetic practice stays as it was: its figures are benchmarks. */
	run->have_ors = !run->opt->synthetic &&
		measures_find(run->store, "ors", &run->ors, st) == DYAD_OK;
	dyad_status_clear(st);
	return DYAD_OK;
}

enum dyad_error demo_generate(struct store *store, const struct demo_options *opt,
	struct demo_summary *summary, struct dyad_status *st)
{
	struct demo_run run = { .store = store, .opt = opt, .r = { opt->seed },
		.hr = { opt->seed ^ 0x686F6D65776F726Bull },
		.mr = { opt->seed ^ 0x6D65617375726573ull },
		.orr = { opt->seed ^ 0x6F7574636F6D6573ull },
		.today = date_to_days(date_today()), .note = STRBUF_INIT };
	int64_t existing = 0;
	bool bulk = false;
	enum dyad_error rc = store_bulk_begin(store, st);
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
	if ((rc = demo_load_concepts(&run, st)) != DYAD_OK)
		goto fail;
	/* One audit entry stands for the whole fictional practice, instead of
	 * one per generated row. */
	audit_bulk_begin(store);
	bulk = true;
	if ((rc = opt->synthetic ? demo_synthetic(&run, st) : demo_showcase(&run, st)) != DYAD_OK)
		goto fail;
	audit_bulk_end(store);
	bulk = false;
	char detail[200];
	snprintf(detail, sizeof detail,
		"fictional demo practice: %lld couples, %lld sessions, %lld notes, %lld ratings, "
		"%lld measures", (long long)run.sum.couples, (long long)run.sum.sessions,
		(long long)run.sum.notes, (long long)run.sum.ratings, (long long)run.sum.measures);
	if ((rc = audit_record_covering_signed(store, AUDIT_CREATE, "demo", detail, st)) != DYAD_OK)
		goto fail;
	if ((rc = store_bulk_commit(store, st)) != DYAD_OK)
		goto done;
	if (summary)
		*summary = run.sum;
	goto done;
fail:
	if (bulk)
		audit_bulk_end(store);
	store_bulk_rollback(store);
done:
	for (size_t c = 0; c < run.scales_loaded; c++)
		concept_rec_free(&run.scales[c]);
	if (run.have_meta)
		concept_rec_free(&run.meta);
	if (run.have_repair)
		concept_rec_free(&run.repair);
	for (size_t m = 0; m < COUNT(demo_measures); m++)
		if (run.have_measure[m])
			measure_rec_free(&run.measures[m]);
	if (run.have_ors)
		measure_rec_free(&run.ors);
	strbuf_release(&run.note);
	return rc;
}
