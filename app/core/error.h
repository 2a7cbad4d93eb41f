/* error.h: dyad's error codes, their messages, and a status that carries the
 * one clear sentence a person sees ("name: must be 1 to 200 characters"). */
#ifndef DYAD_CORE_ERROR_H
#define DYAD_CORE_ERROR_H

#include <stddef.h>

#define DYAD_ERRORS(X)                                                   \
	X(DYAD_OK, "no error")                                               \
	X(DYAD_ERR_USAGE, "usage error")                                     \
	X(DYAD_ERR_INVALID, "invalid input")                                 \
	X(DYAD_ERR_NOT_FOUND, "not found")                                   \
	X(DYAD_ERR_REFUSED, "refused")                                       \
	X(DYAD_ERR_CONFLICT, "changed elsewhere since it was read")          \
	X(DYAD_ERR_DB, "database error")                                     \
	X(DYAD_ERR_DB_TOO_NEW, "database was written by a newer dyad")       \
	X(DYAD_ERR_BUSY, "database is busy")                                 \
	X(DYAD_ERR_IO, "input/output error")                                 \
	X(DYAD_ERR_NOMEM, "out of memory")                                   \
	X(DYAD_ERR_UNSUPPORTED, "not available in this build")

enum dyad_error {
#define DYAD_ERROR_ENUM(name, text) name,
	DYAD_ERRORS(DYAD_ERROR_ENUM)
#undef DYAD_ERROR_ENUM
	DYAD_ERROR_COUNT
};

/* A failure's code plus a message meant for the user. Zero-initialise it. */
struct dyad_status {
	enum dyad_error code;
	char message[512];
};

/* The short generic text for a code; never NULL. */
const char *dyad_strerror(enum dyad_error code);

/* Records code and a printf-style message in st (st may be NULL) and returns
 * code, so callers can write `return dyad_fail(st, DYAD_ERR_INVALID, ...)`. */
enum dyad_error dyad_fail(struct dyad_status *st, enum dyad_error code,
	const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* The message to show for st: its own text, else the code's generic text. */
const char *dyad_status_message(const struct dyad_status *st);

/* Resets st to DYAD_OK with an empty message. */
void dyad_status_clear(struct dyad_status *st);

#endif
