/* font_lean.c: lean copies of TrueType fonts for embedding (see font_lean.h). */
#include "reports/font_lean.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* Whether the table directory at the start of dir (dir_len bytes of it
 * at hand) describes a whole file of file_len bytes: every table inside it,
 * and the file ending where its last table (padded) ends. */
static bool directory_whole(const unsigned char *dir, size_t dir_len, size_t file_len)
{
	if (!truetype_single(dir, dir_len))
		return false;
	size_t ntables = get16(dir + 4);
	if (ntables == 0 || 12 + 16 * ntables > dir_len)
		return false;
	size_t end = 12 + 16 * ntables;
	for (size_t i = 0; i < ntables; i++) {
		const unsigned char *rec = dir + 12 + 16 * i;
		size_t off = get32(rec + 8), n = get32(rec + 12);
		if (off > file_len || n > file_len - off)
			return false;
		if (pad4(off + n) > end)
			end = pad4(off + n);
	}
	return end == file_len;
}

int font_lean_whole(const unsigned char *b, size_t len)
{
	return directory_whole(b, len, len);
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

/* A table of the copy: its bytes (the source's, or owned) and length. */
struct table {
	const unsigned char *data;
	size_t len;
	unsigned char *owned; /* freed after assembly; NULL when data is the source's */
};

static bool own_table(struct table *t, size_t len)
{
	if ((t->owned = calloc(1, len ? len : 1)) == NULL)
		return false;
	t->data = t->owned;
	t->len = len;
	return true;
}

/* Index of tag in kept[]. */
static size_t kept_index(const char *tag)
{
	for (size_t i = 0; i < NKEPT; i++)
		if (memcmp(kept[i], tag, 4) == 0)
			return i;
	return NKEPT; /* not reached for the tags used here */
}

/* --- subsetting ---------------------------------------------------------------- */

/* What the subset needs to know of the source font. */
struct source {
	struct table t[NKEPT];
	size_t nglyphs, nmetrics; /* maxp numGlyphs, hhea numberOfHMetrics */
	bool long_loca;           /* head indexToLocFormat */
};

#define T(s, tag) ((s)->t[kept_index(tag)])

/* Where glyph g's outline lies in glyf; false when loca is damaged. */
static bool glyph_span(const struct source *s, size_t g, size_t *off, size_t *len)
{
	const struct table *loca = &T(s, "loca"), *glyf = &T(s, "glyf");
	size_t a, b;
	if (s->long_loca) {
		a = get32(loca->data + 4 * g);
		b = get32(loca->data + 4 * g + 4);
	} else {
		a = 2 * (size_t)get16(loca->data + 2 * g);
		b = 2 * (size_t)get16(loca->data + 2 * g + 2);
	}
	if (a > b || b > glyf->len)
		return false;
	*off = a;
	*len = b - a;
	return true;
}

/* Calls visit(ctx, at) for the offset of each component's glyph index in a
 * composite glyph g[0..n); false when the description runs past its end.
 * A simple or empty glyph has no components. */
static bool each_component(const unsigned char *g, size_t n,
	bool (*visit)(void *ctx, size_t at), void *ctx)
{
	if (n < 10 || (int16_t)get16(g) >= 0)
		return true;
	size_t at = 10;
	uint16_t flags;
	do {
		if (at + 4 > n)
			return false;
		flags = get16(g + at);
		if (!visit(ctx, at + 2))
			return false;
		at += 4;
		at += (flags & 0x0001) ? 4 : 2;        /* ARG_1_AND_2_ARE_WORDS */
		if (flags & 0x0008)                    /* WE_HAVE_A_SCALE */
			at += 2;
		else if (flags & 0x0040)               /* WE_HAVE_AN_X_AND_Y_SCALE */
			at += 4;
		else if (flags & 0x0080)               /* WE_HAVE_A_TWO_BY_TWO */
			at += 8;
		if (at > n)
			return false;
	} while (flags & 0x0020);                  /* MORE_COMPONENTS */
	return true;
}

/* The glyph of code point cp in a format 4 or 12 character map subtable;
 * 0 when it has none. */
static size_t cmap_lookup(const unsigned char *sub, size_t n, uint32_t cp)
{
	uint16_t format = get16(sub);
	if (format == 4 && n >= 14) {
		size_t segx2 = get16(sub + 6);
		if (segx2 == 0 || 16 + 4 * segx2 > n)
			return 0;
		const unsigned char *ends = sub + 14, *starts = ends + segx2 + 2,
			*deltas = starts + segx2, *ranges = deltas + segx2;
		for (size_t i = 0; i < segx2; i += 2) {
			if (get16(ends + i) < cp)
				continue;
			uint16_t start = get16(starts + i);
			if (cp < start)
				return 0;
			uint16_t delta = get16(deltas + i), range = get16(ranges + i);
			if (range == 0)
				return (uint16_t)(cp + delta);
			size_t at = (size_t)(ranges + i - sub) + range + 2 * (cp - start);
			if (at + 2 > n)
				return 0;
			uint16_t g = get16(sub + at);
			return g == 0 ? 0 : (uint16_t)(g + delta);
		}
		return 0;
	}
	if (format == 12 && n >= 16) {
		size_t groups = get32(sub + 12);
		if (groups > (n - 16) / 12)
			return 0;
		for (size_t i = 0; i < groups; i++) {
			const unsigned char *grp = sub + 16 + 12 * i;
			uint32_t first = get32(grp), last = get32(grp + 4);
			if (cp >= first && cp <= last)
				return get32(grp + 8) + (cp - first);
		}
	}
	return 0;
}

/* The Unicode subtable of the cmap (Windows full repertoire, Windows BMP,
 * then Unicode platform), or NULL. */
static const unsigned char *unicode_cmap(const struct table *cmap, size_t *n)
{
	static const uint16_t prefer[][2] = { { 3, 10 }, { 3, 1 }, { 0, 4 }, { 0, 3 } };
	if (cmap->len < 4)
		return NULL;
	size_t count = get16(cmap->data + 2);
	if (4 + 8 * count > cmap->len)
		return NULL;
	for (size_t k = 0; k < sizeof prefer / sizeof prefer[0]; k++)
		for (size_t i = 0; i < count; i++) {
			const unsigned char *rec = cmap->data + 4 + 8 * i;
			size_t off = get32(rec + 4);
			if (get16(rec) != prefer[k][0] || get16(rec + 2) != prefer[k][1] ||
				off + 4 > cmap->len)
				continue;
			uint16_t format = get16(cmap->data + off);
			if (format != 4 && format != 12)
				continue;
			*n = cmap->len - off;
			return cmap->data + off;
		}
	return NULL;
}

struct closure {
	const struct source *s;
	const unsigned char *glyph; /* the composite being walked */
	unsigned char *in;          /* in[g]: glyph g is kept */
	size_t *stack, depth;
};

static bool mark(struct closure *c, size_t g)
{
	if (g >= c->s->nglyphs)
		return false;
	if (!c->in[g]) {
		c->in[g] = 1;
		c->stack[c->depth++] = g;
	}
	return true;
}

static bool mark_component(void *ctx, size_t at)
{
	struct closure *c = ctx;
	return mark(c, get16(c->glyph + at));
}

struct renumber {
	unsigned char *glyph;       /* the copy being patched */
	const uint16_t *new_id;
};

static bool renumber_component(void *ctx, size_t at)
{
	struct renumber *r = ctx;
	put16(r->glyph + at, r->new_id[get16(r->glyph + at)]);
	return true;
}

struct mapping {
	uint32_t cp;
	uint16_t gid;
};

static int by_code_point(const void *a, const void *b)
{
	uint32_t x = ((const struct mapping *)a)->cp, y = ((const struct mapping *)b)->cp;
	return x < y ? -1 : x > y;
}

/* A format 4 character map of the given (sorted, distinct) mappings:
 * consecutive code points with consecutive glyphs share a segment. */
static bool build_cmap(struct table *out, const struct mapping *m, size_t n)
{
	size_t segs = 1; /* the closing 0xFFFF segment */
	for (size_t i = 0; i < n; i++)
		if (i == 0 || m[i].cp != m[i - 1].cp + 1 || m[i].gid != m[i - 1].gid + 1)
			segs++;
	size_t sub_len = 16 + 8 * segs;
	if (sub_len > 0xFFFF || !own_table(out, 12 + sub_len))
		return false;
	unsigned char *t = out->owned, *sub = t + 12;
	put16(t + 2, 1);          /* one subtable */
	put16(t + 4, 3);          /* Windows */
	put16(t + 6, 1);          /* Unicode BMP */
	put32(t + 8, 12);
	uint16_t pow2 = 1, log2 = 0;
	while (pow2 * 2 <= segs) {
		pow2 *= 2;
		log2++;
	}
	put16(sub, 4);
	put16(sub + 2, (uint16_t)sub_len);
	put16(sub + 6, (uint16_t)(2 * segs));
	put16(sub + 8, (uint16_t)(2 * pow2));
	put16(sub + 10, log2);
	put16(sub + 12, (uint16_t)(2 * segs - 2 * pow2));
	unsigned char *ends = sub + 14, *starts = ends + 2 * segs + 2, *deltas = starts + 2 * segs;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && m[i].cp == m[i - 1].cp + 1 && m[i].gid == m[i - 1].gid + 1) {
			put16(ends + 2 * (k - 1), (uint16_t)m[i].cp);
			continue;
		}
		put16(starts + 2 * k, (uint16_t)m[i].cp);
		put16(ends + 2 * k, (uint16_t)m[i].cp);
		put16(deltas + 2 * k, (uint16_t)(m[i].gid - m[i].cp));
		k++;
	}
	put16(starts + 2 * k, 0xFFFF);
	put16(ends + 2 * k, 0xFFFF);
	put16(deltas + 2 * k, 1);
	return true;
}

/* Replaces the glyph tables of t with ones holding only the glyphs of the
 * code points cps (and .notdef, and the parts composites are made of),
 * renumbered in their old order. False when the font's tables disagree
 * with each other or memory runs out. */
static bool subset(struct table t[NKEPT], const uint32_t *cps, size_t ncps)
{
	struct source s;
	memcpy(s.t, t, sizeof s.t);
	const struct table *head = &T(&s, "head"), *maxp = &T(&s, "maxp"), *hhea = &T(&s, "hhea"),
		*loca = &T(&s, "loca"), *hmtx = &T(&s, "hmtx"), *glyf = &T(&s, "glyf");
	if (head->len < 54 || maxp->len < 6 || hhea->len < 36)
		return false;
	s.nglyphs = get16(maxp->data + 4);
	s.nmetrics = get16(hhea->data + 34);
	s.long_loca = get16(head->data + 50) != 0;
	if (s.nglyphs == 0 || s.nmetrics == 0 || s.nmetrics > s.nglyphs ||
		loca->len < (s.nglyphs + 1) * (s.long_loca ? 4 : 2) ||
		hmtx->len < 4 * s.nmetrics + 2 * (s.nglyphs - s.nmetrics))
		return false;
	size_t sub_len = 0;
	const unsigned char *sub = unicode_cmap(&T(&s, "cmap"), &sub_len);
	if (sub == NULL)
		return false;

	bool ok = false;
	struct mapping *map = malloc((ncps ? ncps : 1) * sizeof *map);
	unsigned char *in = calloc(s.nglyphs, 1);
	size_t *stack = malloc(s.nglyphs * sizeof *stack);
	uint16_t *new_id = malloc(s.nglyphs * sizeof *new_id);
	size_t *old_id = malloc(s.nglyphs * sizeof *old_id);
	struct table nt[5];
	memset(nt, 0, sizeof nt);
	if (map == NULL || in == NULL || stack == NULL || new_id == NULL || old_id == NULL)
		goto done;

	/* The glyphs wanted, then every glyph a kept composite is made of. */
	struct closure c = { &s, NULL, in, stack, 0 };
	mark(&c, 0);
	size_t nmap = 0;
	for (size_t i = 0; i < ncps; i++) {
		size_t g = cps[i] <= 0xFFFF ? cmap_lookup(sub, sub_len, cps[i]) : 0;
		if (g == 0 || g >= s.nglyphs)
			continue;
		mark(&c, g);
		map[nmap].cp = cps[i];
		map[nmap].gid = (uint16_t)g; /* the old glyph for now */
		nmap++;
	}
	while (c.depth > 0) {
		size_t g = stack[--c.depth], off, len;
		if (!glyph_span(&s, g, &off, &len))
			goto done;
		c.glyph = glyf->data + off;
		if (!each_component(c.glyph, len, mark_component, &c))
			goto done;
	}
	size_t n = 0, glyf_len = 0;
	for (size_t g = 0; g < s.nglyphs; g++)
		if (in[g]) {
			size_t off, len;
			if (!glyph_span(&s, g, &off, &len))
				goto done;
			new_id[g] = (uint16_t)n;
			old_id[n++] = g;
			glyf_len += pad4(len);
		}

	/* glyf and loca (long offsets), hmtx with a full metric per glyph,
	 * and the counts in maxp and hhea. */
	if (!own_table(&nt[0], glyf_len) || !own_table(&nt[1], 4 * (n + 1)) ||
		!own_table(&nt[2], 4 * n) || !own_table(&nt[3], maxp->len) ||
		!own_table(&nt[4], hhea->len))
		goto done;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t g = old_id[i], off, len;
		glyph_span(&s, g, &off, &len);
		put32(nt[1].owned + 4 * i, (uint32_t)at);
		memcpy(nt[0].owned + at, glyf->data + off, len);
		struct renumber r = { nt[0].owned + at, new_id };
		each_component(r.glyph, len, renumber_component, &r);
		at += pad4(len);
		size_t m = g < s.nmetrics ? g : s.nmetrics - 1;
		memcpy(nt[2].owned + 4 * i, hmtx->data + 4 * m, 2);           /* advance */
		if (g < s.nmetrics)
			memcpy(nt[2].owned + 4 * i + 2, hmtx->data + 4 * g + 2, 2); /* side bearing */
		else
			memcpy(nt[2].owned + 4 * i + 2, hmtx->data + 4 * s.nmetrics + 2 * (g - s.nmetrics), 2);
	}
	put32(nt[1].owned + 4 * n, (uint32_t)at);
	memcpy(nt[3].owned, maxp->data, maxp->len);
	put16(nt[3].owned + 4, (uint16_t)n);
	memcpy(nt[4].owned, hhea->data, hhea->len);
	put16(nt[4].owned + 34, (uint16_t)n);

	/* The character map, in new glyph numbers. */
	for (size_t i = 0; i < nmap; i++)
		map[i].gid = new_id[map[i].gid];
	qsort(map, nmap, sizeof *map, by_code_point);
	size_t distinct = 0;
	for (size_t i = 0; i < nmap; i++)
		if (distinct == 0 || map[i].cp != map[distinct - 1].cp)
			map[distinct++] = map[i];
	struct table cmap;
	memset(&cmap, 0, sizeof cmap);
	if (!build_cmap(&cmap, map, distinct))
		goto done;

	/* Hand the new tables over; head's copy is made by the caller, which
	 * sets the long loca format there. */
	T(&s, "glyf") = nt[0];
	T(&s, "loca") = nt[1];
	T(&s, "hmtx") = nt[2];
	T(&s, "maxp") = nt[3];
	T(&s, "hhea") = nt[4];
	T(&s, "cmap") = cmap;
	memset(nt, 0, sizeof nt);
	memcpy(t, s.t, sizeof s.t);
	ok = true;
done:
	for (size_t i = 0; i < sizeof nt / sizeof nt[0]; i++)
		free(nt[i].owned);
	free(map);
	free(in);
	free(stack);
	free(new_id);
	free(old_id);
	return ok;
}

/* --- assembly ------------------------------------------------------------------ */

unsigned char *font_lean_build(const unsigned char *font, size_t len, const uint32_t *cps,
	size_t ncps, size_t *lean_len)
{
	*lean_len = 0;
	if (!truetype_single(font, len))
		return NULL;
	struct table t[NKEPT];
	memset(t, 0, sizeof t);
	unsigned char *out = NULL;
	for (size_t i = 0; i < NKEPT; i++) {
		const unsigned char *rec = find_table(font, len, kept[i]);
		if (rec == NULL)
			goto done;
		t[i].data = font + get32(rec + 8);
		t[i].len = get32(rec + 12);
	}
	if (t[kept_index("post")].len < POST_HEADER || t[kept_index("head")].len < 54)
		goto done;
	if (cps != NULL && !subset(t, cps, ncps))
		goto done;
	/* post: the header alone, as format 3 (no glyph names). head: the
	 * checksum adjustment set last; long loca offsets after a subset. */
	struct table *post = &t[kept_index("post")], *head = &t[kept_index("head")];
	const unsigned char *post_src = post->data, *head_src = head->data;
	size_t head_len = head->len;
	if (!own_table(post, POST_HEADER) || !own_table(head, head_len))
		goto done;
	memcpy(post->owned, post_src, POST_HEADER);
	put32(post->owned, 0x00030000u);
	memcpy(head->owned, head_src, head_len);
	put32(head->owned + 8, 0);
	if (cps != NULL)
		put16(head->owned + 50, 1);

	size_t total = 12 + 16 * NKEPT;
	for (size_t i = 0; i < NKEPT; i++)
		total += pad4(t[i].len);
	if ((out = calloc(1, total)) == NULL) /* calloc: the padding is zeros */
		goto done;
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
		memcpy(out + at, t[i].data, t[i].len);
		if (&t[i] == head)
			head_at = at;
		unsigned char *r = out + 12 + 16 * i;
		memcpy(r, kept[i], 4);
		put32(r + 4, checksum(out + at, t[i].len));
		put32(r + 8, (uint32_t)at);
		put32(r + 12, (uint32_t)t[i].len);
		at += pad4(t[i].len);
	}
	/* The whole file then sums to the magic number the format fixes. */
	put32(out + head_at + 8, 0xB1B0AFBAu - checksum(out, total));
	*lean_len = total;
done:
	for (size_t i = 0; i < NKEPT; i++)
		free(t[i].owned);
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
		ok = n == (ssize_t)sizeof head && get16(head + 4) == NKEPT &&
			directory_whole(head, sizeof head, (size_t)sb.st_size);
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

/* Face `index` of the collection (.ttc) in b[0..len) as a single font: its
 * table directory, offsets moved, in front of the whole collection (whose
 * tables it points into). NULL when b is not a collection with that face,
 * or memory runs out. */
static unsigned char *collection_face(const unsigned char *b, size_t len, int index,
	size_t *out_len)
{
	if (len < 16 || memcmp(b, "ttcf", 4) != 0 || index < 0 || (size_t)index >= get32(b + 8) ||
		16 + 4 * (size_t)index + 4 > len)
		return NULL;
	size_t at = get32(b + 12 + 4 * (size_t)index);
	if (at > len || len - at < 12)
		return NULL;
	size_t ntables = get16(b + at + 4), dir = 12 + 16 * ntables;
	if (len - at < dir)
		return NULL;
	unsigned char *out = malloc(dir + len);
	if (out == NULL)
		return NULL;
	memcpy(out, b + at, dir);
	memcpy(out + dir, b, len);
	for (size_t i = 0; i < ntables; i++) {
		unsigned char *rec = out + 12 + 16 * i;
		put32(rec + 8, get32(rec + 8) + (uint32_t)dir);
	}
	*out_len = dir + len;
	return out;
}

/* Writes the lean form of src (face `index` when it is a collection) to
 * path: a temporary file in the same folder, renamed over path when whole. */
static bool make_copy(const char *src, int index, const char *cache_dir, const uint32_t *cps,
	size_t ncps, const char *path)
{
	size_t len = 0, lean_len = 0;
	unsigned char *font = read_whole(src, &len);
	if (font != NULL && len >= 4 && memcmp(font, "ttcf", 4) == 0) {
		size_t face_len = 0;
		unsigned char *face = collection_face(font, len, index, &face_len);
		free(font);
		font = face;
		len = face_len;
	}
	unsigned char *lean = font ? font_lean_build(font, len, cps, ncps, &lean_len) : NULL;
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

/* Removes what an older copy of the same font and glyph set left behind
 * (the font was upgraded, or this code changed), and temporary files of a
 * dyad killed while writing one, once they are a day old. Called only when
 * a copy was just made, so the folder never grows past one copy per font
 * and glyph set. */
static void prune(const char *cache_dir, const char *family, const char *keep)
{
	DIR *d = opendir(cache_dir);
	if (d == NULL)
		return;
	size_t flen = strlen(family);
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		bool stale_copy = strncmp(name, family, flen) == 0 && strcmp(name, keep) != 0;
		bool temp = strncmp(name, ".font-", 6) == 0;
		if (!stale_copy && !temp)
			continue;
		struct stat sb;
		if (fstatat(dirfd(d), name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (stale_copy || now - sb.st_mtime > 24 * 60 * 60)
			unlinkat(dirfd(d), name, 0);
	}
	closedir(d);
}

const char *font_lean_path(const char *src, const char *cache_dir, const uint32_t *cps,
	size_t ncps, char *out, size_t size)
{
	return font_lean_face_path(src, 0, cache_dir, cps, ncps, out, size);
}

const char *font_lean_face_path(const char *src, int index, const char *cache_dir,
	const uint32_t *cps, size_t ncps, char *out, size_t size)
{
	struct stat sb;
	if (cache_dir == NULL || cache_dir[0] == '\0' || stat(src, &sb) != 0 || !S_ISREG(sb.st_mode))
		return src;
	/* The name: which font and glyph set it is, then which state of the
	 * font file it was made from. */
	uint64_t family = 0xcbf29ce484222325ull;
	uint32_t format = LEAN_FORMAT;
	family = fnv(family, &format, sizeof format);
	family = fnv(family, src, strlen(src) + 1);
	if (index != 0)
		family = fnv(family, &index, sizeof index);
	unsigned char whole = cps == NULL;
	family = fnv(family, &whole, 1);
	family = fnv(family, &ncps, sizeof ncps);
	if (cps != NULL && ncps > 0)
		family = fnv(family, cps, ncps * sizeof *cps);
	uint64_t state = 0xcbf29ce484222325ull;
	state = fnv(state, &sb.st_dev, sizeof sb.st_dev);
	state = fnv(state, &sb.st_ino, sizeof sb.st_ino);
	state = fnv(state, &sb.st_size, sizeof sb.st_size);
	state = fnv(state, &sb.st_mtim.tv_sec, sizeof sb.st_mtim.tv_sec);
	state = fnv(state, &sb.st_mtim.tv_nsec, sizeof sb.st_mtim.tv_nsec);
	char prefix[20], name[40];
	snprintf(prefix, sizeof prefix, "%016llx-", (unsigned long long)family);
	snprintf(name, sizeof name, "%s%016llx.ttf", prefix, (unsigned long long)state);
	int n = snprintf(out, size, "%s/%s", cache_dir, name);
	if (n < 0 || (size_t)n >= size)
		return src;
	if (copy_is_whole(out))
		return out;
	if (make_copy(src, index, cache_dir, cps, ncps, out) && copy_is_whole(out)) {
		prune(cache_dir, prefix, name);
		return out;
	}
	return src;
}
