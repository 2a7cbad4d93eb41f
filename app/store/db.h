/* db.h: opening dyad's database (creating and migrating it as needed) and
 * grouping writes into transactions. The only public face of store/ that
 * knows there is a database at all; sqlite3.h stays inside store/. */
#ifndef DYAD_STORE_DB_H
#define DYAD_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"

struct store;

enum store_open_flags {
	STORE_OPEN_DEFAULT = 0,
	STORE_OPEN_NO_CREATE = 1 << 0 /* refuse to create a missing database */
};

/* Opens (creating it 0600 in a 0700 folder when missing) and migrates the
 * database at path. A database newer than this binary is refused untouched.
 * On error *out is NULL and st says why. */
enum dyad_error store_open(const char *path, int flags, struct store **out,
	struct dyad_status *st);

/* The same for an encrypted database: key (key_len bytes) is its
 * passphrase; NULL opens a plain one. A passphrase that does not open the
 * file is DYAD_ERR_REFUSED with a one-line reason; without SQLCipher any
 * key is DYAD_ERR_UNSUPPORTED. The store keeps a copy of the passphrase
 * (for backups and the interface's lock screen) and wipes it on close. */
enum dyad_error store_open_keyed(const char *path, int flags, const char *key,
	size_t key_len, struct store **out, struct dyad_status *st);

/* Whether this build can encrypt (it links SQLCipher). */
bool store_encryption_available(void);

enum store_file_kind {
	STORE_FILE_MISSING,   /* no file yet */
	STORE_FILE_PLAIN,     /* an ordinary SQLite file, or an empty one */
	STORE_FILE_ENCRYPTED  /* looks like SQLCipher's output, which hides even the header */
};

/* Looks at the first bytes of path to tell whether opening it will need a
 * passphrase. Fails when the file exists but cannot be read, and with
 * DYAD_ERR_INVALID ("PATH: not a dyad database") when it is a folder, a
 * device, or a file that is neither SQLite nor could be encrypted (a PDF,
 * a text file). */
enum dyad_error store_file_kind(const char *path, enum store_file_kind *kind,
	struct dyad_status *st);

/* Whether the open database is encrypted, and whether key is its
 * passphrase (in constant time), for unlocking the interface. */
bool store_is_encrypted(const struct store *store);
bool store_key_matches(const struct store *store, const char *key, size_t key_len);

/* Closes; NULL is fine. Rolls back an unfinished transaction. */
void store_close(struct store *store);

const char *store_path(const struct store *store);

/* The schema version in the file, and the newest this binary knows. */
int store_schema_version(struct store *store);
int store_schema_latest(void);

/* Writes are grouped: the outermost begin issues BEGIN IMMEDIATE (waiting up
 * to the busy timeout for another writer), inner ones nest. commit at the
 * outermost level makes it durable; rollback undoes the whole group. */
enum dyad_error store_begin(struct store *store, struct dyad_status *st);
enum dyad_error store_commit(struct store *store, struct dyad_status *st);
void store_rollback(struct store *store);

/* A read transaction: everything read until the matching store_read_end
 * sees one state of the database, and the file lock is taken once instead
 * of once per statement (a report over every couple runs thousands). Calls
 * nest; inside a write transaction they change nothing. Nothing may be
 * written between a begin and its end unless a write transaction was
 * already open. On error nothing is open. */
enum dyad_error store_read_begin(struct store *store, struct dyad_status *st);
void store_read_end(struct store *store);

/* The SQLite library version in use, for --version. */
const char *store_library_version(void);

#endif
