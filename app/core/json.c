/* json.c: JSON string escaping and number formatting. */
#include "app/core/json.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/utf8.h"

void json_string_n(struct strbuf *out, const char *s, size_t n)
{
	strbuf_addc(out, '"');
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			strbuf_adds(out, "\\ufffd");
			i++;
			continue;
		}
		switch (cp) {
		case '"': strbuf_adds(out, "\\\""); break;
		case '\\': strbuf_adds(out, "\\\\"); break;
		case '\n': strbuf_adds(out, "\\n"); break;
		case '\r': strbuf_adds(out, "\\r"); break;
		case '\t': strbuf_adds(out, "\\t"); break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
				cp == 0x2028 || cp == 0x2029)
				strbuf_addf(out, "\\u%04x", (unsigned)cp);
			else
				strbuf_add(out, s + i, k);
		}
		i += k;
	}
	strbuf_addc(out, '"');
}

void json_string(struct strbuf *out, const char *s)
{
	if (s == NULL)
		strbuf_adds(out, "null");
	else
		json_string_n(out, s, strlen(s));
}

void json_int(struct strbuf *out, int64_t v)
{
	strbuf_addf(out, "%" PRId64, v);
}

void json_number(struct strbuf *out, double v)
{
	if (!isfinite(v)) {
		strbuf_adds(out, "null");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15)
		strbuf_addf(out, "%.0f", v);
	else
		strbuf_addf(out, "%.15g", v);
}

void json_bool(struct strbuf *out, int v)
{
	strbuf_adds(out, v ? "true" : "false");
}

void json_key(struct strbuf *out, const char *key)
{
	json_string(out, key);
	strbuf_addc(out, ':');
}

void json_real(struct strbuf *out, double v)
{
	if (!isfinite(v)) {
		strbuf_adds(out, "null");
		return;
	}
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		/* A locale may use a decimal comma; JSON never does. */
		for (char *c = buf; *c; c++)
			if (*c == ',')
				*c = '.';
		if (strtod(buf, NULL) == v || prec == 17)
			break;
	}
	strbuf_adds(out, buf);
	if (strpbrk(buf, ".eE") == NULL)
		strbuf_adds(out, ".0");
}

void json_reader_init(struct json_reader *r, const char *s, size_t n)
{
	r->begin = r->p = s;
	r->end = s + n;
	struct strbuf empty = STRBUF_INIT;
	r->text = empty;
	r->max_string = JSON_MAX_STRING_DEFAULT;
	r->depth = 0;
	r->failed = false;
	r->error[0] = '\0';
}

void json_reader_free(struct json_reader *r)
{
	if (r != NULL)
		strbuf_release(&r->text);
}

size_t json_reader_line(const struct json_reader *r)
{
	size_t line = 1;
	for (const char *c = r->begin; c < r->p; c++)
		if (*c == '\n')
			line++;
	return line;
}

bool json_reader_fail(struct json_reader *r, const char *what)
{
	if (!r->failed) {
		r->failed = true;
		snprintf(r->error, sizeof r->error, "line %zu: %s", json_reader_line(r), what);
	}
	return false;
}

static void skip_space(struct json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

char json_peek(struct json_reader *r)
{
	if (r->failed)
		return '\0';
	skip_space(r);
	return r->p < r->end ? *r->p : '\0';
}

bool json_accept(struct json_reader *r, char c)
{
	if (json_peek(r) != c || r->p >= r->end)
		return false;
	if (c == '{' || c == '[') {
		if (r->depth >= JSON_MAX_DEPTH) {
			char what[80];
			snprintf(what, sizeof what, "arrays and objects nested more than %d deep",
				JSON_MAX_DEPTH);
			return json_reader_fail(r, what);
		}
		r->depth++;
	} else if ((c == '}' || c == ']') && r->depth > 0) {
		r->depth--;
	}
	r->p++;
	return true;
}

bool json_expect(struct json_reader *r, char c)
{
	if (r->failed)
		return false;
	if (json_accept(r, c))
		return true;
	char what[40];
	snprintf(what, sizeof what, "expected '%c'", c);
	return json_reader_fail(r, what);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool read_hex4(struct json_reader *r, uint32_t *out)
{
	if (r->end - r->p < 4)
		return false;
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_value(r->p[i]);
		if (h < 0)
			return false;
		v = v * 16 + (uint32_t)h;
	}
	r->p += 4;
	*out = v;
	return true;
}

static bool string_too_long(struct json_reader *r)
{
	char what[80];
	snprintf(what, sizeof what, "a string longer than %zu bytes", r->max_string);
	return json_reader_fail(r, what);
}

bool json_read_string(struct json_reader *r)
{
	if (json_peek(r) != '"')
		return json_reader_fail(r, "expected a string");
	r->p++;
	strbuf_reset(&r->text);
	for (;;) {
		const char *start = r->p;
		while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (unsigned char)*r->p >= 0x20)
			r->p++;
		strbuf_add(&r->text, start, (size_t)(r->p - start));
		if (r->text.len > r->max_string)
			return string_too_long(r);
		if (r->p >= r->end)
			return json_reader_fail(r, "a string is not closed");
		char c = *r->p++;
		if (c == '"')
			break;
		if (c != '\\')
			return json_reader_fail(r, "a control character inside a string");
		if (r->p >= r->end)
			return json_reader_fail(r, "a string is not closed");
		char e = *r->p++;
		uint32_t cp;
		char utf8[4];
		switch (e) {
		case '"': strbuf_addc(&r->text, '"'); break;
		case '\\': strbuf_addc(&r->text, '\\'); break;
		case '/': strbuf_addc(&r->text, '/'); break;
		case 'b': strbuf_addc(&r->text, '\b'); break;
		case 'f': strbuf_addc(&r->text, '\f'); break;
		case 'n': strbuf_addc(&r->text, '\n'); break;
		case 'r': strbuf_addc(&r->text, '\r'); break;
		case 't': strbuf_addc(&r->text, '\t'); break;
		case 'u':
			if (!read_hex4(r, &cp))
				return json_reader_fail(r, "a bad \\u escape");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				uint32_t low;
				if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
					return json_reader_fail(r, "a lone surrogate in a \\u escape");
				r->p += 2;
				if (!read_hex4(r, &low) || low < 0xDC00 || low > 0xDFFF)
					return json_reader_fail(r, "a lone surrogate in a \\u escape");
				cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return json_reader_fail(r, "a lone surrogate in a \\u escape");
			}
			strbuf_add(&r->text, utf8, utf8_encode(cp, utf8));
			break;
		default:
			return json_reader_fail(r, "an unknown escape in a string");
		}
		if (r->text.len > r->max_string)
			return string_too_long(r);
	}
	if (r->text.failed)
		return json_reader_fail(r, "out of memory");
	if (r->text.data == NULL)
		strbuf_add(&r->text, "", 0); /* so strbuf_str is "" */
	return true;
}

static bool read_number(struct json_reader *r, struct json_scalar *out)
{
	const char *s = r->p;
	const char *q = s;
	bool real = false;
	if (q < r->end && *q == '-')
		q++;
	if (q >= r->end || *q < '0' || *q > '9')
		return json_reader_fail(r, "expected a value");
	if (*q == '0' && q + 1 < r->end && q[1] >= '0' && q[1] <= '9')
		return json_reader_fail(r, "a number with a leading zero");
	while (q < r->end && *q >= '0' && *q <= '9')
		q++;
	if (q < r->end && *q == '.') {
		real = true;
		q++;
		if (q >= r->end || *q < '0' || *q > '9')
			return json_reader_fail(r, "a malformed number");
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < r->end && (*q == 'e' || *q == 'E')) {
		real = true;
		q++;
		if (q < r->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= r->end || *q < '0' || *q > '9')
			return json_reader_fail(r, "a malformed number");
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	char buf[64];
	size_t n = (size_t)(q - s);
	if (n >= sizeof buf)
		return json_reader_fail(r, "a number too long to read");
	memcpy(buf, s, n);
	buf[n] = '\0';
	r->p = q;
	if (!real) {
		errno = 0;
		char *endp;
		long long v = strtoll(buf, &endp, 10);
		if (errno == 0 && *endp == '\0') {
			out->kind = JSON_KIND_INT;
			out->integer = v;
			return true;
		}
	}
	errno = 0;
	char *endp;
	double d = strtod(buf, &endp);
	if (*endp != '\0' || !isfinite(d))
		return json_reader_fail(r, "a number out of range");
	out->kind = JSON_KIND_REAL;
	out->real = d;
	return true;
}

static bool accept_word(struct json_reader *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return false;
	r->p += n;
	return true;
}

bool json_read_scalar(struct json_reader *r, struct json_scalar *out)
{
	memset(out, 0, sizeof *out);
	char c = json_peek(r);
	if (r->failed)
		return false;
	if (c == '"') {
		out->kind = JSON_KIND_STRING;
		return json_read_string(r);
	}
	if (accept_word(r, "null")) {
		out->kind = JSON_KIND_NULL;
		return true;
	}
	if (accept_word(r, "true")) {
		out->kind = JSON_KIND_BOOL;
		out->boolean = true;
		return true;
	}
	if (accept_word(r, "false")) {
		out->kind = JSON_KIND_BOOL;
		return true;
	}
	return read_number(r, out);
}

bool json_skip_value(struct json_reader *r)
{
	/* The open containers live in this array, not on the call stack, so
	 * a hostile document cannot exhaust the stack; json_accept refuses a
	 * level past JSON_MAX_DEPTH before the array could overflow. */
	char open[JSON_MAX_DEPTH];
	int top = 0;
	for (;;) {
		char c = json_peek(r);
		if (r->failed)
			return false;
		bool value_done = true;
		if (c == '{' || c == '[') {
			if (!json_expect(r, c))
				return false;
			if (top >= JSON_MAX_DEPTH)
				return json_reader_fail(r, "arrays and objects nested too deep");
			open[top++] = c;
			if (json_accept(r, c == '{' ? '}' : ']'))
				top--;
			else if (c == '{' && (!json_read_string(r) || !json_expect(r, ':')))
				return false;
			else
				value_done = false;
		} else {
			struct json_scalar ignored;
			if (!json_read_scalar(r, &ignored))
				return false;
		}
		/* After a value: close what ends here, or move to the next item. */
		while (value_done) {
			if (top == 0)
				return true;
			char o = open[top - 1];
			if (json_accept(r, ',')) {
				if (o == '{' && (!json_read_string(r) || !json_expect(r, ':')))
					return false;
				break;
			}
			if (!json_expect(r, o == '{' ? '}' : ']'))
				return false;
			top--;
		}
	}
}

bool json_at_end(struct json_reader *r)
{
	skip_space(r);
	return r->p >= r->end;
}

void json_writer_init(struct json_writer *w, struct strbuf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

/* Before a value or a key: a comma unless it is the first of its level or
 * the value of the key just written. */
static bool writer_next(struct json_writer *w)
{
	if (w->failed)
		return false;
	if (w->after_key) {
		w->after_key = false;
		return true;
	}
	if (w->started[w->depth])
		strbuf_addc(w->out, ',');
	w->started[w->depth] = true;
	return true;
}

static void writer_open(struct json_writer *w, char c)
{
	if (!writer_next(w))
		return;
	if (w->depth >= JSON_WRITER_DEPTH) {
		w->failed = true;
		return;
	}
	strbuf_addc(w->out, c);
	w->started[++w->depth] = false;
}

static void writer_close(struct json_writer *w, char c)
{
	if (w->failed)
		return;
	if (w->depth == 0 || w->after_key) {
		w->failed = true;
		return;
	}
	w->depth--;
	strbuf_addc(w->out, c);
}

void json_writer_object_begin(struct json_writer *w) { writer_open(w, '{'); }
void json_writer_object_end(struct json_writer *w) { writer_close(w, '}'); }
void json_writer_array_begin(struct json_writer *w) { writer_open(w, '['); }
void json_writer_array_end(struct json_writer *w) { writer_close(w, ']'); }

void json_writer_key(struct json_writer *w, const char *key)
{
	if (w->after_key) {
		w->failed = true;
		return;
	}
	if (!writer_next(w))
		return;
	json_key(w->out, key);
	w->after_key = true;
}

void json_writer_string(struct json_writer *w, const char *s)
{
	if (writer_next(w))
		json_string(w->out, s);
}

void json_writer_int(struct json_writer *w, int64_t v)
{
	if (writer_next(w))
		json_int(w->out, v);
}

void json_writer_id(struct json_writer *w, int64_t v)
{
	if (v == 0)
		json_writer_null(w);
	else
		json_writer_int(w, v);
}

void json_writer_number(struct json_writer *w, double v)
{
	if (writer_next(w))
		json_number(w->out, v);
}

void json_writer_bool(struct json_writer *w, bool v)
{
	if (writer_next(w))
		json_bool(w->out, v);
}

void json_writer_null(struct json_writer *w)
{
	if (writer_next(w))
		strbuf_adds(w->out, "null");
}
