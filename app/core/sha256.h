/* sha256.h: SHA-256 (FIPS 180-4), for the audit log's hash chain and for
 * fingerprints of signed text. Small and dependency-free on purpose: the
 * store must compute the same digest with or without SQLCipher. */
#ifndef DYAD_CORE_SHA256_H
#define DYAD_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32
#define SHA256_HEX_SIZE 65 /* 64 hex digits and a NUL */

struct sha256 {
	uint32_t state[8];
	uint64_t bytes;      /* message length so far */
	unsigned char block[64];
	size_t used;         /* bytes waiting in block */
};

/* Starts a digest. */
void sha256_init(struct sha256 *h);

/* Adds n bytes (data may be NULL when n is 0). */
void sha256_update(struct sha256 *h, const void *data, size_t n);

/* Finishes: writes the 32-byte digest and leaves h wiped. */
void sha256_final(struct sha256 *h, unsigned char out[SHA256_BYTES]);

/* The digest of n bytes as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char out[SHA256_HEX_SIZE]);

/* Lowercase hex of a finished digest. */
void sha256_to_hex(const unsigned char digest[SHA256_BYTES], char out[SHA256_HEX_SIZE]);

#endif
