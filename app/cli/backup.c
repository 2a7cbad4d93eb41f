/* backup.c: copying the database while it is in use, and putting a copy
 * back. */
#include "app/cli/backup.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/core/passphrase.h"
#include "app/core/paths.h"
#include "app/store/anchors.h"
#include "app/store/audit.h"
#include "app/store/maintenance.h"

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *pos[1];
	int npos;
	if (cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL || store_backup(store, pos[0], &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Backed up %s to %s%s.\n", store_path(store), pos[0],
		store_is_encrypted(store) ? " (encrypted with the same passphrase)" : "");
	return CLI_EXIT_OK;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	static const char *const sources[] = { "DYAD_BACKUP_PASSPHRASE_FILE", PASSPHRASE_FILE_ENV,
		NULL };
	struct dyad_status st = { 0 };
	const char *pos[1];
	bool force = false;
	const struct cli_option opts[] = { { "--force", CLI_FLAG, &force, 0, NULL } };
	int npos;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	const char *backup = pos[0];
	enum store_file_kind kind;
	if (store_file_kind(backup, &kind, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (kind == STORE_FILE_MISSING) {
		dyad_fail(&st, DYAD_ERR_NOT_FOUND, "restore: %s does not exist", backup);
		return cli_fail(cli, &st);
	}
	char *path = paths_database(cli->db_option, &st);
	if (path == NULL)
		return cli_fail(cli, &st);
	enum store_file_kind current = STORE_FILE_MISSING;
	if (store_file_kind(path, &current, &st) != DYAD_OK) {
		free(path);
		return cli_fail(cli, &st);
	}
	bool was_encrypted = current == STORE_FILE_ENCRYPTED;
	struct passphrase pass;
	passphrase_wipe(&pass);
	bool keyed = kind == STORE_FILE_ENCRYPTED;
	enum dyad_error rc = DYAD_OK;
	if (keyed && !store_encryption_available()) {
		rc = dyad_fail(&st, DYAD_ERR_UNSUPPORTED,
			"restore: %s is encrypted (or is not a SQLite file), and this dyad was built "
			"without SQLCipher", backup);
	} else if (keyed) {
		const char *file = NULL;
		for (size_t i = 0; sources[i] != NULL && file == NULL; i++) {
			const char *v = getenv(sources[i]);
			if (v != NULL && v[0] != '\0')
				file = v;
		}
		char prompt[300];
		snprintf(prompt, sizeof prompt, "Passphrase for the backup %.240s: ", backup);
		rc = file ? passphrase_from_file(file, &pass, &st)
			: passphrase_prompt(prompt, false, &pass, &st);
	}
	char *kept = NULL;
	struct audit_problems problems = { 0 };
	if (rc == DYAD_OK)
		rc = store_restore(path, backup, keyed ? pass.text : NULL, pass.len, force, &kept,
			&problems, &st);
	/* A refusal is one line (the first problem); a forced restore lists
	 * everything it put back despite the check. */
	if (rc == DYAD_OK && problems.len > 0) {
		fprintf(cli->out, "The check of %s found %zu problem%s:\n", backup, problems.len,
			problems.len == 1 ? "" : "s");
		for (size_t i = 0; i < problems.len; i++)
			fprintf(cli->out, "  - %s\n", problems.items[i]);
		fflush(cli->out);
	}
	size_t forced = rc == DYAD_OK ? problems.len : 0;
	audit_problems_free(&problems);
	struct store *store = NULL;
	if (rc == DYAD_OK) {
		/* Record the restore in the restored database itself. */
		char detail[AUDIT_DETAIL_MAX], why[120] = "";
		if (forced > 0)
			snprintf(why, sizeof why, "; forced (--force) past %zu problem%s its check found",
				forced, forced == 1 ? "" : "s");
		snprintf(detail, sizeof detail, "from %s%s%s%s", backup, why,
			kept ? "; the replaced database is kept as " : "", kept ? kept : "");
		rc = store_open_keyed(path, STORE_OPEN_DEFAULT, keyed ? pass.text : NULL, pass.len,
			&store, &st);
		if (rc == DYAD_OK)
			rc = audit_record(store, AUDIT_RESTORE, "database", 0, 0, detail, &st);
		/* Going back to an older log is the point of a restore: the anchor
		 * starts again from the restored head. */
		if (rc == DYAD_OK)
			rc = anchor_compare_append(store, true, true, NULL, NULL, 0, &st);
		store_close(store);
		if (rc == DYAD_OK) {
			fprintf(cli->out, "Restored %s from %s%s.\n", path, backup,
				forced ? ", though it failed its check (--force); the audit log says so" : "");
			if (kept)
				fprintf(cli->out, "The database it replaced is kept as %s.\n", kept);
			if (was_encrypted && !keyed)
				fprintf(cli->out, "The backup was not encrypted, so neither is the restored "
					"database; `dyad encrypt` encrypts it again.\n");
			if (kept && keyed && !was_encrypted)
				fprintf(cli->out, "That copy is not encrypted, though the restored database "
					"is: delete it once you no longer need it.\n");
		}
	}
	passphrase_wipe(&pass);
	free(kept);
	free(path);
	return rc == DYAD_OK ? CLI_EXIT_OK : cli_fail(cli, &st);
}
