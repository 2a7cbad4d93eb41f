/* hmac.h: HMAC-SHA256 (RFC 2104) over app/core/sha256.c, for the audit
 * log's keyed chain. */
#ifndef DYAD_CORE_HMAC_H
#define DYAD_CORE_HMAC_H

#include <stddef.h>

#include "app/core/sha256.h"

struct hmac_sha256 {
	struct sha256 inner;
	unsigned char outer_pad[64]; /* the key XOR 0x5c, kept for the final step */
};

/* Starts a MAC under key (any length; a key longer than a block is hashed
 * first, as the RFC says). */
void hmac_sha256_init(struct hmac_sha256 *h, const void *key, size_t key_len);

/* Adds n bytes (data may be NULL when n is 0). */
void hmac_sha256_update(struct hmac_sha256 *h, const void *data, size_t n);

/* Finishes: writes the 32-byte MAC and wipes h. */
void hmac_sha256_final(struct hmac_sha256 *h, unsigned char out[SHA256_BYTES]);

/* The MAC of n bytes in one call. */
void hmac_sha256(const void *key, size_t key_len, const void *data, size_t n,
	unsigned char out[SHA256_BYTES]);

#endif
