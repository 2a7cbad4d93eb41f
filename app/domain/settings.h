/* settings.h: the practice settings handouts use (practice and clinician
 * names, contact line, paper, font), and the rules for each. */
#ifndef DYAD_DOMAIN_SETTINGS_H
#define DYAD_DOMAIN_SETTINGS_H

#include "app/core/error.h"
#include "app/store/db.h"

/* notes.sign_within_days: a draft may wait 1..this many days; unset means
 * NOTES_SIGN_WITHIN_DEFAULT (domain/agenda.h reads it). */
#define NOTES_SIGN_WITHIN_MAX 365
#define NOTES_SIGN_WITHIN_DEFAULT 3

struct setting_def {
	const char *key;
	const char *summary;   /* one line for `dyad config list` */
};

/* The keys dyad knows, in display order; NULL-terminated by key. */
extern const struct setting_def homework_settings[];

/* Checks value for key and stores it; "" removes the setting. An unknown
 * key or a bad value is refused (DYAD_ERR_INVALID) naming the key. paper is
 * stored in lowercase. */
enum dyad_error homework_setting_set(struct store *store, const char *key, const char *value,
	struct dyad_status *st);

#endif
