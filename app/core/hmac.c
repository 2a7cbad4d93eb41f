/* hmac.c: HMAC-SHA256, as RFC 2104 defines it, checked against RFC 4231's
 * test vectors in tests/unit/test_hmac.c. */
#include "app/core/hmac.h"

#include <string.h>

#include "app/core/secure.h"

void hmac_sha256_init(struct hmac_sha256 *h, const void *key, size_t key_len)
{
	unsigned char block[64], hashed[SHA256_BYTES];
	memset(block, 0, sizeof block);
	if (key_len > sizeof block) {
		struct sha256 k;
		sha256_init(&k);
		sha256_update(&k, key, key_len);
		sha256_final(&k, hashed);
		memcpy(block, hashed, sizeof hashed);
	} else if (key_len > 0) {
		memcpy(block, key, key_len);
	}
	unsigned char inner_pad[64];
	for (size_t i = 0; i < sizeof block; i++) {
		inner_pad[i] = block[i] ^ 0x36;
		h->outer_pad[i] = block[i] ^ 0x5c;
	}
	sha256_init(&h->inner);
	sha256_update(&h->inner, inner_pad, sizeof inner_pad);
	secure_zero(block, sizeof block);
	secure_zero(inner_pad, sizeof inner_pad);
	secure_zero(hashed, sizeof hashed);
}

void hmac_sha256_update(struct hmac_sha256 *h, const void *data, size_t n)
{
	sha256_update(&h->inner, data, n);
}

void hmac_sha256_final(struct hmac_sha256 *h, unsigned char out[SHA256_BYTES])
{
	unsigned char inner[SHA256_BYTES];
	sha256_final(&h->inner, inner);
	struct sha256 outer;
	sha256_init(&outer);
	sha256_update(&outer, h->outer_pad, sizeof h->outer_pad);
	sha256_update(&outer, inner, sizeof inner);
	sha256_final(&outer, out);
	secure_zero(inner, sizeof inner);
	secure_zero(h, sizeof *h);
}

void hmac_sha256(const void *key, size_t key_len, const void *data, size_t n,
	unsigned char out[SHA256_BYTES])
{
	struct hmac_sha256 h;
	hmac_sha256_init(&h, key, key_len);
	hmac_sha256_update(&h, data, n);
	hmac_sha256_final(&h, out);
}
