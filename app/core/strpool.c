/* strpool.c: strings made while building a document, freed together. */
#include "app/core/strpool.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *strpool_keep(struct strpool *pool, char *s)
{
	if (s == NULL) {
		pool->failed = true;
		return NULL;
	}
	if (pool->nstrings == pool->cap) {
		size_t ncap = pool->cap ? pool->cap * 2 : 64;
		char **q = realloc(pool->strings, ncap * sizeof *q);
		if (q == NULL) {
			free(s);
			pool->failed = true;
			return NULL;
		}
		pool->strings = q;
		pool->cap = ncap;
	}
	pool->strings[pool->nstrings++] = s;
	return s;
}

const char *strpool_keepf(struct strpool *pool, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *out = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (out != NULL) {
		va_start(ap, fmt);
		vsnprintf(out, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return strpool_keep(pool, out);
}

void strpool_free(struct strpool *pool)
{
	for (size_t i = 0; i < pool->nstrings; i++)
		free(pool->strings[i]);
	free(pool->strings);
	*pool = (struct strpool)STRPOOL_INIT;
}
