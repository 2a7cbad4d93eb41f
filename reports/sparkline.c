/* sparkline.c: copies an XLSX file with minizip, adding sparkline groups to
 * one worksheet. The element and attribute order follows what Excel itself
 * writes (and XlsxWriter after it): colorSeries, colorNegative, colorAxis,
 * colorMarkers, colorFirst, colorLast, colorHigh, colorLow, then the
 * sparklines; Excel refuses a group in another order. */
#include "reports/sparkline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <minizip/unzip.h>
#include <minizip/zip.h>

/* The sheet's end is held back from the copy until the entry is read
 * whole, so the extension can go in before "</worksheet>". */
#define COPY_CHUNK 65536
#define HOLD_BACK 64

#define EXT_SPARKLINES "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
#define NS_X14 "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
#define NS_XM "http://schemas.microsoft.com/office/excel/2006/main"

struct copy {
	unzFile in;
	zipFile out;
	char *why;
	size_t why_size;
	bool failed;
};

static void copy_fail(struct copy *c, const char *what, int status, int saved_errno)
{
	if (c->failed)
		return;
	c->failed = true;
	if (saved_errno != 0)
		snprintf(c->why, c->why_size, "%s failed: %s", what, strerror(saved_errno));
	else
		snprintf(c->why, c->why_size, "%s failed (minizip status %d)", what, status);
}

static void put(struct copy *c, const void *bytes, size_t n)
{
	while (!c->failed && n > 0) {
		unsigned part = n > COPY_CHUNK ? COPY_CHUNK : (unsigned)n;
		errno = 0;
		int rc = zipWriteInFileInZip(c->out, bytes, part);
		if (rc != ZIP_OK)
			copy_fail(c, "writing the workbook", rc, errno);
		bytes = (const char *)bytes + part;
		n -= part;
	}
}

static void putf(struct copy *c, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void putf(struct copy *c, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof text) {
		copy_fail(c, "writing a sparkline", 0, 0);
		return;
	}
	put(c, text, (size_t)n);
}

/* "A", "Z", "AA", ... "XFD": the letters of a column counted from 0. */
static void column_name(unsigned col, char out[4])
{
	char rev[4];
	size_t k = 0;
	col++;
	while (col > 0 && k < 3) {
		col--;
		rev[k++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (size_t i = 0; i < k; i++)
		out[i] = rev[k - 1 - i];
	out[k] = '\0';
}

static void put_colour(struct copy *c, const char *element, uint32_t rgb)
{
	putf(c, "<x14:%s rgb=\"FF%06X\"/>", element, (unsigned)(rgb & 0xFFFFFF));
}

/* The sheet's name as a formula names it: in single quotes, any quote in
 * it doubled. */
static void put_sheet_name(struct copy *c, const char *name)
{
	put(c, "'", 1);
	for (const char *s = name; *s; s++) {
		if (*s == '\'')
			put(c, "''", 2);
		else
			put(c, s, 1);
	}
	put(c, "'", 1);
}

static void put_group(struct copy *c, const struct sparkline_group *g, const char *data_sheet)
{
	if (g->has_range)
		putf(c, "<x14:sparklineGroup manualMax=\"%.15g\" manualMin=\"%.15g\"", g->max, g->min);
	else
		putf(c, "<x14:sparklineGroup");
	/* Markers, so that a partner with a single score still shows a dot;
	 * the latest point in its own colour; a gap where a value is missing. */
	putf(c, " lineWeight=\"1.5\" displayEmptyCellsAs=\"gap\" markers=\"1\" last=\"1\"%s>",
		g->has_range ? " minAxisType=\"custom\" maxAxisType=\"custom\"" : "");
	put_colour(c, "colorSeries", g->colour);
	put_colour(c, "colorNegative", 0xC00000);
	put_colour(c, "colorAxis", 0x000000);
	put_colour(c, "colorMarkers", g->colour);
	put_colour(c, "colorFirst", g->colour);
	put_colour(c, "colorLast", g->last_colour);
	put_colour(c, "colorHigh", g->colour);
	put_colour(c, "colorLow", g->colour);
	putf(c, "<x14:sparklines>");
	for (size_t i = 0; i < g->len && !c->failed; i++) {
		const struct sparkline *l = &g->lines[i];
		char first[4], last[4], at[4];
		column_name(l->data_first, first);
		column_name(l->data_last, last);
		column_name(l->col, at);
		putf(c, "<x14:sparkline><xm:f>");
		put_sheet_name(c, data_sheet);
		putf(c, "!%s%lu:%s%lu</xm:f><xm:sqref>%s%lu</xm:sqref></x14:sparkline>", first,
			(unsigned long)l->data_row + 1, last, (unsigned long)l->data_row + 1, at,
			(unsigned long)l->row + 1);
	}
	putf(c, "</x14:sparklines></x14:sparklineGroup>");
}

static void put_extension(struct copy *c, const struct sparkline_group *groups, size_t n,
	const char *data_sheet)
{
	putf(c, "<ext xmlns:x14=\"%s\" uri=\"%s\"><x14:sparklineGroups xmlns:xm=\"%s\">", NS_X14,
		EXT_SPARKLINES, NS_XM);
	for (size_t i = 0; i < n; i++)
		if (groups[i].len > 0)
			put_group(c, &groups[i], data_sheet);
	putf(c, "</x14:sparklineGroups></ext>");
}

/* Finds the last occurrence of needle in hay[0..n); NULL if none. */
static const char *find_last(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* Writes the end of the worksheet, tail[0..n), with the extension put in
 * as the last child of <worksheet>: inside an extLst already there, or in
 * one of its own. */
static void put_tail(struct copy *c, const char *tail, size_t n,
	const struct sparkline_group *groups, size_t groups_len, const char *data_sheet)
{
	static const char end[] = "</worksheet>", ext_end[] = "</extLst>";
	const char *at = find_last(tail, n, end);
	if (at == NULL) {
		copy_fail(c, "finding the end of the worksheet", 0, 0);
		return;
	}
	size_t before = (size_t)(at - tail);
	bool has_list = before >= sizeof ext_end - 1 &&
		memcmp(at - (sizeof ext_end - 1), ext_end, sizeof ext_end - 1) == 0;
	if (has_list) {
		put(c, tail, before - (sizeof ext_end - 1));
		put_extension(c, groups, groups_len, data_sheet);
		put(c, ext_end, sizeof ext_end - 1);
	} else {
		put(c, tail, before);
		putf(c, "<extLst>");
		put_extension(c, groups, groups_len, data_sheet);
		putf(c, "</extLst>");
	}
	put(c, at, n - before);
}

/* Copies the current entry, still compressed, with its size and CRC. */
static void copy_raw(struct copy *c, const char *name, const zip_fileinfo *zi,
	const unz_file_info64 *info, char *buf)
{
	int method = 0, level = 0;
	int rc = unzOpenCurrentFile2(c->in, &method, &level, 1);
	if (rc != UNZ_OK) {
		copy_fail(c, "reading the workbook", rc, 0);
		return;
	}
	int zip64 = info->uncompressed_size >= 0xFFFFFFFFu || info->compressed_size >= 0xFFFFFFFFu;
	errno = 0;
	rc = zipOpenNewFileInZip2_64(c->out, name, zi, NULL, 0, NULL, 0, NULL, method, level, 1,
		zip64);
	if (rc != ZIP_OK) {
		copy_fail(c, "writing the workbook", rc, errno);
		unzCloseCurrentFile(c->in);
		return;
	}
	for (;;) {
		errno = 0;
		int got = unzReadCurrentFile(c->in, buf, COPY_CHUNK);
		if (got < 0) {
			copy_fail(c, "reading the workbook", got, errno);
			break;
		}
		if (got == 0)
			break;
		put(c, buf, (size_t)got);
		if (c->failed)
			break;
	}
	rc = unzCloseCurrentFile(c->in);
	if (rc != UNZ_OK)
		copy_fail(c, "reading the workbook", rc, 0);
	errno = 0;
	rc = zipCloseFileInZipRaw64(c->out, info->uncompressed_size, info->crc);
	if (rc != ZIP_OK)
		copy_fail(c, "writing the workbook", rc, errno);
}

/* Copies the current entry, the worksheet, uncompressed and compressed
 * again, with the extension before its end. */
static void copy_sheet(struct copy *c, const char *name, const zip_fileinfo *zi,
	const unz_file_info64 *info, char *buf, const struct sparkline_group *groups,
	size_t groups_len, const char *data_sheet)
{
	int rc = unzOpenCurrentFile(c->in);
	if (rc != UNZ_OK) {
		copy_fail(c, "reading the workbook", rc, 0);
		return;
	}
	/* The extension adds about 200 bytes a line: past 4 GB only when the
	 * sheet was nearly there already. */
	int zip64 = info->uncompressed_size >= 0xF0000000u;
	errno = 0;
	rc = zipOpenNewFileInZip64(c->out, name, zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
		Z_DEFAULT_COMPRESSION, zip64);
	if (rc != ZIP_OK) {
		copy_fail(c, "writing the workbook", rc, errno);
		unzCloseCurrentFile(c->in);
		return;
	}
	size_t held = 0;
	for (;;) {
		errno = 0;
		int got = unzReadCurrentFile(c->in, buf + held, COPY_CHUNK);
		if (got < 0) {
			copy_fail(c, "reading the workbook", got, errno);
			break;
		}
		if (got == 0)
			break;
		size_t total = held + (size_t)got;
		if (total > HOLD_BACK) {
			put(c, buf, total - HOLD_BACK);
			memmove(buf, buf + total - HOLD_BACK, HOLD_BACK);
			held = HOLD_BACK;
		} else {
			held = total;
		}
		if (c->failed)
			break;
	}
	/* Closing checks the CRC of what was read. */
	rc = unzCloseCurrentFile(c->in);
	if (rc != UNZ_OK)
		copy_fail(c, "reading the workbook", rc, 0);
	if (!c->failed)
		put_tail(c, buf, held, groups, groups_len, data_sheet);
	errno = 0;
	rc = zipCloseFileInZip(c->out);
	if (rc != ZIP_OK)
		copy_fail(c, "writing the workbook", rc, errno);
}

int sparklines_add(const char *from, const char *to, const char *sheet, const char *data_sheet,
	const struct sparkline_group *groups, size_t groups_len, char *why, size_t why_size)
{
	struct copy c = { NULL, NULL, why, why_size, false };
	why[0] = '\0';
	size_t lines = 0;
	for (size_t i = 0; i < groups_len; i++)
		lines += groups[i].len;
	errno = 0;
	c.in = unzOpen64(from);
	if (c.in == NULL) {
		copy_fail(&c, "opening the workbook", 0, errno);
		return -1;
	}
	errno = 0;
	c.out = zipOpen64(to, APPEND_STATUS_CREATE);
	if (c.out == NULL) {
		copy_fail(&c, "creating the workbook", 0, errno);
		unzClose(c.in);
		return -1;
	}
	char *buf = malloc(COPY_CHUNK + HOLD_BACK);
	if (buf == NULL)
		copy_fail(&c, "copying the workbook", 0, ENOMEM);
	int found = 0;
	int rc = c.failed ? UNZ_OK : unzGoToFirstFile(c.in);
	while (rc == UNZ_OK && !c.failed) {
		unz_file_info64 info;
		char name[256];
		rc = unzGetCurrentFileInfo64(c.in, &info, name, sizeof name, NULL, 0, NULL, 0);
		if (rc != UNZ_OK || info.size_filename >= sizeof name) {
			copy_fail(&c, "reading the workbook's contents", rc, 0);
			break;
		}
		zip_fileinfo zi;
		memset(&zi, 0, sizeof zi);
		zi.tmz_date.tm_sec = info.tmu_date.tm_sec;
		zi.tmz_date.tm_min = info.tmu_date.tm_min;
		zi.tmz_date.tm_hour = info.tmu_date.tm_hour;
		zi.tmz_date.tm_mday = info.tmu_date.tm_mday;
		zi.tmz_date.tm_mon = info.tmu_date.tm_mon;
		zi.tmz_date.tm_year = info.tmu_date.tm_year;
		zi.dosDate = info.dosDate;
		zi.internal_fa = info.internal_fa;
		zi.external_fa = info.external_fa;
		if (lines > 0 && strcmp(name, sheet) == 0) {
			found++;
			copy_sheet(&c, name, &zi, &info, buf, groups, groups_len, data_sheet);
		} else {
			copy_raw(&c, name, &zi, &info, buf);
		}
		if (!c.failed)
			rc = unzGoToNextFile(c.in);
	}
	free(buf);
	if (!c.failed && rc != UNZ_END_OF_LIST_OF_FILE)
		copy_fail(&c, "reading the workbook's contents", rc, 0);
	if (!c.failed && lines > 0 && found != 1) {
		snprintf(why, why_size, "the workbook has no worksheet %s", sheet);
		c.failed = true;
	}
	/* Closing writes the central directory and flushes: its failure
	 * (a full disk) is the copy's. */
	errno = 0;
	rc = zipClose(c.out, NULL);
	if (rc != ZIP_OK)
		copy_fail(&c, "writing the workbook", rc, errno);
	rc = unzClose(c.in);
	if (rc != UNZ_OK)
		copy_fail(&c, "reading the workbook", rc, 0);
	return c.failed ? -1 : 0;
}
