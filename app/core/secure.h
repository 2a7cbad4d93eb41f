/* secure.h: handling secrets in memory: wiping that the compiler cannot
 * optimise away, and comparison that takes the same time for any match. */
#ifndef DYAD_CORE_SECURE_H
#define DYAD_CORE_SECURE_H

#include <stdbool.h>
#include <stddef.h>

/* Overwrites n bytes at p with zeros (p may be NULL when n is 0). */
void secure_zero(void *p, size_t n);

/* True when a and b (each n bytes) are equal, in time that depends only on n. */
bool secure_equal(const void *a, const void *b, size_t n);

#endif
