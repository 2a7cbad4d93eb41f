/* test_files.c: the file writes every export goes through (atomic_write)
 * under faults: a full disk, a file-size limit, a symbolic link or a folder
 * at the target, a careless umask. Each ends with the old file intact, no
 * temporary file left beside it, and private modes. */
#include "tests/unit/check.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/fileio.h"
#include "app/core/paths.h"

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	if (fp == NULL || fputs(text, fp) < 0 || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

static bool file_is(const char *path, const char *text)
{
	size_t len;
	struct dyad_status st = { 0 };
	char *got = fileio_read_path(path, 1 << 20, &len, "test", &st);
	bool same = got != NULL && len == strlen(text) && memcmp(got, text, len) == 0;
	free(got);
	return same;
}

/* How many entries (besides . and ..) the folder holds. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (d == NULL)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static char *big_text(size_t n)
{
	char *s = malloc(n + 1);
	if (s == NULL)
		exit(2);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	return s;
}

static const char *fresh_dir(const char *name)
{
	static char dir[300];
	snprintf(dir, sizeof dir, "%s/%s", check_temp_dir(), name);
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		exit(2);
	}
	return dir;
}

static void a_write_past_the_file_size_limit_keeps_the_old_file(void)
{
	const char *dir = fresh_dir("fsize");
	char target[400];
	snprintf(target, sizeof target, "%s/report.xlsx", dir);
	write_file(target, "the previous report");
	struct rlimit old, lim;
	CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
	lim = old;
	lim.rlim_cur = 64 * 1024;
	void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
	CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
	char *text = big_text(512 * 1024);
	struct dyad_status st = { 0 };
	enum dyad_error rc = atomic_write(target, text, strlen(text), &st);
	CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
	signal(SIGXFSZ, prev);
	free(text);
	CHECK(rc == DYAD_ERR_IO);
	CHECK(strstr(st.message, "report.xlsx") != NULL);
	CHECK(strstr(st.message, strerror(EFBIG)) != NULL);
	CHECK(file_is(target, "the previous report"));
	CHECK(entries(dir) == 1); /* no half-written temporary file */
}

static char small_disk[300]; /* a 64 KB tmpfs */

static void a_write_to_a_full_disk_keeps_the_old_file(void)
{
	const char *dir = small_disk;
	char target[400];
	snprintf(target, sizeof target, "%s/handout.pdf", dir);
	write_file(target, "the previous handout");
	char *text = big_text(256 * 1024);
	struct dyad_status st = { 0 };
	enum dyad_error rc = atomic_write(target, text, strlen(text), &st);
	CHECK(rc == DYAD_ERR_IO);
	CHECK(strstr(st.message, "handout.pdf") != NULL);
	CHECK(strstr(st.message, strerror(ENOSPC)) != NULL);
	CHECK(file_is(target, "the previous handout"));
	CHECK(entries(dir) == 1);
	/* a new file that does not fit leaves nothing at all */
	char fresh[400];
	snprintf(fresh, sizeof fresh, "%s/new.pdf", dir);
	CHECK(atomic_write(fresh, text, strlen(text), &st) == DYAD_ERR_IO);
	CHECK(access(fresh, F_OK) != 0);
	CHECK(entries(dir) == 1);
	free(text);
}

static void a_symbolic_link_at_the_target_is_not_followed(void)
{
	const char *dir = fresh_dir("links");
	char victim[400], link[400], dangling[400], nowhere[400];
	snprintf(victim, sizeof victim, "%s/victim", dir);
	snprintf(link, sizeof link, "%s/export.json", dir);
	snprintf(dangling, sizeof dangling, "%s/backup.db", dir);
	snprintf(nowhere, sizeof nowhere, "%s/created-through-link", dir);
	write_file(victim, "not yours");
	CHECK(symlink(victim, link) == 0);
	CHECK(symlink(nowhere, dangling) == 0);
	struct dyad_status st = { 0 };
	CHECK(atomic_write(link, "secret", 6, &st) == DYAD_ERR_REFUSED);
	CHECK(strstr(st.message, "symbolic link") != NULL);
	CHECK(file_is(victim, "not yours"));
	struct stat sb;
	CHECK(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode));
	CHECK(atomic_write(dangling, "secret", 6, &st) == DYAD_ERR_REFUSED);
	CHECK(access(nowhere, F_OK) != 0);
	CHECK(entries(dir) == 3);
}

static void a_folder_or_device_at_the_target_is_refused(void)
{
	const char *dir = fresh_dir("notfile");
	struct dyad_status st = { 0 };
	CHECK(atomic_write(dir, "x", 1, &st) == DYAD_ERR_REFUSED);
	CHECK(strstr(st.message, "not a regular file") != NULL);
	CHECK(atomic_write("/dev/null", "x", 1, &st) == DYAD_ERR_REFUSED);
	CHECK(entries(dir) == 0);
}

static void files_are_0600_and_folders_0700_whatever_the_umask(void)
{
	const char *dir = fresh_dir("modes");
	mode_t saved = umask(0);
	char target[400], loose[400], nested[400];
	snprintf(target, sizeof target, "%s/new.txt", dir);
	snprintf(loose, sizeof loose, "%s/loose.txt", dir);
	snprintf(nested, sizeof nested, "%s/a/b/c", dir);
	struct dyad_status st = { 0 };
	CHECK(atomic_write(target, "x", 1, &st) == DYAD_OK);
	write_file(loose, "old");
	CHECK(chmod(loose, 0644) == 0);
	CHECK(atomic_write(loose, "new", 3, &st) == DYAD_OK);
	CHECK(paths_mkdir_p(nested, 0700, &st) == DYAD_OK);
	umask(saved);
	struct stat sb;
	CHECK(stat(target, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(stat(loose, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(file_is(loose, "new"));
	CHECK(stat(nested, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	snprintf(nested, sizeof nested, "%s/a", dir);
	CHECK(stat(nested, &sb) == 0 && (sb.st_mode & 0777) == 0700);
}

static void a_retracted_export_is_removed_or_the_message_says_it_stayed(void)
{
	char dir[600], target[700];
	snprintf(dir, sizeof dir, "%s", fresh_dir("retract"));
	snprintf(target, sizeof target, "%s/out.pdf", dir);
	struct dyad_status st = { 0 };
	CHECK(atomic_write(target, "pdf", 3, &st) == DYAD_OK);
	dyad_fail(&st, DYAD_ERR_IO, "database: disk I/O error");
	atomic_retract(target, &st);
	CHECK(access(target, F_OK) != 0);
	CHECK_STR(st.message, "database: disk I/O error");
	/* Already gone: nothing to say. */
	atomic_retract(target, &st);
	CHECK_STR(st.message, "database: disk I/O error");
	/* A folder that no longer lets it go: read-only for a user, immutable
	 * for root (who may unlink from a read-only folder). */
	CHECK(atomic_write(target, "pdf", 3, &st) == DYAD_OK);
	char cmd[800];
	snprintf(cmd, sizeof cmd, "chattr +i '%s' 2>/dev/null", dir);
	bool locked = geteuid() == 0 ? system(cmd) == 0 : chmod(dir, 0500) == 0;
	if (!locked) {
		printf("# the folder could not be locked; the failing removal is not tried\n");
		return;
	}
	dyad_fail(&st, DYAD_ERR_IO, "database: disk I/O error");
	atomic_retract(target, &st);
	CHECK(access(target, F_OK) == 0);
	CHECK(strstr(st.message, "database: disk I/O error; ") == st.message);
	CHECK(strstr(st.message, "out.pdf was written before that and could not be removed") != NULL);
	snprintf(cmd, sizeof cmd, "chattr -i '%s' 2>/dev/null", dir);
	CHECK(geteuid() == 0 ? system(cmd) == 0 : chmod(dir, 0700) == 0);
}

int main(void)
{
	RUN(a_write_past_the_file_size_limit_keeps_the_old_file);
	/* A tiny tmpfs needs root (or CAP_SYS_ADMIN); without it, say so. */
	snprintf(small_disk, sizeof small_disk, "%s", fresh_dir("full"));
	if (mount("tmpfs", small_disk, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0700") == 0) {
		RUN(a_write_to_a_full_disk_keeps_the_old_file);
		if (umount(small_disk) != 0)
			printf("# could not unmount %s: %s\n", small_disk, strerror(errno));
	} else {
		printf("skip - a_write_to_a_full_disk_keeps_the_old_file (cannot mount a tmpfs: %s)\n",
			strerror(errno));
	}
	RUN(a_symbolic_link_at_the_target_is_not_followed);
	RUN(a_folder_or_device_at_the_target_is_refused);
	RUN(files_are_0600_and_folders_0700_whatever_the_umask);
	RUN(a_retracted_export_is_removed_or_the_message_says_it_stayed);
	return check_any_failed;
}
