/* secure.c: wiping and constant-time comparison through volatile pointers,
 * so neither is removed or shortened by the optimiser; core dumps off. */
#include "app/core/secure.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

void secure_zero(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n-- > 0)
		*v++ = 0;
}

bool secure_equal(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(x[i] ^ y[i]);
	return diff == 0;
}

bool secure_no_core_dumps(void)
{
	const char *allow = getenv("DYAD_ALLOW_CORE");
	if (allow != NULL && strcmp(allow, "1") == 0)
		return true;
	bool ok = true;
	struct rlimit none = { 0, 0 };
	if (setrlimit(RLIMIT_CORE, &none) != 0)
		ok = false;
#ifdef __linux__
	/* A core size of 0 is ignored when core_pattern pipes to a program
	 * (systemd-coredump, apport); not being dumpable stops that too. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		ok = false;
#endif
	return ok;
}
