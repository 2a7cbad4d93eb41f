/* replay.c: runs a fuzzing harness over its saved inputs without libFuzzer,
 * so make test replays every seed and every past crash (tests/fuzz/corpus/
 * NAME and tests/fuzz/regressions/NAME) with the ordinary compiler. Extra
 * arguments are more files to replay. */
#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

#ifndef FUZZ_NAME
#error "build with -DFUZZ_NAME='\"name\"'"
#endif

static int replayed;

static bool replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		printf("not ok - fuzz %s: cannot open %s\n", FUZZ_NAME, path);
		return false;
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf != NULL && (got = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += got;
		if (len == cap) {
			uint8_t *p = realloc(buf, cap * 2);
			if (p == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
	}
	fclose(fp);
	if (buf == NULL) {
		printf("not ok - fuzz %s: out of memory reading %s\n", FUZZ_NAME, path);
		return false;
	}
	/* Said first, so a crash in the harness names its input. */
	printf("# replaying %s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	replayed++;
	return true;
}

/* Replays every file in dir; a missing folder holds nothing yet. */
static bool replay_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return true;
	bool all = true;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat sb;
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		all = replay_file(path) && all;
		(*count)++;
	}
	closedir(d);
	return all;
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	const char *src = getenv("DYAD_SRC");
	if (src == NULL)
		src = ".";
	char dir[4096];
	int seeds = 0, regressions = 0;
	bool all = true;
	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", src, FUZZ_NAME);
	all = replay_dir(dir, &seeds) && all;
	snprintf(dir, sizeof dir, "%s/tests/fuzz/regressions/%s", src, FUZZ_NAME);
	all = replay_dir(dir, &regressions) && all;
	for (int i = 1; i < argc; i++)
		all = replay_file(argv[i]) && all;
	if (seeds == 0)
		printf("not ok - fuzz %s: no seed inputs in tests/fuzz/corpus/%s\n", FUZZ_NAME, FUZZ_NAME);
	else
		printf("%s - fuzz %s: %d seed inputs and %d past crashes replay with every property holding\n",
			all ? "ok" : "not ok", FUZZ_NAME, seeds, regressions);
	return all && seeds > 0 ? 0 : 1;
}
