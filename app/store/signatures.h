/* signatures.h: the digest that seals a signed session (its note, ratings,
 * scores and the session's own fields) and its verification. */
#ifndef DYAD_STORE_SIGNATURES_H
#define DYAD_STORE_SIGNATURES_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* The version of the canonical form (signatures.c) new digests use. */
#define SIGNATURE_FORM 1

/* The schema version that brought session_signature. */
#define SIGNATURE_SCHEMA_VERSION 13

struct audit_problems;
struct sqlite3;

/* A signed session's seal, as stored. */
struct signature_rec {
	char content_sha256[65];
	char taken[8];        /* signing, or upgrade (taken when the file was upgraded) */
	char taken_at[21];    /* UTC */
};

/* The seal of session_id into *out; *found false (out zeroed) when the
 * session has none (a draft, or a database from before schema 13). */
enum dyad_error signatures_get(struct store *store, int64_t session_id,
	struct signature_rec *out, bool *found, struct dyad_status *st);

/* Seals a session whose note was just signed: computes the digest of its
 * canonical form and stores it (taken = 'signing'); the hex digest goes to
 * digest when it is not NULL, for the signing's audit entry. Call inside
 * the write transaction that signed the note; on error the caller rolls
 * back. */
enum dyad_error signatures_record(struct store *store, int64_t session_id,
	char digest[65], struct dyad_status *st);

/* How the signing's audit entry names the digest in its detail. */
#define SIGNATURE_AUDIT_MARK "sealed with SHA-256 "


/* Gives every signed note that has no digest yet one taken from the
 * session as it stands now, marked taken = 'upgrade': notes signed before
 * schema 13, at the upgrade, and those of an export written before it,
 * at import. Inside the caller's transaction. *filled counts them (may be
 * NULL). Returns the SQLite result. */
int signatures_backfill_db(struct sqlite3 *db, int64_t *filled);

/* Recomputes the digest of every signed session and compares it with the
 * stored one; a signed note without a digest, a digest without a signed
 * note, and a missing lock trigger are problems too. Each problem names
 * the session and, when it can tell, what changed; so is a digest that
 * differs from the one the signing's audit entry recorded. *checked counts the
 * sessions compared; the lock triggers of schema 13 are added to
 * *triggers_expected and, those in place, to *triggers_present. Reads
 * only; works without the triggers. Returns the SQLite result. */
int signatures_verify_db(struct sqlite3 *db, struct audit_problems *problems,
	int64_t *checked, int *triggers_present, int *triggers_expected);

#endif
