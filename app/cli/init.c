/* init.c: creating the database, optionally with a demo practice. */
#include "app/cli/init.h"

#include <inttypes.h>
#include <stdio.h>

#include "app/core/audit_key.h"
#include "app/domain/demo.h"
#include "app/store/audit.h"
#include "app/domain/validate.h"

int cmd_init(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool demo = false;
	const char *couples = NULL, *seed = NULL, *weeks = NULL;
	const struct cli_option opts[] = {
		{ "--demo", CLI_FLAG, &demo, 0, NULL },
		{ "--couples", CLI_VALUE, &couples, 0, NULL },
		{ "--weeks", CLI_VALUE, &weeks, 0, NULL },
		{ "--seed", CLI_VALUE, &seed, 0, NULL },
	};
	int npos;
	if (cli_parse(cli, argc, argv, opts, 4, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!demo && (couples || seed || weeks)) {
		dyad_fail(&st, DYAD_ERR_USAGE, "--couples, --weeks and --seed go with --demo");
		return cli_fail(cli, &st);
	}
	struct demo_options opt = demo_default_options();
	long long v;
	if (couples) {
		if (validate_int("couples", couples, 1, 100000, &v, &st) != DYAD_OK)
			return cli_fail(cli, &st);
		opt.couples = (int)v;
		opt.weeks = 50; /* a synthetic practice: about a year of weekly work */
		opt.synthetic = true;
	}
	if (weeks) {
		if (validate_int("weeks", weeks, 1, 520, &v, &st) != DYAD_OK)
			return cli_fail(cli, &st);
		opt.weeks = (int)v;
	}
	if (seed) {
		if (validate_int("seed", seed, 0, INT64_MAX, &v, &st) != DYAD_OK)
			return cli_fail(cli, &st);
		opt.seed = (uint64_t)v;
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	bool created = false, starts_chain;
	if (audit_key_ready(store, false, &created, &starts_chain, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	const struct audit_key *key = audit_key_of(store);
	if (created)
		fprintf(cli->out, "Audit key made: %s. Keep a copy of it with your backups, but not "
			"beside the database: without it `dyad check` cannot vouch for the audit log.\n",
			key->path);
	else if (key->state != AUDIT_KEY_LOADED)
		fprintf(cli->out, "The audit key %s is %s; `dyad check` says more.\n",
			key->path[0] ? key->path : "(no place for it)",
			key->state == AUDIT_KEY_MISSING ? "missing" : "unusable");
	if (!demo) {
		fprintf(cli->out, "Database ready: %s\n", store_path(store));
		return CLI_EXIT_OK;
	}
	struct demo_summary sum;
	if (demo_generate(store, &opt, &sum, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out,
		"Demo practice created in %s: %" PRId64 " couples, %" PRId64 " sessions, "
		"%" PRId64 " notes, %" PRId64 " ratings, %" PRId64 " measure scores",
		store_path(store), sum.couples, sum.sessions, sum.notes, sum.ratings, sum.measures);
	if (sum.assignments > 0)
		fprintf(cli->out, ", %" PRId64 " assignments, %" PRId64 " check-ins", sum.assignments,
			sum.checkins);
	fprintf(cli->out, ". Every person in it is fictional.\n");
	return CLI_EXIT_OK;
}
