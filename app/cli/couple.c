/* couple.c: add, list, show and change couples from the shell. */
#include "app/cli/couple.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/json.h"
#include "app/domain/alerts.h"
#include "app/domain/intake.h"
#include "app/domain/practice.h"
#include "app/domain/validate.h"

int cmd_couple_add(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *partners[2] = { NULL, NULL };
	int npartners = 0;
	struct couple_input in = { 0 };
	const struct cli_option opts[] = {
		{ "--partner", CLI_MULTI, partners, 2, &npartners },
		{ "--pronouns-a", CLI_VALUE, &in.partner_pronouns[0], 0, NULL },
		{ "--pronouns-b", CLI_VALUE, &in.partner_pronouns[1], 0, NULL },
		{ "--intake", CLI_VALUE, &in.intake, 0, NULL },
	};
	const char *pos[1];
	int npos;
	if (cli_parse(cli, argc, argv, opts, 4, pos, 1, 1, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (npartners != 2) {
		dyad_fail(&st, DYAD_ERR_USAGE,
			"partner: a couple has exactly two partners; give --partner twice (got %d)",
			npartners);
		return cli_fail(cli, &st);
	}
	in.name = pos[0];
	in.partner_name[0] = partners[0];
	in.partner_name[1] = partners[1];
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	int64_t id;
	if (practice_couple_add(store, &in, &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "%" PRId64 "\n", id);
	return CLI_EXIT_OK;
}

/* A couple's fields, inside an object the caller has begun. */
static void couple_json_fields(struct json_writer *w, const struct couple_rec *c)
{
	json_writer_key(w, "id");
	json_writer_int(w, c->id);
	json_writer_key(w, "name");
	json_writer_string(w, c->name);
	json_writer_key(w, "status");
	json_writer_string(w, c->status);
	json_writer_key(w, "intake");
	json_writer_string(w, c->intake);
	json_writer_key(w, "partners");
	json_writer_array_begin(w);
	for (int i = 0; i < 2; i++) {
		json_writer_object_begin(w);
		json_writer_key(w, "role");
		json_writer_string(w, i == 0 ? "a" : "b");
		json_writer_key(w, "name");
		json_writer_string(w, c->partner[i].name);
		json_writer_key(w, "pronouns");
		json_writer_string(w, c->partner[i].pronouns);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_key(w, "sessions");
	json_writer_object_begin(w);
	json_writer_key(w, "total");
	json_writer_int(w, c->sessions_total);
	json_writer_key(w, "held");
	json_writer_int(w, c->sessions_held);
	json_writer_key(w, "last");
	json_writer_string(w, c->last_session[0] ? c->last_session : NULL);
	json_writer_object_end(w);
	json_writer_key(w, "homework_open");
	json_writer_int(w, c->homework_open);
	json_writer_key(w, "created_at");
	json_writer_string(w, c->created_at);
	json_writer_key(w, "updated_at");
	json_writer_string(w, c->updated_at);
}

/* The flag's word for lists: "-", "concern" or "severe". */
static const char *safety_word(int level)
{
	return level >= SAFETY_SEVERE ? "severe" : level == SAFETY_CONCERN ? "concern" : "-";
}

/* A couple as a JSON object, with its safety flag as one more key ("safety":
 * null, "concern" or "severe") and its clinician-only alerts ("alerts":
 * [{kind, partner, reason, suggestion}]). */
static void couple_json_safety(struct json_writer *w, const struct couple_rec *c, int level,
	const struct alert *alerts, size_t nalerts)
{
	json_writer_object_begin(w);
	couple_json_fields(w, c);
	json_writer_key(w, "safety");
	json_writer_string(w, level > 0 ? safety_word(level) : NULL);
	json_writer_key(w, "alerts");
	json_writer_array_begin(w);
	for (size_t i = 0; i < nalerts; i++) {
		json_writer_object_begin(w);
		json_writer_key(w, "kind");
		json_writer_string(w, alert_kind_key(alerts[i].kind));
		json_writer_key(w, "partner");
		json_writer_string(w, alert_partner_key(alerts[i].partner));
		json_writer_key(w, "reason");
		json_writer_string(w, alerts[i].reason);
		json_writer_key(w, "suggestion");
		json_writer_string(w, ALERT_SUGGESTION);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_object_end(w);
}

/* The safety level of couple id from the flagged list (sorted by id). */
static int flagged_level(const int64_t *ids, const int *level, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return level[mid];
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* A non-negative count in decimal, into out (24 bytes); returns out. */
static const char *format_count(int64_t v, char out[24])
{
	char digits[24];
	size_t n = 0;
	uint64_t u = v < 0 ? 0 : (uint64_t)v;
	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	out[n] = '\0';
	return out;
}

int cmd_couple_list(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool all = false, json = false;
	const struct cli_option opts[] = {
		{ "--all", CLI_FLAG, &all, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	int npos;
	if (cli_parse(cli, argc, argv, opts, 2, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_list list;
	if (couples_list(store, all, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	int64_t *flagged = NULL;
	int *flag_level = NULL;
	size_t nflagged = 0;
	struct alert_list alerts;
	if (screenings_flagged(store, &flagged, &flag_level, &nflagged, &st) != DYAD_OK) {
		couple_list_free(&list);
		return cli_fail(cli, &st);
	}
	if (alerts_load(store, 0, &alerts, &st) != DYAD_OK) {
		couple_list_free(&list);
		free(flagged);
		free(flag_level);
		return cli_fail(cli, &st);
	}
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_array_begin(&w);
		for (size_t i = 0; i < list.len; i++) {
			size_t nalerts;
			const struct alert *mine = alerts_of(&alerts, list.items[i].id, &nalerts);
			couple_json_safety(&w, &list.items[i],
				flagged_level(flagged, flag_level, nflagged, list.items[i].id), mine,
				nalerts);
		}
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
		alert_list_free(&alerts);
		couple_list_free(&list);
		free(flagged);
		free(flag_level);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (list.len == 0) {
		fprintf(cli->out, all ? "No couples yet. Add one with `dyad couple add`, or try "
					"`dyad init --demo`.\n"
				      : "No active couples (`dyad couple list --all` shows every couple).\n");
		alert_list_free(&alerts);
		couple_list_free(&list);
		free(flagged);
		free(flag_level);
		return CLI_EXIT_OK;
	}
	struct cli_table t;
	cli_table_init(&t, 9);
	const char *head[] = { "ID", "COUPLE", "STATUS", "SAFETY", "ALERT", "SESSIONS", "LAST",
		"HOMEWORK", "PARTNERS" };
	cli_table_row(&t, head);
	struct strbuf partners = STRBUF_INIT;
	for (size_t i = 0; i < list.len; i++) {
		const struct couple_rec *c = &list.items[i];
		char id[24], sessions[24], last[11], homework[24], alert[64];
		size_t nalerts;
		const struct alert *mine = alerts_of(&alerts, c->id, &nalerts);
		/* A thousand rows: no printf machinery per cell. */
		const char *last_src = c->last_session[0] ? c->last_session : "-";
		size_t n = strnlen(last_src, 10);
		memcpy(last, last_src, n);
		last[n] = '\0';
		strbuf_reset(&partners);
		strbuf_adds(&partners, c->partner[0].name);
		strbuf_adds(&partners, " / ");
		strbuf_adds(&partners, c->partner[1].name);
		const char *row[] = { format_count(c->id, id), c->name, c->status,
			safety_word(flagged_level(flagged, flag_level, nflagged, c->id)),
			alerts_summary(mine, nalerts, alert, sizeof alert),
			format_count(c->sessions_total, sessions), last,
			format_count(c->homework_open, homework), strbuf_str(&partners) };
		cli_table_row(&t, row);
	}
	strbuf_release(&partners);
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	alert_list_free(&alerts);
	couple_list_free(&list);
	free(flagged);
	free(flag_level);
	return CLI_EXIT_OK;
}

int cmd_couple_show(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_rec c;
	struct safety_flag flag;
	if (couple_safety_flag(store, id, &flag, &st) != DYAD_OK ||
		couples_get(store, id, &c, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct alert_list alerts;
	if (alerts_load(store, id, &alerts, &st) != DYAD_OK) {
		couple_rec_free(&c);
		return cli_fail(cli, &st);
	}
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		couple_json_safety(&w, &c, (int)flag.level, alerts.items, alerts.len);
		strbuf_addc(&out, '\n');
	} else {
		strbuf_addf(&out, "Couple %" PRId64 ": ", c.id);
		cli_safe(&out, c.name);
		strbuf_addf(&out, " (%s)\n", c.status);
		char banner[120];
		if (flag.level != SAFETY_NONE)
			strbuf_addf(&out, "  ! %s: see `dyad safety list %" PRId64 "`\n",
				safety_flag_banner(&flag, banner, sizeof banner), c.id);
		for (int i = 0; i < 2; i++) {
			strbuf_addf(&out, "  Partner %c:  ", i == 0 ? 'A' : 'B');
			cli_safe(&out, c.partner[i].name);
			if (c.partner[i].pronouns) {
				strbuf_adds(&out, " (");
				cli_safe(&out, c.partner[i].pronouns);
				strbuf_addc(&out, ')');
			}
			strbuf_addc(&out, '\n');
		}
		strbuf_addf(&out, "  Intake:     %s\n", c.intake);
		strbuf_addf(&out, "  Sessions:   %" PRId64 " (%" PRId64 " held)", c.sessions_total,
			c.sessions_held);
		if (c.last_session[0])
			strbuf_addf(&out, ", last %.10s at %s", c.last_session, c.last_session + 11);
		strbuf_addc(&out, '\n');
		if (alerts.len > 0) {
			strbuf_adds(&out, "  Alerts (for you only; never on a handout):\n");
			for (size_t i = 0; i < alerts.len; i++) {
				strbuf_addf(&out, "    ! %s: ", alert_kind_words(alerts.items[i].kind));
				cli_safe(&out, alerts.items[i].reason);
				strbuf_addc(&out, '\n');
			}
			strbuf_adds(&out, "    " ALERT_SUGGESTION "\n");
		}
	}
	alert_list_free(&alerts);
	couple_rec_free(&c);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_couple_set(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	struct couple_change ch = { 0 };
	const struct cli_option opts[] = {
		{ "--name", CLI_VALUE, &ch.name, 0, NULL },
		{ "--status", CLI_VALUE, &ch.status, 0, NULL },
		{ "--partner-a", CLI_VALUE, &ch.partner_name[0], 0, NULL },
		{ "--partner-b", CLI_VALUE, &ch.partner_name[1], 0, NULL },
		{ "--pronouns-a", CLI_VALUE, &ch.partner_pronouns[0], 0, NULL },
		{ "--pronouns-b", CLI_VALUE, &ch.partner_pronouns[1], 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(cli, argc, argv, opts, 6, pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!ch.name && !ch.status && !ch.partner_name[0] && !ch.partner_name[1] &&
		!ch.partner_pronouns[0] && !ch.partner_pronouns[1]) {
		cli_usage(cli, &st, "couple set: nothing to change");
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	if (practice_couple_set(store, id, &ch, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return CLI_EXIT_OK;
}
