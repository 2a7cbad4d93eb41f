/* test_sign.c: the Ed25519 wrapper (app/core/sign.c) against RFC 8032's
 * first test vector, and the signature lines of a signed document and a
 * signed PDF. */
#include "tests/unit/check.h"

#include <sys/stat.h>

#include "app/core/sign.h"

static const char seed1[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
static const char public1[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
static const char sig1[] =
	"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

static void use_key_file(const char *name, const char *contents)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", check_temp_dir(), name);
	if (contents != NULL) {
		FILE *fp = fopen(path, "w");
		if (fp == NULL || fputs(contents, fp) < 0 || fclose(fp) != 0)
			exit(2);
	}
	setenv("DYAD_EXPORT_KEY_FILE", path, 1);
}

static void load_rfc_key(struct sign_key *k)
{
	char text[80];
	snprintf(text, sizeof text, "%s\n", seed1);
	use_key_file("rfc.key", text);
	struct dyad_status st = { 0 };
	CHECK(sign_key_load(k, false, &st) == DYAD_OK);
}

static void rfc8032_test_vector_1(void)
{
	struct sign_key k;
	load_rfc_key(&k);
	char pk[65];
	sign_public_hex(k.public_key, pk);
	CHECK_STR(pk, public1);
	unsigned char sig[SIGN_BYTES];
	CHECK(sign_detached(&k, "", 0, sig));
	char hex[2 * SIGN_BYTES + 1];
	for (size_t i = 0; i < SIGN_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", sig[i]);
	CHECK_STR(hex, sig1);
	CHECK(sign_check(k.public_key, "", 0, sig));
	CHECK(!sign_check(k.public_key, "x", 1, sig));
	sig[10] ^= 1;
	CHECK(!sign_check(k.public_key, "", 0, sig));
	sign_key_wipe(&k);
}

static void a_signed_document_verifies_and_any_change_is_caught(void)
{
	struct sign_key k;
	load_rfc_key(&k);
	struct dyad_status st = { 0 };
	struct strbuf doc = STRBUF_INIT;
	strbuf_adds(&doc, "{\"format\":\"test\",\"tables\":[],\n");
	CHECK(sign_append_trailer(&doc, &k, &st) == DYAD_OK);
	unsigned char pk[SIGN_PUBLIC_BYTES];
	size_t body = 0;
	CHECK(sign_verify_document(doc.data, doc.len, pk, &body) == SIGN_VALID);
	CHECK(body == strlen("{\"format\":\"test\",\"tables\":[],\n"));
	CHECK(memcmp(pk, k.public_key, sizeof pk) == 0);
	/* Every single byte changed, in turn, is refused. */
	int accepted = 0;
	for (size_t i = 0; i < doc.len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			doc.data[i] ^= (char)(1 << bit);
			if (sign_verify_document(doc.data, doc.len, pk, &body) == SIGN_VALID)
				accepted++;
			doc.data[i] ^= (char)(1 << bit);
		}
	}
	CHECK(accepted == 0);
	CHECK(sign_verify_document(doc.data, doc.len, pk, &body) == SIGN_VALID);
	/* Cut short, empty, or without a signature line. */
	CHECK(sign_verify_document(doc.data, doc.len - 1, pk, &body) == SIGN_UNSIGNED);
	CHECK(sign_verify_document("", 0, pk, &body) == SIGN_UNSIGNED);
	CHECK(sign_verify_document("{}\n", 3, pk, &body) == SIGN_UNSIGNED);
	/* A signature line with a field too short is damaged, not changed. */
	const char bad[] = "{\"a\":1,\n\"signature\":{\"alg\":\"ed25519\",\"public_key\":\"00\"}}\n";
	CHECK(sign_verify_document(bad, sizeof bad - 1, pk, &body) == SIGN_MALFORMED);
	strbuf_release(&doc);
	sign_key_wipe(&k);
}

static void the_key_is_made_once_and_private(void)
{
	use_key_file("new.key", NULL);
	struct sign_key a, b;
	struct dyad_status st = { 0 };
	CHECK(sign_key_load(&a, false, &st) == DYAD_ERR_NOT_FOUND);
	CHECK(sign_key_load(&a, true, &st) == DYAD_OK);
	struct stat sb;
	CHECK(stat(getenv("DYAD_EXPORT_KEY_FILE"), &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(sign_key_load(&b, false, &st) == DYAD_OK);
	CHECK(memcmp(a.public_key, b.public_key, sizeof a.public_key) == 0);
	use_key_file("junk.key", "not a key\n");
	CHECK(sign_key_load(&b, true, &st) == DYAD_ERR_INVALID);
	unsigned char pk[SIGN_PUBLIC_BYTES];
	CHECK(sign_public_parse(public1, pk));
	CHECK(!sign_public_parse("d75a", pk));
	CHECK(!sign_public_parse(NULL, pk));
}

static enum sign_verdict verify_pdf(const char *text, size_t len)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	size_t body = 0;
	return sign_verify_pdf(text, len, pk, &body);
}

static void a_signed_pdf_verifies_and_any_change_is_caught(void)
{
	struct sign_key k;
	load_rfc_key(&k);
	struct dyad_status st = { 0 };
	struct strbuf doc = STRBUF_INIT;
	const char body[] = "%PDF-1.3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n%summary line\n";
	strbuf_adds(&doc, body);
	CHECK(sign_append_pdf_line(&doc, &k, &st) == DYAD_OK);
	unsigned char pk[SIGN_PUBLIC_BYTES];
	size_t body_len = 0;
	CHECK(sign_verify_pdf(doc.data, doc.len, pk, &body_len) == SIGN_VALID);
	CHECK(body_len == sizeof body - 1);
	CHECK(memcmp(pk, k.public_key, sizeof pk) == 0);
	/* A byte of the body, of the signature, the line cut short, the line
	 * gone, and a file that is not a PDF. */
	for (size_t at = 0; at < doc.len - 1; at++) {
		char *copy = malloc(doc.len);
		CHECK(copy != NULL);
		if (copy == NULL)
			break;
		memcpy(copy, doc.data, doc.len);
		copy[at] ^= 1;
		CHECK(verify_pdf(copy, doc.len) != SIGN_VALID);
		free(copy);
	}
	CHECK(verify_pdf(doc.data, doc.len - 1) == SIGN_MALFORMED);
	CHECK(verify_pdf(doc.data, doc.len - 40) == SIGN_MALFORMED);
	CHECK(verify_pdf(doc.data, sizeof body - 1) == SIGN_UNSIGNED);
	CHECK(verify_pdf(doc.data + 1, doc.len - 1) == SIGN_UNSIGNED);
	CHECK(verify_pdf("", 0) == SIGN_UNSIGNED);
	/* Signing needs the body to end a line. */
	struct strbuf open_line = STRBUF_INIT;
	strbuf_adds(&open_line, "%PDF-1.3\n%%EOF");
	CHECK(sign_append_pdf_line(&open_line, &k, &st) == DYAD_ERR_INVALID);
	strbuf_release(&open_line);
	strbuf_release(&doc);
	sign_key_wipe(&k);
}

int main(void)
{
	RUN(rfc8032_test_vector_1);
	RUN(a_signed_document_verifies_and_any_change_is_caught);
	RUN(the_key_is_made_once_and_private);
	RUN(a_signed_pdf_verifies_and_any_change_is_caught);
	return check_any_failed;
}
