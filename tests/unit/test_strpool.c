/* test_strpool.c: the string pool keeps what it is given until freed. */
#include "tests/unit/check.h"

#include <stdio.h>

#include "app/core/strpool.h"

static void kept_strings_stay_valid_while_the_pool_grows(void)
{
	struct strpool pool = STRPOOL_INIT;
	const char *first = strpool_keepf(&pool, "item %d of %s", 1, "many");
	/* far past the first allocation, so the array moves at least once */
	const char *last = NULL;
	for (int i = 2; i <= 1000; i++)
		last = strpool_keepf(&pool, "item %d", i);
	CHECK_STR(first, "item 1 of many");
	CHECK_STR(last, "item 1000");
	CHECK(pool.nstrings == 1000);
	CHECK(!pool.failed);
	strpool_free(&pool);
	CHECK(pool.strings == NULL && pool.nstrings == 0 && pool.cap == 0);
}

static void keep_takes_the_string_it_is_given(void)
{
	struct strpool pool = STRPOOL_INIT;
	char *s = malloc(4);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	memcpy(s, "abc", 4);
	CHECK(strpool_keep(&pool, s) == s);
	CHECK_STR(strpool_keepf(&pool, "%s", ""), "");
	CHECK(!pool.failed);
	strpool_free(&pool);
	strpool_free(&pool); /* an emptied pool can be freed again */
}

static void a_null_string_marks_the_pool_failed(void)
{
	struct strpool pool = STRPOOL_INIT;
	CHECK(strpool_keep(&pool, NULL) == NULL);
	CHECK(pool.failed);
	CHECK(pool.nstrings == 0);
	/* later strings are still kept; the flag stays for the caller */
	CHECK_STR(strpool_keepf(&pool, "%s", "after"), "after");
	CHECK(pool.failed);
	strpool_free(&pool);
}

int main(void)
{
	RUN(kept_strings_stay_valid_while_the_pool_grows);
	RUN(keep_takes_the_string_it_is_given);
	RUN(a_null_string_marks_the_pool_failed);
	return check_any_failed;
}
