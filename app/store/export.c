/* export.c: every table to JSON in a fixed, documented order, and back
 * into an empty database. Table and column names come from the schema
 * itself, so tables added by later migrations are exported without
 * changes here. */
#include "app/store/export.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/json.h"
#include "app/core/utf8.h"
#include "app/store/audit.h"
#include "app/store/internal.h"
#include "app/store/signatures.h"

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
	const char *where, int64_t couple_id, struct strbuf *out)
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
	if (where != NULL) {
		strbuf_adds(&sql, " WHERE ");
		strbuf_adds(&sql, where);
	}
	strbuf_adds(&sql, " ORDER BY ");
	strbuf_adds(&sql, strbuf_str(&t.order_by));
	sqlite3_stmt *stmt = NULL;
	src = sql.failed ? SQLITE_NOMEM : sqlite3_prepare_v2(db, strbuf_str(&sql), -1, &stmt, NULL);
	if (src == SQLITE_OK && where != NULL && strstr(where, "?1") != NULL)
		src = sqlite3_bind_int64(stmt, 1, couple_id);
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
			sqlite3_column_int(stmt, 1) != 0, NULL, 0, out);
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

/* ---- one couple --------------------------------------------------------- */

#define BY_SESSION "session_id IN (SELECT id FROM session WHERE couple_id = ?1)"
#define BY_ASSIGNMENT "assignment_id IN (SELECT id FROM assignment WHERE couple_id = ?1)"

/* Which rows of each table belong to one couple. A table not named here
 * (settings, the audit log, the calendar's identity, and any table a later
 * migration adds until it is named) is left out: a couple's file holds
 * what is known to be theirs, and nothing else. The concept and measure
 * catalogues go in whole, so the ratings and scores can be read. */
/* An individual session's note (one partner came alone) is what that
 * partner said alone, kept out like the screenings unless asked for; the
 * session itself, its ratings and its signature stay. */
#define BY_JOINT_SESSION "session_id IN (SELECT id FROM session WHERE couple_id = ?1 " \
	"AND attendance NOT IN ('a-only', 'b-only'))"

static const struct {
	const char *table;
	const char *where;   /* NULL: every row */
	bool is_private;     /* only with include_private */
	const char *shared_where; /* without include_private, when not NULL */
} couple_tables[] = {
	{ "couple", "id = ?1", false, NULL },
	{ "partner", "couple_id = ?1", false, NULL },
	{ "session", "couple_id = ?1", false, NULL },
	{ "note", BY_SESSION, false, BY_JOINT_SESSION },
	{ "concept", NULL, false, NULL },
	{ "rating", BY_SESSION, false, NULL },
	{ "assignment", "couple_id = ?1", false, NULL },
	{ "checkin", BY_ASSIGNMENT, false, NULL },
	{ "measure", NULL, false, NULL },
	{ "measure_value", BY_SESSION, false, NULL },
	{ "addendum", BY_SESSION, false, BY_JOINT_SESSION },
	{ "couple_stats", "couple_id = ?1", false, NULL },
	{ "intake", "couple_id = ?1", false, NULL },
	{ "safety_screening", "couple_id = ?1", true, NULL },
	{ "treatment_plan", "couple_id = ?1", false, NULL },
	{ "assignment_objective", BY_ASSIGNMENT, false, NULL },
	{ "measure_schedule", "couple_id = ?1", false, NULL },
	{ "session_signature", BY_SESSION, false, NULL },
};

enum dyad_error store_export_couple_json(struct store *store, int64_t couple_id,
	bool include_private, const char *exported_at, struct strbuf *out,
	struct dyad_status *st)
{
	if (store->tx_depth > 0)
		return dyad_fail(st, DYAD_ERR_DB, "export: cannot run inside a transaction");
	enum dyad_error rc = store_exec(store, "BEGIN", st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(store->db, "SELECT name FROM couple WHERE id = ?1", -1,
		&stmt, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int64(stmt, 1, couple_id);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	if (src != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
		if (src == SQLITE_DONE)
			return dyad_fail(st, DYAD_ERR_NOT_FOUND, "--couple: there is no couple %lld",
				(long long)couple_id);
		return store_fail(store, src, "export", st);
	}
	strbuf_addf(out, "{\"format\":\"%s\",\"format_version\":%d,\"schema_version\":%d,",
		EXPORT_COUPLE_FORMAT, EXPORT_FORMAT_VERSION, store_schema_version(store));
	strbuf_adds(out, "\"exported_at\":");
	json_string(out, exported_at);
	strbuf_adds(out, ",\"couple_id\":");
	json_int(out, couple_id);
	strbuf_adds(out, ",\"couple_name\":");
	json_string_n(out, (const char *)sqlite3_column_text(stmt, 0),
		(size_t)sqlite3_column_bytes(stmt, 0));
	strbuf_adds(out, ",\"private_included\":");
	strbuf_adds(out, include_private ? "true" : "false");
	strbuf_adds(out, ",\"tables\":[");
	sqlite3_finalize(stmt);
	stmt = NULL;
	/* Only the tables this database has, in the order the schema made them. */
	src = sqlite3_prepare_v2(store->db, sql_tables, -1, &stmt, NULL);
	bool first = true;
	while (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		size_t i = 0;
		while (i < sizeof couple_tables / sizeof couple_tables[0] &&
			strcmp(couple_tables[i].table, name ? name : "") != 0)
			i++;
		if (i == sizeof couple_tables / sizeof couple_tables[0] ||
			(couple_tables[i].is_private && !include_private)) {
			src = SQLITE_OK;
			continue;
		}
		strbuf_adds(out, first ? "\n" : ",\n");
		first = false;
		const char *where = couple_tables[i].where ? couple_tables[i].where : "1";
		if (!include_private && couple_tables[i].shared_where != NULL)
			where = couple_tables[i].shared_where;
		src = export_table(store->db, name, sqlite3_column_int(stmt, 1) != 0, where,
			couple_id, out);
	}
	if (src == SQLITE_DONE)
		src = SQLITE_OK;
	sqlite3_finalize(stmt);
	strbuf_adds(out, "\n],\n");
	sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	if (src != SQLITE_OK)
		return store_fail(store, src, "export", st);
	if (out->failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, "export: out of memory");
	return DYAD_OK;
}

/* ---- import ------------------------------------------------------------- */

/* Tables in a file at most: a few more than dyad has, so a hostile file
 * with thousands of them is refused before any is looked up. */
#define IMPORT_MAX_TABLES 64

/* One table of this database, in the order the schema created it, and
 * what the file has given for it so far. */
struct import_table_state {
	char *name;
	bool rowid_table;   /* rows are named by rowid in foreign-key reports */
	bool seen;
	int64_t *rowids;    /* the rowid of each imported row, in file order */
	size_t rows, cap;
};

struct importer {
	struct store *store;
	struct json_reader r;
	const char *what;
	const struct import_rules *rules;
	struct import_summary sum;
	struct dyad_status *st;
	int schema_version;
	int file_schema_version; /* the exporting dyad's, from the header */
	struct import_table_state *tables;
	int ntables;
	int last_position;  /* of the table read last, -1 before the first */
	struct strbuf row_text; /* the strings of the row being read, each NUL-ended */
};

/* What a migration filled in for the rows a database already had, done
 * again for an export written before that migration: its rows arrive as
 * they were then, and would otherwise lack what the same data upgraded in
 * place has. Schema numbers are those of released migrations, which never
 * change. */
static const struct {
	int schema;       /* the migration that added it */
	const char *sql;
} import_backfills[] = {
	/* 0010_intake: couples taken on before intakes existed got one marked
	 * "taken on paper", so their notes can be signed. */
	{ 10, "INSERT INTO intake (couple_id, on_paper, created_at, updated_at)"
	      " SELECT id, 1, dyad_now(), dyad_now() FROM couple"
	      " WHERE id NOT IN (SELECT couple_id FROM intake)" },
};

/* The reader's error, or our own, as the one line the user sees. */
static enum dyad_error import_fail(struct importer *im, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static enum dyad_error import_fail(struct importer *im, const char *fmt, ...)
{
	char msg[400];
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

static void importer_tables_free(struct importer *im)
{
	for (int i = 0; i < im->ntables; i++) {
		free(im->tables[i].name);
		free(im->tables[i].rowids);
	}
	free(im->tables);
	im->tables = NULL;
	im->ntables = 0;
}

/* The tables an export holds, in the order export writes them. */
static int importer_load_tables(struct importer *im)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(im->store->db, sql_tables, -1, &stmt, NULL);
	int cap = 0;
	while (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (im->ntables == cap) {
			cap = cap ? cap * 2 : 16;
			struct import_table_state *p = realloc(im->tables, (size_t)cap * sizeof *p);
			if (p == NULL) {
				src = SQLITE_NOMEM;
				break;
			}
			im->tables = p;
		}
		struct import_table_state *t = &im->tables[im->ntables];
		memset(t, 0, sizeof *t);
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		if ((t->name = strdup(name ? name : "")) == NULL) {
			src = SQLITE_NOMEM;
			break;
		}
		t->rowid_table = sqlite3_column_int(stmt, 1) == 0;
		im->ntables++;
		src = SQLITE_OK;
	}
	if (src == SQLITE_DONE)
		src = SQLITE_OK;
	sqlite3_finalize(stmt);
	return src;
}

static int table_position(const struct importer *im, const char *name)
{
	for (int i = 0; i < im->ntables; i++)
		if (strcmp(im->tables[i].name, name) == 0)
			return i;
	return -1;
}

/* "session[3]" for the row with this rowid, or "session row 17" when the
 * file did not give it (a seeded row, or a table without rowids). */
static void row_label(const struct importer *im, const char *table, int64_t rowid,
	char *out, size_t size)
{
	int pos = table_position(im, table);
	if (pos >= 0 && im->tables[pos].rowid_table) {
		const struct import_table_state *t = &im->tables[pos];
		for (size_t i = 0; i < t->rows; i++) {
			if (t->rowids[i] == rowid) {
				snprintf(out, size, "%s[%zu]", table, i);
				return;
			}
		}
	}
	snprintf(out, size, "%s row %" PRId64, table, rowid);
}

/* A name from the file, quoted and made safe to print: controls escaped,
 * cut to fit size at a character boundary. */
static void json_quote_for_message(const char *s, char *out, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);
	strbuf_addc(&sb, '"');
	utf8_sanitize(&sb, s, n > 40 ? 40 : n, 0);
	strbuf_adds(&sb, n > 40 ? "...\"" : "\"");
	const char *q = sb.failed ? "\"?\"" : strbuf_str(&sb);
	size_t len = strlen(q);
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)q[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, q, len);
	out[len] = '\0';
	strbuf_release(&sb);
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

/* Reads one value into *out; its bytes (text or binary) go to im->row_text
 * with a NUL after them, and out->len holds their offset there until the
 * row is complete (the buffer may move while the row is read). */
/* The reader's error inside a row, naming the value it was reading. */
static enum dyad_error value_fail(struct importer *im, const char *label, const char *column)
{
	const char *what = strstr(im->r.error, ": ");
	return import_fail(im, "%s.%s: %s", label, column, what ? what + 2 : im->r.error);
}

static enum dyad_error read_value(struct importer *im, const char *label, const char *column,
	struct import_value *out, size_t *offset)
{
	struct json_reader *r = &im->r;
	memset(out, 0, sizeof *out);
	if (json_peek(r) == '{') {
		/* {"hex":"..."}: a binary value, exactly one key. */
		if (!json_expect(r, '{') || !json_read_string(r))
			return value_fail(im, label, column);
		if (strcmp(strbuf_str(&r->text), "hex") != 0)
			return import_fail(im, "%s.%s: a value object other than {\"hex\": ...}", label,
				column);
		if (!json_expect(r, ':') || !json_read_string(r))
			return value_fail(im, label, column);
		const char *h = strbuf_str(&r->text);
		size_t n = r->text.len;
		if (n % 2 != 0)
			return import_fail(im, "%s.%s: an odd number of hex digits", label, column);
		*offset = im->row_text.len;
		for (size_t i = 0; i < n; i += 2) {
			int hi, lo;
			if (!hex_digit(h[i], &hi) || !hex_digit(h[i + 1], &lo))
				return import_fail(im, "%s.%s: a bad hex digit", label, column);
			strbuf_addc(&im->row_text, (char)(hi * 16 + lo));
		}
		strbuf_addc(&im->row_text, '\0');
		if (!json_expect(r, '}'))
			return value_fail(im, label, column);
		out->kind = IMPORT_BLOB;
		out->len = n / 2;
		return DYAD_OK;
	}
	struct json_scalar v;
	if (!json_read_scalar(r, &v))
		return value_fail(im, label, column);
	switch (v.kind) {
	case JSON_KIND_NULL:
		out->kind = IMPORT_NULL;
		break;
	case JSON_KIND_BOOL:
		return import_fail(im, "%s.%s: true or false where a value was expected", label,
			column);
	case JSON_KIND_INT:
		out->kind = IMPORT_INT;
		out->integer = v.integer;
		break;
	case JSON_KIND_REAL:
		out->kind = IMPORT_REAL;
		out->real = v.real;
		break;
	case JSON_KIND_STRING:
		if (memchr(r->text.data ? r->text.data : "", '\0', r->text.len) != NULL)
			return import_fail(im, "%s.%s: a text value with a NUL character", label, column);
		out->kind = IMPORT_TEXT;
		out->len = r->text.len;
		*offset = im->row_text.len;
		strbuf_add(&im->row_text, r->text.data ? r->text.data : "", r->text.len);
		strbuf_addc(&im->row_text, '\0');
		break;
	}
	return DYAD_OK;
}

static int bind_import_value(sqlite3_stmt *stmt, int index, const struct import_value *v)
{
	switch (v->kind) {
	case IMPORT_INT:
		return sqlite3_bind_int64(stmt, index, v->integer);
	case IMPORT_REAL:
		return sqlite3_bind_double(stmt, index, v->real);
	case IMPORT_TEXT:
		return sqlite3_bind_text(stmt, index, v->text, (int)v->len, SQLITE_TRANSIENT);
	case IMPORT_BLOB:
		return sqlite3_bind_blob(stmt, index, v->text, (int)v->len, SQLITE_TRANSIENT);
	case IMPORT_NULL:
		break;
	}
	return sqlite3_bind_null(stmt, index);
}

static enum dyad_error remember_rowid(struct importer *im, struct import_table_state *t,
	int64_t rowid)
{
	if (t->rows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		int64_t *p = realloc(t->rowids, cap * sizeof *p);
		if (p == NULL)
			return dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
		t->rowids = p;
		t->cap = cap;
	}
	t->rowids[t->rows++] = rowid;
	return DYAD_OK;
}

/* Reads the "rows" array of table t into the prepared insert: each row is
 * read whole, checked by the caller's rules, then stored. */
static enum dyad_error import_rows(struct importer *im, struct import_table_state *t,
	char **columns, int ncolumns, sqlite3_stmt *insert)
{
	struct json_reader *r = &im->r;
	sqlite3 *db = im->store->db;
	enum dyad_error rc = DYAD_OK;
	struct import_value *values = calloc((size_t)ncolumns, sizeof *values);
	size_t *offsets = calloc((size_t)ncolumns, sizeof *offsets);
	if (values == NULL || offsets == NULL) {
		rc = dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	if (!json_expect(r, '[')) {
		rc = import_fail(im, NULL);
		goto done;
	}
	if (json_accept(r, ']'))
		goto done;
	do {
		char label[100];
		snprintf(label, sizeof label, "%.60s[%zu]", t->name, t->rows);
		if (!json_expect(r, '[')) {
			rc = import_fail(im, NULL);
			goto done;
		}
		strbuf_reset(&im->row_text);
		for (int i = 0; i < ncolumns; i++) {
			if (i && !json_expect(r, ',')) {
				rc = import_fail(im, "%s has fewer values than the table has columns", label);
				goto done;
			}
			if ((rc = read_value(im, label, columns[i], &values[i], &offsets[i])) != DYAD_OK)
				goto done;
		}
		if (!json_accept(r, ']')) {
			rc = import_fail(im, "%s has more values than the table has columns", label);
			goto done;
		}
		if (im->row_text.failed) {
			rc = dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
			goto done;
		}
		for (int i = 0; i < ncolumns; i++)
			if (values[i].kind == IMPORT_TEXT || values[i].kind == IMPORT_BLOB)
				values[i].text = im->row_text.data + offsets[i];
		if (im->rules != NULL && im->rules->check_row != NULL) {
			struct import_row row = { t->name, (int64_t)t->rows, ncolumns,
				(const char *const *)columns, values };
			struct dyad_status why = { 0 };
			if (im->rules->check_row(im->rules->ctx, &row, &why) != DYAD_OK) {
				if (why.code == DYAD_ERR_NOMEM || why.code == DYAD_ERR_DB ||
					why.code == DYAD_ERR_IO) {
					*im->st = why;
					rc = why.code;
				} else {
					rc = import_fail(im, "%s", dyad_status_message(&why));
				}
				goto done;
			}
		}
		for (int i = 0; i < ncolumns; i++)
			bind_import_value(insert, i + 1, &values[i]);
		int src = sqlite3_step(insert);
		sqlite3_reset(insert);
		sqlite3_clear_bindings(insert);
		if (src != SQLITE_DONE) {
			if ((src & 0xFF) == SQLITE_FULL || (src & 0xFF) == SQLITE_IOERR ||
				(src & 0xFF) == SQLITE_NOMEM)
				rc = store_fail(im->store, src, "import", im->st);
			else
				rc = import_fail(im, "%s was refused: %.120s", label, sqlite3_errmsg(db));
			goto done;
		}
		if ((rc = remember_rowid(im, t, sqlite3_last_insert_rowid(db))) != DYAD_OK)
			goto done;
		im->sum.rows++;
	} while (json_accept(r, ','));
	if (!json_expect(r, ']'))
		rc = import_fail(im, NULL);
done:
	free(values);
	free(offsets);
	return rc;
}

/* Reads the "columns" array: each a column of the table, none twice. */
static enum dyad_error import_columns(struct importer *im, const char *table,
	char ***columns, int *ncolumns)
{
	struct json_reader *r = &im->r;
	enum dyad_error rc = DYAD_OK;
	struct table_columns have;
	if (!json_expect(r, '['))
		return import_fail(im, NULL);
	int src = load_columns(im->store->db, table, false, &have);
	if (src != SQLITE_OK)
		return store_fail(im->store, src, "import", im->st);
	if (!json_accept(r, ']')) {
		do {
			if (!json_read_string(r)) {
				rc = import_fail(im, NULL);
				break;
			}
			const char *name = strbuf_str(&r->text);
			bool found = false;
			for (int i = 0; i < have.count && !found; i++)
				found = strcmp(have.names[i], name) == 0;
			if (!found) {
				char q[80];
				json_quote_for_message(name, q, sizeof q);
				rc = import_fail(im, "table %.60s has no column %s", table, q);
				break;
			}
			for (int i = 0; i < *ncolumns; i++) {
				if (strcmp((*columns)[i], name) == 0) {
					rc = import_fail(im, "table %.60s lists column %.60s twice", table, name);
					break;
				}
			}
			if (rc != DYAD_OK)
				break;
			char **p = realloc(*columns, (size_t)(*ncolumns + 1) * sizeof *p);
			if (p == NULL) {
				rc = dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
				break;
			}
			*columns = p;
			if ((p[*ncolumns] = strdup(name)) == NULL) {
				rc = dyad_fail(im->st, DYAD_ERR_NOMEM, NULL);
				break;
			}
			(*ncolumns)++;
		} while (json_accept(r, ','));
		if (rc == DYAD_OK && !json_expect(r, ']'))
			rc = import_fail(im, NULL);
	}
	table_columns_free(&have);
	if (rc == DYAD_OK && *ncolumns == 0)
		rc = import_fail(im, "table %.60s lists no columns", table);
	return rc;
}

/* Which of a table's three fields the file has given: each exactly once,
 * in the order export writes them. */
enum { TABLE_NAME = 1, TABLE_COLUMNS = 2, TABLE_ROWS = 4 };

static enum dyad_error import_table(struct importer *im)
{
	struct json_reader *r = &im->r;
	sqlite3 *db = im->store->db;
	enum dyad_error rc = DYAD_OK;
	struct import_table_state *t = NULL;
	char **columns = NULL;
	int ncolumns = 0;
	int given = 0;
	sqlite3_stmt *insert = NULL;
	struct strbuf sql = STRBUF_INIT;
	if (!json_expect(r, '{'))
		return import_fail(im, NULL);
	do {
		if (!json_read_string(r) || !json_expect(r, ':')) {
			rc = import_fail(im, NULL);
			goto done;
		}
		const char *key = strbuf_str(&r->text);
		int field = strcmp(key, "name") == 0 ? TABLE_NAME
			: strcmp(key, "columns") == 0 ? TABLE_COLUMNS
			: strcmp(key, "rows") == 0 ? TABLE_ROWS : 0;
		if (field == 0) {
			char q[80];
			json_quote_for_message(key, q, sizeof q);
			rc = import_fail(im, "a table has the field %s; a table has only \"name\", "
				"\"columns\" and \"rows\"", q);
			goto done;
		}
		if (given & field) {
			rc = import_fail(im, "a table gives \"%s\" twice", key);
			goto done;
		}
		if (field != (given + 1)) {
			rc = import_fail(im, "a table's fields must come as \"name\", \"columns\", \"rows\"");
			goto done;
		}
		given |= field;
		if (field == TABLE_NAME) {
			if (!json_read_string(r)) {
				rc = import_fail(im, NULL);
				goto done;
			}
			const char *name = strbuf_str(&r->text);
			int pos = table_position(im, name);
			if (pos < 0) {
				char q[80];
				json_quote_for_message(name, q, sizeof q);
				rc = import_fail(im, "table %s is not part of this dyad's database", q);
				goto done;
			}
			t = &im->tables[pos];
			if (t->seen) {
				rc = import_fail(im, "table %.60s is listed twice", t->name);
				goto done;
			}
			if (pos < im->last_position) {
				rc = import_fail(im, "table %.60s comes after %.60s; dyad writes (and reads) "
					"tables in the order of its schema", t->name,
					im->tables[im->last_position].name);
				goto done;
			}
			t->seen = true;
			im->last_position = pos;
		} else if (field == TABLE_COLUMNS) {
			if ((rc = import_columns(im, t->name, &columns, &ncolumns)) != DYAD_OK)
				goto done;
		} else {
			/* Rows the schema seeded (the concept catalogue) give way to
			 * the file's. Each table comes once, so nothing the file gave
			 * is ever emptied again. */
			strbuf_reset(&sql);
			strbuf_adds(&sql, "DELETE FROM ");
			quote_ident(&sql, t->name);
			char *err = NULL;
			int src = sql.failed ? SQLITE_NOMEM
				: sqlite3_exec(db, strbuf_str(&sql), NULL, NULL, &err);
			if (src != SQLITE_OK) {
				rc = import_fail(im, "table %.60s cannot be emptied first: %.100s", t->name,
					err ? err : sqlite3_errstr(src));
				sqlite3_free(err);
				goto done;
			}
			strbuf_reset(&sql);
			strbuf_adds(&sql, "INSERT INTO ");
			quote_ident(&sql, t->name);
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
			if ((rc = import_rows(im, t, columns, ncolumns, insert)) != DYAD_OK)
				goto done;
		}
	} while (json_accept(r, ','));
	if (!json_expect(r, '}')) {
		rc = import_fail(im, NULL);
		goto done;
	}
	if (given != (TABLE_NAME | TABLE_COLUMNS | TABLE_ROWS)) {
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
	return rc;
}

/* The document's own fields, each once. */
enum { HEAD_FORMAT = 1, HEAD_VERSION = 2, HEAD_SCHEMA = 4, HEAD_TABLES = 8 };

static enum dyad_error import_header_and_tables(struct importer *im)
{
	struct json_reader *r = &im->r;
	int given = 0;
	enum dyad_error rc;
	if (!json_expect(r, '{'))
		return import_fail(im, NULL);
	do {
		if (!json_read_string(r) || !json_expect(r, ':'))
			return import_fail(im, NULL);
		const char *key = strbuf_str(&r->text);
		int field = strcmp(key, "format") == 0 ? HEAD_FORMAT
			: strcmp(key, "format_version") == 0 ? HEAD_VERSION
			: strcmp(key, "schema_version") == 0 ? HEAD_SCHEMA
			: strcmp(key, "tables") == 0 ? HEAD_TABLES : 0;
		if (field == 0) {
			char q[80];
			json_quote_for_message(key, q, sizeof q);
			return import_fail(im, "the field %s is not part of a dyad export", q);
		}
		if (given & field)
			return import_fail(im, "\"%s\" is given twice", key);
		given |= field;
		struct json_scalar v;
		if (field == HEAD_FORMAT) {
			if (!json_read_scalar(r, &v))
				return import_fail(im, NULL);
			if (v.kind != JSON_KIND_STRING || strcmp(strbuf_str(&r->text), EXPORT_FORMAT) != 0)
				return import_fail(im, "this is not a dyad export (\"format\" is not \"%s\")",
					EXPORT_FORMAT);
		} else if (field == HEAD_VERSION) {
			if (!json_read_scalar(r, &v))
				return import_fail(im, NULL);
			if (v.kind != JSON_KIND_INT || v.integer != EXPORT_FORMAT_VERSION)
				return import_fail(im, "format_version %s is not one this dyad reads (%d)",
					v.kind == JSON_KIND_INT ? "given" : "missing", EXPORT_FORMAT_VERSION);
		} else if (field == HEAD_SCHEMA) {
			if (!json_read_scalar(r, &v))
				return import_fail(im, NULL);
			if (v.kind != JSON_KIND_INT || v.integer < 1)
				return import_fail(im, "schema_version is not a number");
			if (v.integer > im->schema_version)
				return import_fail(im,
					"it was written by a newer dyad (schema %" PRId64 "; this one knows %d)",
					v.integer, im->schema_version);
			im->file_schema_version = (int)v.integer;
		} else {
			if (given != (HEAD_FORMAT | HEAD_VERSION | HEAD_SCHEMA | HEAD_TABLES))
				return import_fail(im,
					"\"format\", \"format_version\" and \"schema_version\" must come before \"tables\"");
			if (!json_expect(r, '['))
				return import_fail(im, NULL);
			if (!json_accept(r, ']')) {
				int count = 0;
				do {
					if (++count > IMPORT_MAX_TABLES)
						return import_fail(im, "more than %d tables", IMPORT_MAX_TABLES);
					if ((rc = import_table(im)) != DYAD_OK)
						return rc;
				} while (json_accept(r, ','));
				if (!json_expect(r, ']'))
					return import_fail(im, NULL);
			}
		}
	} while (json_accept(r, ','));
	if (!json_expect(r, '}'))
		return import_fail(im, NULL);
	if (!json_at_end(r))
		return import_fail(im, "text after the end of the document");
	if (!(given & HEAD_TABLES))
		return import_fail(im, "no \"tables\"");
	return DYAD_OK;
}

/* A signed note needs the audit entry that signed it, so its text can be
 * checked later; only notes signed before the file's audit log began
 * (the log came with schema 5, and the demo practice is one entry) are
 * taken as they are. The first note without one, or 0. */
static int unsigned_signed_note(sqlite3 *db, int64_t *session_id)
{
	static const char sql[] =
		"SELECT n.session_id FROM note n WHERE n.status = 'signed'"
		" AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'sign'"
		"   AND a.session_id = n.session_id)"
		" AND coalesce(n.signed_at, '') > coalesce((SELECT at FROM audit ORDER BY id LIMIT 1),"
		"   '9999')"
		" ORDER BY n.session_id LIMIT 1";
	sqlite3_stmt *stmt = NULL;
	*session_id = 0;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*session_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return src == SQLITE_ROW || src == SQLITE_DONE ? SQLITE_OK : src;
}

enum dyad_error store_import_json(struct store *store, const char *text, size_t len,
	const char *what, const struct import_rules *rules, struct import_summary *summary,
	struct dyad_status *st)
{
	static const char sql_empty[] =
		"SELECT (SELECT count(*) FROM couple) + (SELECT count(*) FROM session)"
		" + (SELECT count(*) FROM audit)";
	struct importer im;
	memset(&im, 0, sizeof im);
	im.store = store;
	im.what = what;
	im.rules = rules;
	im.st = st;
	im.last_position = -1;
	im.schema_version = store_schema_version(store);
	struct strbuf empty_buf = STRBUF_INIT;
	im.row_text = empty_buf;
	json_reader_init(&im.r, text, len);
	if (rules != NULL && rules->max_string > 0)
		im.r.max_string = rules->max_string;
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
	if ((src = importer_load_tables(&im)) != SQLITE_OK) {
		rc = store_fail(store, src, "import", st);
		goto rollback;
	}
	/* References are checked once everything is in, so the order of rows
	 * within the file does not matter. */
	if ((rc = store_exec(store, "PRAGMA defer_foreign_keys = ON", st)) != DYAD_OK)
		goto rollback;
	if ((rc = import_header_and_tables(&im)) != DYAD_OK)
		goto rollback;
	for (size_t i = 0; i < sizeof import_backfills / sizeof import_backfills[0]; i++)
		if (im.file_schema_version < import_backfills[i].schema &&
			(rc = store_exec(store, import_backfills[i].sql, st)) != DYAD_OK)
			goto rollback;
	/* A file from before schema 13 has no session signatures: its signed
	 * sessions are sealed as they arrive, marked as taken at upgrade. */
	if (im.file_schema_version < SIGNATURE_SCHEMA_VERSION &&
		(src = signatures_backfill_db(store->db, NULL)) != SQLITE_OK) {
		rc = store_fail(store, src, "import", st);
		goto rollback;
	}
	struct audit_problems problems = { 0 };
	bool fk_clean = true;
	sqlite3_stmt *fk = NULL;
	src = sqlite3_prepare_v2(store->db, "PRAGMA foreign_key_check", -1, &fk, NULL);
	if (src == SQLITE_OK && (src = sqlite3_step(fk)) == SQLITE_ROW) {
		fk_clean = false;
		char label[120];
		const char *child = (const char *)sqlite3_column_text(fk, 0);
		if (sqlite3_column_type(fk, 1) == SQLITE_NULL)
			snprintf(label, sizeof label, "a %s row", child ? child : "?");
		else
			row_label(&im, child ? child : "?", sqlite3_column_int64(fk, 1), label,
				sizeof label);
		rc = dyad_fail(st, DYAD_ERR_INVALID,
			"import: in %s, %s refers to a %s row that is not there; nothing was imported",
			what, label, (const char *)sqlite3_column_text(fk, 2));
	}
	sqlite3_finalize(fk);
	if (!fk_clean)
		goto rollback;
	if (src != SQLITE_DONE && src != SQLITE_OK) {
		rc = store_fail(store, src, "import", st);
		goto rollback;
	}
	int64_t unsigned_note;
	if ((src = unsigned_signed_note(store->db, &unsigned_note)) != SQLITE_OK) {
		rc = store_fail(store, src, "import", st);
		goto rollback;
	}
	if (unsigned_note != 0) {
		char label[120];
		row_label(&im, "note", unsigned_note, label, sizeof label);
		rc = dyad_fail(st, DYAD_ERR_INVALID,
			"import: in %s, %s (session %" PRId64 ") is signed, but the audit log has no "
			"entry for its signing; nothing was imported", what, label, unsigned_note);
		goto rollback;
	}
	/* Keyed entries verify under this user's audit key: an export from
	 * another machine comes with a copy of that machine's key. */
	struct audit_counts counts;
	struct audit_key key;
	audit_key_load(&key);
	src = audit_verify_db(store->db, &key, &problems, &counts);
	if (src == SQLITE_OK && problems.len == 1 && counts.keyed == 0 &&
		strstr(problems.items[0], "cannot vouch for the log") != NULL) {
		/* The usual cause: a record moved from another computer, whose
		 * audit key stayed there. Say how to bring it along. */
		rc = dyad_fail(st, DYAD_ERR_INVALID,
			"import: the audit log in %s was kept with another computer's audit key, so "
			"this one cannot vouch for it; copy that computer's audit.key to %s (or point "
			"DYAD_AUDIT_KEY_FILE at it) and import again; nothing was imported", what,
			key.path);
		audit_key_wipe(&key);
		audit_problems_free(&problems);
		goto rollback;
	}
	audit_key_wipe(&key);
	if (src != SQLITE_OK || problems.len > 0) {
		rc = src != SQLITE_OK ? store_fail(store, src, "import", st)
			: dyad_fail(st, DYAD_ERR_INVALID,
				"import: the audit log in %s does not verify (%s); nothing was imported",
				what, problems.items[0]);
		audit_problems_free(&problems);
		goto rollback;
	}
	audit_problems_free(&problems);
	problems = (struct audit_problems){ 0 };
	/* Every signed session must match its signature, as `dyad check`
	 * would find it. */
	int64_t sessions_checked;
	int present = 0, expected = 0;
	src = signatures_verify_db(store->db, &problems, &sessions_checked, &present, &expected);
	if (src != SQLITE_OK || problems.len > 0) {
		rc = src != SQLITE_OK ? store_fail(store, src, "import", st)
			: dyad_fail(st, DYAD_ERR_INVALID,
				"import: a signed session in %s does not match its signature (%s); nothing "
				"was imported", what, problems.items[0]);
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
	strbuf_release(&im.row_text);
	importer_tables_free(&im);
	return rc;
}
