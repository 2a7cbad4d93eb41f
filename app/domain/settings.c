/* settings.c: checking and storing the practice settings. */
#include "app/domain/settings.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/domain/alerts.h"
#include "app/domain/note_template.h"
#include "app/domain/paper.h"
#include "app/domain/validate.h"
#include "app/store/homework.h"

const struct setting_def homework_settings[] = {
	{ "practice.name", "the practice's name, at the top of every handout" },
	{ "practice.contact", "a contact line (phone, email, address) at the foot of handouts" },
	{ "clinician.name", "who signs the note on a handout (\"A note from ...\")" },
	{ "practice.crisis_line", "who to call when someone is afraid or unsafe (a hotline, the "
		"practice's emergency number), printed on handouts about conflict" },
	{ "paper", "letter or a4, for handouts (else $PAPERSIZE, /etc/papersize, letter)" },
	{ "handout.font", "a TrueType file for handouts (else DejaVu Sans via fontconfig)" },
	{ "notes.sign_within_days", "days a draft note may wait for its signature before Today "
		"and the agenda flag it (else 3)" },
	{ ALERT_FELT_SAFETY_SETTING, "a felt-safety score or safety rating at or below this "
		"(0 to 10) raises a clinician-only alert on the couple (else 3)" },
	{ NOTE_TEMPLATE_SETTING, "the template an empty note starts from: dap, soap, birp, couples "
		"or one of your own" },
	{ NULL, NULL },
};

enum dyad_error homework_setting_set(struct store *store, const char *key, const char *value,
	struct dyad_status *st)
{
	const struct setting_def *def = NULL;
	for (const struct setting_def *d = homework_settings; d->key; d++)
		if (key != NULL && strcmp(d->key, key) == 0)
			def = d;
	char q[200];
	if (def == NULL)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"key: '%s' is not a setting (practice.name, practice.contact, clinician.name, "
			"practice.crisis_line, paper, handout.font, notes.sign_within_days, "
			"alerts.felt_safety_at_or_below or notes.template)",
			validate_quote(key ? key : "", q, sizeof q));
	if (value == NULL || value[0] == '\0')
		return settings_put(store, def->key, NULL, st);
	enum dyad_error rc;
	if (strcmp(def->key, "paper") == 0) {
		enum paper paper;
		if (!paper_parse(value, &paper))
			return dyad_fail(st, DYAD_ERR_INVALID, "paper: must be letter or a4 (got '%s')",
				validate_quote(value, q, sizeof q));
		return settings_put(store, def->key, paper_name(paper), st);
	}
	if (strcmp(def->key, NOTE_TEMPLATE_SETTING) == 0) {
		if ((rc = note_template_check(def->key, value, st)) != DYAD_OK)
			return rc;
		return settings_put(store, def->key, value, st);
	}
	if (strcmp(def->key, "notes.sign_within_days") == 0) {
		long long days;
		if ((rc = validate_int(def->key, value, 1, NOTES_SIGN_WITHIN_MAX, &days, st)) != DYAD_OK)
			return rc;
		char text[24];
		snprintf(text, sizeof text, "%lld", days);
		return settings_put(store, def->key, text, st);
	}
	if (strcmp(def->key, ALERT_FELT_SAFETY_SETTING) == 0) {
		int threshold;
		if ((rc = alerts_threshold_parse(def->key, value, &threshold, st)) != DYAD_OK)
			return rc;
		char text[24];
		snprintf(text, sizeof text, "%d", threshold);
		return settings_put(store, def->key, text, st);
	}
	if (strcmp(def->key, "handout.font") == 0) {
		struct stat sb;
		if ((rc = validate_name(def->key, value, st)) != DYAD_OK)
			return rc;
		if (value[0] != '/')
			return dyad_fail(st, DYAD_ERR_INVALID,
				"handout.font: give the font file's full path, starting with / (got '%s')",
				validate_quote(value, q, sizeof q));
		if (stat(value, &sb) != 0 || !S_ISREG(sb.st_mode) || access(value, R_OK) != 0)
			return dyad_fail(st, DYAD_ERR_INVALID, "handout.font: '%s' is not a readable file",
				validate_quote(value, q, sizeof q));
		return settings_put(store, def->key, value, st);
	}
	if ((rc = validate_name(def->key, value, st)) != DYAD_OK)
		return rc;
	return settings_put(store, def->key, value, st);
}
