/* audit_key.c: finding, reading and making the audit log's key. */
#include "app/core/audit_key.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/hmac.h"
#include "app/core/paths.h"
#include "app/core/secure.h"

static void key_path(struct audit_key *k)
{
	const char *file = getenv("DYAD_AUDIT_KEY_FILE");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	k->path[0] = '\0';
	if (file != NULL && file[0] != '\0')
		snprintf(k->path, sizeof k->path, "%s", file);
	else if (xdg != NULL && xdg[0] == '/') /* a relative one is ignored, as the XDG spec says */
		snprintf(k->path, sizeof k->path, "%s/dyad/audit.key", xdg);
	else if (home != NULL && home[0] != '\0')
		snprintf(k->path, sizeof k->path, "%s/.config/dyad/audit.key", home);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void audit_key_load(struct audit_key *k)
{
	memset(k, 0, sizeof *k);
	key_path(k);
	if (k->path[0] == '\0') {
		k->state = AUDIT_KEY_UNUSABLE;
		snprintf(k->why, sizeof k->why,
			"there is no place for it (neither XDG_CONFIG_HOME nor HOME is set)");
		return;
	}
	int fd = open(k->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		k->state = errno == ENOENT ? AUDIT_KEY_MISSING : AUDIT_KEY_UNUSABLE;
		snprintf(k->why, sizeof k->why, "it cannot be read (%s)", strerror(errno));
		return;
	}
	char buf[2 * AUDIT_KEY_BYTES + 2];
	ssize_t got = read(fd, buf, sizeof buf);
	close(fd);
	bool ok = got == 2 * AUDIT_KEY_BYTES || (got == 2 * AUDIT_KEY_BYTES + 1 &&
		buf[2 * AUDIT_KEY_BYTES] == '\n');
	for (size_t i = 0; ok && i < AUDIT_KEY_BYTES; i++) {
		int hi = hex_value(buf[2 * i]), lo = hex_value(buf[2 * i + 1]);
		if (hi < 0 || lo < 0)
			ok = false;
		else
			k->bytes[i] = (unsigned char)(hi * 16 + lo);
	}
	secure_zero(buf, sizeof buf);
	if (!ok) {
		secure_zero(k->bytes, sizeof k->bytes);
		k->state = AUDIT_KEY_UNUSABLE;
		snprintf(k->why, sizeof k->why, "it is not a dyad audit key (64 hex digits)");
		return;
	}
	k->state = AUDIT_KEY_LOADED;
}

enum dyad_error audit_key_create(struct audit_key *k, struct dyad_status *st)
{
	if (k->path[0] == '\0')
		return dyad_fail(st, DYAD_ERR_INVALID,
			"audit key: neither XDG_CONFIG_HOME nor HOME is set, so there is no place for it");
	char *dir = paths_dirname(k->path);
	if (dir == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	enum dyad_error rc = paths_mkdir_p(dir, 0700, st);
	free(dir);
	if (rc != DYAD_OK)
		return rc;
	unsigned char bytes[AUDIT_KEY_BYTES];
	size_t have = 0;
	while (have < sizeof bytes) {
		ssize_t got = getrandom(bytes + have, sizeof bytes - have, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return dyad_fail(st, DYAD_ERR_IO, "audit key: no random bytes from the system: %s",
				strerror(errno));
		have += (size_t)got;
	}
	char text[2 * AUDIT_KEY_BYTES + 2];
	for (size_t i = 0; i < sizeof bytes; i++)
		snprintf(text + 2 * i, 3, "%02x", bytes[i]);
	text[2 * AUDIT_KEY_BYTES] = '\n';
	int fd = open(k->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "audit key: cannot create %s: %s", k->path,
			strerror(errno));
		goto done;
	}
	size_t off = 0;
	while (off < sizeof text - 1) {
		ssize_t w = write(fd, text + off, sizeof text - 1 - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (off != sizeof text - 1 || fsync(fd) != 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "audit key: cannot write %s: %s", k->path,
			strerror(errno));
		close(fd);
		unlink(k->path);
		goto done;
	}
	if (close(fd) != 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "audit key: cannot write %s: %s", k->path,
			strerror(errno));
		unlink(k->path);
		goto done;
	}
	memcpy(k->bytes, bytes, sizeof bytes);
	k->state = AUDIT_KEY_LOADED;
	k->why[0] = '\0';
done:
	secure_zero(bytes, sizeof bytes);
	secure_zero(text, sizeof text);
	return rc;
}

void audit_key_anchor_path(const struct audit_key *k, char *out, size_t size)
{
	if (k->path[0] == '\0') {
		if (size > 0)
			out[0] = '\0';
		return;
	}
	char *dir = paths_dirname(k->path);
	snprintf(out, size, "%s/audit.anchors", dir ? dir : ".");
	free(dir);
}

void audit_key_id(const struct audit_key *k, char out[17])
{
	unsigned char mac[SHA256_BYTES];
	static const char label[] = "dyad-audit-key-id";
	hmac_sha256(k->bytes, sizeof k->bytes, label, sizeof label - 1, mac);
	for (size_t i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

void audit_key_wipe(struct audit_key *k)
{
	secure_zero(k->bytes, sizeof k->bytes);
}
