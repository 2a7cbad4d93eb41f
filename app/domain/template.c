/* template.c: the exercise template parser and placeholder filling. */
#include "app/domain/template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/core/utf8.h"
#include "app/domain/validate.h"

const char *const template_placeholders[] = { "partner_a", "partner_b", "couple", "due",
	"note", "practice", "contact", "clinician", NULL };

enum section { SECTION_HEADER, SECTION_INTRO, SECTION_STEPS, SECTION_TRACKING, SECTION_LIST };
static const char *const section_names[] = { "", "introduction", "steps", "tracking", "list" };

enum header_key { KEY_ID, KEY_TITLE, KEY_CONCEPTS, KEY_FREQUENCY, KEY_MINUTES, KEY_COUNT };
static const char *const header_keys[] = { "id", "title", "concepts", "frequency", "minutes" };

enum tracking_key { TK_KIND, TK_COLUMNS, TK_HINT, TK_LABEL, TK_LINES, TK_FIELDS, TK_PER_PARTNER,
	TK_COUNT };
static const char *const tracking_keys[] = { "kind", "columns", "hint", "label", "lines",
	"fields", "per_partner" };

struct parser {
	const char *file;
	struct dyad_status *st;
	struct template *t;
	size_t line;                 /* current line number, from 1 */
	enum section section;
	size_t section_line[5];      /* where each section began; 0 = not seen */
	size_t key_line[KEY_COUNT];
	size_t tracking_line[TK_COUNT];
	bool kind_seen;
	struct strbuf intro;
	bool paragraph_break;        /* a blank line since the last intro text */
	struct strbuf step;          /* the step being read */
	size_t step_line;
	struct strbuf item;          /* the [list] entry being read */
	size_t item_line;
	size_t heading_line;         /* [list]'s "heading:"; 0 = not seen */
};

static enum dyad_error fail_at(struct parser *p, size_t line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static enum dyad_error fail_at(struct parser *p, size_t line, const char *fmt, ...)
{
	char problem[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	return dyad_fail(p->st, DYAD_ERR_INVALID, "%s:%zu: %s", p->file, line, problem);
}

/* How many of s's n bytes to quote in a message: at most max, cut before
 * a character rather than inside one (the line is valid UTF-8 by now). */
static int quote_len(const char *s, size_t n, size_t max)
{
	size_t cut = n < max ? n : max;
	while (cut > 0 && cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return (int)cut;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims spaces and tabs from both ends of s[0..*n), returning the start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n > 0 && is_space(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && is_space(s[*n - 1]))
		(*n)--;
	return s;
}

static enum dyad_error nomem(struct parser *p)
{
	return dyad_fail(p->st, DYAD_ERR_NOMEM, NULL);
}

/* A frequency choice's alternatives: s..s+n is the text between the
 * braces. Finds the words for `want` (when want < 3) and, for the parser,
 * says which names were given how often. False when an alternative has no
 * "name:" or an unknown name. */
static const char *const choice_names[] = { "daily", "weekly", "once" };

static bool choice_scan(const char *s, size_t n, int want, const char **text, size_t *len,
	int seen[3])
{
	size_t i = 0;
	for (int k = 0; k < 3; k++)
		seen[k] = 0;
	while (i <= n) {
		size_t end = i;
		while (end < n && s[end] != '|')
			end++;
		size_t a = i;
		while (a < end && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t'))
			a++;
		const char *colon = memchr(s + a, ':', end - a);
		if (colon == NULL)
			return false;
		size_t name_len = (size_t)(colon - (s + a));
		int which = -1;
		for (int k = 0; k < 3 && which < 0; k++)
			if (strlen(choice_names[k]) == name_len && memcmp(choice_names[k], s + a, name_len) == 0)
				which = k;
		if (which < 0)
			return false;
		seen[which]++;
		if (which == want && text != NULL) {
			*text = colon + 1;
			*len = (size_t)(s + end - (colon + 1));
		}
		i = end + 1;
	}
	return true;
}

static bool is_choice(const char *s, size_t n)
{
	return memchr(s, ':', n) != NULL;
}

/* Checks that every '{' in s opens a known placeholder (or is doubled). */
static enum dyad_error check_placeholders(struct parser *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '{')
			continue;
		if (i + 1 < n && s[i + 1] == '{') {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < n && s[j] != '}' && s[j] != '{')
			j++;
		if (j >= n || s[j] != '}')
			return fail_at(p, p->line,
				"a '{' without its closing '}' (write {{ for a brace on its own)");
		if (is_choice(s + i + 1, j - i - 1)) {
			int seen[3];
			if (!choice_scan(s + i + 1, j - i - 1, 3, NULL, NULL, seen))
				return fail_at(p, p->line,
					"a frequency choice has an alternative that does not start with "
					"daily:, weekly: or once: (write it as {daily:...|weekly:...|once:...})");
			for (int k = 0; k < 3; k++)
				if (seen[k] != 1)
					return fail_at(p, p->line,
						"a frequency choice %s %s: (it needs daily:, weekly: and once:, "
						"each once)", seen[k] ? "repeats" : "is missing", choice_names[k]);
			i = j;
			continue;
		}
		bool known = false;
		for (const char *const *name = template_placeholders; *name && !known; name++)
			known = strlen(*name) == j - i - 1 && memcmp(*name, s + i + 1, j - i - 1) == 0;
		if (!known) {
			char q[200];
			char *bad = dup_n(s + i, j - i + 1);
			if (bad == NULL)
				return nomem(p);
			fail_at(p, p->line,
				"unknown placeholder %s (known: {partner_a}, {partner_b}, {couple}, {due}, "
				"{note}, {practice}, {contact}, {clinician})", validate_quote(bad, q, sizeof q));
			free(bad);
			return DYAD_ERR_INVALID;
		}
		i = j;
	}
	return DYAD_OK;
}

/* A one-line value: 1..max characters. */
static enum dyad_error check_line_value(struct parser *p, const char *key, const char *v,
	size_t n, size_t max_chars)
{
	if (n == 0)
		return fail_at(p, p->line, "%s: is empty", key);
	size_t chars = utf8_length(v, n);
	if (chars > max_chars)
		return fail_at(p, p->line, "%s: is %zu characters; at most %zu fit", key, chars,
			max_chars);
	return DYAD_OK;
}

static enum dyad_error set_string(struct parser *p, char **dest, const char *v, size_t n)
{
	free(*dest);
	*dest = dup_n(v, n);
	return *dest ? DYAD_OK : nomem(p);
}

static enum dyad_error parse_id(struct parser *p, const char *v, size_t n)
{
	if (n == 0 || n > TEMPLATE_ID_MAX)
		return fail_at(p, p->line, "id: must be 1 to %d characters", TEMPLATE_ID_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
		if (!ok)
			return fail_at(p, p->line,
				"id: use lowercase letters, digits and '-' (not first), like 'attention-daily'");
	}
	return set_string(p, &p->t->id, v, n);
}

static enum dyad_error parse_concepts(struct parser *p, const char *v, size_t n)
{
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && v[j] != ',')
			j++;
		size_t len = j - i;
		const char *key = trim(v + i, &len);
		if (len == 0)
			return fail_at(p, p->line, "concepts: an empty entry (separate keys with commas)");
		if (len > 64)
			return fail_at(p, p->line, "concepts: a key is longer than 64 characters");
		for (size_t k = 0; k < len; k++) {
			char c = key[k];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
				return fail_at(p, p->line,
					"concepts: '%.*s' is not a concept key (see `dyad concepts`)", (int)len, key);
		}
		for (size_t k = 0; k < p->t->nconcepts; k++)
			if (strlen(p->t->concepts[k]) == len && memcmp(p->t->concepts[k], key, len) == 0)
				return fail_at(p, p->line, "concepts: '%.*s' is listed twice", (int)len, key);
		if (p->t->nconcepts == TEMPLATE_MAX_CONCEPTS)
			return fail_at(p, p->line, "concepts: at most %d", TEMPLATE_MAX_CONCEPTS);
		char *copy = dup_n(key, len);
		if (copy == NULL)
			return nomem(p);
		p->t->concepts[p->t->nconcepts++] = copy;
		i = j + 1;
	}
	return DYAD_OK;
}

static enum dyad_error header_line(struct parser *p, const char *key, size_t klen,
	const char *v, size_t n)
{
	int which = -1;
	for (int k = 0; k < KEY_COUNT; k++)
		if (strlen(header_keys[k]) == klen && memcmp(header_keys[k], key, klen) == 0)
			which = k;
	if (which < 0)
		return fail_at(p, p->line,
			"unknown key '%.*s' (the keys are id, title, concepts, frequency and minutes)",
			quote_len(key, klen, 40), key);
	if (p->key_line[which])
		return fail_at(p, p->line, "%s: given twice (first on line %zu)", header_keys[which],
			p->key_line[which]);
	p->key_line[which] = p->line;
	char word[16];
	long long m;
	switch ((enum header_key)which) {
	case KEY_ID:
		p->t->id_line = p->line;
		return parse_id(p, v, n);
	case KEY_TITLE:
		if (check_line_value(p, "title", v, n, TEMPLATE_TITLE_MAX) != DYAD_OK)
			return DYAD_ERR_INVALID;
		return set_string(p, &p->t->title, v, n);
	case KEY_CONCEPTS:
		p->t->concepts_line = p->line;
		return parse_concepts(p, v, n);
	case KEY_FREQUENCY:
		snprintf(word, sizeof word, "%.*s", quote_len(v, n, 15), v);
		if (n >= sizeof word || !homework_frequency_parse(word, &p->t->frequency))
			return fail_at(p, p->line, "frequency: must be daily, weekly or once (got '%.*s')",
				quote_len(v, n, 40), v);
		return DYAD_OK;
	case KEY_MINUTES:
		snprintf(word, sizeof word, "%.*s", quote_len(v, n, 15), v);
		if (n >= sizeof word || !parse_int(word, 1, 600, &m))
			return fail_at(p, p->line, "minutes: must be a whole number from 1 to 600 (got '%.*s')",
				quote_len(v, n, 40), v);
		p->t->minutes = (int)m;
		return DYAD_OK;
	case KEY_COUNT:
		break;
	}
	return DYAD_OK;
}

/* Removes a trailing marker such as "(wide)" from name[0..*len). */
static bool strip_mark(const char **name, size_t *len, const char *mark)
{
	size_t ml = strlen(mark);
	if (*len < ml || memcmp(*name + *len - ml, mark, ml) != 0)
		return false;
	*len -= ml;
	*name = trim(*name, len);
	return true;
}

/* "fields: My signal | Where I go": what each partner fills in for a plan. */
static enum dyad_error parse_fields(struct parser *p, const char *v, size_t n)
{
	struct template_tracking *tr = &p->t->tracking;
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && v[j] != '|')
			j++;
		size_t len = j - i;
		const char *name = trim(v + i, &len);
		if (len == 0)
			return fail_at(p, p->line, "fields: an empty field name (separate them with |)");
		if (utf8_length(name, len) > TEMPLATE_COLUMN_MAX)
			return fail_at(p, p->line, "fields: '%.*s...' is longer than %d characters",
				quote_len(name, len, 20), name, TEMPLATE_COLUMN_MAX);
		if (tr->nfields == TEMPLATE_MAX_FIELDS)
			return fail_at(p, p->line, "fields: at most %d", TEMPLATE_MAX_FIELDS);
		if ((tr->fields[tr->nfields] = dup_n(name, len)) == NULL)
			return nomem(p);
		tr->nfields++;
		i = j + 1;
	}
	return DYAD_OK;
}

static enum dyad_error parse_columns(struct parser *p, const char *v, size_t n)
{
	struct template_tracking *tr = &p->t->tracking;
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && v[j] != '|')
			j++;
		size_t len = j - i;
		const char *name = trim(v + i, &len);
		bool wide = strip_mark(&name, &len, "(wide)");
		bool together = !wide && strip_mark(&name, &len, "(together)");
		if (len == 0)
			return fail_at(p, p->line, "columns: an empty column name (separate them with |)");
		if (utf8_length(name, len) > TEMPLATE_COLUMN_MAX)
			return fail_at(p, p->line, "columns: '%.*s...' is longer than %d characters",
				quote_len(name, len, 20), name, TEMPLATE_COLUMN_MAX);
		if (tr->ncolumns == TEMPLATE_LOG_COLUMNS)
			return fail_at(p, p->line, "columns: at most %d", TEMPLATE_LOG_COLUMNS);
		char *copy = dup_n(name, len);
		if (copy == NULL)
			return nomem(p);
		tr->wide[tr->ncolumns] = wide;
		tr->together[tr->ncolumns] = together;
		tr->columns[tr->ncolumns++] = copy;
		i = j + 1;
	}
	return DYAD_OK;
}

static enum dyad_error tracking_line(struct parser *p, const char *key, size_t klen,
	const char *v, size_t n)
{
	struct template_tracking *tr = &p->t->tracking;
	int which = -1;
	for (int k = 0; k < TK_COUNT; k++)
		if (strlen(tracking_keys[k]) == klen && memcmp(tracking_keys[k], key, klen) == 0)
			which = k;
	if (which < 0)
		return fail_at(p, p->line,
			"unknown key '%.*s' in [tracking] (the keys are kind, columns, hint, label, lines, "
			"fields and per_partner)",
			quote_len(key, klen, 40), key);
	if (p->tracking_line[which])
		return fail_at(p, p->line, "%s: given twice (first on line %zu)", tracking_keys[which],
			p->tracking_line[which]);
	p->tracking_line[which] = p->line;
	char word[16];
	long long m;
	switch ((enum tracking_key)which) {
	case TK_KIND:
		if (n == 4 && memcmp(v, "grid", 4) == 0)
			tr->kind = TRACKING_GRID;
		else if (n == 5 && memcmp(v, "tally", 5) == 0)
			tr->kind = TRACKING_TALLY;
		else if (n == 3 && memcmp(v, "log", 3) == 0)
			tr->kind = TRACKING_LOG;
		else
			return fail_at(p, p->line, "kind: must be grid, tally or log (got '%.*s')",
				quote_len(v, n, 40), v);
		p->kind_seen = true;
		return DYAD_OK;
	case TK_COLUMNS:
		return parse_columns(p, v, n);
	case TK_HINT:
	case TK_LABEL:
		if (check_line_value(p, tracking_keys[which], v, n, TEMPLATE_LINE_MAX) != DYAD_OK ||
			check_placeholders(p, v, n) != DYAD_OK)
			return p->st->code;
		return set_string(p, which == TK_HINT ? &tr->hint : &tr->label, v, n);
	case TK_LINES:
		snprintf(word, sizeof word, "%.*s", quote_len(v, n, 15), v);
		if (n >= sizeof word || !parse_int(word, 3, 20, &m))
			return fail_at(p, p->line, "lines: must be a whole number from 3 to 20 (got '%.*s')",
				quote_len(v, n, 40), v);
		tr->lines = (int)m;
		return DYAD_OK;
	case TK_FIELDS:
		return parse_fields(p, v, n);
	case TK_PER_PARTNER:
		if (n == 3 && memcmp(v, "yes", 3) == 0)
			tr->per_partner = true;
		else if (!(n == 2 && memcmp(v, "no", 2) == 0))
			return fail_at(p, p->line, "per_partner: must be yes or no (got '%.*s')",
				quote_len(v, n, 40), v);
		return DYAD_OK;
	case TK_COUNT:
		break;
	}
	return DYAD_OK;
}

/* Splits "key: value"; false when the line has no such shape. */
static bool split_key(const char *s, size_t n, const char **key, size_t *klen,
	const char **value, size_t *vlen)
{
	size_t i = 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
		i++;
	if (i == 0 || i >= n || s[i] != ':')
		return false;
	*key = s;
	*klen = i;
	*vlen = n - i - 1;
	*value = trim(s + i + 1, vlen);
	return true;
}

/* Ends the step being read, if any, checking its length. */
static enum dyad_error finish_step(struct parser *p)
{
	if (p->step.len == 0 && !p->step.failed)
		return DYAD_OK;
	if (p->step.failed)
		return nomem(p);
	if (p->step.len > TEMPLATE_STEP_MAX)
		return fail_at(p, p->step_line, "step %zu: is %zu bytes; at most %u fit on a handout",
			p->t->nsteps + 1, p->step.len, TEMPLATE_STEP_MAX);
	char *s = strbuf_detach(&p->step);
	if (s == NULL)
		return nomem(p);
	p->t->steps[p->t->nsteps++] = s;
	return DYAD_OK;
}

/* Recognises "N. " or "N) " at the start of a step; *number and the text
 * after it on success. */
static bool step_start(const char *s, size_t n, long *number, size_t *skip)
{
	size_t i = 0;
	long v = 0;
	while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
		return false;
	if (i + 1 < n && !is_space(s[i + 1]))
		return false;
	*number = v;
	*skip = i + 1;
	return true;
}

static enum dyad_error steps_line(struct parser *p, const char *s, size_t n)
{
	long number;
	size_t skip;
	if (step_start(s, n, &number, &skip)) {
		if (finish_step(p) != DYAD_OK)
			return p->st->code;
		if (number != (long)p->t->nsteps + 1)
			return fail_at(p, p->line, "steps: expected step %zu here, found %ld",
				p->t->nsteps + 1, number);
		if (p->t->nsteps == TEMPLATE_MAX_STEPS)
			return fail_at(p, p->line, "steps: at most %d fit on a handout", TEMPLATE_MAX_STEPS);
		size_t len = n - skip;
		const char *text = trim(s + skip, &len);
		if (len == 0)
			return fail_at(p, p->line, "step %ld: has no text", number);
		p->step_line = p->line;
		strbuf_add(&p->step, text, len);
		return check_placeholders(p, text, len);
	}
	if (p->step.len == 0)
		return fail_at(p, p->line, "steps: each step starts with its number, like '1. '");
	strbuf_addc(&p->step, ' ');
	strbuf_add(&p->step, s, n);
	return check_placeholders(p, s, n);
}

static enum dyad_error intro_line(struct parser *p, const char *s, size_t n)
{
	if (p->intro.len > 0)
		strbuf_adds(&p->intro, p->paragraph_break ? "\n\n" : " ");
	p->paragraph_break = false;
	strbuf_add(&p->intro, s, n);
	if (p->intro.failed)
		return nomem(p);
	if (p->intro.len > TEMPLATE_INTRO_MAX)
		return fail_at(p, p->line, "introduction: longer than %u bytes; keep it to a few "
			"short paragraphs", TEMPLATE_INTRO_MAX);
	return check_placeholders(p, s, n);
}

/* Ends the [list] entry being read, if any, checking its length. */
static enum dyad_error finish_item(struct parser *p)
{
	if (p->item.len == 0 && !p->item.failed)
		return DYAD_OK;
	if (p->item.failed)
		return nomem(p);
	if (p->item.len > TEMPLATE_LIST_ITEM_MAX)
		return fail_at(p, p->item_line, "list: entry %zu is %zu bytes; at most %u fit",
			p->t->nlist + 1, p->item.len, TEMPLATE_LIST_ITEM_MAX);
	char *s = strbuf_detach(&p->item);
	if (s == NULL)
		return nomem(p);
	p->t->list[p->t->nlist++] = s;
	return DYAD_OK;
}

/* [list]: one "heading:" line, then entries that each start with "- "
 * (a line that does not carries on the entry above). */
static enum dyad_error list_line(struct parser *p, const char *s, size_t n)
{
	static const char heading[] = "heading:";
	size_t hl = sizeof heading - 1;
	if (n >= hl && memcmp(s, heading, hl) == 0) {
		if (p->heading_line)
			return fail_at(p, p->line, "heading: given twice (first on line %zu)",
				p->heading_line);
		p->heading_line = p->line;
		size_t len = n - hl;
		const char *v = trim(s + hl, &len);
		if (check_line_value(p, "heading", v, len, TEMPLATE_TITLE_MAX) != DYAD_OK ||
			check_placeholders(p, v, len) != DYAD_OK)
			return p->st->code;
		return set_string(p, &p->t->list_heading, v, len);
	}
	if (n >= 2 && s[0] == '-' && is_space(s[1])) {
		if (finish_item(p) != DYAD_OK)
			return p->st->code;
		if (p->t->nlist == TEMPLATE_LIST_ITEMS)
			return fail_at(p, p->line, "list: at most %d entries fit on a handout",
				TEMPLATE_LIST_ITEMS);
		size_t len = n - 2;
		const char *text = trim(s + 2, &len);
		if (len == 0)
			return fail_at(p, p->line, "list: an entry has no text");
		p->item_line = p->line;
		strbuf_add(&p->item, text, len);
		return check_placeholders(p, text, len);
	}
	if (p->item.len == 0)
		return fail_at(p, p->line, "list: each entry starts with '- ' (after a 'heading:' line)");
	strbuf_addc(&p->item, ' ');
	strbuf_add(&p->item, s, n);
	return check_placeholders(p, s, n);
}

/* Checks that the header is complete, at the line where it ended. */
static enum dyad_error header_complete(struct parser *p, size_t line)
{
	for (int k = 0; k < KEY_COUNT; k++)
		if (p->key_line[k] == 0)
			return fail_at(p, line, "%s: missing (the header needs id, title, concepts, "
				"frequency and minutes before the first [section])", header_keys[k]);
	return DYAD_OK;
}

static enum dyad_error leave_section(struct parser *p)
{
	if (p->section == SECTION_STEPS)
		return finish_step(p);
	if (p->section == SECTION_LIST)
		return finish_item(p);
	return DYAD_OK;
}

static enum dyad_error section_line(struct parser *p, const char *name, size_t n)
{
	int which = -1;
	for (int k = SECTION_INTRO; k <= SECTION_LIST; k++)
		if (strlen(section_names[k]) == n && memcmp(section_names[k], name, n) == 0)
			which = k;
	if (which < 0)
		return fail_at(p, p->line,
			"unknown section [%.*s] (the sections are [introduction], [steps], [tracking] "
			"and, if wanted, [list])",
			quote_len(name, n, 40), name);
	if (p->section_line[which])
		return fail_at(p, p->line, "[%s] appears twice (first on line %zu)",
			section_names[which], p->section_line[which]);
	if (leave_section(p) != DYAD_OK)
		return p->st->code;
	if (p->section == SECTION_HEADER && header_complete(p, p->line) != DYAD_OK)
		return p->st->code;
	p->section = (enum section)which;
	p->section_line[which] = p->line;
	return DYAD_OK;
}

static enum dyad_error one_line(struct parser *p, const char *s, size_t n)
{
	if (!utf8_valid(s, n))
		return fail_at(p, p->line, "is not valid UTF-8 text (save the file as UTF-8)");
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp != '\t' && (utf8_is_control(cp) || utf8_is_bidi_control(cp)))
			return fail_at(p, p->line, "contains an invisible control character (U+%04X)",
				(unsigned)cp);
		i += k;
	}
	if (n > 0 && s[0] == '#')
		return DYAD_OK;
	size_t len = n;
	const char *text = trim(s, &len);
	if (len >= 2 && text[0] == '[' && text[len - 1] == ']')
		return section_line(p, text + 1, len - 2);
	const char *key, *value;
	size_t klen, vlen;
	switch (p->section) {
	case SECTION_HEADER:
		if (len == 0)
			return DYAD_OK;
		if (!split_key(text, len, &key, &klen, &value, &vlen))
			return fail_at(p, p->line, "expected 'key: value' (or a [section]) here");
		return header_line(p, key, klen, value, vlen);
	case SECTION_INTRO:
		if (len == 0) {
			p->paragraph_break = true;
			return DYAD_OK;
		}
		return intro_line(p, text, len);
	case SECTION_STEPS:
		if (len == 0)
			return DYAD_OK;
		return steps_line(p, text, len);
	case SECTION_TRACKING:
		if (len == 0)
			return DYAD_OK;
		if (!split_key(text, len, &key, &klen, &value, &vlen))
			return fail_at(p, p->line, "expected 'key: value' in [tracking]");
		return tracking_line(p, key, klen, value, vlen);
	case SECTION_LIST:
		if (len == 0)
			return DYAD_OK;
		return list_line(p, text, len);
	}
	return DYAD_OK;
}

/* The checks that need the whole file. */
static enum dyad_error finish(struct parser *p)
{
	struct template *t = p->t;
	size_t last = p->line;
	if (leave_section(p) != DYAD_OK)
		return p->st->code;
	if (p->section == SECTION_HEADER) {
		bool any = false;
		for (int k = 0; k < KEY_COUNT; k++)
			any = any || p->key_line[k] != 0;
		if (!any)
			return fail_at(p, 1, "is not an exercise template (no 'id:' line; see "
				"templates/README.md)");
		if (header_complete(p, last) != DYAD_OK)
			return p->st->code;
	}
	for (int k = SECTION_INTRO; k <= SECTION_TRACKING; k++)
		if (p->section_line[k] == 0)
			return fail_at(p, last, "[%s]: missing (a template has [introduction], [steps] "
				"and [tracking])", section_names[k]);
	if (p->intro.len == 0)
		return fail_at(p, p->section_line[SECTION_INTRO], "[introduction]: is empty");
	if ((t->introduction = strbuf_detach(&p->intro)) == NULL)
		return nomem(p);
	if (t->nsteps == 0)
		return fail_at(p, p->section_line[SECTION_STEPS], "[steps]: has no steps");
	if (p->section_line[SECTION_LIST] && t->list_heading == NULL)
		return fail_at(p, p->section_line[SECTION_LIST], "[list]: heading: missing (a line "
			"like 'heading: Questions to ask' over the entries)");
	if (p->section_line[SECTION_LIST] && t->nlist == 0)
		return fail_at(p, p->section_line[SECTION_LIST], "[list]: has no entries (each "
			"starts with '- ')");
	struct template_tracking *tr = &t->tracking;
	size_t at = p->section_line[SECTION_TRACKING];
	if (!p->kind_seen)
		return fail_at(p, at, "[tracking]: kind: missing (grid, tally or log)");
	size_t col_line = p->tracking_line[TK_COLUMNS] ? p->tracking_line[TK_COLUMNS] : at;
	switch (tr->kind) {
	case TRACKING_GRID:
		if (tr->ncolumns == 0)
			return fail_at(p, col_line, "columns: a grid needs 1 to %d columns, like "
				"'columns: Did it | Phones away'", TEMPLATE_GRID_COLUMNS);
		if (tr->ncolumns > TEMPLATE_GRID_COLUMNS)
			return fail_at(p, col_line, "columns: a grid has at most %d (a box per partner "
				"each)", TEMPLATE_GRID_COLUMNS);
		for (size_t i = 0; i < tr->ncolumns; i++)
			if (tr->wide[i])
				return fail_at(p, col_line, "columns: (wide) is for log columns");
		break;
	case TRACKING_TALLY:
		if (tr->label == NULL)
			return fail_at(p, at, "label: a tally needs a label saying what is counted");
		if (tr->ncolumns)
			return fail_at(p, col_line, "columns: a tally has none (it gives each partner "
				"a space for marks)");
		break;
	case TRACKING_LOG:
		if (tr->ncolumns == 0)
			return fail_at(p, col_line, "columns: a log needs 1 to %d column headings",
				TEMPLATE_LOG_COLUMNS);
		break;
	}
	if (tr->kind != TRACKING_TALLY && tr->label != NULL)
		return fail_at(p, p->tracking_line[TK_LABEL], "label: only a tally has a label "
			"(use hint for a line of guidance)");
	if (tr->kind != TRACKING_LOG && tr->lines != 0)
		return fail_at(p, p->tracking_line[TK_LINES], "lines: only a log has ruled lines "
			"(a grid or tally has a row per day or week)");
	if (tr->kind == TRACKING_LOG && tr->lines == 0)
		tr->lines = 8;
	for (size_t i = 0; i < tr->ncolumns; i++)
		if (tr->together[i] && tr->kind != TRACKING_GRID)
			return fail_at(p, col_line, "columns: (together) is for grid columns");
	if (tr->per_partner && tr->kind != TRACKING_LOG)
		return fail_at(p, p->tracking_line[TK_PER_PARTNER], "per_partner: only a log can be "
			"printed on a sheet per partner");
	return DYAD_OK;
}

enum dyad_error template_parse(const char *text, size_t len, const char *filename,
	struct template *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	struct parser p = { 0 };
	p.file = filename ? filename : "template";
	p.st = st;
	p.t = out;
	p.intro = (struct strbuf)STRBUF_INIT;
	p.step = (struct strbuf)STRBUF_INIT;
	p.item = (struct strbuf)STRBUF_INIT;
	enum dyad_error rc = DYAD_OK;
	if (len > TEMPLATE_MAX_BYTES) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s:1: is %zu bytes; a template is at most %u",
			p.file, len, TEMPLATE_MAX_BYTES);
		goto cleanup;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3; /* a byte-order mark some editors write */
	while (i < len && rc == DYAD_OK) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - i;
		if (n > 0 && text[i + n - 1] == '\r')
			n--;
		p.line++;
		const char *nul = memchr(text + i, '\0', n);
		if (nul != NULL)
			rc = fail_at(&p, p.line, "contains a NUL byte; is this a text file?");
		else
			rc = one_line(&p, text + i, n);
		i = end + 1;
	}
	if (p.line == 0) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s:1: is empty", p.file);
		goto cleanup;
	}
	if (rc == DYAD_OK)
		rc = finish(&p);
cleanup:
	strbuf_release(&p.intro);
	strbuf_release(&p.step);
	strbuf_release(&p.item);
	if (rc != DYAD_OK)
		template_free(out);
	return rc;
}

void template_free(struct template *t)
{
	if (t == NULL)
		return;
	free(t->id);
	free(t->title);
	for (size_t i = 0; i < t->nconcepts; i++)
		free(t->concepts[i]);
	free(t->introduction);
	for (size_t i = 0; i < t->nsteps; i++)
		free(t->steps[i]);
	free(t->list_heading);
	for (size_t i = 0; i < t->nlist; i++)
		free(t->list[i]);
	free(t->tracking.hint);
	free(t->tracking.label);
	for (size_t i = 0; i < t->tracking.ncolumns; i++)
		free(t->tracking.columns[i]);
	for (size_t i = 0; i < t->tracking.nfields; i++)
		free(t->tracking.fields[i]);
	free(t->path);
	memset(t, 0, sizeof *t);
}

static const char *placeholder_value(const struct template_values *v, const char *name,
	size_t n, bool *known)
{
	const char *values[] = { v->partner_a, v->partner_b, v->couple, v->due, v->note,
		v->practice, v->contact, v->clinician };
	*known = false;
	for (size_t k = 0; template_placeholders[k]; k++)
		if (strlen(template_placeholders[k]) == n && memcmp(template_placeholders[k], name, n) == 0) {
			*known = true;
			return values[k];
		}
	return NULL;
}

void template_fill(struct strbuf *out, const char *text, const struct template_values *v)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if ((c == '{' || c == '}') && i + 1 < n && text[i + 1] == c) {
			strbuf_addc(out, c);
			i++;
			continue;
		}
		if (c == '{') {
			const char *close = memchr(text + i + 1, '}', n - i - 1);
			if (close != NULL) {
				bool known;
				size_t len = (size_t)(close - text) - i - 1;
				if (memchr(text + i + 1, '{', len) == NULL && is_choice(text + i + 1, len)) {
					const char *words = NULL;
					size_t words_len = 0;
					int seen[3];
					int want = (int)v->frequency;
					if (want < 0 || want > 2)
						want = 0;
					if (choice_scan(text + i + 1, len, want, &words, &words_len, seen)) {
						if (words != NULL)
							strbuf_add(out, words, words_len);
						i += len + 1;
						continue;
					}
				}
				const char *value = placeholder_value(v, text + i + 1, len, &known);
				if (known) {
					if (value != NULL)
						strbuf_adds(out, value);
					i += len + 1;
					continue;
				}
			}
		}
		strbuf_addc(out, c);
	}
}

static bool text_uses(const char *s, const char *name)
{
	if (s == NULL)
		return false;
	size_t n = strlen(name);
	for (const char *p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{')) {
		if (p[1] == '{') {
			p++;
			continue;
		}
		if (strncmp(p + 1, name, n) == 0 && p[1 + n] == '}')
			return true;
	}
	return false;
}

bool template_uses(const struct template *t, const char *name)
{
	if (text_uses(t->introduction, name) || text_uses(t->tracking.hint, name) ||
		text_uses(t->tracking.label, name))
		return true;
	for (size_t i = 0; i < t->nsteps; i++)
		if (text_uses(t->steps[i], name))
			return true;
	if (text_uses(t->list_heading, name))
		return true;
	for (size_t i = 0; i < t->nlist; i++)
		if (text_uses(t->list[i], name))
			return true;
	return false;
}
