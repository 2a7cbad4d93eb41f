/* caseload.c: every couple's caseload figures from one pass over each
 * table, in storage order. Sessions are put in date order and numbered; each
 * rating or score then only has to keep, per couple, scale and partner, a
 * count and the TREND_WINDOW values with the latest numbers, which is all a
 * trend needs, whatever order the rows come in. Check-ins are grouped by
 * assignment in memory. */
#include "app/domain/caseload.h"

#include <stdlib.h>
#include <string.h>

#include "app/domain/outcomes.h"
#include "app/domain/session_state.h"
#include "app/store/concepts.h"
#include "app/store/intake.h"
#include "app/store/measures.h"
#include "app/store/scan.h"

/* Where a session belongs: its couple's slot (-1: a couple not asked for)
 * and its place in date order. */
struct session_place {
	int32_t slot;     /* -1 also for a session not held: its values do not count */
	uint32_t rank;
	uint8_t came;     /* bit 0: partner A was there, bit 1: partner B */
};

/* The latest TREND_WINDOW values of one partner on one scale, unordered,
 * and the first. */
struct recent {
	uint32_t rank[TREND_WINDOW];
	double value[TREND_WINDOW];
	uint32_t kept;
	uint32_t count;
	uint32_t first_rank;
	double first_value;
};

/* Every score of one partner on the main measure, in the order read. */
struct ranked_value {
	uint32_t rank;
	double value;
};

struct ranked_list {
	struct ranked_value *items;
	size_t len, cap;
};

/* A session as read: enough to put it in date order and count it. */
struct session_row {
	int64_t id, couple_id;
	char starts_at[17];
	enum session_state state;
	uint8_t came;
};

struct assignment_info {
	int32_t slot;  /* -1: no such assignment, or a couple not asked for */
	enum homework_frequency frequency;
	int64_t assigned_day;
};

struct checkin_row {
	int64_t assignment_id;
	struct adherence_checkin c;
};

/* An item id (measure or concept) and its scale's index. */
struct item_index {
	int64_t id;
	size_t scale;
};

struct loader {
	struct caseload *out;
	int64_t today;
	int recent_days;
	/* couple id -> slot, for ids 0..couple_ids_len-1 */
	int32_t *couple_slot;
	size_t couple_ids_len;
	/* session id -> place, for ids 0..places_len-1 */
	struct session_place *places;
	size_t places_len;
	/* couple slot * scales * 2 + scale * 2 + partner */
	struct recent *recent;
	/* per couple slot: the ranks of its last CASELOAD_STALE_SESSIONS held
	 * sessions (a ring), and the rank a score must reach to be recent */
	uint32_t (*last_held)[CASELOAD_STALE_SESSIONS];
	uint32_t *lately_from;
	/* couple slot * 2 + partner: the main measure's scores */
	struct ranked_list *main;
	size_t nscales;
	struct item_index *measure_items, *concept_items;
	/* the sessions as read, put in date order before anything else */
	struct session_row *sessions;
	size_t sessions_len, sessions_cap;
	/* assignment id -> what adherence needs, for ids 0..assignments_len-1 */
	struct assignment_info *assignments;
	size_t assignments_len;
	/* every check-in, grouped by assignment once all are read */
	struct checkin_row *checkins;
	size_t checkins_len, checkins_cap;
};

static int item_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct item_index *)a)->id, y = ((const struct item_index *)b)->id;
	return (x > y) - (x < y);
}

static bool find_item(const struct item_index *items, size_t n, int64_t id, size_t *scale)
{
	struct item_index key = { id, 0 };
	const struct item_index *hit = bsearch(&key, items, n, sizeof *items, item_cmp);
	if (hit != NULL)
		*scale = hit->scale;
	return hit != NULL;
}

static int32_t slot_of(const struct loader *l, int64_t couple_id)
{
	if (couple_id < 0 || (uint64_t)couple_id >= l->couple_ids_len)
		return -1;
	return l->couple_slot[couple_id];
}

static int64_t day_of(const char *text)
{
	struct dyad_date d = { 1970, 1, 1 };
	date_parse(text, &d);
	return date_to_days(d);
}

/* --- sessions: counts, the latest held one, and each one's place ---------------- */

static enum dyad_error on_session(void *ctx, const struct scan_session *row,
	struct dyad_status *st)
{
	struct loader *l = ctx;
	if (l->sessions_len == l->sessions_cap) {
		size_t ncap = l->sessions_cap ? l->sessions_cap * 2 : 1024;
		struct session_row *p = realloc(l->sessions, ncap * sizeof *p);
		if (p == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		l->sessions = p;
		l->sessions_cap = ncap;
	}
	struct session_row *r = &l->sessions[l->sessions_len++];
	r->id = row->id;
	r->couple_id = row->couple_id;
	size_t n = strnlen(row->starts_at, sizeof r->starts_at - 1);
	memcpy(r->starts_at, row->starts_at, n);
	r->starts_at[n] = '\0';
	r->state = session_state_on(row->attendance, false, row->starts_at, l->today);
	r->came = (uint8_t)((session_partner_came(row->attendance, 0) ? 1 : 0) |
		(session_partner_came(row->attendance, 1) ? 2 : 0));
	return DYAD_OK;
}

/* Date order as SQL's ORDER BY starts_at, id (the column is 16 characters). */
static int session_order(const void *a, const void *b)
{
	const struct session_row *x = a, *y = b;
	int c = strcmp(x->starts_at, y->starts_at);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Numbers the sessions in date order and counts each couple's. */
static enum dyad_error place_sessions(struct loader *l, struct dyad_status *st)
{
	if (l->sessions_len > 1)
		qsort(l->sessions, l->sessions_len, sizeof *l->sessions, session_order);
	int64_t max_id = -1;
	for (size_t i = 0; i < l->sessions_len; i++)
		if (l->sessions[i].id > max_id)
			max_id = l->sessions[i].id;
	l->places_len = (size_t)(max_id + 1);
	l->places = malloc((l->places_len ? l->places_len : 1) * sizeof *l->places);
	if (l->places == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < l->places_len; i++)
		l->places[i].slot = -1;
	for (size_t i = 0; i < l->sessions_len; i++) {
		const struct session_row *r = &l->sessions[i];
		if (r->id < 0)
			continue;
		int32_t slot = slot_of(l, r->couple_id);
		/* As trends_load: only a held session's values count. */
		l->places[r->id].slot = r->state == SESSION_HELD ? slot : -1;
		l->places[r->id].rank = (uint32_t)i;
		l->places[r->id].came = r->came;
		if (slot < 0)
			continue;
		struct caseload_couple *c = &l->out->couples[slot];
		if (r->state == SESSION_NO_SHOW || r->state == SESSION_CANCELLED)
			c->sessions_missed++;
		if (r->state != SESSION_HELD)
			continue;
		l->last_held[slot][c->sessions_held % CASELOAD_STALE_SESSIONS] = (uint32_t)i;
		c->sessions_held++;
		struct dyad_datetime when;
		if (!datetime_parse(r->starts_at, &when, NULL))
			continue;
		int64_t day = date_to_days(when.date);
		if (day <= l->today && day > l->today - l->recent_days)
			c->sessions_recent++;
		/* In date order: the last held one seen is the latest. */
		c->has_last_session = true;
		c->last_session = when.date;
	}
	/* With fewer held sessions than the ring holds, any score is recent;
	 * else the oldest in the ring, the next one to be overwritten, is the
	 * first of the latest few. */
	for (size_t k = 0; k < l->out->len; k++) {
		int held = l->out->couples[k].sessions_held;
		l->lately_from[k] = held < CASELOAD_STALE_SESSIONS ? 0
			: l->last_held[k][held % CASELOAD_STALE_SESSIONS];
	}
	free(l->sessions);
	l->sessions = NULL;
	l->sessions_len = l->sessions_cap = 0;
	return DYAD_OK;
}

/* --- ratings and scores: a count and the latest few per partner ------------------ */

static void keep_recent(struct recent *r, uint32_t rank, double value)
{
	if (r->count == 0 || rank < r->first_rank) {
		r->first_rank = rank;
		r->first_value = value;
	}
	r->count++;
	if (r->kept < TREND_WINDOW) {
		r->rank[r->kept] = rank;
		r->value[r->kept++] = value;
		return;
	}
	size_t oldest = 0;
	for (size_t i = 1; i < TREND_WINDOW; i++)
		if (r->rank[i] < r->rank[oldest])
			oldest = i;
	if (rank > r->rank[oldest]) {
		r->rank[oldest] = rank;
		r->value[oldest] = value;
	}
}

/* Keeps a value where its trend needs it; returns where it was placed
 * (NULL: it does not count). */
static const struct session_place *place_value(struct loader *l, const struct scan_value *row,
	size_t scale)
{
	if (row->session_id < 0 || (uint64_t)row->session_id >= l->places_len)
		return NULL;
	const struct session_place *at = &l->places[row->session_id];
	if (at->slot < 0)
		return NULL;
	/* As trends_load: a couple-level rating lives in partner A's slot, and
	 * a rating whose level does not match its concept's is left out. */
	const struct trend_series *s = &l->out->scales[scale];
	if (s->couple_level != (row->partner == 2))
		return NULL;
	if (row->partner != 2 && !(at->came & (1u << row->partner)))
		return NULL;
	int p = row->partner == 2 ? 0 : row->partner;
	keep_recent(&l->recent[((size_t)at->slot * l->nscales + scale) * 2 + (size_t)p], at->rank,
		row->value);
	return at;
}

static enum dyad_error on_score(void *ctx, const struct scan_value *row, struct dyad_status *st)
{
	struct loader *l = ctx;
	size_t scale;
	if (!find_item(l->measure_items, l->out->measures_len, row->item_id, &scale))
		return DYAD_OK;
	const struct session_place *at = place_value(l, row, scale);
	if (at == NULL)
		return DYAD_OK;
	struct caseload_couple *c = &l->out->couples[at->slot];
	c->scores++;
	if (at->rank >= l->lately_from[at->slot])
		c->scored_lately = true;
	if (!l->out->has_main || scale != l->out->main_measure || row->partner > 1)
		return DYAD_OK;
	struct ranked_list *list = &l->main[(size_t)at->slot * 2 + (size_t)row->partner];
	if (list->len == list->cap) {
		size_t ncap = list->cap ? list->cap * 2 : 16;
		struct ranked_value *p = realloc(list->items, ncap * sizeof *p);
		if (p == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		list->items = p;
		list->cap = ncap;
	}
	list->items[list->len++] = (struct ranked_value){ at->rank, row->value };
	return DYAD_OK;
}

static int ranked_order(const void *a, const void *b)
{
	uint32_t x = ((const struct ranked_value *)a)->rank, y = ((const struct ranked_value *)b)->rank;
	return (x > y) - (x < y);
}

/* The main measure's scores of one partner, oldest first, into the couple. */
static enum dyad_error finish_main(struct ranked_list *list, struct caseload_couple *c, int p,
	struct dyad_status *st)
{
	if (list->len == 0)
		return DYAD_OK;
	qsort(list->items, list->len, sizeof *list->items, ranked_order);
	c->main_values[p] = malloc(list->len * sizeof *c->main_values[p]);
	if (c->main_values[p] == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < list->len; i++)
		c->main_values[p][i] = list->items[i].value;
	c->main_len[p] = list->len;
	return DYAD_OK;
}

static enum dyad_error on_rating(void *ctx, const struct scan_value *row, struct dyad_status *st)
{
	(void)st;
	struct loader *l = ctx;
	size_t scale;
	if (find_item(l->concept_items, l->out->concepts_len, row->item_id, &scale))
		place_value(l, row, scale);
	return DYAD_OK;
}

/* The figures of one partner from what was kept, as series_summarise()
 * in trends.c works them out from the full history. */
static void finish_partner(const struct trend_series *s, const struct recent *r,
	struct trend_partner *tp)
{
	double values[TREND_WINDOW];
	uint32_t ranks[TREND_WINDOW];
	size_t n = r->kept;
	memcpy(values, r->value, n * sizeof *values);
	memcpy(ranks, r->rank, n * sizeof *ranks);
	for (size_t i = 1; i < n; i++) /* oldest first: a handful, insertion sort */
		for (size_t j = i; j > 0 && ranks[j - 1] > ranks[j]; j--) {
			uint32_t tr = ranks[j];
			ranks[j] = ranks[j - 1];
			ranks[j - 1] = tr;
			double tv = values[j];
			values[j] = values[j - 1];
			values[j - 1] = tv;
		}
	memset(tp, 0, sizeof *tp);
	tp->count = r->count;
	tp->has_first = r->count > 0;
	tp->first = r->count > 0 ? r->first_value : 0.0;
	tp->has_last = n > 0;
	tp->last = n > 0 ? values[n - 1] : 0.0;
	tp->fit = trend_fit_recent(values, n);
	tp->direction = trend_direction_of(tp->fit, s->scale_max - s->scale_min);
	tp->past_cutoff = tp->has_last && trend_past_cutoff(s, tp->last);
}

/* --- homework: each assignment's adherence, summed per couple -------------------- */

static enum dyad_error on_assignment(void *ctx, const struct scan_assignment *row,
	struct dyad_status *st)
{
	struct loader *l = ctx;
	if (row->id < 0)
		return DYAD_OK;
	if ((uint64_t)row->id >= l->assignments_len) {
		size_t n = l->assignments_len ? l->assignments_len : 1024;
		while (n <= (uint64_t)row->id)
			n *= 2;
		struct assignment_info *p = realloc(l->assignments, n * sizeof *p);
		if (p == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		for (size_t i = l->assignments_len; i < n; i++)
			p[i].slot = -1;
		l->assignments = p;
		l->assignments_len = n;
	}
	struct assignment_info *a = &l->assignments[row->id];
	a->slot = slot_of(l, row->couple_id);
	a->frequency = HOMEWORK_DAILY;
	homework_frequency_parse(row->frequency, &a->frequency);
	a->assigned_day = day_of(row->assigned_on);
	return DYAD_OK;
}

static enum dyad_error on_checkin(void *ctx, const struct scan_checkin *row,
	struct dyad_status *st)
{
	struct loader *l = ctx;
	if (l->checkins_len == l->checkins_cap) {
		size_t ncap = l->checkins_cap ? l->checkins_cap * 2 : 1024;
		struct checkin_row *p = realloc(l->checkins, ncap * sizeof *p);
		if (p == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		l->checkins = p;
		l->checkins_cap = ncap;
	}
	struct checkin_row *c = &l->checkins[l->checkins_len++];
	c->assignment_id = row->assignment_id;
	c->c.day = day_of(row->checked_on);
	c->c.partner = row->partner;
	c->c.done = row->done;
	c->c.out_of = row->out_of;
	return DYAD_OK;
}

/* Ties keep their order of arrival (the index breaks them), so a partner's
 * check-ins of one day would stay in the order the store gave. */
static int checkin_order(const void *a, const void *b)
{
	const struct checkin_row *x = a, *y = b;
	if (x->assignment_id != y->assignment_id)
		return (x->assignment_id > y->assignment_id) - (x->assignment_id < y->assignment_id);
	return (x > y) - (x < y);
}

/* Each assignment's check-ins together, their adherence added to its couple's
 * (an assignment without check-ins adds nothing). */
static enum dyad_error sum_homework(struct loader *l, struct dyad_status *st)
{
	if (l->checkins_len > 1)
		qsort(l->checkins, l->checkins_len, sizeof *l->checkins, checkin_order);
	struct adherence_checkin *group = malloc((l->checkins_len ? l->checkins_len : 1) *
		sizeof *group);
	if (group == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < l->checkins_len;) {
		int64_t id = l->checkins[i].assignment_id;
		size_t n = 0;
		for (; i < l->checkins_len && l->checkins[i].assignment_id == id; i++)
			group[n++] = l->checkins[i].c;
		if (id < 0 || (uint64_t)id >= l->assignments_len || l->assignments[id].slot < 0)
			continue;
		const struct assignment_info *a = &l->assignments[id];
		struct adherence r;
		adherence_compute(a->frequency, a->assigned_day, group, n, &r);
		struct adherence_tally *sum = &l->out->couples[a->slot].homework;
		sum->done += r.together.done;
		sum->expected += r.together.expected;
		sum->checkins += r.together.checkins;
	}
	free(group);
	return DYAD_OK;
}

/* --- safety screenings --------------------------------------------------------- */

static enum dyad_error load_safety(struct store *store, struct loader *l, struct dyad_status *st)
{
	int64_t *ids = NULL;
	int *level = NULL;
	size_t n = 0;
	enum dyad_error rc = screenings_flagged(store, &ids, &level, &n, st);
	if (rc != DYAD_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int32_t slot = slot_of(l, ids[i]);
		if (slot >= 0)
			l->out->couples[slot].safety = level[i] >= 2 ? SAFETY_SEVERE
				: level[i] == 1 ? SAFETY_CONCERN : SAFETY_NONE;
	}
	free(ids);
	free(level);
	return DYAD_OK;
}

/* --- the catalogue ------------------------------------------------------------- */

/* The scales as trends_load() builds them, without cells. */
static enum dyad_error load_catalogue(struct store *store, struct loader *l,
	struct dyad_status *st)
{
	struct measure_list measures = { NULL, 0 };
	struct concept_list concepts = { NULL, 0 };
	struct caseload *out = l->out;
	enum dyad_error rc;
	if ((rc = measures_list_in_use(store, &measures, st)) != DYAD_OK ||
		(rc = concepts_list(store, &concepts, st)) != DYAD_OK)
		goto done;
	size_t n = measures.len + concepts.len;
	out->scales = calloc(n ? n : 1, sizeof *out->scales);
	l->measure_items = calloc(measures.len ? measures.len : 1, sizeof *l->measure_items);
	l->concept_items = calloc(concepts.len ? concepts.len : 1, sizeof *l->concept_items);
	if (out->scales == NULL || l->measure_items == NULL || l->concept_items == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	bool ok = true;
	for (size_t k = 0; k < measures.len; k++) {
		const struct measure_rec *m = &measures.items[k];
		ok = trend_series_of_measure(&out->scales[out->measures_len++], m) && ok;
		l->measure_items[k] = (struct item_index){ m->id, k };
	}
	for (size_t k = 0; k < concepts.len; k++) {
		const struct concept_rec *c = &concepts.items[k];
		ok = trend_series_of_concept(&out->scales[measures.len + out->concepts_len++], c) && ok;
		l->concept_items[k] = (struct item_index){ c->id, measures.len + k };
	}
	if (!ok) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	/* CSI-4 is the measure couples work is usually read by. */
	out->has_main = measures.len > 0;
	for (size_t k = 0; k < measures.len; k++)
		if (strcmp(measures.items[k].key, "csi4") == 0) {
			out->main_measure = k;
			break;
		}
	qsort(l->measure_items, measures.len, sizeof *l->measure_items, item_cmp);
	qsort(l->concept_items, concepts.len, sizeof *l->concept_items, item_cmp);
	l->nscales = n;
done:
	measure_list_free(&measures);
	concept_list_free(&concepts);
	return rc;
}

/* --- the whole ------------------------------------------------------------------ */

static enum dyad_error prepare_couples(struct loader *l, const int64_t *ids, size_t n,
	struct dyad_status *st)
{
	struct caseload *out = l->out;
	int64_t max = -1;
	for (size_t i = 0; i < n; i++)
		if (ids[i] > max)
			max = ids[i];
	l->couple_ids_len = (size_t)(max + 1);
	l->couple_slot = malloc((l->couple_ids_len ? l->couple_ids_len : 1) * sizeof *l->couple_slot);
	out->couples = calloc(n ? n : 1, sizeof *out->couples);
	l->recent = calloc((n ? n : 1) * (l->nscales ? l->nscales : 1) * 2, sizeof *l->recent);
	l->last_held = calloc(n ? n : 1, sizeof *l->last_held);
	l->lately_from = calloc(n ? n : 1, sizeof *l->lately_from);
	l->main = calloc(2 * (n ? n : 1), sizeof *l->main);
	if (out->couples != NULL)
		out->len = n; /* from here caseload_free() can release what exists */
	if (l->couple_slot == NULL || out->couples == NULL || l->recent == NULL ||
		l->last_held == NULL || l->lately_from == NULL || l->main == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < l->couple_ids_len; i++)
		l->couple_slot[i] = -1;
	for (size_t i = 0; i < n; i++) {
		if (ids[i] >= 0)
			l->couple_slot[ids[i]] = (int32_t)i;
		out->couples[i].couple_id = ids[i];
		out->couples[i].scales = calloc(l->nscales ? l->nscales : 1,
			sizeof *out->couples[i].scales);
		if (out->couples[i].scales == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	return DYAD_OK;
}

enum dyad_error caseload_load(struct store *store, const int64_t *couple_ids, size_t n,
	int64_t today, int recent_days, struct caseload *out, struct dyad_status *st)
{
	struct loader l;
	memset(out, 0, sizeof *out);
	memset(&l, 0, sizeof l);
	l.out = out;
	l.today = today;
	l.recent_days = recent_days;
	enum dyad_error rc = store_read_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = load_catalogue(store, &l, st)) != DYAD_OK ||
		(rc = prepare_couples(&l, couple_ids, n, st)) != DYAD_OK ||
		(rc = scan_sessions(store, on_session, &l, st)) != DYAD_OK ||
		(rc = place_sessions(&l, st)) != DYAD_OK ||
		(rc = scan_measure_values(store, on_score, &l, st)) != DYAD_OK ||
		(rc = scan_ratings(store, on_rating, &l, st)) != DYAD_OK ||
		(rc = scan_assignments(store, on_assignment, &l, st)) != DYAD_OK ||
		(rc = scan_checkins(store, on_checkin, &l, st)) != DYAD_OK ||
		(rc = sum_homework(&l, st)) != DYAD_OK ||
		(rc = load_safety(store, &l, st)) != DYAD_OK)
		goto done;
	for (size_t i = 0; i < out->len; i++) {
		for (size_t k = 0; k < l.nscales; k++) {
			const struct trend_series *s = &out->scales[k];
			struct caseload_scale *cs = &out->couples[i].scales[k];
			int partners = s->couple_level ? 1 : 2;
			for (int p = 0; p < partners; p++)
				finish_partner(s, &l.recent[(i * l.nscales + k) * 2 + (size_t)p],
					&cs->partner[p]);
			cs->diverging = !s->couple_level && trend_diverging(cs->partner[0].fit,
				cs->partner[1].fit, s->scale_max - s->scale_min);
		}
		for (int p = 0; p < 2; p++)
			if ((rc = finish_main(&l.main[2 * i + (size_t)p], &out->couples[i], p, st)) !=
				DYAD_OK)
				goto done;
	}
done:
	store_read_end(store);
	free(l.couple_slot);
	free(l.places);
	free(l.recent);
	free(l.measure_items);
	free(l.concept_items);
	free(l.checkins);
	free(l.sessions);
	free(l.assignments);
	free(l.last_held);
	free(l.lately_from);
	for (size_t i = 0; l.main != NULL && i < 2 * out->len; i++)
		free(l.main[i].items);
	free(l.main);
	if (rc != DYAD_OK)
		caseload_free(out);
	return rc;
}

void caseload_free(struct caseload *c)
{
	if (c == NULL)
		return;
	for (size_t k = 0; k < c->measures_len + c->concepts_len; k++) {
		free(c->scales[k].key);
		free(c->scales[k].name);
	}
	free(c->scales);
	for (size_t i = 0; i < c->len; i++) {
		free(c->couples[i].scales);
		free(c->couples[i].main_values[0]);
		free(c->couples[i].main_values[1]);
	}
	free(c->couples);
	memset(c, 0, sizeof *c);
}

/* --- who needs attention first ---------------------------------------------------- */

static void reason_add(struct strbuf *why, const char *text)
{
	if (why->len)
		strbuf_adds(why, "; ");
	strbuf_adds(why, text);
}

int caseload_attention(const struct caseload *cl, const struct caseload_couple *c, int alerts,
	const char *const names[2], struct strbuf *why)
{
	int rank = 0;
	if (c->safety != SAFETY_NONE) {
		rank |= (int)c->safety << 12;
		reason_add(why, c->safety == SAFETY_SEVERE ? "safety screen: severe"
							  : "safety screen: concern");
	}
	if (alerts > 0) {
		rank |= (alerts > 15 ? 15 : alerts) << 8;
		if (why->len)
			strbuf_adds(why, "; ");
		strbuf_addf(why, "%d safety alert%s", alerts, alerts == 1 ? "" : "s");
	}
	for (size_t m = 0; m < cl->measures_len; m++) {
		const struct trend_series *s = &cl->scales[m];
		struct outcome_scale scale = { s->higher_is_better, s->has_cutoff, s->cutoff,
			s->has_reliable_change, s->reliable_change };
		bool worse[2];
		for (int p = 0; p < 2; p++) {
			const struct trend_partner *tp = &c->scales[m].partner[p];
			worse[p] = tp->has_first && tp->has_last &&
				outcome_classify(&scale, tp->count, tp->first, tp->last) ==
					OUTCOME_DETERIORATED;
		}
		if (!worse[0] && !worse[1])
			continue;
		rank |= 1 << 3;
		const char *a = names[0] && names[0][0] ? names[0] : "partner A";
		const char *b = names[1] && names[1][0] ? names[1] : "partner B";
		if (why->len)
			strbuf_adds(why, "; ");
		if (worse[0] && worse[1])
			strbuf_addf(why, "%s worsening (%s and %s)", s->name, a, b);
		else
			strbuf_addf(why, "%s worsening (%s)", s->name, worse[0] ? a : b);
	}
	bool first = true;
	for (size_t k = 0; k < cl->measures_len + cl->concepts_len; k++) {
		if (!c->scales[k].diverging)
			continue;
		if (first) {
			rank |= 1 << 2;
			reason_add(why, "partners moving apart on ");
		} else {
			strbuf_adds(why, ", ");
		}
		strbuf_adds(why, cl->scales[k].name);
		first = false;
	}
	if (c->scores == 0) {
		rank |= 1;
		reason_add(why, "no scores yet");
	} else if (!c->scored_lately) {
		rank |= 1 << 1;
		if (why->len)
			strbuf_adds(why, "; ");
		strbuf_addf(why, "no scores in the last %d sessions", CASELOAD_STALE_SESSIONS);
	}
	return rank;
}
