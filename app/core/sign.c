/* sign.c: the signing key and the signature line, over libsodium. */
#include "app/core/sign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "app/core/audit_key.h"
#include "app/core/paths.h"
#include "app/core/secure.h"
#include "app/core/sha256.h"

#define SEED_BYTES 32

static bool ready(void)
{
	return sodium_init() >= 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex_decode(const char *s, size_t digits, unsigned char *out)
{
	for (size_t i = 0; i < digits / 2; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi * 16 + lo);
	}
	return true;
}

/* The signature line as written: lower case only, so that no byte of a
 * signed file can change and the file still pass. */
static bool hex_decode_lower(const char *s, size_t digits, unsigned char *out)
{
	for (size_t i = 0; i < digits; i++)
		if (s[i] >= 'A' && s[i] <= 'F')
			return false;
	return hex_decode(s, digits, out);
}

static void hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void sign_public_hex(const unsigned char pk[SIGN_PUBLIC_BYTES], char out[65])
{
	hex_encode(pk, SIGN_PUBLIC_BYTES, out);
}

bool sign_public_parse(const char *s, unsigned char pk[SIGN_PUBLIC_BYTES])
{
	return s != NULL && strlen(s) == 2 * SIGN_PUBLIC_BYTES &&
		hex_decode(s, 2 * SIGN_PUBLIC_BYTES, pk);
}

static void key_path(struct sign_key *k)
{
	const char *file = getenv("DYAD_EXPORT_KEY_FILE");
	k->path[0] = '\0';
	if (file != NULL && file[0] != '\0') {
		snprintf(k->path, sizeof k->path, "%s", file);
		return;
	}
	struct audit_key ak;
	audit_key_load(&ak);
	audit_key_wipe(&ak);
	if (ak.path[0] == '\0')
		return;
	char *dir = paths_dirname(ak.path);
	if (dir != NULL)
		snprintf(k->path, sizeof k->path, "%s/export.key", dir);
	free(dir);
}

static enum dyad_error from_seed(struct sign_key *k, const unsigned char seed[SEED_BYTES],
	struct dyad_status *st)
{
	if (crypto_sign_seed_keypair(k->public_key, k->secret_key, seed) != 0)
		return dyad_fail(st, DYAD_ERR_IO, "signing key: cannot derive the key pair");
	return DYAD_OK;
}

static enum dyad_error create_key(struct sign_key *k, struct dyad_status *st)
{
	char *dir = paths_dirname(k->path);
	if (dir == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	enum dyad_error rc = paths_mkdir_p(dir, 0700, st);
	free(dir);
	if (rc != DYAD_OK)
		return rc;
	unsigned char seed[SEED_BYTES];
	randombytes_buf(seed, sizeof seed);
	char text[2 * SEED_BYTES + 2];
	hex_encode(seed, sizeof seed, text);
	text[2 * SEED_BYTES] = '\n';
	int fd = open(k->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "signing key: cannot create %s: %s", k->path,
			strerror(errno));
		goto done;
	}
	size_t off = 0;
	while (off < 2 * SEED_BYTES + 1) {
		ssize_t w = write(fd, text + off, 2 * SEED_BYTES + 1 - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	bool written = off == 2 * SEED_BYTES + 1 && fsync(fd) == 0;
	if (close(fd) != 0)
		written = false;
	if (!written) {
		rc = dyad_fail(st, DYAD_ERR_IO, "signing key: cannot write %s: %s", k->path,
			strerror(errno));
		unlink(k->path);
		goto done;
	}
	rc = from_seed(k, seed, st);
done:
	secure_zero(seed, sizeof seed);
	secure_zero(text, sizeof text);
	return rc;
}

enum dyad_error sign_key_load(struct sign_key *k, bool create, struct dyad_status *st)
{
	memset(k, 0, sizeof *k);
	if (!ready())
		return dyad_fail(st, DYAD_ERR_IO, "signing: libsodium could not start");
	key_path(k);
	if (k->path[0] == '\0')
		return dyad_fail(st, DYAD_ERR_INVALID,
			"signing key: neither XDG_CONFIG_HOME nor HOME is set, so there is no place for it");
	int fd = open(k->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT && create)
		return create_key(k, st);
	if (fd < 0)
		return dyad_fail(st, errno == ENOENT ? DYAD_ERR_NOT_FOUND : DYAD_ERR_IO,
			"signing key: cannot read %s: %s", k->path,
			errno == ENOENT ? "there is none yet (the first signed export makes it)"
					: strerror(errno));
	char buf[2 * SEED_BYTES + 2];
	ssize_t got = read(fd, buf, sizeof buf);
	close(fd);
	unsigned char seed[SEED_BYTES];
	bool ok = (got == 2 * SEED_BYTES || (got == 2 * SEED_BYTES + 1 && buf[2 * SEED_BYTES] == '\n'))
		&& hex_decode(buf, 2 * SEED_BYTES, seed);
	secure_zero(buf, sizeof buf);
	enum dyad_error rc = ok ? from_seed(k, seed, st)
		: dyad_fail(st, DYAD_ERR_INVALID, "signing key: %s is not a dyad signing key "
			"(64 hex digits)", k->path);
	secure_zero(seed, sizeof seed);
	return rc;
}

void sign_key_wipe(struct sign_key *k)
{
	secure_zero(k->secret_key, sizeof k->secret_key);
}

bool sign_detached(const struct sign_key *k, const void *msg, size_t len,
	unsigned char sig[SIGN_BYTES])
{
	return ready() && crypto_sign_detached(sig, NULL, msg, len, k->secret_key) == 0;
}

bool sign_check(const unsigned char pk[SIGN_PUBLIC_BYTES], const void *msg, size_t len,
	const unsigned char sig[SIGN_BYTES])
{
	return ready() && crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

/* Reads "<public key hex>SHA_LABEL<sha hex>SIG_LABEL<sig hex>" at p (64, 64
 * and 128 lowercase hex digits); the labels are literals, their sizes taken
 * with sizeof. Returns what follows the signature's hex, or NULL when any
 * part is wrong (the public key may then already be filled). */
static const char *signature_fields(const char *p, const char *sha_label, size_t sha_label_len,
	const char *sig_label, size_t sig_label_len, unsigned char public_key[SIGN_PUBLIC_BYTES],
	unsigned char sha[SHA256_BYTES], unsigned char sig[SIGN_BYTES])
{
	if (!hex_decode_lower(p, 64, public_key))
		return NULL;
	p += 64;
	if (memcmp(p, sha_label, sha_label_len) != 0)
		return NULL;
	p += sha_label_len;
	if (!hex_decode_lower(p, 64, sha))
		return NULL;
	p += 64;
	if (memcmp(p, sig_label, sig_label_len) != 0)
		return NULL;
	p += sig_label_len;
	if (!hex_decode_lower(p, 128, sig))
		return NULL;
	return p + 128;
}

/* SIGN_VALID when the body's SHA-256 is sha and sig signs the body under
 * public_key; SIGN_CHANGED otherwise. */
static enum sign_verdict check_body(const char *body, size_t len,
	const unsigned char public_key[SIGN_PUBLIC_BYTES], const unsigned char sha[SHA256_BYTES],
	const unsigned char sig[SIGN_BYTES])
{
	unsigned char actual[SHA256_BYTES];
	struct sha256 h;
	sha256_init(&h);
	sha256_update(&h, body, len);
	sha256_final(&h, actual);
	if (memcmp(actual, sha, SHA256_BYTES) != 0 || !sign_check(public_key, body, len, sig))
		return SIGN_CHANGED;
	return SIGN_VALID;
}

static const char trailer_head[] = "\"signature\":{\"alg\":\"ed25519\",\"public_key\":\"";
static const char trailer_sha[] = "\",\"signed_sha256\":\"";
static const char trailer_sig[] = "\",\"sig\":\"";
static const char trailer_end[] = "\"}}\n";
#define TRAILER_LEN (sizeof trailer_head - 1 + 64 + sizeof trailer_sha - 1 + 64 + \
	sizeof trailer_sig - 1 + 128 + sizeof trailer_end - 1)

enum dyad_error sign_append_trailer(struct strbuf *doc, const struct sign_key *k,
	struct dyad_status *st)
{
	if (doc->failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	const char *body = doc->data ? doc->data : "";
	unsigned char sig[SIGN_BYTES];
	if (!sign_detached(k, body, doc->len, sig))
		return dyad_fail(st, DYAD_ERR_IO, "signing: the signature could not be made");
	char pk_hex[65], sha_hex[SHA256_HEX_SIZE], sig_hex[2 * SIGN_BYTES + 1];
	sign_public_hex(k->public_key, pk_hex);
	sha256_hex(body, doc->len, sha_hex);
	hex_encode(sig, sizeof sig, sig_hex);
	strbuf_adds(doc, trailer_head);
	strbuf_adds(doc, pk_hex);
	strbuf_adds(doc, trailer_sha);
	strbuf_adds(doc, sha_hex);
	strbuf_adds(doc, trailer_sig);
	strbuf_adds(doc, sig_hex);
	strbuf_adds(doc, trailer_end);
	return doc->failed ? dyad_fail(st, DYAD_ERR_NOMEM, NULL) : DYAD_OK;
}

enum sign_verdict sign_verify_document(const char *text, size_t len,
	unsigned char public_key[SIGN_PUBLIC_BYTES], size_t *body_len)
{
	*body_len = 0;
	memset(public_key, 0, SIGN_PUBLIC_BYTES);
	/* The last line, whatever it is. */
	if (len < 2 || text[len - 1] != '\n')
		return SIGN_UNSIGNED;
	size_t start = len - 1;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	const char *line = text + start;
	size_t n = len - start;
	if (n < sizeof trailer_head - 1 || memcmp(line, trailer_head, sizeof trailer_head - 1) != 0)
		return SIGN_UNSIGNED;
	if (n != TRAILER_LEN || start < 3 || text[start - 2] != ',')
		return SIGN_MALFORMED;
	unsigned char sha[SHA256_BYTES], sig[SIGN_BYTES];
	const char *p = signature_fields(line + sizeof trailer_head - 1, trailer_sha,
		sizeof trailer_sha - 1, trailer_sig, sizeof trailer_sig - 1, public_key, sha, sig);
	if (p == NULL || memcmp(p, trailer_end, sizeof trailer_end - 1) != 0)
		return SIGN_MALFORMED;
	*body_len = start;
	return check_body(text, start, public_key, sha, sig);
}

static const char pdf_head[] = "%dyad-signature ed25519 public_key=";
static const char pdf_sha[] = " signed_sha256=";
static const char pdf_sig[] = " sig=";
#define PDF_LINE_LEN (sizeof pdf_head - 1 + 64 + sizeof pdf_sha - 1 + 64 + sizeof pdf_sig - 1 + \
	128 + 1)

enum dyad_error sign_append_pdf_line(struct strbuf *doc, const struct sign_key *k,
	struct dyad_status *st)
{
	if (doc->failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	if (doc->len == 0 || doc->data[doc->len - 1] != '\n')
		return dyad_fail(st, DYAD_ERR_INVALID, "signing: the PDF must end a line before its "
			"signature");
	unsigned char sig[SIGN_BYTES];
	if (!sign_detached(k, doc->data, doc->len, sig))
		return dyad_fail(st, DYAD_ERR_IO, "signing: the signature could not be made");
	char pk_hex[65], sha_hex[SHA256_HEX_SIZE], sig_hex[2 * SIGN_BYTES + 1];
	sign_public_hex(k->public_key, pk_hex);
	sha256_hex(doc->data, doc->len, sha_hex);
	hex_encode(sig, sizeof sig, sig_hex);
	strbuf_adds(doc, pdf_head);
	strbuf_adds(doc, pk_hex);
	strbuf_adds(doc, pdf_sha);
	strbuf_adds(doc, sha_hex);
	strbuf_adds(doc, pdf_sig);
	strbuf_adds(doc, sig_hex);
	strbuf_adds(doc, "\n");
	return doc->failed ? dyad_fail(st, DYAD_ERR_NOMEM, NULL) : DYAD_OK;
}

enum sign_verdict sign_verify_pdf(const char *text, size_t len,
	unsigned char public_key[SIGN_PUBLIC_BYTES], size_t *body_len)
{
	*body_len = 0;
	memset(public_key, 0, SIGN_PUBLIC_BYTES);
	if (len < sizeof SIGN_PDF_MAGIC - 1 ||
		memcmp(text, SIGN_PDF_MAGIC, sizeof SIGN_PDF_MAGIC - 1) != 0)
		return SIGN_UNSIGNED;
	/* The last line, ended or not: a line cut short is still recognised
	 * by its start, and called damaged rather than absent. */
	size_t end = len;
	if (end > 0 && text[end - 1] == '\n')
		end--;
	size_t start = end;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	const char *line = text + start;
	size_t n = len - start;
	size_t prefix = sizeof "%dyad-signature" - 1;
	if (end - start < prefix || memcmp(line, pdf_head, prefix) != 0)
		return SIGN_UNSIGNED;
	if (n != PDF_LINE_LEN || start == 0 ||
		memcmp(line, pdf_head, sizeof pdf_head - 1) != 0)
		return SIGN_MALFORMED;
	unsigned char sha[SHA256_BYTES], sig[SIGN_BYTES];
	const char *p = signature_fields(line + sizeof pdf_head - 1, pdf_sha, sizeof pdf_sha - 1,
		pdf_sig, sizeof pdf_sig - 1, public_key, sha, sig);
	if (p == NULL || *p != '\n')
		return SIGN_MALFORMED;
	*body_len = start;
	return check_body(text, start, public_key, sha, sig);
}
