/* audit.h: the audit log, an append-only record of what happened to the
 * practice's records and when. Each entry carries a SHA-256 hash over its
 * own fields and the previous entry's hash, so a removed or altered entry
 * breaks the chain that `dyad check` verifies. Once the audit key exists
 * (app/core/audit_key.h, outside the database) the hash is an HMAC under
 * it, so an entry cannot be forged nor the chain recomputed without the
 * key; entries from before it are unkeyed history.
 *
 * For other code: call audit_record() after (or inside the same
 * transaction as) anything the log must show:
 *   audit_record(store, AUDIT_EXPORT, "handout", couple_id, 0, path, &st);
 *   audit_record(store, AUDIT_EXPORT, "report", couple_id, 0, path, &st);
 *   audit_record(store, AUDIT_OPEN, "couple", couple_id, 0, NULL, &st);
 * The store's own writes (couples, sessions, notes, ratings, addenda)
 * record themselves. An entry never holds note text or a passphrase: the
 * detail is a short label such as a file name or which fields changed. */
#ifndef DYAD_STORE_AUDIT_H
#define DYAD_STORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/audit_key.h"
#include "app/core/error.h"
#include "app/store/db.h"

#define AUDIT_ACTIONS(X)                                                 \
	X(AUDIT_CREATE, "create")     /* a record was added */               \
	X(AUDIT_CHANGE, "change")     /* a record was changed */             \
	X(AUDIT_SIGN, "sign")         /* a note was signed and locked */     \
	X(AUDIT_ADDENDUM, "addendum") /* an addendum was added */            \
	X(AUDIT_EXPORT, "export")     /* data left: handout, report, backup, export */ \
	X(AUDIT_OPEN, "open")         /* a couple's record was opened on screen */ \
	X(AUDIT_RESTORE, "restore")   /* the database was restored from a backup */ \
	X(AUDIT_ENCRYPT, "encrypt")   /* the database was encrypted */       \
	X(AUDIT_DECRYPT, "decrypt")   /* the database was decrypted */       \
	X(AUDIT_REKEY, "rekey")       /* the passphrase was changed */

enum audit_action {
#define AUDIT_ACTION_ENUM(name, text) name,
	AUDIT_ACTIONS(AUDIT_ACTION_ENUM)
#undef AUDIT_ACTION_ENUM
	AUDIT_ACTION_COUNT
};

/* The action's name as stored ("create"); "" for an unknown value. */
const char *audit_action_name(enum audit_action action);

#define AUDIT_DETAIL_MAX 1000 /* bytes; a longer detail is cut at a character */

/* Appends one entry, in its own transaction or the caller's. object names
 * what the entry is about in one lowercase word ("couple", "note",
 * "handout", "backup"); couple_id and session_id may be 0 (a session's
 * couple is filled in from the session); detail may be NULL. On error the
 * caller's transaction is marked failed, so the change it was recording
 * is not saved either. */
enum dyad_error audit_record(struct store *store, enum audit_action action,
	const char *object, int64_t couple_id, int64_t session_id, const char *detail,
	struct dyad_status *st);

/* The same with the two optional fields: item_id, the row the entry is
 * about when it is neither a couple nor a session (an addendum), and the
 * text the event fixed in place (a note as signed), of which only its
 * SHA-256 is kept. */
enum dyad_error audit_record_item(struct store *store, enum audit_action action,
	const char *object, int64_t couple_id, int64_t session_id, int64_t item_id,
	const char *detail, const char *content, size_t content_len,
	struct dyad_status *st);

/* Generating a whole synthetic practice writes hundreds of thousands of
 * rows; between begin and end the per-record entries are left out and the
 * caller records one entry that stands for all of it. Nests. */
void audit_bulk_begin(struct store *store);
void audit_bulk_end(struct store *store);

struct audit_entry {
	int64_t id;
	char at[21];               /* UTC, "2026-11-28T10:15:00Z" */
	char action[17];
	char object[33];
	int64_t couple_id;         /* 0 when none */
	int64_t session_id;
	int64_t item_id;
	char *detail;
	char content_sha256[65];   /* "" when none */
	char hash[65];
};

struct audit_list {
	struct audit_entry *items;
	size_t len;
};

struct audit_filter {
	int64_t couple_id;   /* 0: every couple */
	const char *since;   /* YYYY-MM-DD (UTC) or NULL */
};

/* Entries matching filter, oldest first. */
enum dyad_error audit_list(struct store *store, const struct audit_filter *filter,
	struct audit_list *out, struct dyad_status *st);
void audit_list_free(struct audit_list *list);

/* When the newest entry of action on object was written ("" when never),
 * e.g. the last backup: audit_last(store, AUDIT_EXPORT, "backup", at). */
enum dyad_error audit_last(struct store *store, enum audit_action action,
	const char *object, char at[21], struct dyad_status *st);

/* What `dyad check` verifies, and found. */
struct audit_problems {
	char **items;        /* one plain sentence each */
	size_t len;
	bool failed;         /* out of memory while collecting */
};

/* Verifies the chain: entries numbered 1, 2, 3... each linked to the one
 * before, each hash matching its fields, and the head row pointing at the
 * last. Then that every signed note and addendum still reads as it did
 * when its entry was written. Works without the protective triggers.
 * Problems go to *problems; counts of what was checked to the out
 * parameters. Returns an error only when the database could not be read. */
enum dyad_error audit_verify(struct store *store, struct audit_problems *problems,
	int64_t *entries, int64_t *signed_checked, int64_t *addenda_checked,
	struct dyad_status *st);

/* What audit_verify_db counted. */
struct audit_counts {
	int64_t entries;
	int64_t keyed;            /* entries authenticated with the audit key */
	int64_t unkeyed;          /* entries from before the key (plain SHA-256) */
	int64_t signed_checked;   /* signed notes compared with their fingerprints */
	int64_t addenda_checked;
	int64_t unlogged_signed;  /* signed notes from before signing was logged (or demo) */
};

/* Finds the audit key (app/core/audit_key.h) and, when there is none and
 * the log holds no keyed entry yet, makes one (*created). for_write: a
 * missing or unusable key while the log is keyed is DYAD_ERR_REFUSED
 * (nothing can be appended); otherwise that is left for check to report.
 * *starts_chain: the key is there and the log ends with unkeyed history,
 * so the next entry starts the keyed chain. */
enum dyad_error audit_key_ready(struct store *store, bool for_write, bool *created,
	bool *starts_chain, struct dyad_status *st);

/* The store's audit key, as audit_key_ready left it. */
const struct audit_key *audit_key_of(const struct store *store);

/* audit_record for an entry that stands for generated records (the demo
 * practice): it also fixes which signed notes have no signing entry of
 * their own, so check accepts exactly those. */
enum dyad_error audit_record_covering_signed(struct store *store, enum audit_action action,
	const char *object, const char *detail, struct dyad_status *st);

/* Adds a problem sentence (printf-style). */
void audit_problem(struct audit_problems *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void audit_problems_free(struct audit_problems *p);

/* The hash an entry should carry: SHA-256 over "dyad-audit-1" and each
 * field as "<length>:<bytes>\n" ("-\n" for NULL), in the order id, at,
 * action, object, couple_id, session_id, item_id, detail, content_sha256,
 * prev_hash. Integers are decimal text; 0 ids are NULL. Public for tests. */
void audit_entry_hash(int64_t id, const char *at, const char *action,
	const char *object, int64_t couple_id, int64_t session_id, int64_t item_id,
	const char *detail, const char *content_sha256, const char *prev_hash,
	char out[65]);

/* The keyed hash of an entry written once the audit key exists: the same
 * fields after "dyad-audit-2", under HMAC-SHA256 with the key. An entry
 * whose hash is neither was altered or forged. */
void audit_entry_mac(const unsigned char key[AUDIT_KEY_BYTES], int64_t id, const char *at,
	const char *action, const char *object, int64_t couple_id, int64_t session_id,
	int64_t item_id, const char *detail, const char *content_sha256, const char *prev_hash,
	char out[65]);

#endif
