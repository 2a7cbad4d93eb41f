/* strbuf.h: a growable, always NUL-terminated byte buffer. */
#ifndef DYAD_CORE_STRBUF_H
#define DYAD_CORE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *data;   /* NUL-terminated once anything was added; may be NULL when empty */
	size_t len;
	size_t cap;
	bool failed;  /* an allocation failed; later appends are ignored */
};

#define STRBUF_INIT { NULL, 0, 0, false }

/* Appends; on allocation failure sets sb->failed and returns false. */
bool strbuf_add(struct strbuf *sb, const void *bytes, size_t n);
bool strbuf_adds(struct strbuf *sb, const char *s);
bool strbuf_addc(struct strbuf *sb, char c);
bool strbuf_addf(struct strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* The contents as a C string: "" when nothing was added. Valid until the
 * next append or release. */
const char *strbuf_str(const struct strbuf *sb);

/* Hands the heap string to the caller (never NULL unless out of memory) and
 * leaves sb empty. */
char *strbuf_detach(struct strbuf *sb);

void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif
