/* test_sparkline.c: sparklines added to a finished workbook (reports/sparkline.h),
 * and the caseload's working file. The sheet is read back with unzip. */
#include "tests/unit/check.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "reports/progress.h"
#include "reports/sparkline.h"

/* A caseload of one couple without a main measure: written straight by
 * libxlsxwriter, so it has no sparklines of its own. */
static int one_row(void *ctx, struct progress_caseload_row *row, struct progress_error *err)
{
	(void)err;
	int *left = ctx;
	if (*left == 0)
		return 0;
	(*left)--;
	static const double scores[] = { 12, 14, 15 };
	row->couple_id = 7;
	row->name = "Okafor & Reyes";
	row->status = "active";
	row->partner_name[0] = "Maya";
	row->partner_name[1] = "Daniel";
	row->main_values[0] = scores;
	row->main_len[0] = 3;
	row->main_trend[0] = "improving";
	return 1;
}

static enum progress_status write_caseload(const char *path, const char *main_name,
	struct progress_error *err)
{
	int left = 1;
	struct progress_caseload c = { 0 };
	c.main_name = main_name;
	c.main_min = 0;
	c.main_max = 21;
	c.next = one_row;
	c.ctx = &left;
	struct progress_options opt = { { 2026, 11, 28 }, NULL };
	return progress_write_caseload(path, &c, &opt, err);
}

static const char *temp_path(const char *name)
{
	static char path[4][300];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", check_temp_dir(), name);
	return path[k];
}

/* The first sheet's XML, from unzip; NULL when it could not be read. */
static char *sheet_xml(const char *path)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml", path);
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *xml = malloc(cap);
	size_t got;
	while (xml != NULL && (got = fread(xml + len, 1, cap - len - 1, p)) > 0) {
		len += got;
		if (len + 1 == cap) {
			char *more = realloc(xml, cap *= 2);
			if (more == NULL)
				free(xml);
			xml = more;
		}
	}
	if (pclose(p) != 0 || xml == NULL || len == 0) {
		free(xml);
		return NULL;
	}
	xml[len] = '\0';
	return xml;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *at = hay; (at = strstr(at, needle)) != NULL; at++)
		n++;
	return n;
}

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n >= k && memcmp(s + n - k, end, k) == 0;
}

static const struct sparkline lines_a[] = {
	{ 1, 4, 1, 3, 5 },    /* B2 from D5:F5 */
	{ 2, 6, 27, 3, 30 },  /* AB3 from D7:AE7 */
};

static void lines_go_last_with_their_ranges_and_cells(void)
{
	struct progress_error err;
	const char *plain = temp_path("plain.xlsx"), *out = temp_path("lines.xlsx");
	CHECK(write_caseload(plain, NULL, &err) == PROGRESS_OK);
	struct sparkline_group groups[2] = {
		{ 0x1F77B4, 0x0B3C5D, true, 0, 21, lines_a, 2 },
		{ 0xD95F02, 0x8A3B00, false, 0, 0, NULL, 0 }, /* no lines: left out */
	};
	char why[200];
	CHECK(sparklines_add(plain, out, "xl/worksheets/sheet1.xml", "It's data", groups, 2, why,
		      sizeof why) == 0);
	char *xml = sheet_xml(out);
	CHECK(xml != NULL);
	if (xml == NULL)
		return;
	CHECK(ends_with(xml, "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>"
			     "</extLst></worksheet>"));
	CHECK(count(xml, "<x14:sparklineGroup ") == 1);
	CHECK(count(xml, "<extLst>") == 1);
	CHECK(strstr(xml, "<x14:sparkline><xm:f>'It''s data'!D5:F5</xm:f><xm:sqref>B2</xm:sqref>"
			  "</x14:sparkline>") != NULL);
	CHECK(strstr(xml, "<xm:f>'It''s data'!D7:AE7</xm:f><xm:sqref>AB3</xm:sqref>") != NULL);
	CHECK(strstr(xml, "manualMax=\"21\" manualMin=\"0\"") != NULL);
	CHECK(strstr(xml, "<x14:colorSeries rgb=\"FF1F77B4\"/><x14:colorNegative rgb=\"FFC00000\"/>"
			  "<x14:colorAxis rgb=\"FF000000\"/><x14:colorMarkers rgb=\"FF1F77B4\"/>"
			  "<x14:colorFirst rgb=\"FF1F77B4\"/><x14:colorLast rgb=\"FF0B3C5D\"/>"
			  "<x14:colorHigh rgb=\"FF1F77B4\"/><x14:colorLow rgb=\"FF1F77B4\"/>"
			  "<x14:sparklines>") != NULL);
	free(xml);

	/* A sheet with an extension list already gets its group inside it. */
	const char *again = temp_path("again.xlsx");
	CHECK(sparklines_add(out, again, "xl/worksheets/sheet1.xml", "Data", groups, 1, why,
		      sizeof why) == 0);
	xml = sheet_xml(again);
	CHECK(xml != NULL && count(xml, "<extLst>") == 1 && count(xml, "<ext ") == 2 &&
		ends_with(xml, "</ext></extLst></worksheet>"));
	free(xml);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "unzip -tq '%s' >/dev/null", again);
	CHECK(system(cmd) == 0);
}

static void without_lines_the_copy_is_the_same_workbook(void)
{
	struct progress_error err;
	const char *plain = temp_path("same.xlsx"), *out = temp_path("same-copy.xlsx");
	CHECK(write_caseload(plain, NULL, &err) == PROGRESS_OK);
	char why[200];
	CHECK(sparklines_add(plain, out, "xl/worksheets/sheet1.xml", "Data", NULL, 0, why,
		      sizeof why) == 0);
	char cmd[800];
	snprintf(cmd, sizeof cmd,
		"cd '%s' && mkdir -p a b && unzip -q -o '%s' -d a && unzip -q -o '%s' -d b && "
		"diff -r a b >/dev/null",
		check_temp_dir(), plain, out);
	CHECK(system(cmd) == 0);
}

static void failures_say_why(void)
{
	struct progress_error err;
	const char *plain = temp_path("src.xlsx");
	CHECK(write_caseload(plain, NULL, &err) == PROGRESS_OK);
	struct sparkline_group group = { 0x1F77B4, 0x0B3C5D, true, 0, 21, lines_a, 2 };
	char why[200];
	CHECK(sparklines_add(temp_path("missing.xlsx"), temp_path("x.xlsx"),
		      "xl/worksheets/sheet1.xml", "Data", &group, 1, why, sizeof why) == -1);
	CHECK(strstr(why, "opening the workbook") != NULL);
	/* Every write fails there: the error is the disk's, in its own words. */
	CHECK(sparklines_add(plain, "/dev/full", "xl/worksheets/sheet1.xml", "Data", &group, 1,
		      why, sizeof why) == -1);
	CHECK(strstr(why, strerror(ENOSPC)) != NULL);
	CHECK(sparklines_add(plain, temp_path("y.xlsx"), "xl/worksheets/sheet9.xml", "Data", &group,
		      1, why, sizeof why) == -1);
	CHECK(strstr(why, "no worksheet xl/worksheets/sheet9.xml") != NULL);
}

/* Names in dir starting with prefix. */
static int files_named(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (d)
		closedir(d);
	return n;
}

static void the_working_file_goes_whatever_happens(void)
{
	struct progress_error err;
	char dir[300];
	snprintf(dir, sizeof dir, "%s/work", check_temp_dir());
	CHECK(mkdir(dir, 0700) == 0);
	char path[400];
	snprintf(path, sizeof path, "%s/caseload.xlsx", dir);
	CHECK(write_caseload(path, "CSI-4", &err) == PROGRESS_OK);
	CHECK(files_named(dir, ".dyad-") == 0);
	char *xml = sheet_xml(path);
	CHECK(xml != NULL && count(xml, "<x14:sparkline>") == 1);
	free(xml);
	/* The copy cannot be written (a folder is in the way): the report
	 * fails, saying why, and the working file is gone. */
	snprintf(path, sizeof path, "%s/folder.xlsx", dir);
	CHECK(mkdir(path, 0700) == 0);
	CHECK(write_caseload(path, "CSI-4", &err) == PROGRESS_ERR_XLSX);
	CHECK(strstr(err.message, "sparklines") != NULL && strstr(err.message, strerror(EISDIR)));
	CHECK(files_named(dir, ".dyad-") == 0);
}

int main(void)
{
	RUN(lines_go_last_with_their_ranges_and_cells);
	RUN(without_lines_the_copy_is_the_same_workbook);
	RUN(failures_say_why);
	RUN(the_working_file_goes_whatever_happens);
	return check_any_failed;
}
