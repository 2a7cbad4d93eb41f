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

static void json_couple(struct json_writer *w, const struct agenda_couple *c)
{
	json_writer_key(w, "homework");
	json_writer_object_begin(w);
	json_writer_key(w, "open");
	json_writer_int(w, c->homework_open);
	json_writer_key(w, "overdue");
	json_writer_int(w, c->homework_overdue);
	json_writer_object_end(w);
	json_writer_key(w, "scores");
	json_writer_array_begin(w);
	for (size_t i = 0; i < c->scores.len; i++) {
		const struct agenda_score_row *s = &c->scores.items[i];
		json_writer_object_begin(w);
		json_writer_key(w, "measure");
		json_writer_string(w, s->key);
		json_writer_key(w, "name");
		json_writer_string(w, s->name);
		json_writer_key(w, "partner");
		json_writer_string(w, s->partner ? "b" : "a");
		json_writer_key(w, "value");
		json_writer_number(w, s->value);
		json_writer_key(w, "on");
		json_writer_string(w, s->on);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_key(w, "flags");
	json_writer_array_begin(w);
	for (size_t i = 0; i < c->flags_len; i++) {
		json_writer_object_begin(w);
		json_writer_key(w, "key");
		json_writer_string(w, c->flags[i].key);
		json_writer_key(w, "text");
		json_writer_string(w, c->flags[i].text);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
}

static void json_agenda_write(struct json_writer *w, const struct agenda *a)
{
	char from[11], through[11];
	date_format(a->from, from);
	date_format(date_from_days(date_to_days(a->from) + a->days - 1), through);
	json_writer_object_begin(w);
	json_writer_key(w, "from");
	json_writer_string(w, from);
	json_writer_key(w, "through");
	json_writer_string(w, through);
	json_writer_key(w, "days");
	json_writer_int(w, a->days);
	json_writer_key(w, "sign_within_days");
	json_writer_int(w, a->sign_within_days);
	json_writer_key(w, "sessions");
	json_writer_array_begin(w);
	for (size_t i = 0; i < a->sessions.len; i++) {
		const struct agenda_entry *e = &a->entries[i];
		const struct agenda_session_row *s = e->session;
		char date[11], time[6];
		snprintf(date, sizeof date, "%.10s", s->starts_at);
		snprintf(time, sizeof time, "%.5s", s->starts_at + 11);
		json_writer_object_begin(w);
		json_writer_key(w, "id");
		json_writer_int(w, s->id);
		json_writer_key(w, "couple_id");
		json_writer_int(w, s->couple_id);
		json_writer_key(w, "couple");
		json_writer_string(w, s->couple_name);
		json_writer_key(w, "partners");
		json_writer_array_begin(w);
		json_writer_string(w, s->partner[0]);
		json_writer_string(w, s->partner[1]);
		json_writer_array_end(w);
		json_writer_key(w, "date");
		json_writer_string(w, date);
		json_writer_key(w, "time");
		json_writer_string(w, agenda_date_only(s->starts_at) ? NULL : time);
		json_writer_key(w, "minutes");
		json_writer_int(w, s->minutes);
		json_writer_key(w, "modality");
		json_writer_string(w, s->modality);
		json_writer_key(w, "state");
		json_writer_string(w, session_state_name(e->state));
		json_couple(w, e->couple);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_object_end(w);
}

/* The agenda as one JSON document and a newline. */
static void json_agenda(struct strbuf *out, const struct agenda *a)
{
	struct json_writer w;
	json_writer_init(&w, out);
	json_agenda_write(&w, a);
	strbuf_addc(out, '\n');
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
