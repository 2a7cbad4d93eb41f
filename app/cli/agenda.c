/* agenda.c: `dyad agenda`: the coming sessions, today first, each with its
 * couple's open homework, latest scores and flags. */
#include "app/cli/agenda.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/core/json.h"
#include "app/core/utf8.h"
#include "app/domain/agenda.h"

#define AGENDA_WIDTH 80
#define AGENDA_INDENT "         " /* under the couple's name, past the time */

/* Appends a terminal-safe s cut to at most width columns (an ellipsis
 * marks a cut), padded with spaces to width when pad. */
static void append_fit(struct strbuf *out, const char *s, size_t width, bool pad)
{
	struct strbuf safe = STRBUF_INIT;
	cli_safe(&safe, s);
	const char *t = strbuf_str(&safe);
	size_t len = safe.len, used = 0, at = 0;
	if (utf8_display_width(t, len) > width) {
		while (at < len) {
			uint32_t cp;
			size_t n = utf8_decode(t + at, len - at, &cp);
			int w = utf8_cp_width(cp);
			if (n == 0 || used + (size_t)(w > 0 ? w : 0) + 1 > width)
				break;
			used += (size_t)(w > 0 ? w : 0);
			at += n;
		}
		strbuf_add(out, t, at);
		strbuf_adds(out, "\xe2\x80\xa6"); /* … */
		used++;
	} else {
		strbuf_add(out, t, len);
		used = utf8_display_width(t, len);
	}
	while (pad && used++ < width)
		strbuf_addc(out, ' ');
	strbuf_release(&safe);
}

/* Adds "piece" to a line being wrapped at AGENDA_WIDTH under the couple's
 * name; *col is the column reached so far. */
static void wrap_piece(struct strbuf *out, const char *piece, size_t *col)
{
	size_t w = utf8_display_width(piece, strlen(piece));
	if (*col > strlen(AGENDA_INDENT) && *col + 1 + w > AGENDA_WIDTH) {
		strbuf_adds(out, "\n" AGENDA_INDENT);
		*col = strlen(AGENDA_INDENT);
	} else if (*col > strlen(AGENDA_INDENT)) {
		strbuf_addc(out, ' ');
		*col += 1;
	}
	size_t before = out->len;
	append_fit(out, piece, AGENDA_WIDTH - strlen(AGENDA_INDENT), false);
	*col += utf8_display_width(out->data + before, out->len - before);
}

static void format_score(char *out, size_t size, double v)
{
	snprintf(out, size, "%.15g", v);
}

/* The homework and scores of a couple, wrapped under its session. */
static void text_facts(struct strbuf *out, const struct agenda_couple *c)
{
	char piece[300];
	size_t col = strlen(AGENDA_INDENT);
	strbuf_adds(out, AGENDA_INDENT);
	if (c->homework_open == 0)
		snprintf(piece, sizeof piece, "homework: none open;");
	else if (c->homework_overdue > 0)
		snprintf(piece, sizeof piece, "homework: %d open, %d overdue;", c->homework_open,
			c->homework_overdue);
	else
		snprintf(piece, sizeof piece, "homework: %d open;", c->homework_open);
	wrap_piece(out, piece, &col);
	if (c->scores.len == 0)
		wrap_piece(out, "scores: none yet", &col);
	for (size_t i = 0; i < c->scores.len;) {
		const struct agenda_score_row *s = &c->scores.items[i];
		char a[32] = "-", b[32] = "-", day[11];
		memcpy(day, s->on, sizeof day);
		size_t j = i;
		for (; j < c->scores.len && strcmp(c->scores.items[j].key, s->key) == 0; j++) {
			const struct agenda_score_row *p = &c->scores.items[j];
			format_score(p->partner ? b : a, sizeof a, p->value);
			if (strcmp(p->on, day) > 0)
				memcpy(day, p->on, sizeof day);
		}
		snprintf(piece, sizeof piece, "%.60s A %s B %s (%s)%s", s->name, a, b, day,
			j < c->scores.len ? ";" : "");
		wrap_piece(out, piece, &col);
		i = j;
	}
	strbuf_addc(out, '\n');
	for (size_t i = 0; i < c->flags_len; i++) {
		strbuf_adds(out, AGENDA_INDENT "! ");
		append_fit(out, c->flags[i].text, AGENDA_WIDTH - strlen(AGENDA_INDENT) - 2, false);
		strbuf_addc(out, '\n');
	}
}

static void text_agenda(struct strbuf *out, const struct agenda *a)
{
	char from[11], through[11];
	date_format(a->from, from);
	date_format(date_from_days(date_to_days(a->from) + a->days - 1), through);
	if (a->sessions.len == 0) {
		strbuf_addf(out, "Nothing is booked from %s to %s. Book sessions ahead with "
			"`dyad session plan COUPLE --date YYYY-MM-DDTHH:MM`.\n", from, through);
		return;
	}
	char day[11] = "";
	int64_t today = date_to_days(a->from);
	for (size_t i = 0; i < a->sessions.len; i++) {
		const struct agenda_entry *e = &a->entries[i];
		const struct agenda_session_row *s = e->session;
		if (strncmp(day, s->starts_at, 10) != 0) {
			memcpy(day, s->starts_at, 10);
			day[10] = '\0';
			struct dyad_date d;
			date_parse(day, &d);
			int64_t k = date_to_days(d) - today;
			strbuf_addf(out, "%s%s %s%s\n", i ? "\n" : "", agenda_weekday(d), day,
				k == 0 ? " (today)" : k == 1 ? " (tomorrow)" : "");
		}
		char time[16];
		if (agenda_date_only(s->starts_at))
			snprintf(time, sizeof time, "--:--");
		else
			snprintf(time, sizeof time, "%.5s", s->starts_at + 11);
		char tail[48];
		snprintf(tail, sizeof tail, "  %3d min  session %" PRId64, s->minutes, s->id);
		strbuf_addf(out, "  %s  %-9s ", time, session_state_name(e->state));
		/* 2 + 5 + 2 + 9 + 1 columns before the name; room after it for
		 * the minutes and an id of up to six digits, so columns line up */
		size_t room = AGENDA_WIDTH - 19 - 25;
		append_fit(out, s->couple_name, room, true);
		strbuf_adds(out, tail);
		strbuf_addc(out, '\n');
		text_facts(out, e->couple);
	}
}

static void json_couple(struct strbuf *out, const struct agenda_couple *c)
{
	json_key(out, "homework");
	strbuf_addc(out, '{');
	json_key(out, "open");
	json_int(out, c->homework_open);
	strbuf_addc(out, ',');
	json_key(out, "overdue");
	json_int(out, c->homework_overdue);
	strbuf_adds(out, "},");
	json_key(out, "scores");
	strbuf_addc(out, '[');
	for (size_t i = 0; i < c->scores.len; i++) {
		const struct agenda_score_row *s = &c->scores.items[i];
		if (i)
			strbuf_addc(out, ',');
		strbuf_addc(out, '{');
		json_key(out, "measure");
		json_string(out, s->key);
		strbuf_addc(out, ',');
		json_key(out, "name");
		json_string(out, s->name);
		strbuf_addc(out, ',');
		json_key(out, "partner");
		json_string(out, s->partner ? "b" : "a");
		strbuf_addc(out, ',');
		json_key(out, "value");
		json_number(out, s->value);
		strbuf_addc(out, ',');
		json_key(out, "on");
		json_string(out, s->on);
		strbuf_addc(out, '}');
	}
	strbuf_adds(out, "],");
	json_key(out, "flags");
	strbuf_addc(out, '[');
	for (size_t i = 0; i < c->flags_len; i++) {
		if (i)
			strbuf_addc(out, ',');
		strbuf_addc(out, '{');
		json_key(out, "key");
		json_string(out, c->flags[i].key);
		strbuf_addc(out, ',');
		json_key(out, "text");
		json_string(out, c->flags[i].text);
		strbuf_addc(out, '}');
	}
	strbuf_addc(out, ']');
}

static void json_agenda(struct strbuf *out, const struct agenda *a)
{
	char from[11], through[11];
	date_format(a->from, from);
	date_format(date_from_days(date_to_days(a->from) + a->days - 1), through);
	strbuf_addc(out, '{');
	json_key(out, "from");
	json_string(out, from);
	strbuf_addc(out, ',');
	json_key(out, "through");
	json_string(out, through);
	strbuf_addc(out, ',');
	json_key(out, "days");
	json_int(out, a->days);
	strbuf_addc(out, ',');
	json_key(out, "sign_within_days");
	json_int(out, a->sign_within_days);
	strbuf_addc(out, ',');
	json_key(out, "sessions");
	strbuf_addc(out, '[');
	for (size_t i = 0; i < a->sessions.len; i++) {
		const struct agenda_entry *e = &a->entries[i];
		const struct agenda_session_row *s = e->session;
		char date[11], time[6];
		snprintf(date, sizeof date, "%.10s", s->starts_at);
		snprintf(time, sizeof time, "%.5s", s->starts_at + 11);
		if (i)
			strbuf_addc(out, ',');
		strbuf_addc(out, '{');
		json_key(out, "id");
		json_int(out, s->id);
		strbuf_addc(out, ',');
		json_key(out, "couple_id");
		json_int(out, s->couple_id);
		strbuf_addc(out, ',');
		json_key(out, "couple");
		json_string(out, s->couple_name);
		strbuf_addc(out, ',');
		json_key(out, "partners");
		strbuf_addc(out, '[');
		json_string(out, s->partner[0]);
		strbuf_addc(out, ',');
		json_string(out, s->partner[1]);
		strbuf_adds(out, "],");
		json_key(out, "date");
		json_string(out, date);
		strbuf_addc(out, ',');
		json_key(out, "time");
		json_string(out, agenda_date_only(s->starts_at) ? NULL : time);
		strbuf_addc(out, ',');
		json_key(out, "minutes");
		json_int(out, s->minutes);
		strbuf_addc(out, ',');
		json_key(out, "modality");
		json_string(out, s->modality);
		strbuf_addc(out, ',');
		json_key(out, "state");
		json_string(out, session_state_name(e->state));
		strbuf_addc(out, ',');
		json_couple(out, e->couple);
		strbuf_addc(out, '}');
	}
	strbuf_adds(out, "]}\n");
}

int cmd_agenda(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *days_text = NULL;
	bool json = false;
	const struct cli_option opts[] = {
		{ "--days", CLI_VALUE, &days_text, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	int npos, days = 7;
	if (cli_parse(cli, argc, argv, opts, 2, NULL, 0, 0, &npos, &st) != DYAD_OK ||
		(days_text != NULL && agenda_parse_days("--days", days_text, &days, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct agenda a;
	if (store == NULL || agenda_load(store, date_today(), days, &a, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json)
		json_agenda(&out, &a);
	else
		text_agenda(&out, &a);
	agenda_free(&a);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}
