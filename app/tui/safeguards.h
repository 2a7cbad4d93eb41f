/* safeguards.h: the interface's share of keeping records safe: the
 * lock after a while without a key, the reminder when the last backup is
 * old, and an audit entry for each couple's or session's record opened. */
#ifndef DYAD_TUI_SAFEGUARDS_H
#define DYAD_TUI_SAFEGUARDS_H

#include "app/tui/screen.h"

#define TUI_LOCK_DEFAULT_MINUTES 10.0
#define TUI_BACKUP_REMINDER_DAYS 7

/* Minutes without a key before the lock screen: $DYAD_LOCK_MINUTES (a
 * number; 0 turns the lock off), else TUI_LOCK_DEFAULT_MINUTES. */
double tui_lock_minutes(void);

/* The hooks, listed in tui_hooks[] (global.c). */
void tui_safeguards_started(struct tui *tui);
void tui_safeguards_opened(struct tui *tui, const struct tui_target *what);
unsigned tui_safeguards_tick(struct tui *tui, double idle_seconds);

#endif
