/* fuzz_template.c: the exercise template parser on any file a therapist
 * (or a mistake) could put in the templates folder, then template_fill
 * with hostile values. A template that parses keeps every documented
 * limit and holds only clean one-line or paragraph text; one that does
 * not says "FILE:LINE: problem" and leaves nothing allocated. */
#include <locale.h>
#include <stdbool.h>

#include "app/core/strbuf.h"
#include "app/core/utf8.h"
#include "app/domain/template.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Valid UTF-8 with no control but the newlines a paragraph may hold, and
 * no bidi control. */
static void check_clean(const char *s, bool paragraphs)
{
	FUZZ_CHECK(s != NULL);
	size_t n = strlen(s);
	FUZZ_CHECK(utf8_valid(s, n));
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		FUZZ_CHECK(!utf8_is_bidi_control(cp));
		FUZZ_CHECK(!utf8_is_control(cp) || cp == '\t' || (paragraphs && cp == '\n'));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template t;
	struct dyad_status st = { 0 };
	/* a copy of exactly size bytes, so ASan sees any read past the end */
	char *text = malloc(size ? size : 1);
	FUZZ_CHECK(text != NULL);
	if (size)
		memcpy(text, data, size);
	enum dyad_error rc = template_parse(text, size, "fuzz.txt", &t, &st);
	if (rc != DYAD_OK) {
		FUZZ_CHECK(rc == DYAD_ERR_INVALID || rc == DYAD_ERR_NOMEM);
		FUZZ_CHECK(t.id == NULL && t.title == NULL && t.nsteps == 0 && t.nconcepts == 0);
		if (rc == DYAD_ERR_INVALID) {
			FUZZ_CHECK(strncmp(st.message, "fuzz.txt:", 9) == 0);
			/* the message is shown to a person: it must be text */
			FUZZ_CHECK(utf8_valid(st.message, strlen(st.message)));
		}
		template_free(&t);
		free(text);
		return 0;
	}
	FUZZ_CHECK(t.id != NULL && strlen(t.id) >= 1 && strlen(t.id) <= TEMPLATE_ID_MAX);
	FUZZ_CHECK(strspn(t.id, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(t.id));
	check_clean(t.title, false);
	FUZZ_CHECK(utf8_length(t.title, strlen(t.title)) <= TEMPLATE_TITLE_MAX);
	FUZZ_CHECK(t.nconcepts >= 1 && t.nconcepts <= TEMPLATE_MAX_CONCEPTS);
	for (size_t i = 0; i < t.nconcepts; i++)
		check_clean(t.concepts[i], false);
	FUZZ_CHECK(t.minutes >= 1 && t.minutes <= 600);
	check_clean(t.introduction, true);
	FUZZ_CHECK(strlen(t.introduction) <= TEMPLATE_INTRO_MAX);
	FUZZ_CHECK(t.nsteps >= 1 && t.nsteps <= TEMPLATE_MAX_STEPS);
	for (size_t i = 0; i < t.nsteps; i++) {
		check_clean(t.steps[i], true);
		FUZZ_CHECK(strlen(t.steps[i]) <= TEMPLATE_STEP_MAX);
	}
	const struct template_tracking *tr = &t.tracking;
	FUZZ_CHECK(tr->ncolumns <= TEMPLATE_LOG_COLUMNS);
	for (size_t i = 0; i < tr->ncolumns; i++) {
		check_clean(tr->columns[i], false);
		FUZZ_CHECK(utf8_length(tr->columns[i], strlen(tr->columns[i])) <= TEMPLATE_COLUMN_MAX);
	}
	if (tr->hint)
		check_clean(tr->hint, false);
	if (tr->label)
		check_clean(tr->label, false);

	/* filling in placeholders with hostile values never reads or writes
	 * out of bounds, and copies the values in as they are */
	const struct template_values v = {
		"\x1b[2JMaya", "Dan\xe2\x80\xae", "=HYPERLINK(\"x\")", "2026-02-30", "'; DROP TABLE x;--",
		"{partner_a}", "%s%n", "", (enum homework_frequency)(size % 3),
	};
	struct strbuf out = STRBUF_INIT;
	template_fill(&out, t.introduction, &v);
	for (size_t i = 0; i < t.nsteps; i++)
		template_fill(&out, t.steps[i], &v);
	FUZZ_CHECK(!out.failed);
	if (template_uses(&t, "couple"))
		FUZZ_CHECK(strstr(strbuf_str(&out), "=HYPERLINK(\"x\")") != NULL);
	strbuf_release(&out);
	template_free(&t);
	FUZZ_CHECK(t.id == NULL);
	free(text);
	return 0;
}
