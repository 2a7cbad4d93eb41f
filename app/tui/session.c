/* session.c: one session: its facts, its note and its ratings; writing the
 * note in the editor, signing it, correcting the session's details. */
#include "app/tui/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/intake.h"
#include "app/domain/note_template.h"
#include "app/domain/practice.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"
#include "app/tui/confirm.h"
#include "app/tui/editor.h"
#include "app/tui/form.h"
#include "app/tui/homework.h"
#include "app/tui/keymap.h"
#include "app/tui/unsaved.h"

/* Top to bottom. */
static const struct tui_section_ops *const session_sections[] = {
	&session_header_section,
	&session_note_section,
	&session_ratings_section,
	&session_homework_section,
};

struct session_screen {
	struct tui_record rec;
	struct tui_sections sections;
};

static void *session_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	struct session_screen *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->rec.couple_id = target->couple_id;
	s->rec.session_id = target->session_id;
	if (!sections_create(&s->sections, session_sections,
			sizeof session_sections / sizeof session_sections[0])) {
		free(s);
		return NULL;
	}
	return s;
}

static void session_destroy(void *self)
{
	struct session_screen *s = self;
	if (s == NULL)
		return;
	sections_destroy(&s->sections);
	tui_record_clear(&s->rec);
	free(s);
}

static enum dyad_error session_load(struct tui *tui, void *self, struct dyad_status *st)
{
	struct session_screen *s = self;
	tui_record_clear(&s->rec);
	enum dyad_error rc = sessions_get(tui->store, s->rec.session_id, &s->rec.session, st);
	if (rc != DYAD_OK)
		return rc;
	s->rec.couple_id = s->rec.session.couple_id;
	if ((rc = couples_get(tui->store, s->rec.couple_id, &s->rec.couple, st)) != DYAD_OK ||
		(rc = notes_get(tui->store, s->rec.session_id, &s->rec.note, st)) != DYAD_OK)
		return rc;
	return sections_load(tui, &s->sections, &s->rec, st);
}

static void session_draw(struct tui *tui, void *self, struct tui_area area)
{
	struct session_screen *s = self;
	sections_draw(tui, &s->sections, &s->rec, area);
}

static unsigned session_key(struct tui *tui, void *self, int key)
{
	struct session_screen *s = self;
	return sections_key(tui, &s->sections, &s->rec, key);
}

static bool is_signed(const struct session_screen *s)
{
	return strcmp(s->rec.note.status, "signed") == 0;
}

/* ---- the note in the editor --------------------------------------------------- */

/* The revision the "Empty the note?" question was asked about. Questions
 * are modal, so one at a time is all there can be. */
static int64_t empty_asked_revision = -1;

static enum dyad_error empty_note(struct tui *tui, const struct tui_target *target,
	struct dyad_status *st)
{
	/* Pinned to the revision the question was about: text saved since
	 * then makes this a conflict rather than wiping it. */
	enum dyad_error rc = practice_note_save_allow_empty(tui->store, target->session_id, "", 0,
		empty_asked_revision, st);
	if (rc == DYAD_OK)
		tui_message(tui, TUI_TONE_DONE, "The note is empty now.");
	return rc;
}

static unsigned edit_note(struct tui *tui, struct session_screen *s)
{
	if (is_signed(s)) {
		tui_message(tui, TUI_TONE_ERROR,
			"This note is signed and locked, so it cannot be edited. "
			"Corrections are added as dated addenda.");
		return TUI_REDRAW;
	}
	struct dyad_status st = { 0 };
	struct note_rec note;
	/* The text and revision as they are now: a save by someone else after
	 * this point makes ours a conflict instead of overwriting theirs. */
	if (notes_get(tui->store, s->rec.session_id, &note, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_RELOAD;
	}
	if (strcmp(note.status, "signed") == 0) {
		note_rec_free(&note);
		tui_message(tui, TUI_TONE_ERROR, "This note was signed meanwhile; it is locked now.");
		return TUI_RELOAD;
	}
	/* An empty note opens on its template, filled in from the record, as
	 * `dyad note edit` does. */
	char *start = NULL;
	bool prefilled = false;
	if (note_template_start(tui->store, s->rec.session_id, note.body, NULL, &start, &prefilled,
		    &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		note_rec_free(&note);
		return TUI_REDRAW;
	}
	char *text = NULL, *dir = unsaved_dir(tui, &st);
	char stem[48];
	snprintf(stem, sizeof stem, "editing-session-%lld", (long long)s->rec.session_id);
	size_t len = 0, old_len = strlen(note.body), start_len = strlen(start);
	if (dir == NULL ||
		tui_editor_run(tui, start, start_len, dir, stem, NOTE_MAX_BYTES, &text, &len, &st) !=
			DYAD_OK) {
		tui_message_status(tui, &st);
	} else if (len == start_len && memcmp(text, start, len) == 0) {
		tui_message(tui, TUI_TONE_INFO, prefilled
			? "The template was saved as it opened; nothing was stored."
			: "The note is unchanged.");
	} else if (practice_note_is_blank(text, len) && !practice_note_is_blank(note.body, old_len)) {
		/* An empty save is far more often a slip than a wish. */
		struct tui_confirm_spec spec = {
			"Empty the note?",
			"The editor saved the note empty. Emptying it removes all of the draft's text.",
			"empty it", "The note was not changed.",
			{ TUI_SCREEN_SESSION, s->rec.couple_id, s->rec.session_id }, empty_note, NULL, NULL,
		};
		empty_asked_revision = note.revision;
		tui_confirm_open(tui, &spec);
	} else if (practice_note_save(tui->store, s->rec.session_id, text, len, note.revision, &st) ==
		DYAD_OK) {
		tui_message(tui, TUI_TONE_DONE, "Note saved.");
	} else {
		struct dyad_status keep_st = { 0 };
		char *kept = unsaved_keep(tui, s->rec.session_id, text, len, &keep_st);
		if (kept)
			tui_message(tui, TUI_TONE_ERROR, "%s. Your text is kept in %s", dyad_status_message(&st),
				kept);
		else
			tui_message(tui, TUI_TONE_ERROR, "%s; and keeping your text failed too: %s",
				dyad_status_message(&st), dyad_status_message(&keep_st));
		free(kept);
	}
	free(dir);
	free(text);
	free(start);
	note_rec_free(&note);
	return TUI_RELOAD;
}

/* ---- signing ------------------------------------------------------------------------ */

static enum dyad_error sign_note(struct tui *tui, const struct tui_target *target,
	struct dyad_status *st)
{
	enum dyad_error rc = practice_note_sign(tui->store, target->session_id, st);
	if (rc == DYAD_OK)
		tui_message(tui, TUI_TONE_DONE, "Signed. The note and its ratings are locked now.");
	return rc;
}

static unsigned ask_sign(struct tui *tui, struct session_screen *s)
{
	if (is_signed(s)) {
		tui_message(tui, TUI_TONE_INFO, "This note was signed on %.10s already.",
			s->rec.note.signed_at);
		return TUI_REDRAW;
	}
	bool empty = s->rec.note.body == NULL || s->rec.note.body[0] == '\0';
	/* Before an intake, the same question says so: the clinician decides. */
	struct dyad_status st = { 0 };
	bool has_intake = true;
	if (intake_exists_for_session(tui->store, s->rec.session_id, &has_intake, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	char question[400];
	snprintf(question, sizeof question, "%s%s",
		has_intake ? "" : "This couple has no intake on record yet. ",
		empty ? "The note is still empty. Once signed, the note and its ratings are locked "
				"for good; later corrections are added as dated addenda."
			  : "Once signed, the note and its ratings are locked for good; later corrections "
				"are added as dated addenda.");
	struct tui_confirm_spec spec = {
		has_intake ? "Sign this note?" : "Sign without an intake?",
		question,
		"sign it", "Not signed; the note stays a draft.",
		{ TUI_SCREEN_SESSION, s->rec.couple_id, s->rec.session_id }, sign_note, NULL, NULL,
	};
	tui_confirm_open(tui, &spec);
	return TUI_REDRAW;
}

/* ---- session details ---------------------------------------------------------------- */

static enum dyad_error save_details(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	struct session_input in = { v[0], v[1], v[2], v[3] };
	enum dyad_error rc = practice_session_set(tui->store, target->session_id, &in, st);
	if (rc == DYAD_OK)
		tui_message(tui, TUI_TONE_DONE, "Session details saved.");
	return rc;
}

static void open_details(struct tui *tui, struct session_screen *s)
{
	const struct session_rec *r = &s->rec.session;
	char when[17], minutes[12];
	snprintf(when, sizeof when, "%s", r->starts_at);
	if (strlen(when) > 10)
		when[10] = ' ';
	snprintf(minutes, sizeof minutes, "%d", r->minutes);
	const struct tui_form_field fields[] = {
		{ "date", "Date and time", "YYYY-MM-DD HH:MM", NULL, when },
		{ "minutes", "Minutes", "How long it lasted: 1 to 600", NULL, minutes },
		{ "modality", "Modality", "Space or the arrows change it", session_modalities, r->modality },
		{ "attendance", "Attendance", "Who came: both, A only, B only, nobody (no-show), or cancelled",
			session_attendances, session_attendance_shown(r) },
	};
	struct tui_form_spec spec = { "Session details", NULL, fields, sizeof fields / sizeof fields[0],
		{ TUI_SCREEN_SESSION, s->rec.couple_id, s->rec.session_id }, save_details };
	tui_form_open(tui, &spec);
}

/* ---- keys --------------------------------------------------------------------------- */

static unsigned session_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct session_screen *s = self;
	unsigned r = homework_action(action)
		? sections_action_for(tui, &s->sections, &s->rec, &session_homework_section, action)
		: sections_action(tui, &s->sections, &s->rec, action);
	if (!(r & TUI_UNHANDLED))
		return r;
	switch (action) {
	case TUI_ACTION_NOTE_EDIT:
		return edit_note(tui, s);
	case TUI_ACTION_NOTE_SIGN:
		return ask_sign(tui, s);
	case TUI_ACTION_SESSION_EDIT:
		open_details(tui, s);
		return TUI_REDRAW;
	case TUI_ACTION_NOTE_READ: {
		struct tui_target t = { TUI_SCREEN_NOTE, s->rec.couple_id, s->rec.session_id };
		tui_open(tui, TUI_SCREEN_NOTE, &t);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static void session_title(void *self, struct strbuf *out)
{
	struct session_screen *s = self;
	char when[40];
	section_format_when(s->rec.session.starts_at, when, sizeof when);
	strbuf_adds(out, s->rec.session.starts_at[0] ? when : "Session");
}

static void session_hints(struct tui *tui, void *self, struct strbuf *out)
{
	struct session_screen *s = self;
	sections_hints(&s->sections, &s->rec, out);
	struct strbuf rest = STRBUF_INIT;
	tui_default_hints(tui, TUI_SCREEN_SESSION, &rest);
	/* A signed note offers no editing or signing in the status line. */
	char *save = NULL, *text = strbuf_detach(&rest);
	if (text == NULL)
		return;
	char *global = strstr(text, "\n\n");
	if (global)
		*global = '\0';
	for (char *item = strtok_r(text, "\n", &save); item; item = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(item, '\t');
		if (tab == NULL)
			continue;
		*tab = '\0';
		if (is_signed(s) && (strcmp(tab + 1, tui_action_label(TUI_ACTION_NOTE_EDIT)) == 0 ||
				strcmp(tab + 1, tui_action_label(TUI_ACTION_NOTE_SIGN)) == 0))
			continue;
		tui_hint(out, item, tab + 1);
	}
	if (global) {
		strbuf_addc(out, '\n');
		strbuf_adds(out, global + 2);
	}
	free(text);
}

static bool session_target(void *self, struct tui_target *out)
{
	struct session_screen *s = self;
	out->couple_id = s->rec.couple_id;
	out->session_id = s->rec.session_id;
	return true;
}

const struct tui_screen_ops tui_session_ops = {
	.id = TUI_SCREEN_SESSION,
	.name = "the session screen",
	.create = session_create,
	.load = session_load,
	.draw = session_draw,
	.key = session_key,
	.action = session_action,
	.title = session_title,
	.hints = session_hints,
	.target = session_target,
	.destroy = session_destroy,
};
