/* probe.c: the benchmark figures that are parts of a process, timed
 * in-process with a monotonic clock. Prints one JSON object per line for
 * tests/bench/run.py; every figure is the median of RUNS runs.
 *
 *   probe open DB RUNS               open + migration check + close
 *   probe search DB LIMIT RUNS WORD...  a word as a finished search, and the
 *                                    same search as a LIKE scan (the peer)
 *   probe typing DB LIMIT RUNS WORD  the word typed one letter at a time,
 *                                    each prefix searched as you type (and
 *                                    as a LIKE scan); the worst key counts
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/store/db.h"
#include "app/store/search.h"

#define MAX_RUNS 1000

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int runs_arg(const char *s)
{
	int n = atoi(s);
	if (n < 1 || n > MAX_RUNS) {
		fprintf(stderr, "probe: RUNS must be 1..%d\n", MAX_RUNS);
		exit(2);
	}
	return n;
}

static int probe_open(const char *path, int runs)
{
	double t[MAX_RUNS];
	for (int i = 0; i < runs; i++) {
		struct dyad_status st = { 0 };
		struct store *s = NULL;
		double t0 = now_ms();
		enum dyad_error rc = store_open(path, STORE_OPEN_NO_CREATE, &s, &st);
		store_close(s);
		t[i] = now_ms() - t0;
		if (rc != DYAD_OK) {
			fprintf(stderr, "probe: %s\n", st.message);
			return 1;
		}
	}
	printf("{\"figure\":\"open\",\"runs\":%d,\"dyad_ms\":%.4f}\n", runs, median(t, runs));
	return 0;
}

/* dyad's search through the store API, on one open store as the interface
 * keeps it; the first run (preparing statements) is not counted. */
static int dyad_search(struct store *s, const char *text, bool prefix, int limit, int runs,
	double *ms, size_t *hits)
{
	double t[MAX_RUNS + 1];
	for (int i = 0; i <= runs; i++) {
		struct dyad_status st = { 0 };
		struct search_results r;
		double t0 = now_ms();
		enum dyad_error rc = search_notes(s, text, prefix, limit, &r, &st);
		t[i] = now_ms() - t0;
		*hits = r.len;
		search_results_free(&r);
		if (rc != DYAD_OK) {
			fprintf(stderr, "probe: search: %s\n", st.message);
			return 1;
		}
	}
	*ms = median(t + 1, runs);
	return 0;
}

/* The peer: the same search without a full-text index, as a LIKE scan
 * over the note text, newest first, with a little text around the match. */
static int like_search(sqlite3 *db, const char *word, int limit, int runs, double *ms,
	size_t *hits)
{
	static const char sql[] =
		"SELECT s.id, s.couple_id, c.name, s.starts_at,"
		" substr(n.body, max(1, instr(lower(n.body), lower(?1)) - 60), 140)"
		" FROM note n JOIN session s ON s.id = n.session_id"
		" JOIN couple c ON c.id = s.couple_id"
		" WHERE n.body LIKE '%' || ?1 || '%'"
		" ORDER BY s.starts_at DESC, s.id DESC LIMIT ?2";
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "probe: like: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	double t[MAX_RUNS + 1];
	int rc = SQLITE_DONE;
	for (int i = 0; i <= runs; i++) {
		size_t n = 0;
		double t0 = now_ms();
		sqlite3_bind_text(stmt, 1, word, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 2, limit);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			n++;
		sqlite3_reset(stmt);
		t[i] = now_ms() - t0;
		*hits = n;
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "probe: like: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	*ms = median(t + 1, runs);
	return 0;
}

static struct store *open_store(const char *path)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	if (store_open(path, STORE_OPEN_NO_CREATE, &s, &st) != DYAD_OK)
		fprintf(stderr, "probe: %s\n", st.message);
	return s;
}

static int probe_search(const char *path, int limit, int runs, char **words, int nwords)
{
	struct store *s = open_store(path);
	sqlite3 *db = NULL;
	int fail = s == NULL;
	if (!fail && sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "probe: %s\n", sqlite3_errmsg(db));
		fail = 1;
	}
	for (int i = 0; i < nwords && !fail; i++) {
		double dyad_ms = 0, peer_ms = 0;
		size_t hits = 0, peer_hits = 0;
		fail = dyad_search(s, words[i], false, limit, runs, &dyad_ms, &hits) ||
			like_search(db, words[i], limit, runs, &peer_ms, &peer_hits);
		if (!fail)
			printf("{\"figure\":\"search\",\"word\":\"%s\",\"limit\":%d,\"runs\":%d,"
			       "\"dyad_ms\":%.4f,\"hits\":%zu,\"peer_ms\":%.4f,\"peer_hits\":%zu}\n",
				words[i], limit, runs, dyad_ms, hits, peer_ms, peer_hits);
	}
	sqlite3_close(db);
	store_close(s);
	return fail;
}

static int probe_typing(const char *path, int limit, int runs, const char *word)
{
	struct store *s = open_store(path);
	sqlite3 *db = NULL;
	if (s == NULL || sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "probe: cannot open %s\n", path);
		sqlite3_close(db);
		store_close(s);
		return 1;
	}
	size_t len = strlen(word);
	char prefix[128];
	double worst = 0, peer_worst = 0;
	int fail = len == 0 || len >= sizeof prefix;
	printf("{\"figure\":\"typing\",\"word\":\"%s\",\"limit\":%d,\"runs\":%d,\"keys\":[", word,
		limit, runs);
	for (size_t n = 1; n <= len && !fail; n++) {
		memcpy(prefix, word, n);
		prefix[n] = '\0';
		double ms = 0, peer_ms = 0;
		size_t hits = 0, peer_hits = 0;
		fail = dyad_search(s, prefix, true, limit, runs, &ms, &hits) ||
			like_search(db, prefix, limit, runs, &peer_ms, &peer_hits);
		if (fail)
			break;
		printf("%s{\"text\":\"%s\",\"dyad_ms\":%.4f,\"hits\":%zu,\"peer_ms\":%.4f}",
			n > 1 ? "," : "", prefix, ms, hits, peer_ms);
		worst = ms > worst ? ms : worst;
		peer_worst = peer_ms > peer_worst ? peer_ms : peer_worst;
	}
	printf("],\"dyad_ms\":%.4f,\"peer_ms\":%.4f}\n", worst, peer_worst);
	sqlite3_close(db);
	store_close(s);
	return fail;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "open") == 0)
		return probe_open(argv[2], runs_arg(argv[3]));
	if (argc >= 6 && strcmp(argv[1], "search") == 0)
		return probe_search(argv[2], atoi(argv[3]), runs_arg(argv[4]), argv + 5, argc - 5);
	if (argc == 6 && strcmp(argv[1], "typing") == 0)
		return probe_typing(argv[2], atoi(argv[3]), runs_arg(argv[4]), argv[5]);
	fprintf(stderr, "usage: probe open DB RUNS | search DB LIMIT RUNS WORD... |"
			" typing DB LIMIT RUNS WORD\n");
	return 2;
}
