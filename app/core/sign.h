/* sign.h: Ed25519 signatures (libsodium) for the files dyad hands to
 * someone else, so the recipient can tell the file is the one the
 * clinician wrote, byte for byte.
 *
 * The key pair is the user's own, made on first use and kept beside the
 * audit key (app/core/audit_key.h):
 *   $DYAD_EXPORT_KEY_FILE, else the audit key's folder /export.key
 * holding the 32-byte seed as 64 hex digits and a newline, mode 0600.
 *
 * A signed document is a JSON object whose last member is the signature,
 * alone on the file's last line:
 *   BODY"signature":{"alg":"ed25519","public_key":"<64 hex>",
 *       "signed_sha256":"<64 hex>","sig":"<128 hex>"}}\n
 * BODY is every byte before that line (it ends in ",\n"); sig signs BODY
 * exactly, and signed_sha256 is BODY's SHA-256, for people to compare. */
#ifndef DYAD_CORE_SIGN_H
#define DYAD_CORE_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"

#define SIGN_PUBLIC_BYTES 32
#define SIGN_SECRET_BYTES 64
#define SIGN_BYTES 64

struct sign_key {
	unsigned char public_key[SIGN_PUBLIC_BYTES];
	unsigned char secret_key[SIGN_SECRET_BYTES];
	char path[4096];
};

/* Loads the user's signing key; with create, makes one when there is
 * none. Fails st with the path and reason otherwise. */
enum dyad_error sign_key_load(struct sign_key *k, bool create, struct dyad_status *st);
void sign_key_wipe(struct sign_key *k);

/* 64 lower-case hex digits and a NUL. */
void sign_public_hex(const unsigned char pk[SIGN_PUBLIC_BYTES], char out[65]);
/* Parses 64 hex digits (either case); false when s is anything else. */
bool sign_public_parse(const char *s, unsigned char pk[SIGN_PUBLIC_BYTES]);

/* The two primitives: sign msg with k, or check sig over msg for pk. */
bool sign_detached(const struct sign_key *k, const void *msg, size_t len,
	unsigned char sig[SIGN_BYTES]);
bool sign_check(const unsigned char pk[SIGN_PUBLIC_BYTES], const void *msg, size_t len,
	const unsigned char sig[SIGN_BYTES]);

/* Appends the signature line to doc, which must hold the BODY (ending in
 * ",\n"). */
enum dyad_error sign_append_trailer(struct strbuf *doc, const struct sign_key *k,
	struct dyad_status *st);

enum sign_verdict {
	SIGN_VALID,      /* the signature holds over body */
	SIGN_UNSIGNED,   /* no signature line at the end: not a signed dyad file, or cut short */
	SIGN_MALFORMED,  /* a signature line that is not in the form above */
	SIGN_CHANGED     /* well formed, but it does not match the bytes */
};

/* Reads the signature line of text; public_key is filled whenever the
 * line could be read, body_len with the length of BODY. */
enum sign_verdict sign_verify_document(const char *text, size_t len,
	unsigned char public_key[SIGN_PUBLIC_BYTES], size_t *body_len);

/* The same signature for a PDF, as a comment line after its end, which
 * PDF readers pass over:
 *   BODY%dyad-signature ed25519 public_key=<64 hex> signed_sha256=<64 hex>
 *       sig=<128 hex>\n   (one line)
 * BODY is every byte before that line (the PDF and any comment lines the
 * writer added after its %%EOF, ending in '\n'). */
#define SIGN_PDF_MAGIC "%PDF-"

/* Appends the signature line to doc, which must hold the BODY (ending in
 * '\n'). */
enum dyad_error sign_append_pdf_line(struct strbuf *doc, const struct sign_key *k,
	struct dyad_status *st);

/* As sign_verify_document, for a PDF signed by sign_append_pdf_line. A
 * last line cut short is SIGN_MALFORMED when what is left of it is still
 * recognisably the signature line, else SIGN_UNSIGNED. */
enum sign_verdict sign_verify_pdf(const char *text, size_t len,
	unsigned char public_key[SIGN_PUBLIC_BYTES], size_t *body_len);

#endif
