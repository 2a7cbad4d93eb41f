/* adherence.c: done over expected, from check-ins (see adherence.h). */
#include "app/domain/adherence.h"

#include <stdio.h>
#include <string.h>

static const char *const frequency_names[] = { "daily", "weekly", "once" };

const char *homework_frequency_name(enum homework_frequency f)
{
	if ((unsigned)f < sizeof frequency_names / sizeof frequency_names[0])
		return frequency_names[f];
	return "daily";
}

bool homework_frequency_parse(const char *s, enum homework_frequency *out)
{
	for (unsigned i = 0; s != NULL && i < sizeof frequency_names / sizeof frequency_names[0]; i++)
		if (strcmp(s, frequency_names[i]) == 0) {
			*out = (enum homework_frequency)i;
			return true;
		}
	return false;
}

int64_t adherence_expected_by(enum homework_frequency f, int64_t days)
{
	if (days < 0)
		days = 0;
	switch (f) {
	case HOMEWORK_DAILY: return days > 1 ? days : 1;
	case HOMEWORK_WEEKLY: return days / 7 > 1 ? days / 7 : 1;
	case HOMEWORK_ONCE: return 1;
	}
	return 1;
}

void adherence_compute(enum homework_frequency f, int64_t assigned_day,
	const struct adherence_checkin *checkins, size_t n, struct adherence *out)
{
	memset(out, 0, sizeof *out);
	for (int who = 0; who < 2; who++) {
		struct adherence_tally *t = &out->partner[who];
		int64_t previous_expected = 0; /* E at the previous check-in */
		/* Visit this partner's check-ins in (day, input position) order
		 * without sorting a copy: n is a handful, the input stays as is. */
		bool started = false;
		int64_t last_day = 0;
		size_t last_i = 0;
		for (;;) {
			const struct adherence_checkin *pick = NULL;
			size_t pick_i = 0;
			for (size_t i = 0; i < n; i++) {
				const struct adherence_checkin *c = &checkins[i];
				if (c->partner != who)
					continue;
				if (started && (c->day < last_day || (c->day == last_day && i <= last_i)))
					continue;
				if (pick == NULL || c->day < pick->day) {
					pick = c;
					pick_i = i;
				}
			}
			if (pick == NULL)
				break;
			started = true;
			last_day = pick->day;
			last_i = pick_i;
			int64_t e = adherence_expected_by(f, pick->day - assigned_day);
			int64_t expected = e > previous_expected ? e - previous_expected : 0;
			if (e > previous_expected)
				previous_expected = e;
			t->done += pick->done > 0 ? pick->done : 0;
			t->expected += pick->out_of > 0 ? pick->out_of : expected;
			t->checkins++;
		}
		out->together.done += t->done;
		out->together.expected += t->expected;
		out->together.checkins += t->checkins;
	}
}

void adherence_count_missing(enum homework_frequency f, int64_t assigned_day, int64_t due_day,
	int64_t as_of_day, const struct adherence_checkin *checkins, size_t n,
	struct adherence *out, struct adherence_reporting rep[3])
{
	adherence_compute(f, assigned_day, checkins, n, out);
	memset(rep, 0, 3 * sizeof *rep);
	bool due = due_day <= as_of_day;
	int64_t owed = adherence_expected_by(f, due_day - assigned_day);
	for (int who = 0; who < 2; who++) {
		struct adherence_tally *t = &out->partner[who];
		bool any = false;
		int64_t latest = 0;
		for (size_t i = 0; i < n; i++)
			if (checkins[i].partner == who && (!any || checkins[i].day > latest)) {
				latest = checkins[i].day;
				any = true;
			}
		rep[who].reported = any;
		rep[who].expected = due || any;
		if (!due)
			continue;
		int64_t covered = any ? adherence_expected_by(f, latest - assigned_day) : 0;
		if (owed > covered) {
			t->expected += owed - covered;
			out->together.expected += owed - covered;
		}
	}
	rep[2].reported = rep[0].reported + rep[1].reported;
	rep[2].expected = rep[0].expected + rep[1].expected;
}

int adherence_share(const struct adherence_tally *t)
{
	if (t->expected <= 0)
		return -1;
	return (int)((t->done * 200 + t->expected) / (t->expected * 2));
}

int adherence_percent(const struct adherence_tally *t)
{
	if (t->checkins == 0 || t->expected <= 0)
		return -1;
	return (int)((t->done * 200 + t->expected) / (t->expected * 2));
}

char *adherence_format(const struct adherence_tally *t, char *out, size_t size)
{
	int pct = adherence_percent(t);
	if (pct < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%lld/%lld (%d%%)", (long long)t->done, (long long)t->expected, pct);
	return out;
}
