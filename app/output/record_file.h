/* record_file.h: a couple's whole record as a signed PDF for handing on
 * (`dyad export --couple ID --pdf`): gathered from the records, laid out
 * by reports/record.h, signed with the user's key like the JSON export
 * (core/sign.h) and saved atomically, privately and audited
 * (store_publish).
 *
 * After the PDF's %%EOF come two comment lines, which PDF readers pass
 * over: what the file holds, then the signature over every byte before
 * it (sign_append_pdf_line), so `dyad verify` can say what it checked:
 *   %dyad-couple-record 1 couple_id=ID exported_at=YYYY-MM-DDTHH:MM:SSZ
 *       private_included=yes|no couple_name=<hex of the name's UTF-8>
 * The name is hex so that no name can end the line or spell a word PDF
 * readers look for near a file's end; it is cut to RECORD_NAME_BYTES
 * (at a character's end), to keep the lines well within the last 1 KB
 * where readers look for the end of the PDF. */
#ifndef DYAD_OUTPUT_RECORD_FILE_H
#define DYAD_OUTPUT_RECORD_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/sign.h"
#include "app/store/db.h"

#define RECORD_SUMMARY_MAGIC "%dyad-couple-record 1 "
#define RECORD_NAME_BYTES 200

struct record_request {
	int64_t couple_id;
	bool include_private;   /* safety screenings and individual sessions' notes */
	const char *path;       /* the file to write; must end in .pdf */
	const char *exported_at; /* "YYYY-MM-DDTHH:MM:SSZ" */
	const struct sign_key *key;
};

struct record_written {
	int pages;
	int replaced;           /* characters printed as a mark (handout.h) */
	size_t sessions;
};

/* Writes the couple's record to rq->path: mode 0600, through a temporary
 * file beside it renamed into place with its audit entry (store_publish,
 * which also anchors the audit chain). Refused: a path that is not a .pdf
 * file name, the database or one of its files, a symbolic link
 * (fileio_check_output), a name no installed font can print. On error
 * nothing is left at the path that was not there before, and st says why. */
enum dyad_error record_write(struct store *store, const struct record_request *rq,
	struct record_written *out, struct dyad_status *st);

/* What the summary line says. */
struct record_summary {
	int64_t couple_id;
	char exported_at[21];
	bool private_included;
	char couple_name[RECORD_NAME_BYTES + 1];
};

/* Reads the summary line that ends body (the signed bytes of a record
 * PDF, as sign_verify_pdf gives their length). False when the last line
 * is not one. */
bool record_read_summary(const char *body, size_t len, struct record_summary *out);

#endif
