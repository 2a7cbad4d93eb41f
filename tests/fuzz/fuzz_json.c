/* fuzz_json.c: the pull reader the importer trusts with whole files.
 * Whatever the bytes, it must stop without recursing past its depth
 * limit or reading past the end; what it accepts as one value, json_string
 * and json_int must be able to have written, and a string it reads must
 * never exceed the cap it was given. The first byte picks the cap. */
#include <stdbool.h>

#include "app/core/json.h"
#include "app/core/strbuf.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t cap = (size_t)data[0] * 4;
	const char *text = (const char *)data + 1;
	size_t n = size - 1;

	/* One value of any shape. */
	struct json_reader r;
	json_reader_init(&r, text, n);
	r.max_string = cap;
	bool ok = json_skip_value(&r);
	FUZZ_CHECK(r.p >= r.begin && r.p <= r.end);
	FUZZ_CHECK(r.depth >= 0 && r.depth <= JSON_MAX_DEPTH);
	FUZZ_CHECK(ok == !r.failed);
	if (ok)
		FUZZ_CHECK(r.depth == 0);
	else
		FUZZ_CHECK(r.error[0] != '\0');
	json_reader_free(&r);

	/* The way the importer reads: open containers one by one, then
	 * scalars; a string read is within the cap and writes back readably. */
	json_reader_init(&r, text, n);
	r.max_string = cap;
	while (json_accept(&r, '[') || json_accept(&r, '{'))
		;
	FUZZ_CHECK(r.depth <= JSON_MAX_DEPTH);
	struct json_scalar v;
	if (json_read_scalar(&r, &v) && v.kind == JSON_KIND_STRING) {
		FUZZ_CHECK(r.text.len <= cap);
		struct strbuf sb = STRBUF_INIT;
		json_string_n(&sb, r.text.data ? r.text.data : "", r.text.len);
		struct json_reader back;
		json_reader_init(&back, sb.data ? sb.data : "", sb.len);
		back.max_string = (size_t)-1;
		FUZZ_CHECK(json_read_string(&back));
		FUZZ_CHECK(json_at_end(&back));
		json_reader_free(&back);
		strbuf_release(&sb);
	}
	json_reader_free(&r);
	return 0;
}
