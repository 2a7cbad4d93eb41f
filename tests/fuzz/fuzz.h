/* fuzz.h: what the fuzzing harnesses share. Each harness defines
 * LLVMFuzzerTestOneInput and checks properties with FUZZ_CHECK; a broken
 * property aborts, which libFuzzer reports as a crash and the replay
 * binary (replay.c, linked without libFuzzer for make test) as a failure. */
#ifndef DYAD_FUZZ_H
#define DYAD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                        \
	do {                                                                        \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz: property failed: %s (%s:%d)\n", #cond,       \
				__FILE__, __LINE__);                                            \
			abort();                                                            \
		}                                                                       \
	} while (0)

/* The input as a NUL-terminated heap copy (a NUL inside ends it early, as
 * it would for any C string dyad receives). Never NULL. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
