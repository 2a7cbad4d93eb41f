/* couple_intake.c: the couple screen's intake (read here, written in the
 * editor) and each partner's safety screenings (hidden until asked for,
 * since showing them is written to the audit log), and the banner a
 * safety flag puts at the top of the screen. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/alerts.h"
#include "app/domain/intake.h"
#include "app/tui/couple.h"
#include "app/tui/draw.h"
#include "app/tui/editor.h"
#include "app/tui/form.h"
#include "app/tui/keymap.h"
#include "app/tui/unsaved.h"

/* ---- the banner -------------------------------------------------------------- */

struct banner {
	struct safety_flag flag;
};

static void *banner_create(void)
{
	return calloc(1, sizeof(struct banner));
}

static enum dyad_error banner_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct banner *b = self;
	return couple_safety_flag(tui->store, rec->couple_id, &b->flag, st);
}

static int banner_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)rec;
	(void)width;
	(void)screen_rows;
	const struct banner *b = self;
	return b->flag.level != SAFETY_NONE ? 1 : 0;
}

static void banner_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)rec;
	(void)focused;
	const struct banner *b = self;
	char words[120], line[200];
	snprintf(line, sizeof line, "! %s. Check before conflict work.",
		safety_flag_banner(&b->flag, words, sizeof words));
	draw_fill(area.top, area.left, area.width, draw_attr(TUI_ROLE_ERROR));
	draw_text(area.top, area.left + 1, line, area.width - 2, draw_attr(TUI_ROLE_ERROR) | A_BOLD);
}

static void banner_destroy(void *self)
{
	free(self);
}

const struct tui_section_ops couple_safety_banner_section = {
	.name = "Safety flag",
	.create = banner_create,
	.load = banner_load,
	.height = banner_height,
	.draw = banner_draw,
	.destroy = banner_destroy,
};

/* ---- the alerts banner ----------------------------------------------------------- */

/* Beside the safety flag's banner: the couple's other clinician-only
 * alerts (felt safety, flooding) in one line. A screening alert is the
 * flag's own banner above, so it is not said twice. */
struct alerts_banner {
	struct alert_list alerts;
	size_t shown;          /* alerts other than screenings */
	const struct alert *first;
};

static void *alerts_banner_create(void)
{
	return calloc(1, sizeof(struct alerts_banner));
}

static enum dyad_error alerts_banner_load(struct tui *tui, void *self,
	const struct tui_record *rec, struct dyad_status *st)
{
	struct alerts_banner *b = self;
	alert_list_free(&b->alerts);
	b->shown = 0;
	b->first = NULL;
	enum dyad_error rc = alerts_load(tui->store, rec->couple_id, &b->alerts, st);
	if (rc != DYAD_OK)
		return rc;
	for (size_t i = 0; i < b->alerts.len; i++)
		if (b->alerts.items[i].kind != ALERT_SCREENING) {
			if (b->first == NULL)
				b->first = &b->alerts.items[i];
			b->shown++;
		}
	return DYAD_OK;
}

static int alerts_banner_height(void *self, const struct tui_record *rec, int width,
	int screen_rows)
{
	(void)rec;
	(void)width;
	(void)screen_rows;
	const struct alerts_banner *b = self;
	return b->shown > 0 ? 1 : 0;
}

static void alerts_banner_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)rec;
	(void)focused;
	const struct alerts_banner *b = self;
	char more[32] = "", line[ALERT_REASON_MAX + 160];
	if (b->shown > 1)
		snprintf(more, sizeof more, " (+%zu more)", b->shown - 1);
	/* The suggestion leads, short, so a long reason cut at the edge never
	 * takes it off the line. */
	snprintf(line, sizeof line, "! Safety alert, check in with each partner alone: %s%s",
		b->first->reason, more);
	draw_fill(area.top, area.left, area.width, draw_attr(TUI_ROLE_ERROR));
	draw_text(area.top, area.left + 1, line, area.width - 2, draw_attr(TUI_ROLE_ERROR) | A_BOLD);
}

static void alerts_banner_destroy(void *self)
{
	struct alerts_banner *b = self;
	if (b == NULL)
		return;
	alert_list_free(&b->alerts);
	free(b);
}

const struct tui_section_ops couple_alerts_banner_section = {
	.name = "Safety alerts",
	.create = alerts_banner_create,
	.load = alerts_banner_load,
	.height = alerts_banner_height,
	.draw = alerts_banner_draw,
	.destroy = alerts_banner_destroy,
};

/* ---- the intake --------------------------------------------------------------- */

struct intake_section {
	struct intake_rec r;
	bool exists;
};

static void *intake_create(void)
{
	return calloc(1, sizeof(struct intake_section));
}

static enum dyad_error intake_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct intake_section *s = self;
	intake_rec_free(&s->r);
	return intake_get(tui->store, rec->couple_id, &s->r, &s->exists, st);
}

static int intake_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)rec;
	(void)width;
	const struct intake_section *s = self;
	return s->exists && screen_rows >= 40 ? 3 : 2;
}

/* The first line of text, for a one-line summary. */
static void first_line(const char *text, char *out, size_t size)
{
	size_t n = strcspn(text, "\n");
	snprintf(out, size, "%.*s%s", (int)(n < size ? n : size - 1), text,
		text[n] == '\n' ? " …" : "");
}

static void intake_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)rec;
	const struct intake_section *s = self;
	int x = area.left + 1, width = area.width - 2;
	char aside[64] = "";
	if (s->exists)
		snprintf(aside, sizeof aside, "revision %" PRId64 " · %.10s", s->r.revision,
			s->r.updated_at);
	section_heading(area, "Intake", aside, focused);
	if (area.height < 2)
		return;
	if (!s->exists) {
		draw_text(area.top + 1, x, "No intake yet. Tab here and press e to write it.", width,
			draw_attr(TUI_ROLE_MUTED));
		return;
	}
	char line[400], concerns[200];
	snprintf(line, sizeof line, "Goals: A %s · B %s · Confidentiality: %s",
		s->r.goal[0], s->r.goal[1],
		s->r.confidentiality[0] ? s->r.confidentiality : "not agreed yet");
	if (s->r.referral[0]) {
		size_t n = strlen(line);
		snprintf(line + n, sizeof line - n, " · Referred by %s", s->r.referral);
	}
	if (s->r.on_paper)
		snprintf(line, sizeof line, "%s",
			"Taken before dyad kept intake forms. Tab here and press e to fill it in.");
	if (area.height >= 3 && !s->r.on_paper) {
		first_line(s->r.concerns[0] ? s->r.concerns : "(no concerns written yet)", concerns,
			sizeof concerns);
		draw_text(area.top + 1, x, concerns, width, A_NORMAL);
		draw_text(area.top + 2, x, line, width, draw_attr(TUI_ROLE_MUTED));
	} else {
		draw_text(area.top + 1, x, line, width, draw_attr(TUI_ROLE_MUTED));
	}
}

/* The form in the person's editor, saved by the rules the command line
 * uses: an empty or unchanged save changes nothing. */
static unsigned edit_intake(struct tui *tui, const struct tui_record *rec)
{
	struct dyad_status st = { 0 };
	struct intake_rec now;
	bool exists;
	if (intake_get(tui->store, rec->couple_id, &now, &exists, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_RELOAD;
	}
	struct strbuf form = STRBUF_INIT;
	const char *names[2] = { rec->couple.partner[0].name, rec->couple.partner[1].name };
	intake_form_format(exists ? &now : NULL, rec->couple.name, names, &form);
	int64_t revision = exists ? now.revision : 0;
	intake_rec_free(&now);
	char *text = NULL, *dir = unsaved_dir(tui, &st);
	char stem[48];
	snprintf(stem, sizeof stem, "intake-couple-%" PRId64, rec->couple_id);
	size_t len = 0;
	bool changed = false;
	if (form.failed) {
		tui_message(tui, TUI_TONE_ERROR, "Out of memory; the intake was not opened.");
	} else if (dir == NULL || tui_editor_run(tui, strbuf_str(&form), form.len, dir, stem,
					  8 * INTAKE_TEXT_MAX_BYTES, &text, &len, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
	} else if (len == form.len && memcmp(text, strbuf_str(&form), len) == 0) {
		tui_message(tui, TUI_TONE_INFO, "The intake is unchanged.");
	} else if (intake_save_form(tui->store, rec->couple_id, text, len, revision, &changed,
			   &st) != DYAD_OK) {
		tui_message_status(tui, &st);
	} else {
		tui_message(tui, changed ? TUI_TONE_DONE : TUI_TONE_INFO,
			changed ? "Intake saved." : "The intake is unchanged.");
	}
	strbuf_release(&form);
	free(dir);
	free(text);
	return TUI_RELOAD;
}

static unsigned intake_action(struct tui *tui, void *self, const struct tui_record *rec,
	enum tui_action action)
{
	(void)self;
	if (action == TUI_ACTION_COUPLE_EDIT)
		return edit_intake(tui, rec);
	return TUI_UNHANDLED;
}

static void intake_hints(void *self, const struct tui_record *rec, struct strbuf *out)
{
	(void)self;
	(void)rec;
	char key[32];
	keymap_key_for(TUI_SCREEN_COUPLE, TUI_ACTION_COUPLE_EDIT, key, sizeof key);
	if (key[0])
		tui_hint(out, key, "edit intake");
}

static void intake_destroy(void *self)
{
	struct intake_section *s = self;
	if (s == NULL)
		return;
	intake_rec_free(&s->r);
	free(s);
}

const struct tui_section_ops couple_intake_section = {
	.name = "Intake",
	.flags = TUI_SECTION_FOCUS,
	.create = intake_create,
	.load = intake_load,
	.height = intake_height,
	.draw = intake_draw,
	.action = intake_action,
	.hints = intake_hints,
	.destroy = intake_destroy,
};

/* ---- safety screening --------------------------------------------------------- */

struct safety_section {
	struct safety_flag flag;
	struct screening_list list;
	int64_t couple_id;
	bool shown;   /* opened (and audited) on this visit */
};

static void *safety_create(void)
{
	return calloc(1, sizeof(struct safety_section));
}

static enum dyad_error safety_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct safety_section *s = self;
	screening_list_free(&s->list);
	s->couple_id = rec->couple_id;
	enum dyad_error rc = couple_safety_flag(tui->store, rec->couple_id, &s->flag, st);
	if (rc == DYAD_OK)
		rc = screenings_list(tui->store, rec->couple_id, &s->list, st);
	return rc;
}

#define SAFETY_ROWS_MAX 6

static int safety_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)rec;
	(void)width;
	(void)screen_rows;
	const struct safety_section *s = self;
	if (!s->shown || s->list.len == 0)
		return 2;
	return 1 + (int)(s->list.len < SAFETY_ROWS_MAX ? s->list.len : SAFETY_ROWS_MAX);
}

static void safety_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)rec;
	const struct safety_section *s = self;
	int x = area.left + 1, width = area.width - 2;
	char aside[64];
	snprintf(aside, sizeof aside, "%zu on record · private", s->list.len);
	section_heading(area, "Safety screening", aside, focused);
	if (area.height < 2)
		return;
	if (s->list.len == 0) {
		draw_text(area.top + 1, x, "None yet. Tab here and press a to record one per partner.",
			width, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	if (!s->shown) {
		char line[200], words[120];
		snprintf(line, sizeof line, "%s. Tab here and press Enter to show them (the viewing is logged).",
			s->flag.level != SAFETY_NONE ? safety_flag_banner(&s->flag, words, sizeof words)
						    : "No concern in the latest screenings");
		draw_text(area.top + 1, x, line, width,
			s->flag.level != SAFETY_NONE ? draw_attr(TUI_ROLE_ERROR) : draw_attr(TUI_ROLE_MUTED));
		return;
	}
	/* The newest last, as recorded; the most recent ones when they do not all fit. */
	size_t rows = (size_t)(area.height - 1);
	size_t first = s->list.len > rows ? s->list.len - rows : 0;
	for (size_t i = first, r = 1; i < s->list.len; i++, r++) {
		const struct screening_rec *sc = &s->list.items[i];
		char line[600];
		snprintf(line, sizeof line, "%s  %c  %-7s  %s%s%s", sc->screened_on,
			sc->partner == 0 ? 'A' : 'B', sc->result, sc->method, sc->action ? " · " : "",
			sc->action ? sc->action : "");
		attr_t a = strcmp(sc->result, "none") == 0 ? A_NORMAL : draw_attr(TUI_ROLE_ERROR);
		draw_text(area.top + (int)r, x, line, width, a);
	}
}

static enum dyad_error add_screening(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	struct screening_input in = { v[0], v[1], v[2], v[3], v[4][0] ? v[4] : NULL };
	int64_t id;
	enum dyad_error rc = safety_screening_add(tui->store, target->couple_id, &in, &id, st);
	if (rc == DYAD_OK)
		tui_message(tui, TUI_TONE_DONE, "Screening recorded for partner %s.",
			v[0][0] == 'a' ? "A" : "B");
	return rc;
}

static void open_add_screening(struct tui *tui, const struct tui_record *rec)
{
	static const char *const partners[] = { "a", "b", NULL };
	char today[11];
	date_format(date_today(), today);
	const struct tui_form_field fields[] = {
		{ "partner", "Partner", "Whom this screening was with: a or b", partners, "a" },
		{ "date", "Date", "YYYY-MM-DD, not in the future", NULL, today },
		{ "method", "Method", "How: an interview alone, a questionnaire...", NULL, "" },
		{ "result", "Result", "none, concern, or severe", screening_results, "none" },
		{ "action", "Action", "Optional: what was done (a safety plan, a referral)", NULL, "" },
	};
	struct tui_form_spec spec = { "New safety screening",
		"Private to this partner: never on a handout or a report for the couple.", fields,
		sizeof fields / sizeof fields[0], { TUI_SCREEN_COUPLE, rec->couple_id, 0 },
		add_screening };
	tui_form_open(tui, &spec);
}

static unsigned safety_action(struct tui *tui, void *self, const struct tui_record *rec,
	enum tui_action action)
{
	struct safety_section *s = self;
	switch (action) {
	case TUI_ACTION_SESSION_OPEN: {
		if (s->shown || s->list.len == 0) {
			s->shown = false;
			return TUI_REDRAW;
		}
		/* Shown only once the viewing is in the audit log. */
		struct dyad_status st = { 0 };
		struct screening_list fresh;
		if (safety_screenings_open(tui->store, rec->couple_id, &fresh, &st) != DYAD_OK) {
			tui_message_status(tui, &st);
			return TUI_REDRAW;
		}
		screening_list_free(&s->list);
		s->list = fresh;
		s->shown = true;
		return TUI_REDRAW;
	}
	case TUI_ACTION_SESSION_ADD:
		open_add_screening(tui, rec);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void safety_hints(void *self, const struct tui_record *rec, struct strbuf *out)
{
	(void)rec;
	const struct safety_section *s = self;
	char key[32];
	keymap_key_for(TUI_SCREEN_COUPLE, TUI_ACTION_SESSION_OPEN, key, sizeof key);
	if (key[0] && s->list.len)
		tui_hint(out, key, s->shown ? "hide screenings" : "show screenings");
	keymap_key_for(TUI_SCREEN_COUPLE, TUI_ACTION_SESSION_ADD, key, sizeof key);
	if (key[0])
		tui_hint(out, key, "add screening");
}

static void safety_destroy(void *self)
{
	struct safety_section *s = self;
	if (s == NULL)
		return;
	screening_list_free(&s->list);
	free(s);
}

const struct tui_section_ops couple_safety_section = {
	.name = "Safety screening",
	.flags = TUI_SECTION_FOCUS,
	.create = safety_create,
	.load = safety_load,
	.height = safety_height,
	.draw = safety_draw,
	.action = safety_action,
	.hints = safety_hints,
	.destroy = safety_destroy,
};
