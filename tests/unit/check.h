/* check.h: the unit-test harness. A test is a function; CHECK records a
 * failure with its line and carries on; each test prints "ok - name" or
 * "not ok - name", which tests/run.sh counts. */
#ifndef DYAD_TEST_CHECK_H
#define DYAD_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed;
static int check_any_failed;
/* CHECKs evaluated by the running test: a test that reaches none proves
 * nothing and is reported as a failure. */
static int check_count;

#define CHECK(cond)                                                            \
	do {                                                                       \
		check_count++;                                                         \
		if (!(cond)) {                                                         \
			printf("# %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);  \
			check_failed = 1;                                                  \
		}                                                                      \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                       \
		const char *check_g = (got), *check_w = (want);                        \
		check_count++;                                                         \
		if (check_g == NULL || strcmp(check_g, check_w) != 0) {                \
			printf("# %s:%d: got \"%s\", wanted \"%s\"\n", __FILE__, __LINE__, \
				check_g ? check_g : "(null)", check_w);                        \
			check_failed = 1;                                                  \
		}                                                                      \
	} while (0)

static inline void check_run(const char *name, void (*fn)(void))
{
	check_failed = 0;
	check_count = 0;
	fn();
	if (check_count == 0) {
		printf("# %s ran no CHECK\n", name);
		check_failed = 1;
	}
	printf("%s - %s\n", check_failed ? "not ok" : "ok", name);
	if (check_failed)
		check_any_failed = 1;
}

#define RUN(fn) check_run(#fn, fn)

static char check_dir[] = "/tmp/dyad-unit.XXXXXX";

static void check_cleanup(void)
{
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", check_dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", check_dir);
}

/* A private temporary folder, removed at exit. */
static inline const char *check_temp_dir(void)
{
	static int made;
	if (!made) {
		if (mkdtemp(check_dir) == NULL) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(check_cleanup);
		made = 1;
		/* The audit key a store makes goes here, never in the user's home. */
		char key[200];
		snprintf(key, sizeof key, "%s/audit.key", check_dir);
		setenv("DYAD_AUDIT_KEY_FILE", key, 0);
	}
	return check_dir;
}

/* A fresh temporary database path (the file does not exist yet). */
static inline const char *check_temp_db(void)
{
	static char path[256];
	static int n;
	const char *dir = check_temp_dir();
	snprintf(path, sizeof path, "%s/db%d.sqlite", dir, n++);
	return path;
}

#endif
