/* records.c: the commands of a trustworthy record: addenda, the audit log,
 * `dyad check`, encryption, backups, restore, export and import. */
#include "app/cli/records.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/core/json.h"
#include "app/core/passphrase.h"
#include "app/core/paths.h"
#include "app/domain/import.h"
#include "app/domain/records.h"
#include "app/domain/validate.h"
#include "app/store/addenda.h"
#include "app/store/audit.h"
#include "app/store/export.h"
#include "app/store/maintenance.h"
#include "app/store/sessions.h"

int cmd_note_addendum(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "note addendum SESSION_ID [--file F]";
	struct dyad_status st = { 0 };
	const char *file = NULL;
	const struct cli_option opts[] = { { "--file", CLI_VALUE, &file, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t id, addendum_id;
	if (cli_parse(argc, argv, opts, 1, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	/* Say "this is a draft" before someone types a whole addendum. */
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct note_rec note;
	if (notes_get(store, id, &note, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	bool draft = strcmp(note.status, "signed") != 0;
	note_rec_free(&note);
	if (draft) {
		dyad_fail(&st, DYAD_ERR_REFUSED,
			"note: session %" PRId64 "'s note is still a draft; change it with `dyad note set` "
			"(addenda are for signed notes)", id);
		return cli_fail(cli, &st);
	}
	size_t len;
	/* At a terminal, standard input is the person typing: say how to end. */
	if ((file == NULL || strcmp(file, "-") == 0) && isatty(STDIN_FILENO))
		fprintf(cli->err, "Type the addendum, then Ctrl-D on a line of its own.\n");
	char *body = fileio_read_path(file ? file : "-", NOTE_MAX_BYTES, &len, "addendum", &st);
	if (body == NULL)
		return cli_fail(cli, &st);
	enum dyad_error rc = records_addendum_add(store, id, body, len, &addendum_id, &st);
	free(body);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "%" PRId64 "\n", addendum_id);
	return CLI_EXIT_OK;
}

static void json_id_or_null(struct strbuf *out, int64_t v)
{
	if (v == 0)
		strbuf_adds(out, "null");
	else
		json_int(out, v);
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "audit [--couple ID] [--since YYYY-MM-DD] [--json]";
	struct dyad_status st = { 0 };
	const char *couple = NULL, *since = NULL;
	bool json = false;
	const struct cli_option opts[] = {
		{ "--couple", CLI_VALUE, &couple, 0, NULL },
		{ "--since", CLI_VALUE, &since, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	int npos;
	struct audit_filter filter = { 0, NULL };
	struct dyad_date d;
	if (cli_parse(argc, argv, opts, 3, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK ||
		(couple && cli_couple_id(cli, couple, &filter.couple_id, &st) != DYAD_OK) ||
		(since && validate_date("since", since, &d, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	filter.since = since;
	struct store *store = cli_store(cli, &st);
	struct audit_list list;
	if (store == NULL || audit_list(store, &filter, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json) {
		strbuf_addc(&out, '[');
		for (size_t i = 0; i < list.len; i++) {
			const struct audit_entry *e = &list.items[i];
			strbuf_adds(&out, i ? ",\n{" : "\n{");
			json_key(&out, "id");
			json_int(&out, e->id);
			strbuf_addc(&out, ',');
			json_key(&out, "at");
			json_string(&out, e->at);
			strbuf_addc(&out, ',');
			json_key(&out, "action");
			json_string(&out, e->action);
			strbuf_addc(&out, ',');
			json_key(&out, "object");
			json_string(&out, e->object);
			strbuf_addc(&out, ',');
			json_key(&out, "couple_id");
			json_id_or_null(&out, e->couple_id);
			strbuf_addc(&out, ',');
			json_key(&out, "session_id");
			json_id_or_null(&out, e->session_id);
			strbuf_addc(&out, ',');
			json_key(&out, "item_id");
			json_id_or_null(&out, e->item_id);
			strbuf_addc(&out, ',');
			json_key(&out, "detail");
			json_string(&out, e->detail);
			strbuf_addc(&out, ',');
			json_key(&out, "content_sha256");
			json_string(&out, e->content_sha256[0] ? e->content_sha256 : NULL);
			strbuf_addc(&out, ',');
			json_key(&out, "hash");
			json_string(&out, e->hash);
			strbuf_addc(&out, '}');
		}
		strbuf_adds(&out, list.len ? "\n]\n" : "]\n");
		audit_list_free(&list);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (list.len == 0) {
		audit_list_free(&list);
		fprintf(cli->out, "No audit entries%s.\n", couple || since ? " match" : " yet");
		return CLI_EXIT_OK;
	}
	struct cli_table t;
	cli_table_init(&t, 6);
	const char *head[] = { "ID", "WHEN (UTC)", "ACTION", "WHAT", "COUPLE/SESSION", "DETAIL" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < list.len; i++) {
		const struct audit_entry *e = &list.items[i];
		char id[24], when[20], where[48] = "";
		snprintf(id, sizeof id, "%" PRId64, e->id);
		snprintf(when, sizeof when, "%.10s %.8s", e->at, e->at + 11);
		if (e->couple_id)
			snprintf(where, sizeof where, "%" PRId64, e->couple_id);
		if (e->session_id)
			snprintf(where + strlen(where), sizeof where - strlen(where), "/%" PRId64,
				e->session_id);
		const char *row[] = { id, when, e->action, e->object, where, e->detail };
		cli_table_row(&t, row);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	audit_list_free(&list);
	return CLI_EXIT_OK;
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "check";
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(argc, argv, NULL, 0, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct store_check_report r;
	if (store == NULL || store_check(store, &r, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	FILE *o = cli->out;
	fprintf(o, "Checked %s\n", store_path(store));
	fprintf(o, "  integrity_check:     %s\n", r.integrity_ok ? "ok" : "PROBLEMS");
	fprintf(o, "  foreign keys:        %s\n", r.foreign_keys_ok ? "ok" : "PROBLEMS");
	if (r.cipher_checked)
		fprintf(o, "  encrypted pages:     %s\n", r.cipher_ok ? "ok" : "PROBLEMS");
	fprintf(o, "  protective triggers: %d of %d in place\n", r.triggers_present,
		r.triggers_expected);
	fprintf(o, "  audit log:           %" PRId64 " entr%s\n", r.audit_entries,
		r.audit_entries == 1 ? "y" : "ies");
	fprintf(o, "  signed notes:        %" PRId64 " compared with their signing fingerprint\n",
		r.signed_checked);
	fprintf(o, "  addenda:             %" PRId64 " compared with their fingerprint\n",
		r.addenda_checked);
	size_t n = r.problems.len;
	if (n == 0) {
		fprintf(o, "No problems found.\n");
		store_check_report_free(&r);
		return CLI_EXIT_OK;
	}
	fprintf(o, "%zu problem%s:\n", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		fprintf(o, "  - %s\n", r.problems.items[i]);
	store_check_report_free(&r);
	fflush(o);
	dyad_fail(&st, DYAD_ERR_REFUSED, "check: %zu problem%s found in %s (listed above)", n,
		n == 1 ? "" : "s", store_path(store));
	return cli_fail(cli, &st);
}

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
	static const char synopsis[] = "encrypt";
	static const char *const sources[] = { PASSPHRASE_NEW_FILE_ENV, PASSPHRASE_FILE_ENV, NULL };
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(argc, argv, NULL, 0, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
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
	static const char synopsis[] = "decrypt";
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(argc, argv, NULL, 0, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
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
	static const char synopsis[] = "rekey";
	static const char *const sources[] = { PASSPHRASE_NEW_FILE_ENV, NULL };
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(argc, argv, NULL, 0, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
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

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "backup FILE";
	struct dyad_status st = { 0 };
	const char *pos[1];
	int npos;
	if (cli_parse(argc, argv, NULL, 0, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK)
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
	static const char synopsis[] = "restore FILE";
	static const char *const sources[] = { "DYAD_BACKUP_PASSPHRASE_FILE", PASSPHRASE_FILE_ENV,
		NULL };
	struct dyad_status st = { 0 };
	const char *pos[1];
	int npos;
	if (cli_parse(argc, argv, NULL, 0, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK)
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
		rc = store_restore(path, backup, keyed ? pass.text : NULL, pass.len, &kept, &problems,
			&st);
	audit_problems_free(&problems);
	struct store *store = NULL;
	if (rc == DYAD_OK) {
		/* Record the restore in the restored database itself. */
		char detail[AUDIT_DETAIL_MAX];
		snprintf(detail, sizeof detail, "from %s%s%s", backup,
			kept ? "; the replaced database is kept as " : "", kept ? kept : "");
		rc = store_open_keyed(path, STORE_OPEN_DEFAULT, keyed ? pass.text : NULL, pass.len,
			&store, &st);
		if (rc == DYAD_OK)
			rc = audit_record(store, AUDIT_RESTORE, "database", 0, 0, detail, &st);
		store_close(store);
		if (rc == DYAD_OK) {
			fprintf(cli->out, "Restored %s from %s.\n", path, backup);
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

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "export [-o FILE]";
	struct dyad_status st = { 0 };
	const char *file = NULL;
	const struct cli_option opts[] = { { "-o", CLI_VALUE, &file, 0, NULL } };
	int npos;
	if (cli_parse(argc, argv, opts, 1, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (file != NULL && strcmp(file, "-") == 0)
		file = NULL;
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	if (file != NULL && fileio_check_output(file, "-o", &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (store_export_json(store, &out, &st) != DYAD_OK) {
		strbuf_release(&out);
		return cli_fail(cli, &st);
	}
	if (file == NULL) {
		if (!cli_emit(cli, &out))
			return CLI_EXIT_REFUSED;
		if (audit_record(store, AUDIT_EXPORT, "export", 0, 0, "standard output", &st) !=
			DYAD_OK)
			return cli_fail(cli, &st);
		return CLI_EXIT_OK;
	}
	/* Written like every other file of client data: a private temporary
	 * file, then its audit entry and the rename together. */
	char *dir = paths_dirname(file);
	enum dyad_error rc = dir ? paths_mkdir_p(dir, 0700, &st)
		: dyad_fail(&st, DYAD_ERR_NOMEM, NULL);
	free(dir);
	struct atomic_file af;
	if (rc == DYAD_OK && (rc = atomic_begin(&af, file, &st)) == DYAD_OK) {
		rc = fileio_write_all(af.fd, out.data ? out.data : "", out.len, file, &st);
		if (rc == DYAD_OK)
			rc = store_publish(store, &af, "export", 0, 0, 0, file, &st);
		else
			atomic_abort(&af);
	}
	strbuf_release(&out);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Exported everything in %s to %s.\n", store_path(store), file);
	return CLI_EXIT_OK;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "import FILE";
	struct dyad_status st = { 0 };
	const char *pos[1];
	int npos;
	if (cli_parse(argc, argv, NULL, 0, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	size_t len;
	char *text = fileio_read_path(pos[0], IMPORT_MAX_FILE_BYTES, &len, "import", &st);
	if (text == NULL)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct import_summary sum = { 0, 0 };
	enum dyad_error rc = store == NULL ? st.code
		: import_file_text(store, text, len, pos[0], &sum, &st);
	free(text);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Imported %" PRId64 " rows in %" PRId64 " tables from %s into %s.\n",
		sum.rows, sum.tables, pos[0], store_path(store));
	return CLI_EXIT_OK;
}
