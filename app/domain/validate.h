/* validate.h: the checks every input passes before it is stored, each
 * failing with one message that names the field and the reason. */
#ifndef DYAD_DOMAIN_VALIDATE_H
#define DYAD_DOMAIN_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "app/core/date.h"
#include "app/core/error.h"

#define NAME_MAX_CHARS 200
#define PRONOUNS_MAX_CHARS 40
#define NOTE_MAX_BYTES (2u * 1024u * 1024u)

/* A person's or couple's name: valid UTF-8, 1 to 200 characters, at least
 * one visible character (spaces, zero-width and other invisible characters
 * and lone combining marks do not count), no control characters and no
 * text-direction controls (overrides, embeddings, isolates or marks). */
enum dyad_error validate_name(const char *field, const char *s, struct dyad_status *st);

/* Like a name, 1 to 40 characters. */
enum dyad_error validate_pronouns(const char *field, const char *s, struct dyad_status *st);

/* Free text (a note, a comment): valid UTF-8, at most max_bytes, no NUL and
 * no control characters but newline, tab and carriage return. */
enum dyad_error validate_text(const char *field, const char *s, size_t len,
	size_t max_bytes, struct dyad_status *st);

/* s must be one of the NULL-terminated choices. */
enum dyad_error validate_choice(const char *field, const char *s,
	const char *const *choices, struct dyad_status *st);

enum dyad_error validate_date(const char *field, const char *s, struct dyad_date *out,
	struct dyad_status *st);

/* A record id: a whole number from 1 up. */
enum dyad_error validate_id(const char *field, const char *s, int64_t *out,
	struct dyad_status *st);

/* A whole number in [min, max]. */
enum dyad_error validate_int(const char *field, const char *s, long long min,
	long long max, long long *out, struct dyad_status *st);

/* "a" or "b" (either case): 0 or 1. */
enum dyad_error validate_partner(const char *field, const char *s, int *out,
	struct dyad_status *st);

/* A short, terminal-safe rendering of what the user typed, for messages:
 * controls escaped, cut at 40 characters, and cut again (at a character
 * boundary) to fit size. Returns buf. */
const char *validate_quote(const char *s, char *buf, size_t size);

extern const char *const couple_statuses[];  /* active, paused, closed */
extern const char *const session_modalities[];
extern const char *const session_attendances[];

#endif
