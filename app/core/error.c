/* error.c: the message table behind dyad_strerror and the status helpers. */
#include "app/core/error.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const error_text[] = {
#define DYAD_ERROR_TEXT(name, text) text,
	DYAD_ERRORS(DYAD_ERROR_TEXT)
#undef DYAD_ERROR_TEXT
};

const char *dyad_strerror(enum dyad_error code)
{
	if ((int)code < 0 || code >= DYAD_ERROR_COUNT)
		return "unknown error";
	return error_text[code];
}

enum dyad_error dyad_fail(struct dyad_status *st, enum dyad_error code,
	const char *fmt, ...)
{
	if (st == NULL)
		return code;
	st->code = code;
	if (fmt == NULL) {
		st->message[0] = '\0';
		return code;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->message, sizeof st->message, fmt, ap);
	va_end(ap);
	return code;
}

const char *dyad_status_message(const struct dyad_status *st)
{
	if (st == NULL)
		return "unknown error";
	if (st->message[0] != '\0')
		return st->message;
	return dyad_strerror(st->code);
}

void dyad_status_clear(struct dyad_status *st)
{
	if (st == NULL)
		return;
	st->code = DYAD_OK;
	st->message[0] = '\0';
}
