/* unsaved.c: keeping note text that could not be saved, and giving it back. */
#include "app/tui/unsaved.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/editor.h"
#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/core/strbuf.h"
#include "app/domain/practice.h"
#include "app/domain/validate.h"
#include "app/store/sessions.h"
#include "app/tui/confirm.h"
#include "app/tui/editor.h"

/* The folder's path, without making it; NULL when out of memory. */
static char *unsaved_path(struct tui *tui)
{
	char *db_dir = paths_dirname(store_path(tui->store));
	if (db_dir == NULL)
		return NULL;
	struct strbuf dir = STRBUF_INIT;
	strbuf_addf(&dir, "%s/unsaved", db_dir);
	free(db_dir);
	if (dir.failed) {
		strbuf_release(&dir);
		return NULL;
	}
	return strbuf_detach(&dir);
}

char *unsaved_dir(struct tui *tui, struct dyad_status *st)
{
	return paths_unsaved_dir(store_path(tui->store), st);
}

char *unsaved_keep(struct tui *tui, int64_t session_id, const char *text, size_t len,
	struct dyad_status *st)
{
	char *dir = unsaved_dir(tui, st);
	if (dir == NULL)
		return NULL;
	char stamp[32];
	date_wall_stamp(stamp, sizeof stamp);
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/session-%lld-note-%s.txt", dir, (long long)session_id, stamp);
	free(dir);
	char *result = NULL;
	if (path.failed)
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	else if (atomic_write(strbuf_str(&path), text, len, st) == DYAD_OK)
		result = strbuf_detach(&path);
	strbuf_release(&path);
	return result;
}

/* ---- finding what an earlier run left ------------------------------------------- */

struct kept {
	char *file;     /* the text */
	char *folder;   /* an editing folder, removed with the file; NULL for a kept file */
	int64_t session_id;
	time_t when;
};

struct kept_list {
	struct kept *items;
	size_t len, cap;
};

static void kept_list_free(struct kept_list *list)
{
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].file);
		free(list->items[i].folder);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}

/* The session a name belongs to, when it is one of ours: a kept file
 * "session-<id>-note-<when>.txt", or an editing folder
 * "editing-session-<id>-p<pid>-XXXXXX" (then *pid is set). */
static bool parse_name(const char *name, int64_t *session_id, long *pid)
{
	long long id;
	int used = 0;
	*pid = 0;
	if (sscanf(name, "session-%lld-note-%n", &id, &used) == 1 && used > 0) {
		size_t n = strlen(name);
		*session_id = id;
		return n > 4 && strcmp(name + n - 4, ".txt") == 0 && id > 0;
	}
	used = 0;
	if (sscanf(name, "editing-session-%lld-p%ld-%n", &id, pid, &used) == 2 && used > 0) {
		*session_id = id;
		return id > 0 && *pid > 0;
	}
	return false;
}

/* Whether process pid is still running (its editor may be open now). */
static bool still_running(long pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

static bool kept_add(struct kept_list *list, const char *file, const char *folder,
	int64_t session_id, time_t when)
{
	if (list->len == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct kept *grown = realloc(list->items, cap * sizeof *grown);
		if (grown == NULL)
			return false;
		list->items = grown;
		list->cap = cap;
	}
	struct kept *k = &list->items[list->len];
	k->file = strdup(file);
	k->folder = folder ? strdup(folder) : NULL;
	k->session_id = session_id;
	k->when = when;
	if (k->file == NULL || (folder && k->folder == NULL)) {
		free(k->file);
		free(k->folder);
		return false;
	}
	list->len++;
	return true;
}

/* Everything an earlier run left in dir that is ours to give back. */
static enum dyad_error kept_scan(const char *dir, struct kept_list *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	DIR *d = opendir(dir);
	if (d == NULL)
		return errno == ENOENT ? DYAD_OK
							   : dyad_fail(st, DYAD_ERR_IO, "cannot read %s: %s", dir, strerror(errno));
	struct dirent *e;
	enum dyad_error rc = DYAD_OK;
	while ((e = readdir(d)) != NULL) {
		int64_t session_id;
		long pid;
		if (!parse_name(e->d_name, &session_id, &pid))
			continue;
		char path[4096], file[4200];
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
			continue;
		struct stat sb;
		if (lstat(path, &sb) != 0)
			continue;
		bool ok = true;
		if (pid == 0 && S_ISREG(sb.st_mode)) {
			ok = kept_add(out, path, NULL, session_id, sb.st_mtime);
		} else if (pid != 0 && S_ISDIR(sb.st_mode) && !still_running(pid)) {
			snprintf(file, sizeof file, "%s/note.txt", path);
			if (lstat(file, &sb) == 0 && S_ISREG(sb.st_mode))
				ok = kept_add(out, file, path, session_id, sb.st_mtime);
			else
				editor_remove_folder(path); /* nothing in it worth keeping */
		}
		if (!ok) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
	}
	closedir(d);
	if (rc != DYAD_OK)
		kept_list_free(out);
	return rc;
}

static void kept_remove(const struct kept *k)
{
	if (k->folder)
		editor_remove_folder(k->folder);
	else
		unlink(k->file);
}

/* ---- giving it back ------------------------------------------------------------------ */

/* Puts one kept text back into its session's draft: as the draft when the
 * draft is empty, below the draft's own text otherwise, so nothing that
 * is there now is lost either. False when it cannot go back (the note is
 * signed, the session is gone, the text is refused). */
static bool kept_restore(struct tui *tui, const struct kept *k)
{
	struct dyad_status st = { 0 };
	size_t len;
	char *text = fileio_read_path(k->file, NOTE_MAX_BYTES, &len, "note", &st);
	if (text == NULL)
		return false;
	bool done = false;
	struct note_rec note;
	if (practice_note_is_blank(text, len)) {
		done = true; /* nothing worth keeping */
	} else if (notes_get(tui->store, k->session_id, &note, &st) == DYAD_OK) {
		size_t body_len = strlen(note.body);
		if (strcmp(note.status, "signed") == 0) {
			done = false;
		} else if (body_len == len && memcmp(note.body, text, len) == 0) {
			done = true; /* it was saved after all */
		} else if (practice_note_is_blank(note.body, body_len)) {
			done = practice_note_save(tui->store, k->session_id, text, len, note.revision, &st) ==
				DYAD_OK;
		} else {
			char when[32];
			date_local_format(k->when, " on %Y-%m-%d at %H:%M", when, sizeof when);
			struct strbuf merged = STRBUF_INIT;
			strbuf_add(&merged, note.body, body_len);
			while (merged.len > 0 && merged.data[merged.len - 1] == '\n')
				merged.data[--merged.len] = '\0';
			strbuf_addf(&merged, "\n\n--- Recovered: text written%s that was not saved ---\n",
				when);
			strbuf_add(&merged, text, len);
			done = !merged.failed && practice_note_save(tui->store, k->session_id, merged.data,
										 merged.len, note.revision, &st) == DYAD_OK;
			strbuf_release(&merged);
		}
		note_rec_free(&note);
	}
	free(text);
	return done;
}

static enum dyad_error recover_all(struct tui *tui, const struct tui_target *target,
	struct dyad_status *st)
{
	(void)target;
	char *dir = unsaved_path(tui);
	if (dir == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	struct kept_list list;
	enum dyad_error rc = kept_scan(dir, &list, st);
	if (rc == DYAD_OK) {
		size_t back = 0;
		for (size_t i = 0; i < list.len; i++) {
			if (kept_restore(tui, &list.items[i])) {
				kept_remove(&list.items[i]);
				back++;
			}
		}
		if (back == list.len)
			tui_message(tui, TUI_TONE_DONE,
				"Put back %zu kept note%s into %s draft%s; the kept copies are removed.", back,
				back == 1 ? "" : "s", back == 1 ? "its" : "their", back == 1 ? "" : "s");
		else
			tui_message(tui, TUI_TONE_ERROR,
				"Put back %zu of %zu kept notes. The rest could not go back (a signed note, a "
				"session that is gone, or text the rules refuse) and stay in %s.",
				back, list.len, dir);
	}
	kept_list_free(&list);
	free(dir);
	return rc;
}

static enum dyad_error discard_all(struct tui *tui, const struct tui_target *target,
	struct dyad_status *st)
{
	(void)target;
	char *dir = unsaved_path(tui);
	if (dir == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	struct kept_list list;
	enum dyad_error rc = kept_scan(dir, &list, st);
	if (rc == DYAD_OK) {
		for (size_t i = 0; i < list.len; i++)
			kept_remove(&list.items[i]);
		tui_message(tui, TUI_TONE_DONE, "Discarded %zu kept note%s.", list.len,
			list.len == 1 ? "" : "s");
	}
	kept_list_free(&list);
	free(dir);
	return rc;
}

void unsaved_offer(struct tui *tui)
{
	/* Nothing is made here: a practice that never kept a note has no
	 * such folder, and needs none. */
	struct dyad_status st = { 0 };
	char *dir = unsaved_path(tui);
	if (dir == NULL)
		return;
	struct kept_list list;
	if (kept_scan(dir, &list, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		free(dir);
		return;
	}
	if (list.len > 0) {
		struct strbuf q = STRBUF_INIT, later = STRBUF_INIT;
		strbuf_addf(&q,
			"%zu note%s written earlier %s not saved and %s kept in %s.\n\n"
			"y puts each back into its session's draft (below any text the draft has now), "
			"d discards %s, n leaves %s for later.",
			list.len, list.len == 1 ? "" : "s", list.len == 1 ? "was" : "were",
			list.len == 1 ? "is" : "are", dir, list.len == 1 ? "it" : "them",
			list.len == 1 ? "it" : "them");
		if (store_is_encrypted(tui->store))
			strbuf_adds(&q, "\n\nYour database is encrypted, but these files are plain text: "
							"please put them back or discard them now.");
		strbuf_addf(&later, "The kept notes stay in %s; dyad will ask again next time.", dir);
		struct tui_confirm_spec spec = {
			"Notes that were not saved", strbuf_str(&q), "put back", strbuf_str(&later),
			{ TUI_SCREEN_ANY, 0, 0 }, recover_all, "discard", discard_all,
		};
		tui_confirm_open(tui, &spec);
		strbuf_release(&q);
		strbuf_release(&later);
	}
	kept_list_free(&list);
	free(dir);
}
