/* test_hmac.c: HMAC-SHA256 against the test vectors of RFC 4231. */
#include "tests/unit/check.h"

#include "app/core/hmac.h"

/* RFC 4231 section 4: key, data, expected MAC (hex), and whether only the
 * first 128 bits are given (test case 5). */
struct vector {
	const char *name;
	unsigned char key[131];
	size_t key_len;
	const char *data;
	size_t data_len;
	const char *mac;
};

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void check_vector(const struct vector *v)
{
	unsigned char mac[SHA256_BYTES];
	char got[65];
	hmac_sha256(v->key, v->key_len, v->data, v->data_len, mac);
	hex(mac, sizeof mac, got);
	got[strlen(v->mac)] = '\0'; /* case 5 gives a truncated MAC */
	if (strcmp(got, v->mac) != 0)
		printf("# %s\n", v->name);
	CHECK_STR(got, v->mac);
}

static void rfc4231_test_vectors_match(void)
{
	static struct vector v[7];
	memset(v, 0, sizeof v);
	/* 1: 20 bytes of 0x0b, "Hi There" */
	v[0].name = "case 1";
	memset(v[0].key, 0x0b, 20);
	v[0].key_len = 20;
	v[0].data = "Hi There";
	v[0].data_len = 8;
	v[0].mac = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
	/* 2: a key shorter than the hash */
	v[1].name = "case 2";
	memcpy(v[1].key, "Jefe", 4);
	v[1].key_len = 4;
	v[1].data = "what do ya want for nothing?";
	v[1].data_len = 28;
	v[1].mac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
	/* 3: 20 bytes of 0xaa, 50 bytes of 0xdd */
	static char dd[50], cd[50];
	memset(dd, 0xdd, sizeof dd);
	v[2].name = "case 3";
	memset(v[2].key, 0xaa, 20);
	v[2].key_len = 20;
	v[2].data = dd;
	v[2].data_len = 50;
	v[2].mac = "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe";
	/* 4: key 0x01..0x19, 50 bytes of 0xcd */
	memset(cd, 0xcd, sizeof cd);
	v[3].name = "case 4";
	for (int i = 0; i < 25; i++)
		v[3].key[i] = (unsigned char)(i + 1);
	v[3].key_len = 25;
	v[3].data = cd;
	v[3].data_len = 50;
	v[3].mac = "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b";
	/* 5: truncated to 128 bits */
	v[4].name = "case 5";
	memset(v[4].key, 0x0c, 20);
	v[4].key_len = 20;
	v[4].data = "Test With Truncation";
	v[4].data_len = 20;
	v[4].mac = "a3b6167473100ee06e0c796c2955552b";
	/* 6 and 7: a key longer than a block (131 bytes of 0xaa) */
	v[5].name = "case 6";
	memset(v[5].key, 0xaa, 131);
	v[5].key_len = 131;
	v[5].data = "Test Using Larger Than Block-Size Key - Hash Key First";
	v[5].data_len = strlen(v[5].data);
	v[5].mac = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
	v[6].name = "case 7";
	memset(v[6].key, 0xaa, 131);
	v[6].key_len = 131;
	v[6].data = "This is a test using a larger than block-size key and a larger than "
		"block-size data. The key needs to be hashed before being used by the HMAC "
		"algorithm.";
	v[6].data_len = strlen(v[6].data);
	v[6].mac = "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2";
	for (size_t i = 0; i < 7; i++)
		check_vector(&v[i]);
}

static void incremental_updates_give_the_same_mac(void)
{
	unsigned char one[SHA256_BYTES], parts[SHA256_BYTES];
	const char *data = "what do ya want for nothing?";
	hmac_sha256("Jefe", 4, data, strlen(data), one);
	struct hmac_sha256 h;
	hmac_sha256_init(&h, "Jefe", 4);
	hmac_sha256_update(&h, data, 5);
	hmac_sha256_update(&h, NULL, 0);
	hmac_sha256_update(&h, data + 5, strlen(data) - 5);
	hmac_sha256_final(&h, parts);
	CHECK(memcmp(one, parts, sizeof one) == 0);
	unsigned char other[SHA256_BYTES];
	hmac_sha256("Jeff", 4, data, strlen(data), other);
	CHECK(memcmp(one, other, sizeof one) != 0);
}

int main(void)
{
	RUN(rfc4231_test_vectors_match);
	RUN(incremental_updates_give_the_same_mac);
	return check_any_failed;
}
