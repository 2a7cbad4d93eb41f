/* test_records.c: SHA-256, the JSON reader, passphrase files, the audit
 * chain and the store's privacy settings. */
#include "tests/unit/check.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/json.h"
#include "app/core/passphrase.h"
#include "app/core/secure.h"
#include "app/core/sha256.h"
#include "app/domain/practice.h"
#include "app/domain/addenda.h"
#include "app/store/audit.h"
#include "app/store/db.h"
#include "app/store/internal.h"

static void sha256_matches_the_fips_180_test_vectors(void)
{
	char hex[SHA256_HEX_SIZE];
	sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two_blocks, strlen(two_blocks), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	sha256_hex(four, strlen(four), hex);
	CHECK_STR(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* One million 'a', fed in uneven pieces to exercise the buffering. */
	struct sha256 h;
	unsigned char digest[SHA256_BYTES];
	char chunk[997];
	memset(chunk, 'a', sizeof chunk);
	sha256_init(&h);
	size_t left = 1000000;
	while (left > 0) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		sha256_update(&h, chunk, n);
		left -= n;
	}
	sha256_final(&h, digest);
	sha256_to_hex(digest, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* Exactly 55, 56 and 64 bytes: the padding edge cases. */
	char buf[64];
	memset(buf, 'a', sizeof buf);
	sha256_hex(buf, 55, hex);
	CHECK_STR(hex, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	sha256_hex(buf, 56, hex);
	CHECK_STR(hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	sha256_hex(buf, 64, hex);
	CHECK_STR(hex, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

static void secure_helpers_wipe_and_compare(void)
{
	char secret[16] = "hunter2hunter2!";
	secure_zero(secret, sizeof secret);
	int all_zero = 1;
	for (size_t i = 0; i < sizeof secret; i++)
		all_zero &= secret[i] == 0;
	CHECK(all_zero);
	CHECK(secure_equal("abcdef", "abcdef", 6));
	CHECK(!secure_equal("abcdef", "abcdeF", 6));
	CHECK(!secure_equal("xbcdef", "abcdef", 6));
}

static void json_real_reads_back_exactly(void)
{
	const double values[] = { 0.1, 1.0 / 3.0, 3.0, -2.5e-300, 1e22, 123456789.123456789,
		5e-324, 1.7976931348623157e308 };
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct strbuf sb = STRBUF_INIT;
		json_real(&sb, values[i]);
		struct json_reader r;
		struct json_scalar v;
		json_reader_init(&r, sb.data, sb.len);
		CHECK(json_read_scalar(&r, &v));
		CHECK(v.kind == JSON_KIND_REAL);
		CHECK(v.real == values[i]);
		json_reader_free(&r);
		strbuf_release(&sb);
	}
	struct strbuf sb = STRBUF_INIT;
	json_real(&sb, 3.0);
	CHECK_STR(strbuf_str(&sb), "3.0");
	strbuf_release(&sb);
}

static void json_reader_decodes_what_json_string_writes(void)
{
	const char original[] = "quote \" back \\ nl \n tab \t esc \x1b c1 \xc2\x9b rlo \xe2\x80\xae "
		"emoji \xf0\x9f\x98\x80 ls \xe2\x80\xa8 end";
	struct strbuf sb = STRBUF_INIT;
	json_string(&sb, original);
	struct json_reader r;
	json_reader_init(&r, sb.data, sb.len);
	CHECK(json_read_string(&r));
	CHECK(r.text.len == strlen(original));
	CHECK(memcmp(strbuf_str(&r.text), original, r.text.len) == 0);
	CHECK(json_at_end(&r));
	json_reader_free(&r);
	strbuf_release(&sb);

	const char surrogate[] = "\"\\ud83d\\ude00\"";
	json_reader_init(&r, surrogate, strlen(surrogate));
	CHECK(json_read_string(&r));
	CHECK_STR(strbuf_str(&r.text), "\xf0\x9f\x98\x80");
	json_reader_free(&r);
}

static void json_reader_refuses_malformed_text_with_a_line(void)
{
	const char *bad[] = { "\"unterminated", "[1,2", "01", "\"\\ud800\"", "\"a\x01\"", "tru",
		"1e", "-", "\"\\q\"", "99999999999999999999999e999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct json_reader r;
		json_reader_init(&r, bad[i], strlen(bad[i]));
		bool ok = json_skip_value(&r) && json_at_end(&r);
		if (ok)
			printf("# accepted: %s\n", bad[i]);
		CHECK(!ok);
		json_reader_free(&r);
	}
	const char two_lines[] = "[1,\n2,\n]";
	struct json_reader r;
	json_reader_init(&r, two_lines, strlen(two_lines));
	CHECK(!json_skip_value(&r));
	CHECK(strncmp(r.error, "line 3:", 7) == 0);
	json_reader_free(&r);

	const char big[] = "[9223372036854775807, -9223372036854775808, 9223372036854775808]";
	struct json_scalar v;
	json_reader_init(&r, big, strlen(big));
	CHECK(json_expect(&r, '['));
	CHECK(json_read_scalar(&r, &v) && v.kind == JSON_KIND_INT && v.integer == INT64_MAX);
	CHECK(json_expect(&r, ','));
	CHECK(json_read_scalar(&r, &v) && v.kind == JSON_KIND_INT && v.integer == INT64_MIN);
	CHECK(json_expect(&r, ','));
	/* Too big for an integer: read as a real rather than wrapped around. */
	CHECK(json_read_scalar(&r, &v) && v.kind == JSON_KIND_REAL);
	json_reader_free(&r);
}

static const char *write_file(const char *name, const char *text, size_t n, mode_t mode)
{
	static char path[300];
	snprintf(path, sizeof path, "%s/%s", check_temp_dir(), name);
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, n) != (ssize_t)n)
		printf("# could not write %s\n", path);
	if (fd >= 0)
		close(fd);
	chmod(path, mode);
	return path;
}

static void a_passphrase_file_must_be_private_and_one_line(void)
{
	struct dyad_status st = { 0 };
	struct passphrase p;
	CHECK(passphrase_from_file(write_file("p1", "open sesame\n", 12, 0600), &p, &st) == DYAD_OK);
	CHECK(p.len == 11 && strcmp(p.text, "open sesame") == 0);
	CHECK(passphrase_from_file(write_file("p2", "crlf ends\r\n", 11, 0400), &p, &st) == DYAD_OK);
	CHECK_STR(p.text, "crlf ends");
	CHECK(passphrase_from_file(write_file("p3", "no newline", 10, 0600), &p, &st) == DYAD_OK);
	CHECK_STR(p.text, "no newline");
	/* Spaces inside and around are part of it. */
	CHECK(passphrase_from_file(write_file("p4", "  spaced  \n", 11, 0600), &p, &st) == DYAD_OK);
	CHECK_STR(p.text, "  spaced  ");

	st.message[0] = '\0';
	CHECK(passphrase_from_file(write_file("p5", "readable\n", 9, 0644), &p, &st) == DYAD_ERR_REFUSED);
	CHECK(strstr(st.message, "chmod 600") != NULL);
	CHECK(p.len == 0 && p.text[0] == '\0');
	CHECK(passphrase_from_file(write_file("p6", "\n", 1, 0600), &p, &st) == DYAD_ERR_INVALID);
	CHECK(passphrase_from_file(write_file("p7", "one\ntwo\n", 8, 0600), &p, &st) == DYAD_ERR_INVALID);
	CHECK(passphrase_from_file(write_file("p8", "nul\0byte", 8, 0600), &p, &st) == DYAD_ERR_INVALID);
	char big[PASSPHRASE_MAX + 2];
	memset(big, 'x', sizeof big);
	CHECK(passphrase_from_file(write_file("p9", big, PASSPHRASE_MAX, 0600), &p, &st) == DYAD_OK);
	CHECK(p.len == PASSPHRASE_MAX);
	CHECK(passphrase_from_file(write_file("p10", big, PASSPHRASE_MAX + 1, 0600), &p, &st) ==
		DYAD_ERR_INVALID);
	char path[300];
	snprintf(path, sizeof path, "%s/does-not-exist", check_temp_dir());
	CHECK(passphrase_from_file(path, &p, &st) == DYAD_ERR_IO);
	passphrase_wipe(&p);
}

static struct store *open_fresh(void)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	if (store_open(check_temp_db(), 0, &s, &st) != DYAD_OK)
		printf("# open failed: %s\n", st.message);
	return s;
}

static int pragma_value(struct store *s, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
		sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static void the_store_overwrites_deleted_data_and_keeps_temporaries_in_memory(void)
{
	struct store *s = open_fresh();
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(pragma_value(s, "PRAGMA secure_delete") == 1);
	CHECK(pragma_value(s, "PRAGMA temp_store") == 2); /* MEMORY */
	CHECK(pragma_value(s, "PRAGMA foreign_keys") == 1);
	store_close(s);
}

static void every_write_appends_a_linked_audit_entry(void)
{
	struct dyad_status st = { 0 };
	struct store *s = open_fresh();
	if (s == NULL) {
		CHECK(0);
		return;
	}
	struct couple_input in = { "Okafor & Reyes", "2026-01-05", { "Maya", "Daniel" }, { NULL, NULL } };
	int64_t couple = 0, session = 0, addendum = 0;
	struct session_input sin = { "2026-02-01T10:00", NULL, NULL, NULL };
	CHECK(practice_couple_add(s, &in, &couple, &st) == DYAD_OK);
	CHECK(practice_session_add(s, couple, &sin, &session, &st) == DYAD_OK);
	const char body[] = "They tried a softened startup.";
	CHECK(practice_note_save(s, session, body, strlen(body), -1, &st) == DYAD_OK);
	CHECK(practice_rate(s, session, "startup", "4", "a", &st) == DYAD_OK);
	CHECK(practice_note_sign(s, session, &st) == DYAD_OK);
	CHECK(addenda_add(s, session, "Date corrected.", 15, &addendum, &st) == DYAD_OK);
	CHECK(audit_record(s, AUDIT_EXPORT, "handout", couple, 0, "handout.pdf", &st) == DYAD_OK);

	struct audit_list list;
	CHECK(audit_list(s, NULL, &list, &st) == DYAD_OK);
	const char *want[][2] = { { "create", "couple" }, { "create", "session" },
		{ "change", "note" }, { "change", "rating" }, { "sign", "note" },
		{ "addendum", "note" }, { "export", "handout" } };
	CHECK(list.len == sizeof want / sizeof want[0]);
	for (size_t i = 0; i < list.len && i < sizeof want / sizeof want[0]; i++) {
		CHECK_STR(list.items[i].action, want[i][0]);
		CHECK_STR(list.items[i].object, want[i][1]);
		CHECK(list.items[i].id == (int64_t)i + 1);
		CHECK(list.items[i].couple_id == couple); /* filled in from the session too */
		/* No entry carries the note's words. */
		CHECK(strstr(list.items[i].detail, "softened") == NULL);
	}
	if (list.len >= 5) {
		char want_hash[SHA256_HEX_SIZE];
		sha256_hex(body, strlen(body), want_hash);
		CHECK_STR(list.items[4].content_sha256, want_hash);
	}
	audit_list_free(&list);

	struct audit_filter other = { couple + 1, NULL };
	CHECK(audit_list(s, &other, &list, &st) == DYAD_OK && list.len == 0);
	audit_list_free(&list);

	struct audit_problems problems = { 0 };
	int64_t entries = 0, signed_checked = 0, addenda_checked = 0;
	CHECK(audit_verify(s, &problems, &entries, &signed_checked, &addenda_checked, &st) == DYAD_OK);
	CHECK(problems.len == 0);
	CHECK(entries == 7 && signed_checked == 1 && addenda_checked == 1);
	audit_problems_free(&problems);

	/* A refused change records nothing. */
	CHECK(practice_note_save(s, session, "late edit", 9, -1, &st) == DYAD_ERR_REFUSED);
	CHECK(audit_list(s, NULL, &list, &st) == DYAD_OK && list.len == 7);
	audit_list_free(&list);

	char at[21];
	CHECK(audit_last(s, AUDIT_EXPORT, "handout", at, &st) == DYAD_OK && at[0] == '2');
	CHECK(audit_last(s, AUDIT_EXPORT, "backup", at, &st) == DYAD_OK && at[0] == '\0');
	CHECK(audit_record(s, AUDIT_EXPORT, "Bad Object!", 0, 0, NULL, &st) == DYAD_ERR_INVALID);
	store_close(s);
}

static void the_chain_finds_an_entry_altered_behind_the_triggers(void)
{
	struct dyad_status st = { 0 };
	struct store *s = open_fresh();
	if (s == NULL) {
		CHECK(0);
		return;
	}
	for (int i = 0; i < 4; i++)
		CHECK(audit_record(s, AUDIT_EXPORT, "report", 0, 0, "caseload.xlsx", &st) == DYAD_OK);
	CHECK(sqlite3_exec(s->db, "UPDATE audit SET detail = 'x' WHERE id = 2", NULL, NULL, NULL) !=
		SQLITE_OK);
	CHECK(sqlite3_exec(s->db,
		"DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE id = 2",
		NULL, NULL, NULL) == SQLITE_OK);
	struct audit_problems problems = { 0 };
	int64_t entries, signed_checked, addenda_checked;
	CHECK(audit_verify(s, &problems, &entries, &signed_checked, &addenda_checked, &st) == DYAD_OK);
	CHECK(problems.len == 1);
	if (problems.len >= 1)
		CHECK(strstr(problems.items[0], "audit entry 2 ") != NULL);
	audit_problems_free(&problems);
	store_close(s);
}

static void the_entry_hash_covers_every_field(void)
{
	char base[65], other[65];
	const char *prev = "0000000000000000000000000000000000000000000000000000000000000000";
	audit_entry_hash(1, "2026-11-28T10:00:00Z", "sign", "note", 3, 4, 0, "revision 2", NULL, prev, base);
	audit_entry_hash(2, "2026-11-28T10:00:00Z", "sign", "note", 3, 4, 0, "revision 2", NULL, prev, other);
	CHECK(strcmp(base, other) != 0);
	audit_entry_hash(1, "2026-11-28T10:00:01Z", "sign", "note", 3, 4, 0, "revision 2", NULL, prev, other);
	CHECK(strcmp(base, other) != 0);
	audit_entry_hash(1, "2026-11-28T10:00:00Z", "sign", "note", 4, 4, 0, "revision 2", NULL, prev, other);
	CHECK(strcmp(base, other) != 0);
	audit_entry_hash(1, "2026-11-28T10:00:00Z", "sign", "note", 3, 4, 0, "revision 2", "", prev, other);
	CHECK(strcmp(base, other) != 0); /* NULL and "" differ */
	/* Moving a character between fields changes the hash (lengths are hashed). */
	audit_entry_hash(1, "2026-11-28T10:00:00Z", "sig", "nnote", 3, 4, 0, "revision 2", NULL, prev, other);
	CHECK(strcmp(base, other) != 0);
	audit_entry_hash(1, "2026-11-28T10:00:00Z", "sign", "note", 3, 4, 0, "revision 2", NULL, prev, other);
	CHECK_STR(other, base);
}

static void a_wrong_passphrase_is_a_refusal_not_a_crash(void)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	const char *path = check_temp_db();
	if (!store_encryption_available()) {
		CHECK(store_open_keyed(path, 0, "secret pass", 11, &s, &st) == DYAD_ERR_UNSUPPORTED);
		return;
	}
	CHECK(store_open_keyed(path, 0, "secret pass", 11, &s, &st) == DYAD_OK);
	CHECK(store_is_encrypted(s));
	CHECK(store_key_matches(s, "secret pass", 11));
	CHECK(!store_key_matches(s, "secret pas", 10));
	CHECK(!store_key_matches(s, "secret pass!", 12));
	CHECK(!store_key_matches(s, NULL, 0));
	store_close(s);
	enum store_file_kind kind;
	CHECK(store_file_kind(path, &kind, &st) == DYAD_OK && kind == STORE_FILE_ENCRYPTED);
	s = NULL;
	st.message[0] = '\0';
	CHECK(store_open_keyed(path, 0, "wrong pass", 10, &s, &st) == DYAD_ERR_REFUSED);
	CHECK(s == NULL);
	CHECK(strstr(st.message, "passphrase") != NULL);
	CHECK(store_open(path, 0, &s, &st) != DYAD_OK);
	CHECK(s == NULL);
}

int main(void)
{
	RUN(sha256_matches_the_fips_180_test_vectors);
	RUN(secure_helpers_wipe_and_compare);
	RUN(json_real_reads_back_exactly);
	RUN(json_reader_decodes_what_json_string_writes);
	RUN(json_reader_refuses_malformed_text_with_a_line);
	RUN(a_passphrase_file_must_be_private_and_one_line);
	RUN(the_store_overwrites_deleted_data_and_keeps_temporaries_in_memory);
	RUN(every_write_appends_a_linked_audit_entry);
	RUN(the_chain_finds_an_entry_altered_behind_the_triggers);
	RUN(the_entry_hash_covers_every_field);
	RUN(a_wrong_passphrase_is_a_refusal_not_a_crash);
	return check_any_failed;
}
