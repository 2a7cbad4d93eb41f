/* couple.c: one couple: who they are and their sessions; adding a session,
 * editing the couple, changing its status. */
#include "app/tui/couple.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/practice.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/tui/form.h"
#include "app/tui/homework.h"
#include "app/tui/keymap.h"

/* Top to bottom: a safety flag and other safety alerts when there are any, who, the measures,
 * sessions, homework, the intake and safety screening. */
static const struct tui_section_ops *const couple_sections[] = {
	&couple_safety_banner_section,
	&couple_alerts_banner_section,
	&couple_header_section,
	&couple_measures_section,
	&couple_objectives_section,
	&couple_sessions_section,
	&couple_homework_section,
	&couple_intake_section,
	&couple_safety_section,
};
/* tui_sections keeps at most TUI_SECTIONS_MAX and drops the rest unseen. */
_Static_assert(sizeof couple_sections / sizeof couple_sections[0] <= TUI_SECTIONS_MAX,
	"the couple screen has more sections than TUI_SECTIONS_MAX");


struct couple_screen {
	struct tui_record rec;
	struct tui_sections sections;
};

static void *couple_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	struct couple_screen *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->rec.couple_id = target->couple_id;
	if (!sections_create(&s->sections, couple_sections,
			sizeof couple_sections / sizeof couple_sections[0])) {
		free(s);
		return NULL;
	}
	return s;
}

void tui_couple_show_homework(void *couple_screen, int64_t assignment_id)
{
	struct couple_screen *s = couple_screen;
	for (size_t i = 0; i < s->sections.len; i++)
		if (s->sections.ops[i] == &couple_homework_section) {
			s->sections.focus = (int)i;
			homework_section_select(s->sections.self[i], assignment_id);
		}
}

static void couple_destroy(void *self)
{
	struct couple_screen *s = self;
	if (s == NULL)
		return;
	sections_destroy(&s->sections);
	tui_record_clear(&s->rec);
	free(s);
}

static enum dyad_error couple_load(struct tui *tui, void *self, struct dyad_status *st)
{
	struct couple_screen *s = self;
	tui_record_clear(&s->rec);
	enum dyad_error rc = couples_get(tui->store, s->rec.couple_id, &s->rec.couple, st);
	if (rc != DYAD_OK)
		return rc;
	return sections_load(tui, &s->sections, &s->rec, st);
}

static void couple_draw(struct tui *tui, void *self, struct tui_area area)
{
	struct couple_screen *s = self;
	sections_draw(tui, &s->sections, &s->rec, area);
}

static unsigned couple_key(struct tui *tui, void *self, int key)
{
	struct couple_screen *s = self;
	return sections_key(tui, &s->sections, &s->rec, key);
}

/* ---- forms ------------------------------------------------------------------ */

static enum dyad_error add_session(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	/* The form starts at "both"; left so for a day still ahead, it means
	 * the session is being booked, which the domain decides from the date. */
	const char *attendance = strcmp(v[3], "both") == 0 ? NULL : v[3];
	struct session_input in = { v[0][0] ? v[0] : NULL, v[1][0] ? v[1] : NULL, v[2], attendance };
	int64_t id;
	enum dyad_error rc = practice_session_add(tui->store, target->couple_id, &in, &id, st);
	if (rc != DYAD_OK)
		return rc;
	struct session_rec added;
	bool planned = false;
	if (sessions_get(tui->store, id, &added, st) == DYAD_OK)
		planned = session_state_of(&added) == SESSION_PLANNED;
	struct tui_target t = { TUI_SCREEN_SESSION, target->couple_id, id };
	tui_open(tui, TUI_SCREEN_SESSION, &t);
	if (planned) {
		tui_message(tui, TUI_TONE_DONE,
			"Session planned. Its note and ratings open once it has been held.");
		return DYAD_OK;
	}
	char key[32];
	keymap_key_for(TUI_SCREEN_SESSION, TUI_ACTION_NOTE_EDIT, key, sizeof key);
	tui_message(tui, TUI_TONE_DONE, "Session added. Press %s to write its note.", key);
	return DYAD_OK;
}

/* "YYYY-MM-DD HH:MM" for now, as the command line would record it. */
static void now_text(char *out, size_t size)
{
	struct dyad_datetime dt = date_now();
	char iso[17];
	datetime_format(&dt, iso);
	iso[10] = ' ';
	snprintf(out, size, "%s", iso);
}

static void open_add_session(struct tui *tui, struct couple_screen *s)
{
	char when[24];
	now_text(when, sizeof when);
	const struct tui_form_field fields[] = {
		{ "date", "Date and time", "YYYY-MM-DD HH:MM (a date alone means midnight)", NULL, when },
		{ "minutes", "Minutes", "How long it lasted: 1 to 600", NULL, "50" },
		{ "modality", "Modality", "Space or the arrows change it", session_modalities, "in-person" },
		{ "attendance", "Attendance", "Who came: both, A only, B only, nobody (no-show), or cancelled",
			session_attendances, "both" },
	};
	struct tui_form_spec spec = { "New session", NULL, fields, sizeof fields / sizeof fields[0],
		{ TUI_SCREEN_COUPLE, s->rec.couple_id, 0 }, add_session };
	tui_form_open(tui, &spec);
}

/* The text if it differs from the stored one, else NULL (unchanged fields
 * are not sent, so an old odd value elsewhere cannot block a change). */
static const char *changed(const char *typed, const char *stored)
{
	return strcmp(typed, stored ? stored : "") == 0 ? NULL : typed;
}

static enum dyad_error edit_couple(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	struct couple_rec now;
	enum dyad_error rc = couples_get(tui->store, target->couple_id, &now, st);
	if (rc != DYAD_OK)
		return rc;
	struct couple_change ch = { 0 };
	ch.name = changed(v[0], now.name);
	for (int i = 0; i < 2; i++) {
		ch.partner_name[i] = changed(v[1 + 2 * i], now.partner[i].name);
		ch.partner_pronouns[i] = changed(v[2 + 2 * i], now.partner[i].pronouns);
	}
	couple_rec_free(&now);
	if (!ch.name && !ch.partner_name[0] && !ch.partner_name[1] && !ch.partner_pronouns[0] &&
		!ch.partner_pronouns[1]) {
		tui_message(tui, TUI_TONE_INFO, "Nothing was changed.");
		return DYAD_OK;
	}
	if ((rc = practice_couple_set(tui->store, target->couple_id, &ch, st)) != DYAD_OK)
		return rc;
	tui_message(tui, TUI_TONE_DONE, "Saved.");
	return DYAD_OK;
}

static void open_edit_couple(struct tui *tui, struct couple_screen *s)
{
	const struct couple_rec *c = &s->rec.couple;
	const struct tui_form_field fields[] = {
		{ "name", "Couple", "How the couple appears in lists", NULL, c->name },
		{ "partner A name", "Partner A", "Partner A's full name", NULL, c->partner[0].name },
		{ "partner A pronouns", "A's pronouns", "Optional; empty removes them", NULL,
			c->partner[0].pronouns },
		{ "partner B name", "Partner B", "Partner B's full name", NULL, c->partner[1].name },
		{ "partner B pronouns", "B's pronouns", "Optional; empty removes them", NULL,
			c->partner[1].pronouns },
	};
	struct tui_form_spec spec = { "Edit couple", NULL, fields, sizeof fields / sizeof fields[0],
		{ TUI_SCREEN_COUPLE, s->rec.couple_id, 0 }, edit_couple };
	tui_form_open(tui, &spec);
}

static enum dyad_error set_status(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	struct couple_change ch = { 0 };
	ch.status = v[0];
	enum dyad_error rc = practice_couple_set(tui->store, target->couple_id, &ch, st);
	if (rc == DYAD_OK)
		tui_message(tui, TUI_TONE_DONE, "The couple is now %s.", v[0]);
	return rc;
}

static void open_status(struct tui *tui, struct couple_screen *s)
{
	const struct tui_form_field fields[] = {
		{ "status", "Status",
			"Active couples are listed first; paused and closed ones are kept, never deleted.",
			couple_statuses, s->rec.couple.status },
	};
	struct tui_form_spec spec = { "Couple status", NULL, fields, 1,
		{ TUI_SCREEN_COUPLE, s->rec.couple_id, 0 }, set_status };
	tui_form_open(tui, &spec);
}

/* ---- keys -------------------------------------------------------------------- */

static unsigned couple_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct couple_screen *s = self;
	unsigned r = homework_action(action)
		? sections_action_for(tui, &s->sections, &s->rec, &couple_homework_section, action)
		: sections_action(tui, &s->sections, &s->rec, action);
	if (!(r & TUI_UNHANDLED))
		return r;
	switch (action) {
	case TUI_ACTION_SESSION_ADD:
		open_add_session(tui, s);
		return TUI_REDRAW;
	case TUI_ACTION_COUPLE_EDIT:
		open_edit_couple(tui, s);
		return TUI_REDRAW;
	case TUI_ACTION_COUPLE_STATUS:
		open_status(tui, s);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void couple_title(void *self, struct strbuf *out)
{
	struct couple_screen *s = self;
	strbuf_adds(out, s->rec.couple.name ? s->rec.couple.name : "Couple");
}

static void couple_hints(struct tui *tui, void *self, struct strbuf *out)
{
	struct couple_screen *s = self;
	sections_hints(&s->sections, &s->rec, out);
	tui_default_hints(tui, TUI_SCREEN_COUPLE, out);
}

static bool couple_target(void *self, struct tui_target *out)
{
	struct couple_screen *s = self;
	out->couple_id = s->rec.couple_id;
	sections_target(&s->sections, &s->rec, out);
	return true;
}

const struct tui_screen_ops tui_couple_ops = {
	.id = TUI_SCREEN_COUPLE,
	.name = "the couple screen",
	.create = couple_create,
	.load = couple_load,
	.draw = couple_draw,
	.key = couple_key,
	.action = couple_action,
	.title = couple_title,
	.hints = couple_hints,
	.target = couple_target,
	.destroy = couple_destroy,
};
