/* export.h: the whole database as one JSON document, and back.
 *
 * The format (format_version 1), written one table per block and one row
 * per line so it reads and diffs well:
 *
 *   {"format":"dyad-export","format_version":1,"schema_version":5,"tables":[
 *   {"name":"couple","columns":["id","name",...],"rows":[
 *   [1,"Okafor & Reyes",...],
 *   ...
 *   ]},
 *   ...
 *   ]}
 *
 * Every ordinary table of the database is there, in the order the schema
 * created them (so a table comes after those it refers to), with its
 * columns as the schema names them and its rows in primary-key order.
 * Values are JSON null, integers, reals (always with a '.' or an exponent,
 * to the last bit), strings (UTF-8), or {"hex":"..."} for the rare binary
 * value. Search indexes are left out; they are rebuilt from the notes. The
 * file holds no export date, so exporting, importing into an empty
 * database and exporting again gives the same bytes. */
#ifndef DYAD_STORE_EXPORT_H
#define DYAD_STORE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "store/db.h"

#define EXPORT_FORMAT "dyad-export"
#define EXPORT_FORMAT_VERSION 1

/* Appends the whole database to out, read in one transaction (a
 * consistent snapshot). Nothing is recorded; the caller audits the export
 * once the file is written. */
enum dyad_error store_export_json(struct store *store, struct strbuf *out,
	struct dyad_status *st);

struct import_summary {
	int64_t tables;
	int64_t rows;
};

/* Loads an export (text, len bytes) into an empty database: one without
 * couples or audit entries. Tables filled by the schema itself (the concept
 * catalogue) are replaced by the file's rows. All or nothing: any problem
 * (a table or column this dyad does not have, a row that breaks a rule, a
 * dangling reference, an audit log that does not verify) rolls everything
 * back, with the file's line number in the message. `what` names the file
 * in messages. */
enum dyad_error store_import_json(struct store *store, const char *text, size_t len,
	const char *what, struct import_summary *summary, struct dyad_status *st);

#endif
