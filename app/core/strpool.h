/* strpool.h: a pool of heap strings that live until the pool is freed. */
#ifndef DYAD_CORE_STRPOOL_H
#define DYAD_CORE_STRPOOL_H

#include <stdbool.h>
#include <stddef.h>

struct strpool {
	char **strings;
	size_t nstrings, cap;
	bool failed;  /* out of memory at least once: some string was not kept */
};

#define STRPOOL_INIT { NULL, 0, 0, false }

/* Takes ownership of the heap string s and returns it, valid until
 * strpool_free. When s is NULL, or the pool cannot grow (s is then freed),
 * sets pool->failed and returns NULL. */
const char *strpool_keep(struct strpool *pool, char *s);

/* Formats into a new string kept as by strpool_keep; NULL (and
 * pool->failed set) when out of memory. */
const char *strpool_keepf(struct strpool *pool, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Frees every kept string and the pool's array, and leaves the pool empty;
 * accepts a pool that never kept anything. */
void strpool_free(struct strpool *pool);

#endif
