/* audit_key.h: the secret that keys the audit log. It lives outside the
 * database, in the user's private config folder, so someone who can
 * rewrite the database file cannot forge an entry or recompute the chain:
 *   $DYAD_AUDIT_KEY_FILE, else $XDG_CONFIG_HOME/dyad/audit.key, else
 *   ~/.config/dyad/audit.key
 * The file holds 32 random bytes as 64 hex digits and a newline, mode 0600
 * in a folder made 0700. Beside it, audit.anchors keeps the chain heads
 * (see app/store/audit.h). */
#ifndef DYAD_CORE_AUDIT_KEY_H
#define DYAD_CORE_AUDIT_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"

#define AUDIT_KEY_BYTES 32

enum audit_key_state {
	AUDIT_KEY_UNKNOWN,  /* not looked for yet */
	AUDIT_KEY_LOADED,   /* bytes holds it */
	AUDIT_KEY_MISSING,  /* no file at path */
	AUDIT_KEY_UNUSABLE  /* no place for it, or the file cannot be read or is not a key */
};

struct audit_key {
	enum audit_key_state state;
	unsigned char bytes[AUDIT_KEY_BYTES];
	char path[4096];   /* "" when there is no place for it */
	char why[300];     /* UNUSABLE: what is wrong, in plain words */
};

/* Looks for the key and fills k (state, path, bytes or why). Never fails:
 * what it found is in k->state. */
void audit_key_load(struct audit_key *k);

/* Makes a new key at k->path (folder 0700, file 0600, never over an
 * existing file) from getrandom(), and loads it. On error k is unchanged
 * and st says why. */
enum dyad_error audit_key_create(struct audit_key *k, struct dyad_status *st);

/* The file beside the key where chain heads are appended ("" when there is
 * no place for the key). Writes at most size bytes. */
void audit_key_anchor_path(const struct audit_key *k, char *out, size_t size);

/* A short public fingerprint of a loaded key (16 hex digits): what an
 * anchor records so a replaced key shows. */
void audit_key_id(const struct audit_key *k, char out[17]);

/* Wipes the key bytes. */
void audit_key_wipe(struct audit_key *k);

#endif
