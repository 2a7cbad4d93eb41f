/* export.c: every table to JSON in a fixed, documented order, and back
 * into an empty database. Table and column names come from the schema
 * itself, so tables added by later migrations are exported without
 * changes here. */
#include "store/export.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "store/audit.h"
#include "store/internal.h"

/* Ordinary tables in creation order; virtual tables (the search index) and
 * their shadow tables are derived data and stay out. */
static const char sql_tables[] =
	"SELECT s.name, l.wr FROM sqlite_schema s"
	" JOIN pragma_table_list l ON l.schema = 'main' AND l.name = s.name"
	" WHERE s.type = 'table' AND l.type = 'table' AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	" ORDER BY s.rowid";

static void quote_ident(struct strbuf *sb, const char *name)
{
	strbuf_addc(sb, '"');
	for (const char *c = name; *c; c++) {
		if (*c == '"')
			strbuf_addc(sb, '"');
		strbuf_addc(sb, *c);
	}
	strbuf_addc(sb, '"');
}

struct table_columns {
	char **names;
	int count;
	struct strbuf order_by; /* "rowid" or the primary key columns */
};

static void table_columns_free(struct table_columns *t)
{
	for (int i = 0; i < t->count; i++)
		free(t->names[i]);
	free(t->names);
	strbuf_release(&t->order_by);
	memset(t, 0, sizeof *t);
}

static int load_columns(sqlite3 *db, const char *table, bool without_rowid,
	struct table_columns *t)
{
	memset(t, 0, sizeof *t);
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db,
		"SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid", -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
	int cap = 0;
	char *pk[64] = { 0 };
	int pk_count = 0;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (t->count == cap) {
			cap = cap ? cap * 2 : 16;
			char **p = realloc(t->names, (size_t)cap * sizeof *p);
			if (p == NULL) {
				src = SQLITE_NOMEM;
				break;
			}
			t->names = p;
		}
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		t->names[t->count] = strdup(name ? name : "");
		if (t->names[t->count] == NULL) {
			src = SQLITE_NOMEM;
			break;
		}
		int k = sqlite3_column_int(stmt, 1);
		if (k > 0 && k <= 64) {
			pk[k - 1] = t->names[t->count];
			if (k > pk_count)
				pk_count = k;
		}
		t->count++;
	}
	sqlite3_finalize(stmt);
	if (src != SQLITE_DONE) {
		table_columns_free(t);
		return src;
	}
	if (!without_rowid) {
		strbuf_adds(&t->order_by, "rowid");
	} else {
		for (int i = 0; i < pk_count; i++) {
			if (i)
				strbuf_addc(&t->order_by, ',');
			quote_ident(&t->order_by, pk[i] ? pk[i] : "rowid");
		}
	}
	return t->order_by.failed ? SQLITE_NOMEM : SQLITE_OK;
}

static void hex_value(struct strbuf *out, const unsigned char *p, int n)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_adds(out, "{\"hex\":\"");
	for (int i = 0; i < n; i++) {
		strbuf_addc(out, hex[p[i] >> 4]);
		strbuf_addc(out, hex[p[i] & 15]);
	}
	strbuf_adds(out, "\"}");
}

static int export_table(sqlite3 *db, const char *table, bool without_rowid,
	struct strbuf *out)
{
	struct table_columns t;
	int src = load_columns(db, table, without_rowid, &t);
	if (src != SQLITE_OK)
		return src;
	struct strbuf sql = STRBUF_INIT;
	strbuf_adds(&sql, "SELECT ");
	strbuf_adds(out, "{\"name\":");
	json_string(out, table);
	strbuf_adds(out, ",\"columns\":[");
	for (int i = 0; i < t.count; i++) {
		if (i) {
			strbuf_addc(out, ',');
			strbuf_addc(&sql, ',');
		}
		json_string(out, t.names[i]);
		quote_ident(&sql, t.names[i]);
	}
	strbuf_adds(out, "],\"rows\":[");
	strbuf_adds(&sql, " FROM ");
	quote_ident(&sql, table);
	strbuf_adds(&sql, " ORDER BY ");
	strbuf_adds(&sql, strbuf_str(&t.order_by));
	sqlite3_stmt *stmt = NULL;
	src = sql.failed ? SQLITE_NOMEM : sqlite3_prepare_v2(db, strbuf_str(&sql), -1, &stmt, NULL);
	bool first = true;
	while (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		strbuf_adds(out, first ? "\n[" : ",\n[");
		first = false;
		for (int i = 0; i < t.count; i++) {
			if (i)
				strbuf_addc(out, ',');
			switch (sqlite3_column_type(stmt, i)) {
			case SQLITE_INTEGER:
				json_int(out, sqlite3_column_int64(stmt, i));
				break;
			case SQLITE_FLOAT:
				json_real(out, sqlite3_column_double(stmt, i));
				break;
			case SQLITE_TEXT:
				json_string_n(out, (const char *)sqlite3_column_text(stmt, i),
					(size_t)sqlite3_column_bytes(stmt, i));
				break;
			case SQLITE_BLOB:
				hex_value(out, sqlite3_column_blob(stmt, i), sqlite3_column_bytes(stmt, i));
				break;
			default:
				strbuf_adds(out, "null");
			}
		}
		strbuf_addc(out, ']');
		src = SQLITE_OK;
	}
	if (src == SQLITE_DONE)
		src = SQLITE_OK;
	sqlite3_finalize(stmt);
	strbuf_adds(out, first ? "]}" : "\n]}");
	strbuf_release(&sql);
	table_columns_free(&t);
	return src;
}

enum dyad_error store_export_json(struct store *store, struct strbuf *out,
	struct dyad_status *st)
{
	if (store->tx_depth > 0)
		return dyad_fail(st, DYAD_ERR_DB, "export: cannot run inside a transaction");
	/* A read transaction: one snapshot, and writers in other processes
	 * carry on undisturbed. */
	enum dyad_error rc = store_exec(store, "BEGIN", st);
	if (rc != DYAD_OK)
		return rc;
	strbuf_addf(out, "{\"format\":\"%s\",\"format_version\":%d,\"schema_version\":%d,\"tables\":[",
		EXPORT_FORMAT, EXPORT_FORMAT_VERSION, store_schema_version(store));
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(store->db, sql_tables, -1, &stmt, NULL);
	bool first = true;
	while (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		strbuf_adds(out, first ? "\n" : ",\n");
		first = false;
		src = export_table(store->db, (const char *)sqlite3_column_text(stmt, 0),
			sqlite3_column_int(stmt, 1) != 0, out);
	}
	if (src == SQLITE_DONE)
		src = SQLITE_OK;
	sqlite3_finalize(stmt);
	strbuf_adds(out, "\n]}\n");
	sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	if (src != SQLITE_OK)
		return store_fail(store, src, "export", st);
	if (out->failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, "export: out of memory");
	return DYAD_OK;
}

/* ---- import ------------------------------------------------------------- */

struct importer {
	struct store *store;
	struct json_reader r;
	const char *what;
	struct import_summary sum;
	struct dyad_status *st;
	int schema_version;
	struct strbuf scratch;
};

/* The reader's error, or our own, as the one line the user sees. */
static enum dyad_error import_fail(struct importer *im, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static enum dyad_error import_fail(struct importer *im, const char *fmt, ...)
{
	char msg[300];
	if (fmt == NULL) {
		/* The reader's own message already names the line. */
		return dyad_fail(im->st, DYAD_ERR_INVALID, "import: %s %s; nothing was imported",
			im->what, im->r.error);
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return dyad_fail(im->st, DYAD_ERR_INVALID, "import: %s line %zu: %s; nothing was imported",
		im->what, json_reader_line(&im->r), msg);
}

static bool table_exportable(sqlite3 *db, const char *name, bool *known)
{
	static const char sql[] =
		"SELECT 1 FROM sqlite_schema s"
		" JOIN pragma_table_list l ON l.schema = 'main' AND l.name = s.name"
		" WHERE s.type = 'table' AND l.type = 'table' AND s.name = ?1"
		" AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
	sqlite3_stmt *stmt = NULL;
	*known = false;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	int src = sqlite3_step(stmt);
	*known = src == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return src == SQLITE_ROW || src == SQLITE_DONE;
}

static bool hex_digit(char c, int *v)
{
	if (c >= '0' && c <= '9')
		*v = c - '0';
	else if (c >= 'a' && c <= 'f')
		*v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		*v = c - 'A' + 10;
	else
		return false;
	return true;
}

/* Reads one value and binds it as parameter index. */
static enum dyad_error bind_value(struct importer *im, sqlite3_stmt *stmt, int index)
{
	struct json_reader *r = &im->r;
	if (json_peek(r) == '{') {
		/* {"hex":"..."}: a binary value. */
		if (!json_expect(r, '{') || !json_read_string(r))
			return import_fail(im, NULL);
		if (strcmp(strbuf_str(&r->text), "hex") != 0)
			return import_fail(im, "a value object other than {\"hex\": ...}");
		if (!json_expect(r, ':') || !json_read_string(r))
			return import_fail(im, NULL);
		const char *h = strbuf_str(&r->text);
		size_t n = r->text.len;
		if (n % 2 != 0)
			return import_fail(im, "an odd number of hex digits");
		strbuf_reset(&im->scratch);
		for (size_t i = 0; i < n; i += 2) {
			int hi, lo;
			if (!hex_digit(h[i], &hi) || !hex_digit(h[i + 1], &lo))
				return import_fail(im, "a bad hex digit");
			strbuf_addc(&im->scratch, (char)(hi * 16 + lo));
		}
		if (!json_expect(r, '}'))
			return import_fail(im, NULL);
		sqlite3_bind_blob(stmt, index, im->scratch.data ? im->scratch.data : "",
			(int)im->scratch.len, SQLITE_TRANSIENT);
		return DYAD_OK;
	}
	struct json_scalar v;
	if (!json_read_scalar(r, &v))
		return import_fail(im, NULL);
	switch (v.kind) {
	case JSON_KIND_NULL:
		sqlite3_bind_null(stmt, index);
		break;
	case JSON_KIND_BOOL:
		return import_fail(im, "true or false where a value was expected");
	case JSON_KIND_INT:
		sqlite3_bind_int64(stmt, index, v.integer);
		break;
	case JSON_KIND_REAL:
		sqlite3_bind_double(stmt, index, v.real);
		break;
	case JSON_KIND_STRING:
		if (memchr(r->text.data ? r->text.data : "", '\0', r->text.len) != NULL)
			return import_fail(im, "a text value with a NUL character");
		sqlite3_bind_text(stmt, index, strbuf_str(&r->text), (int)r->text.len,
			SQLITE_TRANSIENT);
		break;
	}
	return DYAD_OK;
}

static enum dyad_error import_table(struct importer *im)
{
	struct json_reader *r = &im->r;
	sqlite3 *db = im->store->db;
	enum dyad_error rc = DYAD_OK;
	char *table = NULL;
	char **columns = NULL;
	int ncolumns = 0;
	bool have_rows = false;
	sqlite3_stmt *insert = NULL;
	struct strbuf sql = STRBUF_INIT;
	if (!json_expect(r, '{'))
		return import_fail(im, NULL);
	do {
		if (!json_read_string(r) || !json_expect(r, ':')) {
			rc = import_fail(im, NULL);
			goto done;
		}
		char key[16];
		snprintf(key, sizeof key, "%s", strbuf_str(&r->text));
		if (strcmp(key, "name") == 0) {
			if (!json_read_string(r)) {
				rc = import_fail(im, NULL);
				goto done;
			}
			free(table);
			table = strdup(strbuf_str(&r->text));
			bool known;
			if (table == NULL || !table_exportable(db, table, &known)) {
				rc = dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
				goto done;
			}
			if (!known) {
				rc = import_fail(im, "table '%.60s' is not part of this dyad's database", table);
				goto done;
			}
		} else if (strcmp(key, "columns") == 0) {
			if (table == NULL) {
				rc = import_fail(im, "\"columns\" comes before the table's \"name\"");
				goto done;
			}
			if (!json_expect(r, '[')) {
				rc = import_fail(im, NULL);
				goto done;
			}
			struct table_columns have;
			int src = load_columns(db, table, false, &have);
			if (src != SQLITE_OK) {
				rc = store_fail(im->store, src, "import", im->st);
				goto done;
			}
			if (!json_accept(r, ']')) {
				do {
					if (!json_read_string(r)) {
						rc = import_fail(im, NULL);
						break;
					}
					bool found = false;
					for (int i = 0; i < have.count && !found; i++)
						found = strcmp(have.names[i], strbuf_str(&r->text)) == 0;
					if (!found) {
						rc = import_fail(im, "table %.60s has no column '%.60s'", table,
							strbuf_str(&r->text));
						break;
					}
					char **p = realloc(columns, (size_t)(ncolumns + 1) * sizeof *p);
					if (p == NULL || (p[ncolumns] = strdup(strbuf_str(&r->text))) == NULL) {
						if (p != NULL)
							columns = p;
						rc = dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
						break;
					}
					columns = p;
					ncolumns++;
				} while (json_accept(r, ','));
				if (rc == DYAD_OK && !json_expect(r, ']'))
					rc = import_fail(im, NULL);
			}
			table_columns_free(&have);
			if (rc != DYAD_OK)
				goto done;
			if (ncolumns == 0) {
				rc = import_fail(im, "table %.60s lists no columns", table);
				goto done;
			}
		} else if (strcmp(key, "rows") == 0) {
			if (ncolumns == 0) {
				rc = import_fail(im, "\"rows\" comes before the table's \"columns\"");
				goto done;
			}
			have_rows = true;
			/* Rows the schema seeded (the concept catalogue) give way to
			 * the file's. */
			strbuf_reset(&sql);
			strbuf_adds(&sql, "DELETE FROM ");
			quote_ident(&sql, table);
			char *err = NULL;
			int src = sqlite3_exec(db, strbuf_str(&sql), NULL, NULL, &err);
			if (src != SQLITE_OK) {
				rc = import_fail(im, "table %.60s cannot be emptied first: %.100s", table,
					err ? err : sqlite3_errstr(src));
				sqlite3_free(err);
				goto done;
			}
			strbuf_reset(&sql);
			strbuf_adds(&sql, "INSERT INTO ");
			quote_ident(&sql, table);
			strbuf_adds(&sql, " (");
			for (int i = 0; i < ncolumns; i++) {
				if (i)
					strbuf_addc(&sql, ',');
				quote_ident(&sql, columns[i]);
			}
			strbuf_adds(&sql, ") VALUES (");
			for (int i = 0; i < ncolumns; i++)
				strbuf_adds(&sql, i ? ",?" : "?");
			strbuf_addc(&sql, ')');
			if (sql.failed) {
				rc = dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
				goto done;
			}
			if ((src = sqlite3_prepare_v2(db, strbuf_str(&sql), -1, &insert, NULL)) != SQLITE_OK) {
				rc = store_fail(im->store, src, "import", im->st);
				goto done;
			}
			if (!json_expect(r, '[')) {
				rc = import_fail(im, NULL);
				goto done;
			}
			if (json_accept(r, ']'))
				continue;
			do {
				if (!json_expect(r, '[')) {
					rc = import_fail(im, NULL);
					goto done;
				}
				for (int i = 0; i < ncolumns; i++) {
					if (i && !json_expect(r, ',')) {
						rc = import_fail(im, "a row of %.60s has fewer values than columns", table);
						goto done;
					}
					if ((rc = bind_value(im, insert, i + 1)) != DYAD_OK)
						goto done;
				}
				if (!json_accept(r, ']')) {
					rc = import_fail(im, "a row of %.60s has more values than columns", table);
					goto done;
				}
				src = sqlite3_step(insert);
				sqlite3_reset(insert);
				sqlite3_clear_bindings(insert);
				if (src != SQLITE_DONE) {
					if ((src & 0xFF) == SQLITE_FULL || (src & 0xFF) == SQLITE_IOERR)
						rc = store_fail(im->store, src, "import", im->st);
					else
						rc = import_fail(im, "a row of %.60s was refused: %.120s", table,
							sqlite3_errmsg(db));
					goto done;
				}
				im->sum.rows++;
			} while (json_accept(r, ','));
			if (!json_expect(r, ']')) {
				rc = import_fail(im, NULL);
				goto done;
			}
		} else {
			if (!json_skip_value(r)) {
				rc = import_fail(im, NULL);
				goto done;
			}
		}
	} while (json_accept(r, ','));
	if (!json_expect(r, '}')) {
		rc = import_fail(im, NULL);
		goto done;
	}
	if (!have_rows) {
		rc = import_fail(im, "a table without \"name\", \"columns\" and \"rows\"");
		goto done;
	}
	im->sum.tables++;
done:
	sqlite3_finalize(insert);
	strbuf_release(&sql);
	for (int i = 0; i < ncolumns; i++)
		free(columns[i]);
	free(columns);
	free(table);
	return rc;
}

static enum dyad_error import_header_and_tables(struct importer *im)
{
	struct json_reader *r = &im->r;
	bool format_ok = false, version_ok = false, saw_schema = false, saw_tables = false;
	enum dyad_error rc;
	if (!json_expect(r, '{'))
		return import_fail(im, NULL);
	do {
		if (!json_read_string(r) || !json_expect(r, ':'))
			return import_fail(im, NULL);
		char key[32];
		snprintf(key, sizeof key, "%s", strbuf_str(&r->text));
		struct json_scalar v;
		if (strcmp(key, "format") == 0) {
			if (!json_read_scalar(r, &v))
				return import_fail(im, NULL);
			format_ok = v.kind == JSON_KIND_STRING && strcmp(strbuf_str(&r->text), EXPORT_FORMAT) == 0;
			if (!format_ok)
				return import_fail(im, "this is not a dyad export (\"format\" is not \"%s\")",
					EXPORT_FORMAT);
		} else if (strcmp(key, "format_version") == 0) {
			if (!json_read_scalar(r, &v))
				return import_fail(im, NULL);
			if (v.kind != JSON_KIND_INT || v.integer != EXPORT_FORMAT_VERSION)
				return import_fail(im, "format_version %s is not one this dyad reads (%d)",
					v.kind == JSON_KIND_INT ? "given" : "missing", EXPORT_FORMAT_VERSION);
			version_ok = true;
		} else if (strcmp(key, "schema_version") == 0) {
			if (!json_read_scalar(r, &v))
				return import_fail(im, NULL);
			if (v.kind != JSON_KIND_INT || v.integer < 1)
				return import_fail(im, "schema_version is not a number");
			if (v.integer > im->schema_version)
				return import_fail(im,
					"it was written by a newer dyad (schema %" PRId64 "; this one knows %d)",
					v.integer, im->schema_version);
			saw_schema = true;
		} else if (strcmp(key, "tables") == 0) {
			if (!format_ok || !version_ok || !saw_schema)
				return import_fail(im,
					"\"format\", \"format_version\" and \"schema_version\" must come before \"tables\"");
			saw_tables = true;
			if (!json_expect(r, '['))
				return import_fail(im, NULL);
			if (!json_accept(r, ']')) {
				do {
					if ((rc = import_table(im)) != DYAD_OK)
						return rc;
				} while (json_accept(r, ','));
				if (!json_expect(r, ']'))
					return import_fail(im, NULL);
			}
		} else if (!json_skip_value(r)) {
			return import_fail(im, NULL);
		}
	} while (json_accept(r, ','));
	if (!json_expect(r, '}'))
		return import_fail(im, NULL);
	if (!json_at_end(r))
		return import_fail(im, "text after the end of the document");
	if (!saw_tables)
		return import_fail(im, "no \"tables\"");
	return DYAD_OK;
}

enum dyad_error store_import_json(struct store *store, const char *text, size_t len,
	const char *what, struct import_summary *summary, struct dyad_status *st)
{
	static const char sql_empty[] =
		"SELECT (SELECT count(*) FROM couple) + (SELECT count(*) FROM session)"
		" + (SELECT count(*) FROM audit)";
	struct importer im;
	memset(&im, 0, sizeof im);
	im.store = store;
	im.what = what;
	im.st = st;
	im.schema_version = store_schema_version(store);
	struct strbuf empty_buf = STRBUF_INIT;
	im.scratch = empty_buf;
	json_reader_init(&im.r, text, len);
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		goto done;
	sqlite3_stmt *stmt = store_stmt(store, sql_empty, st);
	if (stmt == NULL) {
		rc = st->code;
		goto rollback;
	}
	int src = sqlite3_step(stmt);
	int64_t existing = src == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	store_done(stmt);
	if (src != SQLITE_ROW) {
		rc = store_fail(store, src, "import", st);
		goto rollback;
	}
	if (existing > 0) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"import: %s already holds records; import only goes into an empty database "
			"(use --db to name a new file)", store_path(store));
		goto rollback;
	}
	/* References are checked once everything is in, so the order of rows
	 * within the file does not matter. */
	if ((rc = store_exec(store, "PRAGMA defer_foreign_keys = ON", st)) != DYAD_OK)
		goto rollback;
	if ((rc = import_header_and_tables(&im)) != DYAD_OK)
		goto rollback;
	struct audit_problems problems = { 0 };
	bool fk_clean = true;
	sqlite3_stmt *fk = NULL;
	src = sqlite3_prepare_v2(store->db, "PRAGMA foreign_key_check", -1, &fk, NULL);
	if (src == SQLITE_OK && (src = sqlite3_step(fk)) == SQLITE_ROW) {
		fk_clean = false;
		rc = dyad_fail(st, DYAD_ERR_INVALID,
			"import: in %s, %s row %" PRId64 " refers to a %s row that is not there; nothing "
			"was imported", what, (const char *)sqlite3_column_text(fk, 0),
			(int64_t)sqlite3_column_int64(fk, 1), (const char *)sqlite3_column_text(fk, 2));
	}
	sqlite3_finalize(fk);
	if (!fk_clean)
		goto rollback;
	if (src != SQLITE_DONE && src != SQLITE_OK) {
		rc = store_fail(store, src, "import", st);
		goto rollback;
	}
	int64_t entries, signed_checked, addenda_checked;
	src = audit_verify_db(store->db, &problems, &entries, &signed_checked, &addenda_checked);
	if (src != SQLITE_OK || problems.len > 0) {
		rc = src != SQLITE_OK ? store_fail(store, src, "import", st)
			: dyad_fail(st, DYAD_ERR_INVALID,
				"import: the audit log in %s does not verify (%s); nothing was imported",
				what, problems.items[0]);
		audit_problems_free(&problems);
		goto rollback;
	}
	audit_problems_free(&problems);
	if ((rc = store_commit(store, st)) != DYAD_OK)
		goto done;
	if (summary != NULL)
		*summary = im.sum;
	goto done;
rollback:
	store_rollback(store);
done:
	json_reader_free(&im.r);
	strbuf_release(&im.scratch);
	return rc;
}
