/* paper.c: Letter or A4: parsing, sizes, and the choice from flag, setting,
 * environment and system. */
#include "app/domain/paper.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "app/core/fileio.h"
#include "app/domain/validate.h"

bool paper_parse(const char *s, enum paper *out)
{
	if (s == NULL)
		return false;
	if (strcasecmp(s, "letter") == 0) {
		*out = PAPER_LETTER;
		return true;
	}
	if (strcasecmp(s, "a4") == 0) {
		*out = PAPER_A4;
		return true;
	}
	return false;
}

const char *paper_name(enum paper p)
{
	return p == PAPER_A4 ? "a4" : "letter";
}

void paper_size_points(enum paper p, double *width, double *height)
{
	/* Letter is 8.5 x 11 inches; A4 is 210 x 297 mm (72 points an inch). */
	if (p == PAPER_A4) {
		*width = 595.276;
		*height = 841.89;
	} else {
		*width = 612.0;
		*height = 792.0;
	}
}

/* The first word of the papersize file that is not in a comment, in
 * *known (false when the file is missing or names no size dyad knows).
 * Fails in one line when path is not a regular file (a pipe would wait,
 * /dev/zero would never end) or is far too long for one. */
static enum dyad_error papersize_file(const char *path, const char *what, enum paper *out,
	bool *known, struct dyad_status *st)
{
	*known = false;
	struct stat sb;
	if (stat(path, &sb) != 0 && errno == ENOENT)
		return DYAD_OK;
	size_t len;
	char *text = fileio_read_path(path, 4096, &len, what, st);
	if (text == NULL)
		return st->code;
	for (char *line = text; line != NULL && *line != '\0';) {
		char *next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		line = next;
		if (*s == '#' || *s == '\0' || *s == '\r')
			continue;
		s[strcspn(s, " \t\r")] = '\0';
		*known = paper_parse(s, out);
		break;
	}
	free(text);
	return DYAD_OK;
}

enum dyad_error paper_choose(const char *flag, const char *setting, struct paper_choice *out,
	struct dyad_status *st)
{
	char q[200];
	if (flag != NULL) {
		if (!paper_parse(flag, &out->paper))
			return dyad_fail(st, DYAD_ERR_INVALID, "paper: must be letter or a4 (got '%s')",
				validate_quote(flag, q, sizeof q));
		out->source = "--paper";
		return DYAD_OK;
	}
	if (paper_parse(setting, &out->paper)) {
		out->source = "the paper setting";
		return DYAD_OK;
	}
	if (paper_parse(getenv("PAPERSIZE"), &out->paper)) {
		out->source = "$PAPERSIZE";
		return DYAD_OK;
	}
	const char *file = getenv("DYAD_PAPERSIZE_FILE");
	bool named = file != NULL && file[0] != '\0';
	if (!named)
		file = "/etc/papersize";
	bool known;
	struct dyad_status ignored = { 0 };
	/* A file someone named must be a sound one; the system's own, when
	 * unreadable, just does not choose. */
	if (papersize_file(file, "DYAD_PAPERSIZE_FILE", &out->paper, &known,
		    named ? st : &ignored) != DYAD_OK && named)
		return st->code;
	if (known) {
		out->source = file;
		return DYAD_OK;
	}
	out->paper = PAPER_LETTER;
	out->source = "the default";
	return DYAD_OK;
}
