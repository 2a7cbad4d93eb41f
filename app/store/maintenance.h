/* maintenance.h: looking after the database file as a whole: checking it,
 * backing it up while it is in use, restoring it, and encrypting,
 * decrypting or re-keying it. */
#ifndef DYAD_STORE_MAINTENANCE_H
#define DYAD_STORE_MAINTENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/audit.h"
#include "app/store/db.h"

struct store_check_report {
	struct audit_problems problems; /* every problem found, in plain words */
	bool integrity_ok;              /* PRAGMA integrity_check said "ok" */
	bool foreign_keys_ok;
	bool cipher_checked;            /* encrypted: page HMACs were verified */
	bool cipher_ok;
	int triggers_expected, triggers_present;
	int64_t audit_entries;
	int64_t audit_keyed;            /* of them, authenticated with the audit key */
	int64_t audit_unkeyed;          /* of them, history from before the key */
	int64_t unlogged_signed;        /* signed notes from before signing was logged */
	bool key_created;               /* the audit key was made by this check */
	int64_t signed_checked;         /* signed notes compared with their fingerprints */
	int64_t addenda_checked;
	int64_t sessions_checked;       /* signed sessions compared with their signature */
};

/* Runs integrity_check, foreign_key_check (and SQLCipher's page check on
 * an encrypted database), looks for the protective triggers and verifies
 * the audit log (audit_verify) and every signed session's digest
 * (signatures_verify_db). Reads only. An error return means the
 * check itself could not run; problems found are in the report. */
enum dyad_error store_check(struct store *store, struct store_check_report *report,
	struct dyad_status *st);
void store_check_report_free(struct store_check_report *report);

struct atomic_file;

/* How every file of client data leaves (handouts, reports, exports,
 * backups): af holds the finished temporary file, already written. The
 * audit entry (object, couple, session, item, detail) is inserted in a
 * write transaction, the file is flushed and renamed into place, and only
 * then is the entry committed; when the commit fails the file is taken
 * away again (atomic_retract). So a user is told "saved" only when both
 * the file and its entry exist, and told nothing was written only when
 * no file is there. af is released either way. */
enum dyad_error store_publish(struct store *store, struct atomic_file *af, const char *object,
	int64_t couple_id, int64_t session_id, int64_t item_id, const char *detail,
	struct dyad_status *st);

/* Copies the database to target with SQLite's online backup API: one
 * consistent snapshot even while another dyad writes. Encrypted with the
 * same passphrase when the database is. The file appears whole or not at
 * all (written beside target, then renamed), mode 0600, in folders created
 * 0700; a symbolic link at target, the database itself and any existing
 * database file are refused (fileio_check_output). The backup and its
 * audit entry go together (store_publish). */
enum dyad_error store_backup(struct store *store, const char *target,
	struct dyad_status *st);

/* Checks that the file at path is a sound dyad database without changing
 * it: it opens (with key when encrypted), its schema is one this dyad
 * knows, integrity and foreign keys are fine, its tables and triggers are
 * exactly those of a fresh database of its version, and its audit log
 * verifies.
 * Problems go to problems (damage found on the way included); an error is
 * returned only when it cannot be opened at all: DYAD_ERR_REFUSED when the
 * key does not open it, DYAD_ERR_INVALID when it is no database. `what`
 * starts the messages ("restore"). */
enum dyad_error store_verify_file(const char *path, const char *key, size_t key_len,
	const char *what, struct audit_problems *problems, struct dyad_status *st);

/* Replaces the database at db_path with the backup at backup_path (key:
 * the backup's passphrase, NULL when plain), after store_verify_file found
 * no problem (with force, whatever it found: the problems are in
 * problems for the caller to report and record). The database it replaces (with its -wal, if any) is kept as
 * db_path.before-restore-YYYYMMDD-HHMMSS, returned in *kept (caller frees;
 * NULL when there was nothing to keep): a byte-for-byte copy, so encrypted
 * when the database was. The new file is made in PATH-work (0700). Refused while any program has the
 * database open. On failure nothing was changed. */
enum dyad_error store_restore(const char *db_path, const char *backup_path,
	const char *key, size_t key_len, bool force, char **kept,
	struct audit_problems *problems, struct dyad_status *st);

/* After the database has been encrypted: removes every unencrypted copy
 * dyad made of it and kept beside it (PATH.before-restore-*, with their
 * -wal and -journal, when they are plain SQLite files). The name of each
 * file removed is added to removed. A copy that cannot be removed is an
 * error naming it (the rest are still tried). Encrypted copies stay. */
enum dyad_error store_remove_plain_copies(const char *db_path,
	struct audit_problems *removed, struct dyad_status *st);

/* Rewrites the whole database under a new passphrase: new_key NULL
 * decrypts, a plain database with new_key is encrypted, an encrypted one
 * re-keyed. The new file is made in PATH-work (0700) and replaces the old
 * one atomically; no plain copy is left behind (see also
 * store_remove_plain_copies). Refused while another program has the database open, and
 * DYAD_ERR_UNSUPPORTED without SQLCipher. The store stays open, on the new
 * file, and the change is in the audit log. */
enum dyad_error store_change_key(struct store *store, const char *new_key,
	size_t new_key_len, struct dyad_status *st);

#endif
