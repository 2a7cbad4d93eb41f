/* adherence.h: how much of a homework assignment got done, from its
 * check-ins: done over expected, for each partner and for the couple
 * together. Pure arithmetic over plain values (no database, no clock), so
 * the interface, the command line and the progress report all agree.
 *
 * The rule. Each check-in reports what one partner did since that
 * partner's previous check-in (or since the assignment was given). Its
 * expected count is the therapist's "of M" when one was given; otherwise
 * it follows from the frequency: with E(t) the count expected by t whole
 * days after the assignment date,
 *     daily   E(t) = max(1, t)        (assigned Saturday, checked the next
 *                                      Saturday: 7)
 *     weekly  E(t) = max(1, t / 7)    (whole weeks, at least one)
 *     once    E(t) = 1
 * a check-in on day t_k expects E(t_k) - E(t_{k-1}), where E before the
 * first check-in is 0. So without any "of M", a partner's expected total is
 * simply E(days from the assignment to their latest check-in).
 * Together is the sum of both partners' figures; a partner with no
 * check-in adds nothing (unknown is not zero). */
#ifndef DYAD_DOMAIN_ADHERENCE_H
#define DYAD_DOMAIN_ADHERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum homework_frequency { HOMEWORK_DAILY, HOMEWORK_WEEKLY, HOMEWORK_ONCE };

/* "daily", "weekly", "once"; never NULL. */
const char *homework_frequency_name(enum homework_frequency f);

/* Parses exactly one of the names above; false for anything else. */
bool homework_frequency_parse(const char *s, enum homework_frequency *out);

/* E(days) above; days below 0 count as 0. */
int64_t adherence_expected_by(enum homework_frequency f, int64_t days);

struct adherence_checkin {
	int64_t day;     /* the check-in's date, as date_to_days() gives it */
	int partner;     /* 0 = A, 1 = B; anything else is ignored */
	int64_t done;
	int64_t out_of;  /* the therapist's "of M"; 0 when not given */
};

struct adherence_tally {
	int64_t done;
	int64_t expected;
	int checkins;    /* how many check-ins were summed; 0: nothing known */
};

struct adherence {
	struct adherence_tally partner[2]; /* A, B */
	struct adherence_tally together;
};

/* Sums the check-ins (in any order) of an assignment given on assigned_day
 * with frequency f into *out. Check-ins of one partner on the same day
 * should not happen (the store replaces them); if they do, the second adds
 * its done count and nothing to expected. */
void adherence_compute(enum homework_frequency f, int64_t assigned_day,
	const struct adherence_checkin *checkins, size_t n, struct adherence *out);

/* How many reports were expected and how many came: one report is
 * expected from each partner on each assignment that has come due (its due
 * date is on or before the day asked about), and one that has a check-in
 * from that partner counts as reported whether due or not. */
struct adherence_reporting {
	int reported;
	int expected;
};

/* The progress report's reading of an assignment as of as_of_day, where a
 * missing check-in counts as missing instead of being left out: what
 * adherence_compute gives, and once the assignment has come due, each
 * partner is also expected to have done what falls between their latest
 * check-in (or the assignment date, when they never checked in) and the
 * due date, E(due) - E(latest), none of it reported as done. rep[] is
 * A, B, together. `dyad assignments` keeps adherence_compute's rule. */
void adherence_count_missing(enum homework_frequency f, int64_t assigned_day, int64_t due_day,
	int64_t as_of_day, const struct adherence_checkin *checkins, size_t n,
	struct adherence *out, struct adherence_reporting rep[3]);

/* done / expected as a whole percentage, rounded half up, whenever
 * something was expected (check-ins or not); -1 when nothing was. */
int adherence_share(const struct adherence_tally *t);

/* done / expected as a whole percentage, rounded half up (may exceed 100
 * when more was done than expected); -1 when nothing is known: no check-in,
 * or nothing expected. */
int adherence_percent(const struct adherence_tally *t);

/* "5/7 (71%)", or "-" when nothing is known, into out (NUL-terminated,
 * truncated to size). Returns out. */
char *adherence_format(const struct adherence_tally *t, char *out, size_t size);

#endif
