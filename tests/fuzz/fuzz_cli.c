/* fuzz_cli.c: cli_parse on any argument vector. The input is split at NUL
 * bytes into at most 24 words. A parse that succeeds hands back only words
 * it was given, within the counts asked for; one that fails says why in a
 * message safe to show on a terminal. */
#include <stdbool.h>

#include "app/cli/cli.h"
#include "app/core/utf8.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static bool is_arg(char **argv, int argc, const char *p)
{
	for (int i = 0; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = fuzz_cstring(data, size);
	char *argv[24];
	int argc = 0;
	size_t start = 0;
	for (size_t i = 0; i <= size && argc < 24; i++) {
		if (i == size || copy[i] == '\0') {
			argv[argc++] = copy + start;
			start = i + 1;
		}
	}
	bool flag = false;
	const char *value = NULL, *multi[2] = { NULL, NULL };
	int nmulti = -1;
	const struct cli_option opts[] = {
		{ "--json", CLI_FLAG, &flag, 0, NULL },
		{ "--date", CLI_VALUE, &value, 0, NULL },
		{ "--partner", CLI_MULTI, multi, 2, &nmulti },
		{ "-o", CLI_VALUE, &value, 0, NULL },
	};
	const char *pos[3] = { NULL, NULL, NULL };
	int npos = -1;
	struct dyad_status st = { 0 };
	int min_pos = size > 0 ? data[0] % 3 : 0;
	static const struct cli_command fuzz_command = { "fuzz", NULL, NULL,
		"fuzz [--json] [--date D] [--partner P]...", "a command for the fuzzer" };
	struct cli cli = { .command = &fuzz_command };
	enum dyad_error rc = cli_parse(&cli, argc, argv, opts, 4, pos, min_pos, 3, &npos, &st);
	if (rc == DYAD_OK) {
		FUZZ_CHECK(npos >= min_pos && npos <= 3);
		for (int i = 0; i < npos; i++)
			FUZZ_CHECK(pos[i] != NULL && is_arg(argv, argc, pos[i]));
		FUZZ_CHECK(nmulti >= 0 && nmulti <= 2);
		for (int i = 0; i < nmulti; i++)
			FUZZ_CHECK(is_arg(argv, argc, multi[i]));
		FUZZ_CHECK(value == NULL || is_arg(argv, argc, value));
	} else {
		FUZZ_CHECK(rc == DYAD_ERR_USAGE && st.code == DYAD_ERR_USAGE);
		size_t n = strlen(st.message);
		FUZZ_CHECK(n > 0 && n < sizeof st.message);
		/* what it quotes of the words was escaped */
		struct strbuf clean = STRBUF_INIT;
		utf8_sanitize(&clean, st.message, n, 0);
		FUZZ_CHECK(clean.len == n && memcmp(strbuf_str(&clean), st.message, n) == 0);
		strbuf_release(&clean);
	}
	free(copy);
	return 0;
}
