/* alerts.c: the safety alert rules, and reading a caseload's inputs for
 * them in a few set-based queries. */
#include "app/domain/alerts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/intake.h"
#include "app/domain/validate.h"
#include "app/store/homework.h"

/* "20 Nov" for 2026-11-20 (the day as stored when it does not parse). */
static void short_date(const char *day, char *out, size_t size)
{
	static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	struct dyad_date d;
	if (!date_parse(day, &d)) {
		snprintf(out, size, "%s", day);
		return;
	}
	snprintf(out, size, "%d %s", d.day, months[d.month - 1]);
}

/* Appends to a reason, with "; " between parts; the text is cut to fit. */
static void reason_add(char *reason, bool *first, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void reason_add(char *reason, bool *first, const char *fmt, ...)
{
	size_t used = strlen(reason);
	if (!*first && used + 2 < ALERT_REASON_MAX) {
		memcpy(reason + used, "; ", 3);
		used += 2;
	}
	*first = false;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason + used, ALERT_REASON_MAX - used, fmt, ap);
	va_end(ap);
}

/* "7, 5, 4, 2": the last `last` values, oldest first. */
static void values_text(const struct alert_values *v, size_t last, char *out, size_t size)
{
	size_t from = v->n > last ? v->n - last : 0, used = 0;
	out[0] = '\0';
	for (size_t i = from; i < v->n && used < size; i++) {
		int n = snprintf(out + used, size - used, "%s%g", i > from ? ", " : "", v->value[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static enum trend_direction values_direction(const struct alert_values *v)
{
	return trend_direction_of(trend_fit_recent(v->value, v->n), v->scale_max - v->scale_min);
}

static bool felt_safety_alert(const struct alert_input *in, int p, int threshold,
	struct alert *a)
{
	const struct alert_values *measure = &in->series[ALERT_SERIES_FELT_SAFETY][p];
	const struct alert_values *rating = &in->series[ALERT_SERIES_SAFETY_RATING][p];
	bool first = true;
	char when[16], values[64];
	snprintf(a->reason, sizeof a->reason, "%s: ", in->partner_name[p]);
	size_t head = strlen(a->reason);
	if (measure->n > 0 && measure->value[measure->n - 1] <= threshold) {
		short_date(measure->on[measure->n - 1], when, sizeof when);
		reason_add(a->reason, &first, "felt safety %g/%g on %s",
			measure->value[measure->n - 1], measure->scale_max, when);
	}
	if (rating->n > 0 && rating->value[rating->n - 1] <= threshold) {
		short_date(rating->on[rating->n - 1], when, sizeof when);
		reason_add(a->reason, &first, "safety rated %g/%g in session on %s",
			rating->value[rating->n - 1], rating->scale_max, when);
	}
	if (values_direction(measure) == TREND_FALLING) {
		values_text(measure, TREND_WINDOW, values, sizeof values);
		reason_add(a->reason, &first, "felt safety worsening (%s)", values);
	}
	if (values_direction(rating) == TREND_FALLING) {
		values_text(rating, TREND_WINDOW, values, sizeof values);
		reason_add(a->reason, &first, "safety rating worsening (%s)", values);
	}
	a->kind = ALERT_FELT_SAFETY;
	a->partner = p;
	return strlen(a->reason) > head;
}

static bool flooding_alert(const struct alert_input *in, int p, struct alert *a)
{
	const struct alert_values *bpm = &in->series[ALERT_SERIES_PEAK_BPM][p];
	const struct alert_values *episodes = &in->series[ALERT_SERIES_EPISODES][p];
	const struct alert_values *pause = &in->series[ALERT_SERIES_BREAK][p];
	bool first = true;
	char when[16], values[64];
	snprintf(a->reason, sizeof a->reason, "%s: ", in->partner_name[p]);
	size_t head = strlen(a->reason);
	size_t window = bpm->n < ALERT_BPM_SESSIONS ? bpm->n : ALERT_BPM_SESSIONS, hits = 0;
	for (size_t i = bpm->n - window; i < bpm->n; i++)
		if (bpm->value[i] >= ALERT_BPM_AT_OR_ABOVE)
			hits++;
	if (hits >= ALERT_BPM_HITS) {
		values_text(bpm, window, values, sizeof values);
		reason_add(a->reason, &first, "peak heart rate %d+ in %zu of the last %zu sessions "
			"(%s bpm)", ALERT_BPM_AT_OR_ABOVE, hits, window, values);
	}
	/* The break that counts is the one recorded at the latest episodes
	 * count: a rising count with no break taken then. */
	if (values_direction(episodes) == TREND_RISING && pause->n > 0 &&
		pause->session[pause->n - 1] == episodes->session[episodes->n - 1] &&
		pause->value[pause->n - 1] == 0) {
		values_text(episodes, TREND_WINDOW, values, sizeof values);
		short_date(episodes->on[episodes->n - 1], when, sizeof when);
		reason_add(a->reason, &first, "flooding episodes rising (%s), no break taken on %s",
			values, when);
	}
	a->kind = ALERT_FLOODING;
	a->partner = p;
	return strlen(a->reason) > head;
}

size_t alerts_evaluate(const struct alert_input *in, int threshold, int64_t couple_id,
	struct alert out[ALERT_MAX_PER_COUPLE])
{
	size_t n = 0;
	for (int p = 0; p < 2; p++)
		if (felt_safety_alert(in, p, threshold, &out[n]))
			n++;
	for (int p = 0; p < 2; p++)
		if (flooding_alert(in, p, &out[n]))
			n++;
	/* The screening's words are the safety banner's (intake.h), so the
	 * two never disagree. */
	struct safety_flag flag = { SAFETY_NONE, { SAFETY_NONE, SAFETY_NONE } };
	for (int p = 0; p < 2; p++) {
		int lv = in->screening[p] < 0 ? 0 : in->screening[p] > 2 ? 2 : in->screening[p];
		flag.partner[p] = (enum safety_level)lv;
		if (flag.partner[p] > flag.level)
			flag.level = flag.partner[p];
	}
	if (flag.level != SAFETY_NONE) {
		struct alert *a = &out[n++];
		a->kind = ALERT_SCREENING;
		a->partner = flag.partner[0] == flag.level && flag.partner[1] == flag.level
			? ALERT_PARTNER_COUPLE : flag.partner[0] == flag.level ? 0 : 1;
		safety_flag_banner(&flag, a->reason, sizeof a->reason);
	}
	for (size_t i = 0; i < n; i++) {
		out[i].couple_id = couple_id;
		out[i].couple_name = NULL;
		out[i].couple_active = false;
	}
	return n;
}

enum dyad_error alerts_threshold_parse(const char *field, const char *text, int *threshold,
	struct dyad_status *st)
{
	long long n;
	enum dyad_error rc = validate_int(field, text ? text : "", ALERT_FELT_SAFETY_MIN,
		ALERT_FELT_SAFETY_MAX, &n, st);
	if (rc == DYAD_OK)
		*threshold = (int)n;
	return rc;
}

enum dyad_error alerts_threshold(struct store *store, int *threshold, struct dyad_status *st)
{
	char *value = NULL;
	*threshold = ALERT_FELT_SAFETY_DEFAULT;
	enum dyad_error rc = settings_get(store, ALERT_FELT_SAFETY_SETTING, &value, st);
	long long n;
	if (rc == DYAD_OK && value != NULL &&
		parse_int(value, ALERT_FELT_SAFETY_MIN, ALERT_FELT_SAFETY_MAX, &n))
		*threshold = (int)n;
	free(value);
	return rc;
}

/* Fills in's series from rows[*at..] while they belong to couple_id. */
static void take_values(const struct alert_value_list *values, size_t *at, int64_t couple_id,
	struct alert_input *in)
{
	for (; *at < values->len && values->items[*at].couple_id == couple_id; (*at)++) {
		const struct alert_value_row *r = &values->items[*at];
		if (r->series < 0 || r->series >= ALERT_SERIES_COUNT)
			continue;
		struct alert_values *v = &in->series[r->series][r->partner];
		if (v->n == ALERT_KEEP) { /* keep the newest; the rules read no further back */
			memmove(v->value, v->value + 1, (ALERT_KEEP - 1) * sizeof v->value[0]);
			memmove(v->on, v->on + 1, (ALERT_KEEP - 1) * sizeof v->on[0]);
			memmove(v->session, v->session + 1, (ALERT_KEEP - 1) * sizeof v->session[0]);
			v->n--;
		}
		v->value[v->n] = r->value;
		memcpy(v->on[v->n], r->on, sizeof v->on[v->n]);
		v->session[v->n] = r->session_id;
		v->scale_min = r->scale_min;
		v->scale_max = r->scale_max;
		v->n++;
	}
}

enum dyad_error alerts_load(struct store *store, int64_t couple_id, struct alert_list *out,
	struct dyad_status *st)
{
	static const char *const concepts[ALERT_STORE_CONCEPTS] = { ALERT_CONCEPT_SAFETY,
		ALERT_CONCEPT_PEAK_BPM, ALERT_CONCEPT_EPISODES, ALERT_CONCEPT_BREAK };
	memset(out, 0, sizeof *out);
	struct alert_value_list values = { 0 };
	struct screening_flag_row *flags = NULL;
	size_t nflags = 0, cap = 0;
	int threshold;
	enum dyad_error rc = store_read_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = alerts_threshold(store, &threshold, st)) != DYAD_OK ||
		(rc = alert_values_recent(store, couple_id, ALERT_MEASURE_FELT_SAFETY, concepts,
			ALERT_LOOKBACK_SESSIONS, &values, st)) != DYAD_OK ||
		(rc = screenings_flagged_partners(store, couple_id, &flags, &nflags, st)) != DYAD_OK ||
		(rc = alert_names_load(store, couple_id, &out->names, st)) != DYAD_OK)
		goto done;
	size_t at_value = 0, at_flag = 0;
	for (size_t i = 0; i < out->names.len; i++) {
		const struct alert_names_row *c = &out->names.items[i];
		/* Rows of couples missing from the names (none, by the schema) are
		 * passed over. */
		while (at_value < values.len && values.items[at_value].couple_id < c->couple_id)
			at_value++;
		while (at_flag < nflags && flags[at_flag].couple_id < c->couple_id)
			at_flag++;
		struct alert_input in;
		memset(&in, 0, sizeof in);
		in.partner_name[0] = c->partner[0];
		in.partner_name[1] = c->partner[1];
		take_values(&values, &at_value, c->couple_id, &in);
		if (at_flag < nflags && flags[at_flag].couple_id == c->couple_id) {
			in.screening[0] = flags[at_flag].level[0];
			in.screening[1] = flags[at_flag].level[1];
		}
		struct alert found[ALERT_MAX_PER_COUPLE];
		size_t n = alerts_evaluate(&in, threshold, c->couple_id, found);
		for (size_t k = 0; k < n; k++) {
			if (out->len == cap) {
				size_t more_cap = cap ? cap * 2 : 16;
				struct alert *more = realloc(out->items, more_cap * sizeof *more);
				if (more == NULL) {
					rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
					goto done;
				}
				out->items = more;
				cap = more_cap;
			}
			out->items[out->len] = found[k];
			out->items[out->len].couple_name = c->couple;
			out->items[out->len].couple_active = strcmp(c->status, "active") == 0;
			out->len++;
		}
	}
done:
	store_read_end(store);
	alert_value_list_free(&values);
	free(flags);
	if (rc != DYAD_OK)
		alert_list_free(out);
	return rc;
}

void alert_list_free(struct alert_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	alert_names_list_free(&list->names);
	memset(list, 0, sizeof *list);
}

const struct alert *alerts_of(const struct alert_list *list, int64_t couple_id, size_t *count)
{
	size_t lo = 0, hi = list->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list->items[mid].couple_id < couple_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < list->len && list->items[end].couple_id == couple_id)
		end++;
	*count = end - lo;
	return *count ? &list->items[lo] : NULL;
}

enum dyad_error alerts_count(struct store *store, int64_t couple_id, size_t *count,
	unsigned *kinds, struct dyad_status *st)
{
	struct alert_list list;
	*count = 0;
	if (kinds)
		*kinds = 0;
	enum dyad_error rc = alerts_load(store, couple_id, &list, st);
	if (rc != DYAD_OK)
		return rc;
	*count = list.len;
	for (size_t i = 0; kinds && i < list.len; i++)
		*kinds |= 1u << list.items[i].kind;
	alert_list_free(&list);
	return DYAD_OK;
}

const char *alert_kind_key(enum alert_kind kind)
{
	switch (kind) {
	case ALERT_FELT_SAFETY:
		return "felt_safety";
	case ALERT_FLOODING:
		return "flooding";
	case ALERT_SCREENING:
		return "screening";
	}
	return "?";
}

const char *alert_kind_words(enum alert_kind kind)
{
	switch (kind) {
	case ALERT_FELT_SAFETY:
		return "felt safety";
	case ALERT_FLOODING:
		return "flooding";
	case ALERT_SCREENING:
		return "screening";
	}
	return "?";
}

const char *alert_partner_key(int partner)
{
	return partner == 0 ? "a" : partner == 1 ? "b" : "couple";
}

const char *alerts_summary(const struct alert *alerts, size_t count, char *out, size_t size)
{
	snprintf(out, size, "-");
	size_t used = 0;
	unsigned seen = 0;
	for (size_t i = 0; i < count; i++) {
		unsigned bit = 1u << alerts[i].kind;
		if (seen & bit)
			continue;
		seen |= bit;
		int n = snprintf(out + used, size > used ? size - used : 0, "%s%s", used ? ", " : "",
			alert_kind_words(alerts[i].kind));
		if (n < 0)
			break;
		used += (size_t)n;
		if (used >= size)
			break;
	}
	return out;
}
