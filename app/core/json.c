/* json.c: JSON string escaping and number formatting. */
#include "core/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

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
