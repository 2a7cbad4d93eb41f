/* section.h: a record screen (a couple, a session) is a stack of sections
 * drawn top to bottom: each loads its own data from the record the screen
 * loaded, says how many rows it wants, and draws itself. Sections that take
 * focus get the keys; Tab moves focus between them. Adding a panel to a
 * screen is adding a section to that screen's table. */
#ifndef DYAD_TUI_SECTION_H
#define DYAD_TUI_SECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/store/couples.h"
#include "app/store/sessions.h"
#include "app/tui/screen.h"

/* What the screen loaded, shared read-only with its sections. */
struct tui_record {
	int64_t couple_id;
	int64_t session_id;        /* 0 on the couple screen */
	struct couple_rec couple;
	struct session_rec session;
	struct note_rec note;
};

enum tui_section_flags {
	TUI_SECTION_FOCUS = 1 << 0, /* takes keys; Tab reaches it */
	TUI_SECTION_FILL = 1 << 1   /* takes the rows the others leave */
};

struct tui_section_ops {
	const char *name;
	unsigned flags;
	void *(*create)(void);
	/* Loads the section's own data; called whenever the screen loads. */
	enum dyad_error (*load)(struct tui *tui, void *self, const struct tui_record *rec,
		struct dyad_status *st);
	/* Rows wanted at this width, given the rows the screen has in all;
	 * ignored for a FILL section. */
	int (*height)(void *self, const struct tui_record *rec, int width, int screen_rows);
	void (*draw)(struct tui *tui, void *self, const struct tui_record *rec,
		struct tui_area area, bool focused);
	/* Keys before the keymap (typing a value); NULL for none. */
	unsigned (*key)(struct tui *tui, void *self, const struct tui_record *rec, int key);
	/* An action while focused; TUI_UNHANDLED passes it to the screen. */
	unsigned (*action)(struct tui *tui, void *self, const struct tui_record *rec,
		enum tui_action action);
	/* Status-line hints while focused (see tui_hint); NULL for none. */
	void (*hints)(void *self, const struct tui_record *rec, struct strbuf *out);
	/* What is selected, for the screen's target() (a session in a list). */
	bool (*target)(void *self, const struct tui_record *rec, struct tui_target *out);
	void (*destroy)(void *self);
};

#define TUI_SECTIONS_MAX 10

struct tui_sections {
	const struct tui_section_ops *const *ops; /* the screen's table */
	size_t len;
	void *self[TUI_SECTIONS_MAX];
	int focus;                 /* index of the focused section, -1 if none */
};

/* Creates every section of table (len entries); false when out of memory
 * (whatever was made is freed). The first section that takes focus has it. */
bool sections_create(struct tui_sections *s, const struct tui_section_ops *const *table,
	size_t len);

/* Loads every section from rec, in order; stops at the first failure. */
enum dyad_error sections_load(struct tui *tui, struct tui_sections *s,
	const struct tui_record *rec, struct dyad_status *st);

/* Lays the sections out top to bottom in area (fixed ones their height,
 * fill ones what is left) and draws them. */
void sections_draw(struct tui *tui, struct tui_sections *s, const struct tui_record *rec,
	struct tui_area area);

/* Hands a key to the focused section first; TUI_UNHANDLED when it did not
 * want it. */
unsigned sections_key(struct tui *tui, struct tui_sections *s, const struct tui_record *rec,
	int key);

/* The focused section's action; NEXT_SECTION moves the focus. */
unsigned sections_action(struct tui *tui, struct tui_sections *s,
	const struct tui_record *rec, enum tui_action action);

/* The action of the section with these ops, focused or not (a key that
 * works on one panel's selection from anywhere on the screen);
 * TUI_UNHANDLED when the screen has no such section. */
unsigned sections_action_for(struct tui *tui, struct tui_sections *s,
	const struct tui_record *rec, const struct tui_section_ops *ops, enum tui_action action);

/* Appends the focused section's status-line hints. */
void sections_hints(struct tui_sections *s, const struct tui_record *rec, struct strbuf *out);

/* What the focused section has selected; false when nothing. */
bool sections_target(struct tui_sections *s, const struct tui_record *rec,
	struct tui_target *out);

/* Frees every section; s may be partly created. */
void sections_destroy(struct tui_sections *s);

/* Frees what a record holds and zeroes it. */
void tui_record_clear(struct tui_record *rec);

/* A section heading: its name, bold, marked when it has the focus, and an
 * optional note at the right ("locked", "12 sessions"). */
void section_heading(struct tui_area area, const char *name, const char *aside,
	bool focused);

/* "Fri 2026-11-21 14:30" from "2026-11-21T14:30" (out: at least 24 bytes). */
void section_format_when(const char *starts_at, char *out, size_t size);

#endif
