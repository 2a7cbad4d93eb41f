/* exercises.c: listing the exercise library. */
#include "app/cli/exercises.h"

#include <stdio.h>

#include "app/cli/library.h"
#include "app/core/json.h"
#include "app/domain/adherence.h"
#include "app/domain/library.h"

static void concepts_joined(struct strbuf *sb, const struct template *t, const char *sep)
{
	for (size_t k = 0; k < t->nconcepts; k++)
		strbuf_addf(sb, "%s%s", k ? sep : "", t->concepts[k]);
}

static const char *tracking_kind_name(enum tracking_kind k)
{
	return k == TRACKING_GRID ? "grid" : k == TRACKING_TALLY ? "tally" : "log";
}

int cmd_exercises(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	int npos;
	if (cli_parse(cli, argc, argv, opts, 1, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct library lib;
	if (!cli_library_load(cli, &lib, true, &st))
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_array_begin(&w);
		for (size_t i = 0; i < lib.len; i++) {
			const struct template *t = &lib.items[i];
			json_writer_object_begin(&w);
			json_writer_key(&w, "id");
			json_writer_string(&w, t->id);
			json_writer_key(&w, "title");
			json_writer_string(&w, t->title);
			json_writer_key(&w, "concepts");
			json_writer_array_begin(&w);
			for (size_t k = 0; k < t->nconcepts; k++)
				json_writer_string(&w, t->concepts[k]);
			json_writer_array_end(&w);
			json_writer_key(&w, "frequency");
			json_writer_string(&w, homework_frequency_name(t->frequency));
			json_writer_key(&w, "minutes");
			json_writer_int(&w, t->minutes);
			json_writer_key(&w, "steps");
			json_writer_int(&w, (int64_t)t->nsteps);
			json_writer_key(&w, "tracking");
			json_writer_string(&w, tracking_kind_name(t->tracking.kind));
			json_writer_key(&w, "file");
			json_writer_string(&w, t->path);
			json_writer_object_end(&w);
		}
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
		library_free(&lib);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (lib.len == 0) {
		strbuf_adds(&out, "No exercises found. dyad looks for templates in:\n");
		for (size_t d = 0; d < lib.ndirs; d++)
			strbuf_addf(&out, "  %s\n", lib.dirs[d]);
		if (lib.ndirs == 0)
			strbuf_adds(&out, "  $XDG_DATA_HOME/dyad/templates and " DYAD_DATADIR "/templates "
					  "(none of them exists)\n");
		library_free(&lib);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	struct cli_table t;
	cli_table_init(&t, 5);
	const char *head[] = { "ID", "TITLE", "FREQUENCY", "MIN", "CONCEPTS" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < lib.len; i++) {
		const struct template *e = &lib.items[i];
		struct strbuf concepts = STRBUF_INIT;
		char minutes[16];
		concepts_joined(&concepts, e, ", ");
		snprintf(minutes, sizeof minutes, "%d", e->minutes);
		const char *row[] = { e->id, e->title, homework_frequency_name(e->frequency), minutes,
			strbuf_str(&concepts) };
		cli_table_row(&t, row);
		strbuf_release(&concepts);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	library_free(&lib);
	return CLI_EXIT_OK;
}
