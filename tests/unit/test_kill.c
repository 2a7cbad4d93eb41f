/* test_kill.c: dyad killed with SIGKILL at random moments while it writes,
 * 200 times under make check-all, 60 under make test, and until each kind
 * of write has been killed a few times. After every kill the database must pass integrity_check, hold
 * every write dyad acknowledged (exit 0 and the id printed), and hold no
 * half of a transaction: no couple without both partners, no session
 * without its note row, no note with a mix of two saves, no demo practice
 * half made. DYAD_KILL_SEED=N replays a run (the seed is printed). */
#include "tests/unit/check.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KILLS_WANTED_ALL 200	/* make check-all (DYAD_TEST_ALL=1) */
#define KILLS_WANTED_QUICK 60	/* make test */
#define KILLS_PER_OP 3		/* at least, of each kind of write */
#define ATTEMPTS_MAX 4000
#define MAX_COUPLES 600
#define MAX_SESSIONS 1200
#define MAX_CANDIDATES 16

enum op { OP_COUPLE, OP_SESSION, OP_NOTE, OP_RATE, OP_SIGN, OP_DEMO, OP_COUNT };
static const char *const op_name[OP_COUNT] = { "couple add", "session add", "note set",
	"rate", "note sign", "init --demo" };

/* What the database may hold for one session, given what was acknowledged
 * and which later attempts were killed before they could say. */
struct session_state {
	int64_t id;
	int note_candidates[MAX_CANDIDATES]; /* note versions; 0 is the empty draft */
	int note_ncand;
	unsigned rating_candidates; /* bit v: startup for partner a may be v (bit 0: none) */
	int signed_state;           /* 0 draft, 1 maybe signed (killed), 2 signed (acknowledged) */
};

static struct {
	const char *dyad;
	char dir[256];
	char db[300];
	uint64_t rng;
	long estimate_us[OP_COUNT];
	int kills, attempts, kills_by_op[OP_COUNT];
	int64_t couples[MAX_COUPLES]; /* acknowledged couple ids; index = couple number */
	int couple_tries;
	int couples_acked;
	struct session_state sessions[MAX_SESSIONS];
	int nsessions;
	int session_tries;
	int note_versions;
	int demo_tries;
	long long demo_reference[4]; /* couples, sessions, notes, ratings of a whole demo */
	/* results */
	bool integrity, foreign_keys, fts, acknowledged, whole_rows, notes_whole, ratings_whole,
		signs, demos_whole, demos_reopen, writes_after;
} k;

static uint64_t rng_next(void)
{
	/* xorshift64*: reproducible from the printed seed */
	k.rng ^= k.rng >> 12;
	k.rng ^= k.rng << 25;
	k.rng ^= k.rng >> 27;
	return k.rng * 2685821657736338717ULL;
}

static long rng_below(long n)
{
	return n <= 0 ? 0 : (long)(rng_next() % (uint64_t)n);
}

static long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* Runs dyad with args on db. With delay_us >= 0 it is sent SIGKILL after
 * that long. Returns the exit status (or -1 when killed) and its stdout. */
static int run_dyad(const char *db, const char *const args[], long delay_us, char *out,
	size_t outsz, long *elapsed_us)
{
	char out_path[320], err_path[320];
	snprintf(out_path, sizeof out_path, "%s/stdout", k.dir);
	snprintf(err_path, sizeof err_path, "%s/stderr", k.dir);
	const char *argv[16];
	int n = 0;
	argv[n++] = k.dyad;
	argv[n++] = "--db";
	argv[n++] = db;
	for (int i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	long start = now_us();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		int fd_out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fd_err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fd_in = open("/dev/null", O_RDONLY);
		if (fd_out < 0 || fd_err < 0 || fd_in < 0)
			_exit(126);
		dup2(fd_in, 0);
		dup2(fd_out, 1);
		dup2(fd_err, 2);
		execv(k.dyad, (char *const *)argv);
		_exit(127);
	}
	if (delay_us >= 0) {
		struct timespec ts = { delay_us / 1000000, (delay_us % 1000000) * 1000 };
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		kill(pid, SIGKILL);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*elapsed_us = now_us() - start;
	out[0] = '\0';
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGKILL ? -1 : 128 + WTERMSIG(status);
	FILE *fp = fopen(out_path, "r");
	if (fp != NULL) {
		size_t got = fread(out, 1, outsz - 1, fp);
		out[got] = '\0';
		fclose(fp);
	}
	if (WEXITSTATUS(status) != 0) {
		fp = fopen(err_path, "r");
		char err[300] = "";
		if (fp != NULL) {
			size_t got = fread(err, 1, sizeof err - 1, fp);
			err[got] = '\0';
			fclose(fp);
		}
		printf("# dyad %s exited %d: %s", args[0], WEXITSTATUS(status), err);
	}
	return WEXITSTATUS(status);
}

/* The text of version v of session sid's note: different lengths (4 to
 * 68 KB, so a kill can land while it is being written) and contents. */
static char *note_text(int64_t sid, int v, size_t *len)
{
	if (v == 0) {
		*len = 0;
		return calloc(1, 1);
	}
	size_t lines = 60 + (size_t)((sid * 7919 + v * 104729) % 1000);
	struct strbuf_like {
		char *p;
		size_t n, cap;
	} b = { NULL, 0, 0 };
	b.cap = lines * 80 + 128;
	b.p = malloc(b.cap);
	if (b.p == NULL)
		exit(2);
	b.n += (size_t)snprintf(b.p, b.cap, "Session %lld, save %d.\n", (long long)sid, v);
	for (size_t i = 0; i < lines; i++)
		b.n += (size_t)snprintf(b.p + b.n, b.cap - b.n,
			"Line %zu of save %d: softened startup, repair attempt %zu accepted.\n", i, v,
			(i * 31 + (size_t)v) % 97);
	*len = b.n;
	return b.p;
}

static long pick_delay(enum op op)
{
	/* Mostly within the later part of a typical run, where the writing
	 * happens; sometimes anywhere, sometimes just after it ends. */
	long est = k.estimate_us[op];
	return est / 5 + rng_below(est + est / 10);
}

static void learn_time(enum op op, long elapsed)
{
	k.estimate_us[op] = (k.estimate_us[op] * 3 + elapsed) / 4;
}

static sqlite3 *open_check(const char *db)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		printf("# cannot open %s: %s\n", db, h ? sqlite3_errmsg(h) : "?");
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, 10000);
	/* Leave the write-ahead log as the killed dyad left it; the next dyad
	 * (and the next kill) must cope with it. */
	sqlite3_db_config(h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	return h;
}

static long long query_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	else
		printf("# query failed: %s: %s\n", sql, sqlite3_errmsg(h));
	sqlite3_finalize(s);
	return v;
}

static bool fail_once(bool *flag, const char *what, const char *detail)
{
	if (*flag)
		printf("# after attempt %d (%d kills): %s%s%s\n", k.attempts, k.kills, what,
			detail ? ": " : "", detail ? detail : "");
	*flag = false;
	return false;
}

/* The checks that hold for any dyad database, whatever was killed. */
static void check_whole(sqlite3 *h)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK ||
		sqlite3_step(s) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0)
		fail_once(&k.integrity, "integrity_check", s ? (const char *)sqlite3_column_text(s, 0) : NULL);
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK ||
		sqlite3_step(s) != SQLITE_DONE)
		fail_once(&k.foreign_keys, "foreign_key_check found a dangling row", NULL);
	sqlite3_finalize(s);
	char *err = NULL;
	if (sqlite3_exec(h, "INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)",
		    NULL, NULL, &err) != SQLITE_OK)
		fail_once(&k.fts, "the full-text index does not match the notes", err);
	sqlite3_free(err);
	if (query_int(h, "SELECT count(*) FROM couple c WHERE"
			 " (SELECT count(*) FROM partner p WHERE p.couple_id = c.id) != 2") != 0)
		fail_once(&k.whole_rows, "a couple without both partners", NULL);
	if (query_int(h, "SELECT count(*) FROM session s"
			 " WHERE NOT EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id)") != 0)
		fail_once(&k.whole_rows, "a session without its note row", NULL);
}

static void check_practice(void)
{
	sqlite3 *h = open_check(k.db);
	if (h == NULL) {
		fail_once(&k.integrity, "the database does not open", NULL);
		return;
	}
	check_whole(h);
	sqlite3_stmt *s = NULL;
	/* every acknowledged couple, with both partners' names */
	sqlite3_prepare_v2(h,
		"SELECT c.name, (SELECT group_concat(name, '|') FROM"
		" (SELECT name FROM partner WHERE couple_id = c.id ORDER BY role))"
		" FROM couple c WHERE c.id = ?1", -1, &s, NULL);
	for (int i = 0; i < k.couple_tries; i++) {
		if (k.couples[i] == 0)
			continue;
		char name[64], partners[64];
		snprintf(name, sizeof name, "Killed couple %d", i);
		snprintf(partners, sizeof partners, "Partner %d-a|Partner %d-b", i, i);
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, k.couples[i]);
		if (sqlite3_step(s) != SQLITE_ROW ||
			strcmp((const char *)sqlite3_column_text(s, 0), name) != 0 ||
			sqlite3_column_text(s, 1) == NULL ||
			strcmp((const char *)sqlite3_column_text(s, 1), partners) != 0) {
			fail_once(&k.acknowledged, "an acknowledged couple is missing or changed", name);
			break;
		}
	}
	sqlite3_finalize(s);
	/* every acknowledged session; its note one of the saves that may have
	 * happened; its rating one of the values that may have been stored */
	s = NULL;
	sqlite3_prepare_v2(h,
		"SELECT n.body, n.status,"
		" (SELECT value FROM rating r JOIN concept c ON c.id = r.concept_id"
		"  WHERE r.session_id = n.session_id AND c.key = 'startup' AND r.partner = 'a')"
		" FROM note n WHERE n.session_id = ?1", -1, &s, NULL);
	for (int i = 0; i < k.nsessions; i++) {
		struct session_state *ss = &k.sessions[i];
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ss->id);
		if (sqlite3_step(s) != SQLITE_ROW) {
			fail_once(&k.acknowledged, "an acknowledged session is missing", NULL);
			break;
		}
		const char *body = (const char *)sqlite3_column_text(s, 0);
		size_t blen = (size_t)sqlite3_column_bytes(s, 0);
		bool match = false;
		for (int c = 0; c < ss->note_ncand && !match; c++) {
			size_t len;
			char *want = note_text(ss->id, ss->note_candidates[c], &len);
			match = len == blen && memcmp(want, body ? body : "", len) == 0;
			free(want);
		}
		if (!match) {
			char d[80];
			snprintf(d, sizeof d, "session %lld, %zu bytes", (long long)ss->id, blen);
			fail_once(&k.notes_whole, "a note is none of the saves that could have happened", d);
		}
		int value = sqlite3_column_type(s, 2) == SQLITE_NULL ? 0 : sqlite3_column_int(s, 2);
		if (value < 0 || value > 5 || !(ss->rating_candidates & (1u << value)))
			fail_once(&k.ratings_whole, "a rating is none of the values that could be stored", NULL);
		bool is_signed = strcmp((const char *)sqlite3_column_text(s, 1), "signed") == 0;
		if ((ss->signed_state == 2 && !is_signed) || (ss->signed_state == 0 && is_signed))
			fail_once(&k.signs, "a note's signature is not what dyad said", NULL);
	}
	sqlite3_finalize(s);
	if (query_int(h, "SELECT count(*) FROM couple") > k.couple_tries)
		fail_once(&k.whole_rows, "more couples than were ever added", NULL);
	sqlite3_close(h);
}

static void check_demo(const char *db)
{
	/* A dyad must open what the killed one left (finishing the schema if
	 * the kill came while creating it), and find no practice or a whole one. */
	const char *args[] = { "concepts", NULL };
	char out[64];
	long t;
	if (run_dyad(db, args, -1, out, sizeof out, &t) != 0)
		fail_once(&k.demos_reopen, "a database whose creation was killed does not reopen", db);
	sqlite3 *h = open_check(db);
	if (h == NULL) {
		fail_once(&k.demos_reopen, "a killed demo database does not open", db);
		return;
	}
	check_whole(h);
	long long got[4] = {
		query_int(h, "SELECT count(*) FROM couple"),
		query_int(h, "SELECT count(*) FROM session"),
		query_int(h, "SELECT count(*) FROM note WHERE body != ''"),
		query_int(h, "SELECT count(*) FROM rating"),
	};
	bool none = got[0] == 0 && got[1] == 0 && got[2] == 0 && got[3] == 0;
	bool whole = memcmp(got, k.demo_reference, sizeof got) == 0;
	if (!none && !whole) {
		char d[120];
		snprintf(d, sizeof d, "%lld couples, %lld sessions, %lld notes, %lld ratings", got[0],
			got[1], got[2], got[3]);
		fail_once(&k.demos_whole, "a killed demo left part of a practice", d);
	}
	sqlite3_close(h);
}

static struct session_state *pick_session(bool unsigned_only)
{
	for (int tries = 0; tries < 20 && k.nsessions > 0; tries++) {
		struct session_state *ss = &k.sessions[rng_below(k.nsessions)];
		if (!unsigned_only || ss->signed_state == 0)
			return ss;
	}
	return NULL;
}

static void add_candidate(struct session_state *ss, int v)
{
	if (ss->note_ncand < MAX_CANDIDATES)
		ss->note_candidates[ss->note_ncand++] = v;
}

/* One attempt: an operation, killed at a random moment (or, now and then,
 * left to finish so the practice keeps growing). */
static void attempt(void)
{
	k.attempts++;
	long r = rng_below(100);
	enum op op = r < 15 ? OP_COUPLE : r < 40 ? OP_SESSION : r < 70 ? OP_NOTE : r < 85 ? OP_RATE
		: r < 92 ? OP_SIGN : OP_DEMO;
	if (k.nsessions == 0 && (op == OP_NOTE || op == OP_RATE || op == OP_SIGN))
		op = OP_SESSION;
	if (op == OP_COUPLE && k.couple_tries >= MAX_COUPLES)
		op = OP_SESSION;
	if (op == OP_SESSION && k.nsessions >= MAX_SESSIONS)
		op = OP_NOTE;
	bool let_finish = rng_below(4) == 0;
	long delay = let_finish ? -1 : pick_delay(op);
	char out[64], a1[64], a2[64], a3[64], file[320];
	const char *args[12] = { NULL };
	struct session_state *ss = NULL;
	int version = 0, value = 0;
	char demo_db[320];
	switch (op) {
	case OP_COUPLE:
		snprintf(a1, sizeof a1, "Killed couple %d", k.couple_tries);
		snprintf(a2, sizeof a2, "Partner %d-a", k.couple_tries);
		snprintf(a3, sizeof a3, "Partner %d-b", k.couple_tries);
		args[0] = "couple"; args[1] = "add"; args[2] = a1;
		args[3] = "--partner"; args[4] = a2; args[5] = "--partner"; args[6] = a3;
		break;
	case OP_SESSION: {
		int64_t cid = 0;
		for (int tries = 0; tries < 50 && cid == 0; tries++)
			cid = k.couples[rng_below(k.couple_tries)];
		if (cid == 0)
			cid = k.couples[0];
		snprintf(a1, sizeof a1, "%lld", (long long)cid);
		args[0] = "session"; args[1] = "add"; args[2] = a1;
		break;
	}
	case OP_NOTE: {
		ss = pick_session(true);
		if (ss == NULL)
			return;
		version = ++k.note_versions;
		size_t len;
		char *text = note_text(ss->id, version, &len);
		snprintf(file, sizeof file, "%s/note.txt", k.dir);
		FILE *fp = fopen(file, "wb");
		if (fp == NULL || fwrite(text, 1, len, fp) != len || fclose(fp) != 0) {
			perror(file);
			exit(2);
		}
		free(text);
		snprintf(a1, sizeof a1, "%lld", (long long)ss->id);
		args[0] = "note"; args[1] = "set"; args[2] = a1; args[3] = "--file"; args[4] = file;
		break;
	}
	case OP_RATE:
		ss = pick_session(true);
		if (ss == NULL)
			return;
		value = 1 + (int)rng_below(5);
		snprintf(a1, sizeof a1, "%lld", (long long)ss->id);
		snprintf(a2, sizeof a2, "%d", value);
		args[0] = "rate"; args[1] = a1; args[2] = "startup"; args[3] = a2;
		args[4] = "--partner"; args[5] = "a";
		break;
	case OP_SIGN:
		ss = pick_session(true);
		if (ss == NULL)
			return;
		snprintf(a1, sizeof a1, "%lld", (long long)ss->id);
		/* The couples here have no intake: the kill test is about the write. */
		args[0] = "note"; args[1] = "sign"; args[2] = a1; args[3] = "--without-intake";
		break;
	case OP_DEMO:
		snprintf(demo_db, sizeof demo_db, "%s/demo%d.db", k.dir, k.demo_tries++);
		args[0] = "init"; args[1] = "--demo";
		break;
	default:
		return;
	}
	long elapsed;
	int rc = run_dyad(op == OP_DEMO ? demo_db : k.db, args, delay, out, sizeof out, &elapsed);
	bool killed = rc == -1;
	if (killed) {
		k.kills++;
		k.kills_by_op[op]++;
	} else {
		learn_time(op, elapsed);
		if (rc != 0)
			fail_once(&k.writes_after, "dyad refused a write it should accept", op_name[op]);
	}
	bool acked = rc == 0;
	switch (op) {
	case OP_COUPLE:
		if (acked)
			k.couples[k.couple_tries] = strtoll(out, NULL, 10);
		k.couple_tries++;
		break;
	case OP_SESSION:
		if (acked) {
			struct session_state *n = &k.sessions[k.nsessions++];
			memset(n, 0, sizeof *n);
			n->id = strtoll(out, NULL, 10);
			n->note_ncand = 1; /* the empty draft, version 0 */
			n->rating_candidates = 1u;
		}
		k.session_tries++;
		break;
	case OP_NOTE:
		if (acked) {
			ss->note_ncand = 0;
			add_candidate(ss, version);
		} else if (killed) {
			add_candidate(ss, version);
		}
		break;
	case OP_RATE:
		if (acked)
			ss->rating_candidates = 1u << value;
		else if (killed)
			ss->rating_candidates |= 1u << value;
		break;
	case OP_SIGN:
		ss->signed_state = acked ? 2 : killed ? 1 : ss->signed_state;
		break;
	case OP_DEMO:
		check_demo(demo_db);
		break;
	default:
		break;
	}
	if (killed && op != OP_DEMO)
		check_practice();
}

static void setup(void)
{
	k.dyad = getenv("DYAD_BIN");
	snprintf(k.dir, sizeof k.dir, "%s", check_temp_dir());
	snprintf(k.db, sizeof k.db, "%s/practice.db", k.dir);
	const char *seed = getenv("DYAD_KILL_SEED");
	k.rng = seed ? strtoull(seed, NULL, 10) : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
	if (k.rng == 0)
		k.rng = 1;
	printf("# seed %llu (DYAD_KILL_SEED=%llu replays this run)\n", (unsigned long long)k.rng,
		(unsigned long long)k.rng);
	setenv("DYAD_TODAY", "2026-11-28", 1);
	for (int i = 0; i < OP_COUNT; i++)
		k.estimate_us[i] = 20000;
	k.integrity = k.foreign_keys = k.fts = k.acknowledged = k.whole_rows = k.notes_whole =
		k.ratings_whole = k.signs = k.demos_whole = k.demos_reopen = k.writes_after = true;
	/* A first couple and a whole demo, neither killed: the reference. */
	const char *args[] = { "couple", "add", "Killed couple 0", "--partner", "Partner 0-a",
		"--partner", "Partner 0-b", NULL };
	char out[64];
	long t;
	if (run_dyad(k.db, args, -1, out, sizeof out, &t) != 0) {
		printf("# could not add the first couple\n");
		exit(1);
	}
	k.couples[0] = strtoll(out, NULL, 10);
	k.couple_tries = 1;
	char demo_db[320];
	snprintf(demo_db, sizeof demo_db, "%s/demo-reference.db", k.dir);
	const char *demo[] = { "init", "--demo", NULL };
	if (run_dyad(demo_db, demo, -1, out, sizeof out, &t) != 0) {
		printf("# could not make the reference demo\n");
		exit(1);
	}
	sqlite3 *h = open_check(demo_db);
	k.demo_reference[0] = query_int(h, "SELECT count(*) FROM couple");
	k.demo_reference[1] = query_int(h, "SELECT count(*) FROM session");
	k.demo_reference[2] = query_int(h, "SELECT count(*) FROM note WHERE body != ''");
	k.demo_reference[3] = query_int(h, "SELECT count(*) FROM rating");
	sqlite3_close(h);
}

static int kills_wanted(void)
{
	const char *all = getenv("DYAD_TEST_ALL");
	return all != NULL && strcmp(all, "1") == 0 ? KILLS_WANTED_ALL : KILLS_WANTED_QUICK;
}

/* Enough done: the kills wanted, each kind of write killed a few times, and
 * enough acknowledged sessions for the later ones to be chosen among. */
static bool enough_kills(void)
{
	if (k.kills < kills_wanted() || k.nsessions <= 10)
		return false;
	for (int i = 0; i < OP_COUNT; i++)
		if (k.kills_by_op[i] < KILLS_PER_OP)
			return false;
	return true;
}

static void run_kills(void)
{
	while (!enough_kills() && k.attempts < ATTEMPTS_MAX)
		attempt();
	check_practice();
	printf("# %d attempts, %d kills:", k.attempts, k.kills);
	for (int i = 0; i < OP_COUNT; i++)
		printf(" %s %d;", op_name[i], k.kills_by_op[i]);
	printf(" %d sessions acknowledged\n", k.nsessions);
}

static void writers_of_every_kind_are_killed_while_running(void)
{
	CHECK(k.kills >= kills_wanted());
	for (int i = 0; i < OP_COUNT; i++)
		CHECK(k.kills_by_op[i] >= KILLS_PER_OP);
}

static void integrity_check_is_ok_after_every_kill(void) { CHECK(k.integrity); }
static void foreign_keys_hold_after_every_kill(void) { CHECK(k.foreign_keys); }
static void the_search_index_matches_the_notes_after_every_kill(void) { CHECK(k.fts); }
static void every_acknowledged_couple_and_session_is_present(void)
{
	CHECK(k.acknowledged);
	CHECK(k.nsessions > 10);
}
static void no_couple_lacks_a_partner_and_no_session_its_note(void) { CHECK(k.whole_rows); }
static void a_killed_note_save_leaves_the_old_text_or_the_new(void) { CHECK(k.notes_whole); }
static void a_killed_rating_leaves_the_old_value_or_the_new(void) { CHECK(k.ratings_whole); }
static void an_acknowledged_signature_is_kept_and_no_other_appears(void) { CHECK(k.signs); }
static void a_killed_demo_leaves_no_practice_or_a_whole_one(void)
{
	CHECK(k.demos_whole);
	CHECK(k.demo_reference[0] > 0 && k.demo_reference[3] > 0);
}
static void a_database_whose_creation_was_killed_reopens(void) { CHECK(k.demos_reopen); }
static void dyad_accepts_every_write_between_kills(void)
{
	CHECK(k.writes_after);
	/* and one more, after the last kill */
	const char *args[] = { "session", "add", "1", NULL };
	char out[64];
	long t;
	CHECK(run_dyad(k.db, args, -1, out, sizeof out, &t) == 0 && atoll(out) > 0);
}

int main(void)
{
	if (getenv("DYAD_BIN") == NULL) {
		printf("skip - killing dyad mid-write (DYAD_BIN is not set; run through make test)\n");
		return 0;
	}
	setup();
	run_kills();
	RUN(writers_of_every_kind_are_killed_while_running);
	RUN(integrity_check_is_ok_after_every_kill);
	RUN(foreign_keys_hold_after_every_kill);
	RUN(the_search_index_matches_the_notes_after_every_kill);
	RUN(every_acknowledged_couple_and_session_is_present);
	RUN(no_couple_lacks_a_partner_and_no_session_its_note);
	RUN(a_killed_note_save_leaves_the_old_text_or_the_new);
	RUN(a_killed_rating_leaves_the_old_value_or_the_new);
	RUN(an_acknowledged_signature_is_kept_and_no_other_appears);
	RUN(a_killed_demo_leaves_no_practice_or_a_whole_one);
	RUN(a_database_whose_creation_was_killed_reopens);
	RUN(dyad_accepts_every_write_between_kills);
	return check_any_failed;
}
