/* export.c: everything in the database as one JSON file, one couple's
 * record as a signed JSON or PDF file, and checking such a file. */
#include "app/cli/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/core/json.h"
#include "app/core/paths.h"
#include "app/core/sign.h"
#include "app/output/record_file.h"
#include "app/store/audit.h"
#include "app/store/export.h"
#include "app/store/maintenance.h"

/* Writes out (already whole) to file through the audited, atomic path. */
static enum dyad_error publish(struct store *store, struct strbuf *out, const char *file,
	int64_t couple_id, const char *detail, struct dyad_status *st)
{
	char *dir = paths_dirname(file);
	enum dyad_error rc = dir ? paths_mkdir_p(dir, 0700, st)
		: dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	free(dir);
	struct atomic_file af;
	if (rc == DYAD_OK && (rc = atomic_begin(&af, file, st)) == DYAD_OK) {
		rc = fileio_write_all(af.fd, out->data ? out->data : "", out->len, file, st);
		if (rc == DYAD_OK)
			rc = store_publish(store, &af, "export", couple_id, 0, 0, detail, st);
		else
			atomic_abort(&af);
	}
	return rc;
}

static bool names_pdf(const char *file)
{
	size_t n = file != NULL ? strlen(file) : 0;
	return n >= 4 && strcasecmp(file + n - 4, ".pdf") == 0;
}

/* export --couple --pdf: the record as a PDF a person reads, signed the same way. */
static int export_couple_pdf(struct cli *cli, struct store *store, int64_t couple_id,
	bool include_private, const char *file, const struct sign_key *key, const char *when)
{
	struct dyad_status st = { 0 };
	struct record_request rq = { couple_id, include_private, file, when, key };
	struct record_written written;
	if (record_write(store, &rq, &written, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	char pk[65];
	sign_public_hex(key->public_key, pk);
	fprintf(cli->out, "Exported couple %lld's record to %s (%d page%s, %zu session%s%s), signed "
		"with key %s.\n", (long long)couple_id, file, written.pages,
		written.pages == 1 ? "" : "s", written.sessions, written.sessions == 1 ? "" : "s",
		include_private ? ", safety screenings and individual sessions' notes included" : "",
		pk);
	if (written.replaced > 0)
		fprintf(cli->out, "%d character%s no installed font has %s printed as a mark.\n",
			written.replaced, written.replaced == 1 ? "" : "s",
			written.replaced == 1 ? "is" : "are");
	fprintf(cli->out, "Whoever receives it can check it with: dyad verify %s --key %s\n", file,
		pk);
	return CLI_EXIT_OK;
}

/* export --couple: one couple's record, signed with the user's key. */
static int export_couple(struct cli *cli, const char *couple, bool include_private,
	bool pdf, const char *file)
{
	struct dyad_status st = { 0 };
	int64_t couple_id = 0;
	if (file == NULL) {
		cli_usage(cli, &st, "-o FILE: a couple's signed export is written to a file");
		return cli_fail(cli, &st);
	}
	/* The form follows the file name, and --pdf asks for it outright: a
	 * .pdf file holding JSON would open in no PDF reader. */
	if (pdf && !names_pdf(file)) {
		cli_usage(cli, &st, "-o: '%.200s' must be a file name ending in .pdf with --pdf",
			file);
		return cli_fail(cli, &st);
	}
	pdf = pdf || names_pdf(file);
	if (cli_couple_id(cli, couple, &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	if (fileio_check_output(file, "-o", &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct sign_key key;
	if (sign_key_load(&key, true, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	char when[21];
	date_wall_utc_text(when);
	if (pdf) {
		int code = export_couple_pdf(cli, store, couple_id, include_private, file, &key, when);
		sign_key_wipe(&key);
		return code;
	}
	struct strbuf out = STRBUF_INIT;
	enum dyad_error rc = store_export_couple_json(store, couple_id, include_private, when,
		&out, &st);
	if (rc == DYAD_OK)
		rc = sign_append_trailer(&out, &key, &st);
	sign_key_wipe(&key);
	char detail[4200];
	snprintf(detail, sizeof detail, "%s%s", file, include_private ? " (with private items)" : "");
	if (rc == DYAD_OK)
		rc = publish(store, &out, file, couple_id, detail, &st);
	strbuf_release(&out);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	char pk[65];
	sign_public_hex(key.public_key, pk);
	fprintf(cli->out, "Exported couple %lld's record to %s, signed with key %s.\n"
		"Whoever receives it can check it with: dyad verify %s --key %s\n",
		(long long)couple_id, file, pk, file, pk);
	return CLI_EXIT_OK;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *file = NULL, *couple = NULL;
	bool include_private = false, pdf = false;
	const struct cli_option opts[] = {
		{ "-o", CLI_VALUE, &file, 0, NULL },
		{ "--couple", CLI_VALUE, &couple, 0, NULL },
		{ "--include-private", CLI_FLAG, &include_private, 0, NULL },
		{ "--pdf", CLI_FLAG, &pdf, 0, NULL },
	};
	int npos;
	if (cli_parse(cli, argc, argv, opts, 4, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (file != NULL && strcmp(file, "-") == 0)
		file = NULL;
	if (couple != NULL)
		return export_couple(cli, couple, include_private, pdf, file);
	if (pdf) {
		cli_usage(cli, &st, "--pdf goes with --couple (a PDF holds one couple's record)");
		return cli_fail(cli, &st);
	}
	if (include_private) {
		cli_usage(cli, &st, "--include-private goes with --couple (the full export holds "
			"everything already)");
		return cli_fail(cli, &st);
	}
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
	enum dyad_error rc = publish(store, &out, file, 0, file, &st);
	strbuf_release(&out);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Exported everything in %s to %s.\n", store_path(store), file);
	return CLI_EXIT_OK;
}

/* Reads the header fields verify shows, from the signed body. */
static void read_header(const char *body, size_t len, char *format, size_t fsize,
	char *name, size_t nsize, char *when, size_t wsize, int64_t *couple_id, int *private_included)
{
	struct json_reader r;
	json_reader_init(&r, body, len);
	if (json_expect(&r, '{')) {
		while (json_peek(&r) == '"' && json_read_string(&r)) {
			char key[32];
			snprintf(key, sizeof key, "%s", strbuf_str(&r.text));
			if (!json_expect(&r, ':'))
				break;
			if (strcmp(key, "tables") == 0)
				break;
			struct json_scalar v;
			if (!json_read_scalar(&r, &v))
				break;
			if (v.kind == JSON_KIND_STRING && strcmp(key, "format") == 0)
				snprintf(format, fsize, "%s", strbuf_str(&r.text));
			else if (v.kind == JSON_KIND_STRING && strcmp(key, "couple_name") == 0)
				snprintf(name, nsize, "%s", strbuf_str(&r.text));
			else if (v.kind == JSON_KIND_STRING && strcmp(key, "exported_at") == 0)
				snprintf(when, wsize, "%s", strbuf_str(&r.text));
			else if (v.kind == JSON_KIND_INT && strcmp(key, "couple_id") == 0)
				*couple_id = v.integer;
			else if (v.kind == JSON_KIND_BOOL && strcmp(key, "private_included") == 0)
				*private_included = v.boolean;
			if (!json_accept(&r, ','))
				break;
		}
	}
	json_reader_free(&r);
}

#define VERIFY_MAX_FILE_BYTES ((size_t)1024 * 1024 * 1024)

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	/* dyad verify --key alone: this user's public key, to hand on. */
	if (argc == 1 && strcmp(argv[0], "--key") == 0) {
		struct sign_key key;
		if (sign_key_load(&key, true, &st) != DYAD_OK)
			return cli_fail(cli, &st);
		char pk[65];
		sign_public_hex(key.public_key, pk);
		sign_key_wipe(&key);
		fprintf(cli->out, "%s\n", pk);
		return CLI_EXIT_OK;
	}
	const char *want_hex = NULL, *pos[1];
	const struct cli_option opts[] = { { "--key", CLI_VALUE, &want_hex, 0, NULL } };
	int npos;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	unsigned char want[SIGN_PUBLIC_BYTES];
	if (want_hex != NULL && !sign_public_parse(want_hex, want)) {
		dyad_fail(&st, DYAD_ERR_USAGE, "--key: a public key is 64 hex digits, as "
			"'dyad verify --key' prints it");
		return cli_fail(cli, &st);
	}
	size_t len = 0;
	char *text = fileio_read_path(pos[0], VERIFY_MAX_FILE_BYTES, &len, "verify", &st);
	if (text == NULL)
		return cli_fail(cli, &st);
	unsigned char pk[SIGN_PUBLIC_BYTES];
	size_t body_len = 0;
	bool is_pdf = len >= sizeof SIGN_PDF_MAGIC - 1 &&
		memcmp(text, SIGN_PDF_MAGIC, sizeof SIGN_PDF_MAGIC - 1) == 0;
	enum sign_verdict v = is_pdf ? sign_verify_pdf(text, len, pk, &body_len)
		: sign_verify_document(text, len, pk, &body_len);
	char pk_hex[65];
	sign_public_hex(pk, pk_hex);
	int exit_code = CLI_EXIT_REFUSED;
	switch (v) {
	case SIGN_UNSIGNED:
		fprintf(cli->err, "dyad: %s carries no dyad signature (it is not a signed export, "
			"or it was cut short); it cannot be trusted as one\n", pos[0]);
		break;
	case SIGN_MALFORMED:
		fprintf(cli->err, "dyad: %s has a damaged signature line; it cannot be trusted\n",
			pos[0]);
		break;
	case SIGN_CHANGED:
		fprintf(cli->err, "dyad: %s: the file was changed after it was signed; do not rely "
			"on it\n", pos[0]);
		break;
	case SIGN_VALID: {
		char format[64] = "", name[512] = "", when[64] = "";
		int64_t couple_id = 0;
		int private_included = -1;
		if (is_pdf) {
			struct record_summary sum;
			if (record_read_summary(text, body_len, &sum)) {
				snprintf(format, sizeof format, "%s", "pdf");
				snprintf(name, sizeof name, "%s", sum.couple_name);
				snprintf(when, sizeof when, "%s", sum.exported_at);
				couple_id = sum.couple_id;
				private_included = sum.private_included;
			}
		} else {
			read_header(text, body_len, format, sizeof format, name, sizeof name, when,
				sizeof when, &couple_id, &private_included);
		}
		if (want_hex != NULL && memcmp(want, pk, sizeof want) != 0) {
			fprintf(cli->err, "dyad: %s is signed, but with key %s, not the key you gave; "
				"it did not come from the person you expected\n", pos[0], pk_hex);
			break;
		}
		struct strbuf msg = STRBUF_INIT;
		strbuf_adds(&msg, "Couple:    ");
		cli_safe(&msg, name[0] ? name : "(not named)");
		strbuf_addf(&msg, " (id %lld)\nWhat:      ", (long long)couple_id);
		if (strcmp(format, EXPORT_COUPLE_FORMAT) == 0)
			strbuf_adds(&msg, private_included == 1
				? "the couple's whole record, safety screenings and individual "
				  "sessions' notes included"
				: "the couple's whole record (safety screenings and individual "
				  "sessions' notes left out)");
		else if (strcmp(format, "pdf") == 0)
			strbuf_adds(&msg, private_included == 1
				? "the couple's whole record as a PDF, safety screenings and individual "
				  "sessions' notes included"
				: "the couple's whole record as a PDF (safety screenings and individual "
				  "sessions' notes left out)");
		else if (is_pdf)
			strbuf_adds(&msg, "a signed PDF that does not say what it holds");
		else
			cli_safe(&msg, format[0] ? format : "(unknown)");
		strbuf_adds(&msg, "\nExported:  ");
		cli_safe(&msg, when[0] ? when : "(unknown)");
		strbuf_addf(&msg, "\nSigned by: key %s\n%s\n", pk_hex,
			want_hex != NULL ? "signature valid, and made with the key you gave"
				: "signature valid (compare the key with the one the sender gave you)");
		exit_code = cli_emit(cli, &msg) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
		break;
	}
	}
	free(text);
	return exit_code;
}
