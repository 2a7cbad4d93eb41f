/* xlsx_lazy.c: loading libxlsxwriter on first use (see xlsx_lazy.h). */
#define XLSX_LAZY_DEFINE
#include "xlsx_lazy.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The library's soname, found by the Makefile at build time. */
#ifndef XLSXWRITER_SONAME
#define XLSXWRITER_SONAME "libxlsxwriter.so"
#endif

struct xlsx_lazy xlsx_lazy;

bool xlsx_lazy_load(char *why, size_t size)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char reason[300];
	if (state == 0) {
		state = -1;
		void *lib = dlopen(XLSXWRITER_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (lib == NULL) {
			const char *e = dlerror();
			snprintf(reason, sizeof reason, "the spreadsheet library %s could not be loaded "
				"(%s); install libxlsxwriter (make deps does)", XLSXWRITER_SONAME,
				e ? e : "no reason given");
		} else {
			state = 1;
			/* A function pointer cannot be cast from dlsym's void * in ISO
			 * C; POSIX makes them the same size, so the bytes are copied. */
#define XLSX_LAZY_RESOLVE(name)                                                       \
	if (state == 1) {                                                            \
		void *p = dlsym(lib, #name);                                             \
		if (p == NULL) {                                                         \
			state = -1;                                                          \
			snprintf(reason, sizeof reason,                                      \
				"the spreadsheet library %s lacks %s; it is older than dyad needs", \
				XLSXWRITER_SONAME, #name);                                       \
		} else {                                                                 \
			memcpy(&xlsx_lazy.name, &p, sizeof p);                               \
		}                                                                        \
	}
			XLSX_LAZY_FUNCTIONS(XLSX_LAZY_RESOLVE)
#undef XLSX_LAZY_RESOLVE
		}
	}
	if (state < 0 && why != NULL && size > 0)
		snprintf(why, size, "%s", reason);
	return state > 0;
}
