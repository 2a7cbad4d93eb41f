/* encryption.c: encrypting the database, decrypting it, and changing its
 * passphrase. */
#include "app/cli/encryption.h"

#include <stdio.h>

#include "app/core/passphrase.h"
#include "app/store/audit.h"
#include "app/store/maintenance.h"

static int refuse_unsupported(struct cli *cli, const char *command)
{
	struct dyad_status st = { 0 };
	dyad_fail(&st, DYAD_ERR_UNSUPPORTED,
		"%s: encryption is not available in this build of dyad (it was built with plain "
		"SQLite; build with make SQLITE=sqlcipher)", command);
	return cli_fail(cli, &st);
}

int cmd_encrypt(struct cli *cli, int argc, char **argv)
{
	static const char *const sources[] = { PASSPHRASE_NEW_FILE_ENV, PASSPHRASE_FILE_ENV, NULL };
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(cli, argc, argv, NULL, 0, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!store_encryption_available())
		return refuse_unsupported(cli, "encrypt");
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	if (store_is_encrypted(store)) {
		dyad_fail(&st, DYAD_ERR_REFUSED,
			"encrypt: %s is already encrypted; `dyad rekey` changes its passphrase",
			store_path(store));
		return cli_fail(cli, &st);
	}
	struct passphrase pass;
	enum dyad_error rc = passphrase_new(sources, "New passphrase: ", &pass, &st);
	if (rc == DYAD_OK)
		rc = store_change_key(store, pass.text, pass.len, &st);
	passphrase_wipe(&pass);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out,
		"Encrypted %s. Keep the passphrase somewhere safe: without it nobody, you "
		"included, can open the database again. Backups made before now stay as they "
		"were.\n", store_path(store));
	/* Copies kept by earlier restores would keep in plain text what was
	 * just encrypted. */
	struct audit_problems removed = { 0 };
	rc = store_remove_plain_copies(store_path(store), &removed, &st);
	for (size_t i = 0; i < removed.len; i++)
		fprintf(cli->out, "Removed %s, an unencrypted copy kept by an earlier restore.\n",
			removed.items[i]);
	audit_problems_free(&removed);
	return rc == DYAD_OK ? CLI_EXIT_OK : cli_fail(cli, &st);
}

int cmd_decrypt(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(cli, argc, argv, NULL, 0, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!store_encryption_available())
		return refuse_unsupported(cli, "decrypt");
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	if (!store_is_encrypted(store)) {
		dyad_fail(&st, DYAD_ERR_REFUSED, "decrypt: %s is not encrypted", store_path(store));
		return cli_fail(cli, &st);
	}
	if (store_change_key(store, NULL, 0, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Decrypted %s: it is an ordinary SQLite file again.\n",
		store_path(store));
	return CLI_EXIT_OK;
}

int cmd_rekey(struct cli *cli, int argc, char **argv)
{
	static const char *const sources[] = { PASSPHRASE_NEW_FILE_ENV, NULL };
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(cli, argc, argv, NULL, 0, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!store_encryption_available())
		return refuse_unsupported(cli, "rekey");
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	if (!store_is_encrypted(store)) {
		dyad_fail(&st, DYAD_ERR_REFUSED,
			"rekey: %s is not encrypted; `dyad encrypt` encrypts it", store_path(store));
		return cli_fail(cli, &st);
	}
	struct passphrase pass;
	enum dyad_error rc = passphrase_new(sources, "New passphrase: ", &pass, &st);
	if (rc == DYAD_OK)
		rc = store_change_key(store, pass.text, pass.len, &st);
	passphrase_wipe(&pass);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "The passphrase of %s has been changed.\n", store_path(store));
	return CLI_EXIT_OK;
}
