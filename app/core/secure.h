/* secure.h: handling secrets in memory: wiping that the compiler cannot
 * optimise away, comparison that takes the same time for any match, and
 * keeping the process's memory out of core dumps. */
#ifndef DYAD_CORE_SECURE_H
#define DYAD_CORE_SECURE_H

#include <stdbool.h>
#include <stddef.h>

/* Overwrites n bytes at p with zeros (p may be NULL when n is 0). */
void secure_zero(void *p, size_t n);

/* True when a and b (each n bytes) are equal, in time that depends only on n. */
bool secure_equal(const void *a, const void *b, size_t n);

/* Turns core dumps off for this process, so a crash never writes the
 * clinical text in its memory to disk: the core size limit becomes 0 and,
 * on Linux, the process is marked not dumpable (which also stops other
 * processes of the same user from attaching a debugger to it). With
 * DYAD_ALLOW_CORE=1 in the environment nothing is changed, for debugging.
 * Returns false when a limit could not be set (the process goes on). */
bool secure_no_core_dumps(void);

#endif
