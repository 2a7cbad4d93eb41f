/* report.h: progress reports from the records: gathers a couple's (or the
 * whole caseload's) figures into reports/progress.h's plain structs and has
 * them written as XLSX, atomically and privately. Shared by the command
 * line and the interface.
 *
 * output/ sits between domain/ and the front ends: it fills the reports
 * library's plain structs from the records and hands them over; reports/
 * never calls back or queries, so data still flows one way. */
#ifndef DYAD_OUTPUT_REPORT_H
#define DYAD_OUTPUT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* Writes couple_id's progress report to path (which must end in .xlsx):
 * a private temporary file beside it, renamed into place when complete,
 * mode 0600; a symbolic link or a non-regular file at path is refused.
 * Note text is included only when include_notes. On error nothing is left
 * at path that was not there before, and st says why. */
enum dyad_error report_write_couple(struct store *store, int64_t couple_id,
	const char *path, bool include_notes, struct dyad_status *st);

/* The same, for the clinician's own file when include_private: each
 * partner's safety screenings (a Safety sheet) and, with include_notes,
 * the notes of individual sessions (one partner attending). Without it
 * those stay out, as in report_write_couple. */
enum dyad_error report_write_couple_private(struct store *store, int64_t couple_id,
	const char *path, bool include_notes, bool include_private, struct dyad_status *st);

/* Writes the caseload report (every couple, by name) the same way. */
enum dyad_error report_write_caseload(struct store *store, const char *path,
	struct dyad_status *st);

/* The default file name for a report dated today: "progress-ID-YYYY-MM-DD.xlsx",
 * or "caseload-YYYY-MM-DD.xlsx" for couple_id 0. out needs 64 bytes. */
void report_default_name(int64_t couple_id, char *out, size_t size);

/* The sentence that explains how trends and divergence are decided, as
 * shown in reports and on screen. Returns out. */
const char *report_trend_rule(char *out, size_t size);

/* How the couple report counts homework (a missing check-in is missing),
 * as one paragraph; static. */
const char *report_adherence_rule(void);

#endif
