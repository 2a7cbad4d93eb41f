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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/store/db.h"

#define EXPORT_FORMAT "dyad-export"
#define EXPORT_FORMAT_VERSION 1

/* Appends the whole database to out, read in one transaction (a
 * consistent snapshot). Nothing is recorded; the caller audits the export
 * once the file is written. */
enum dyad_error store_export_json(struct store *store, struct strbuf *out,
	struct dyad_status *st);

#define EXPORT_COUPLE_FORMAT "dyad-couple-export"

/* One couple's whole record, in the same table-by-table form, for handing
 * on: {"format":"dyad-couple-export","format_version":1,"schema_version":N,
 * "exported_at":"...","couple_id":ID,"couple_name":"...",
 * "private_included":false,"tables":[...],
 * The document is left open after the tables' "],\n" for the caller to
 * close with its signature (app/core/sign.h). Only the tables known to
 * hold the couple's rows are written, filtered to them, plus the concept
 * and measure catalogues; safety screenings only with include_private. */
enum dyad_error store_export_couple_json(struct store *store, int64_t couple_id,
	bool include_private, const char *exported_at, struct strbuf *out,
	struct dyad_status *st);

struct import_summary {
	int64_t tables;
	int64_t rows;
};

/* One value of a row being imported. */
enum import_kind { IMPORT_NULL, IMPORT_INT, IMPORT_REAL, IMPORT_TEXT, IMPORT_BLOB };

struct import_value {
	enum import_kind kind;
	int64_t integer;      /* IMPORT_INT */
	double real;          /* IMPORT_REAL */
	const char *text;     /* IMPORT_TEXT (no NUL inside, NUL after) or IMPORT_BLOB */
	size_t len;           /* bytes at text */
};

/* A row as the file gives it, before it is stored. */
struct import_row {
	const char *table;
	int64_t index;                  /* its place in the table's "rows", from 0 */
	int count;
	const char *const *columns;     /* the file's columns, each a column of table */
	const struct import_value *values;
};

/* What the importer asks of the layer above it: the rules a row must
 * meet, so that a file gets no further than the command line would. */
struct import_rules {
	size_t max_string;   /* the longest string the file may hold; 0 for the reader's default */
	/* Called for each row before it is stored, in file order (the rows
	 * before it are in the database already). Returns DYAD_OK, or fails st
	 * with the whole reason ("session[3].starts_at: ..."), which the
	 * importer prefixes with the file and line. */
	enum dyad_error (*check_row)(void *ctx, const struct import_row *row,
		struct dyad_status *st);
	void *ctx;
};

/* Loads an export (text, len bytes) into an empty database: one without
 * couples or audit entries. Tables filled by the schema itself (the concept
 * catalogue) are replaced by the file's rows. All or nothing: any problem
 * (a field, table or column this dyad does not have or that is given twice,
 * tables out of the schema's order, nesting beyond JSON_MAX_DEPTH, a string
 * beyond rules->max_string, a row rules->check_row refuses or that breaks a
 * schema rule, a dangling reference, an audit log that does not verify, a
 * note signed after the audit log began without its signing entry) rolls
 * everything back, with the file's line and the row (table[index]) in the
 * message. `what` names the file in messages; rules may be NULL (no checks
 * beyond the schema's). */
enum dyad_error store_import_json(struct store *store, const char *text, size_t len,
	const char *what, const struct import_rules *rules, struct import_summary *summary,
	struct dyad_status *st);

#endif
