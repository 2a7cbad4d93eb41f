/* font_lean.c: lean copies of TrueType fonts for embedding (see font_lean.h). */
#include "font_lean.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Changed whenever the copy's contents change, so old copies are not used. */
#define LEAN_FORMAT 1u

/* The tables libharu embeds, in the byte order a table directory is sorted
 * in. A font missing any of them is used as it is, so libharu decides. */
static const char kept[][5] = { "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx",
	"loca", "maxp", "name", "post", "prep" };
#define NKEPT (sizeof kept / sizeof kept[0])

#define POST_HEADER 32u /* post format 3.0: the header alone */

/* No font dyad could sensibly embed is larger; a bigger file is left alone. */
#define MAX_FONT_BYTES (64u << 20)

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* The TrueType checksum: the sum of the big-endian 32-bit words, the last
 * one padded with zeros. */
static uint32_t checksum(const unsigned char *b, size_t n)
{
	uint32_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4)
		sum += get32(b + i);
	if (i < n) {
		unsigned char last[4] = { 0, 0, 0, 0 };
		memcpy(last, b + i, n - i);
		sum += get32(last);
	}
	return sum;
}

/* Whether the first bytes announce TrueType outlines in a single font (not
 * CFF outlines, not a collection). */
static bool truetype_single(const unsigned char *b, size_t len)
{
	if (len < 12)
		return false;
	uint32_t version = get32(b);
	return version == 0x00010000u || version == 0x74727565u /* 'true' */;
}

int font_lean_whole(const unsigned char *b, size_t len)
{
	if (!truetype_single(b, len))
		return 0;
	size_t ntables = get16(b + 4);
	if (ntables == 0 || 12 + 16 * ntables > len)
		return 0;
	size_t end = 12 + 16 * ntables;
	for (size_t i = 0; i < ntables; i++) {
		const unsigned char *rec = b + 12 + 16 * i;
		size_t off = get32(rec + 8), n = get32(rec + 12);
		if (off > len || n > len - off)
			return 0;
		if (pad4(off + n) > end)
			end = pad4(off + n);
	}
	return end == len;
}

/* The directory record of tag in font b, or NULL. */
static const unsigned char *find_table(const unsigned char *b, size_t len, const char *tag)
{
	size_t ntables = get16(b + 4);
	if (12 + 16 * ntables > len)
		return NULL;
	for (size_t i = 0; i < ntables; i++) {
		const unsigned char *rec = b + 12 + 16 * i;
		if (memcmp(rec, tag, 4) == 0) {
			size_t off = get32(rec + 8), n = get32(rec + 12);
			return off <= len && n <= len - off ? rec : NULL;
		}
	}
	return NULL;
}

unsigned char *font_lean_build(const unsigned char *font, size_t len, size_t *lean_len)
{
	*lean_len = 0;
	if (!truetype_single(font, len))
		return NULL;
	const unsigned char *rec[NKEPT];
	size_t size[NKEPT];
	size_t total = 12 + 16 * NKEPT;
	for (size_t i = 0; i < NKEPT; i++) {
		if ((rec[i] = find_table(font, len, kept[i])) == NULL)
			return NULL;
		size[i] = get32(rec[i] + 12);
		if (strcmp(kept[i], "post") == 0) {
			if (size[i] < POST_HEADER)
				return NULL;
			size[i] = POST_HEADER;
		}
		if (strcmp(kept[i], "head") == 0 && size[i] < 12)
			return NULL;
		total += pad4(size[i]);
	}
	unsigned char *out = calloc(1, total); /* calloc: the padding is zeros */
	if (out == NULL)
		return NULL;

	/* The header: same outline version, then the binary-search fields the
	 * format asks for (largest power of two not above the table count). */
	memcpy(out, font, 4);
	uint16_t pow2 = 1, log2 = 0;
	while (pow2 * 2 <= NKEPT) {
		pow2 *= 2;
		log2++;
	}
	put16(out + 4, (uint16_t)NKEPT);
	put16(out + 6, (uint16_t)(pow2 * 16));
	put16(out + 8, log2);
	put16(out + 10, (uint16_t)(NKEPT * 16 - pow2 * 16));

	size_t at = 12 + 16 * NKEPT, head_at = 0;
	for (size_t i = 0; i < NKEPT; i++) {
		unsigned char *table = out + at;
		memcpy(table, font + get32(rec[i] + 8), size[i]);
		if (strcmp(kept[i], "post") == 0)
			put32(table, 0x00030000u); /* format 3: no glyph names */
		if (strcmp(kept[i], "head") == 0) {
			put32(table + 8, 0); /* checkSumAdjustment, set below */
			head_at = at;
		}
		unsigned char *r = out + 12 + 16 * i;
		memcpy(r, kept[i], 4);
		put32(r + 4, checksum(table, size[i]));
		put32(r + 8, (uint32_t)at);
		put32(r + 12, (uint32_t)size[i]);
		at += pad4(size[i]);
	}
	/* The whole file then sums to the magic number the format fixes. */
	put32(out + head_at + 8, 0xB1B0AFBAu - checksum(out, total));
	*lean_len = total;
	return out;
}

/* Reads the whole file at path (a regular file no larger than the limit). */
static unsigned char *read_whole(const char *path, size_t *len)
{
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	unsigned char *buf = NULL;
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
		(uintmax_t)sb.st_size > MAX_FONT_BYTES)
		goto fail;
	size_t want = (size_t)sb.st_size, got = 0;
	if ((buf = malloc(want)) == NULL)
		goto fail;
	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* Whether the copy at path is whole: its table directory is read and
 * checked against the file's size, without reading the tables. */
static bool copy_is_whole(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	bool ok = false;
	unsigned char head[12 + 16 * NKEPT];
	struct stat sb;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
		(uintmax_t)sb.st_size <= MAX_FONT_BYTES) {
		ssize_t n = pread(fd, head, sizeof head, 0);
		if (n == (ssize_t)sizeof head && get16(head + 4) == NKEPT) {
			/* font_lean_whole on the directory alone, with the file's size */
			size_t end = sizeof head, len = (size_t)sb.st_size;
			ok = truetype_single(head, sizeof head);
			for (size_t i = 0; ok && i < NKEPT; i++) {
				const unsigned char *rec = head + 12 + 16 * i;
				size_t off = get32(rec + 8), tn = get32(rec + 12);
				if (off > len || tn > len - off)
					ok = false;
				else if (pad4(off + tn) > end)
					end = pad4(off + tn);
			}
			ok = ok && end == len;
		}
	}
	close(fd);
	return ok;
}

/* FNV-1a, 64 bits: enough to tell fonts apart in one person's cache. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Writes the lean form of src to path: a temporary file in the same
 * folder, renamed over path when whole. */
static bool make_copy(const char *src, const char *cache_dir, const char *path)
{
	size_t len = 0, lean_len = 0;
	unsigned char *font = read_whole(src, &len);
	unsigned char *lean = font ? font_lean_build(font, len, &lean_len) : NULL;
	free(font);
	if (lean == NULL)
		return false;
	char temp[1100];
	int fd = -1;
	bool ok = false;
	if (snprintf(temp, sizeof temp, "%s/.font-XXXXXX", cache_dir) >= (int)sizeof temp)
		goto done;
	if ((fd = mkstemp(temp)) < 0)
		goto done;
	size_t put = 0;
	while (put < lean_len) {
		ssize_t n = write(fd, lean + put, lean_len - put);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		put += (size_t)n;
	}
	/* Not synced: a copy lost in a crash is only made again, and one cut
	 * short is found by copy_is_whole. */
	ok = put == lean_len && close(fd) == 0;
	fd = -1;
	ok = ok && rename(temp, path) == 0;
	if (!ok)
		unlink(temp);
done:
	if (fd >= 0) {
		close(fd);
		unlink(temp);
	}
	free(lean);
	return ok;
}

const char *font_lean_path(const char *src, const char *cache_dir, char *out, size_t size)
{
	struct stat sb;
	if (cache_dir == NULL || cache_dir[0] == '\0' || stat(src, &sb) != 0 || !S_ISREG(sb.st_mode))
		return src;
	uint64_t h = 0xcbf29ce484222325ull;
	uint32_t format = LEAN_FORMAT;
	h = fnv(h, &format, sizeof format);
	h = fnv(h, src, strlen(src) + 1);
	h = fnv(h, &sb.st_dev, sizeof sb.st_dev);
	h = fnv(h, &sb.st_ino, sizeof sb.st_ino);
	h = fnv(h, &sb.st_size, sizeof sb.st_size);
	h = fnv(h, &sb.st_mtim.tv_sec, sizeof sb.st_mtim.tv_sec);
	h = fnv(h, &sb.st_mtim.tv_nsec, sizeof sb.st_mtim.tv_nsec);
	int n = snprintf(out, size, "%s/%016llx.ttf", cache_dir, (unsigned long long)h);
	if (n < 0 || (size_t)n >= size)
		return src;
	if (copy_is_whole(out) || (make_copy(src, cache_dir, out) && copy_is_whole(out)))
		return out;
	return src;
}
