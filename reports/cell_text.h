/* cell_text.h: turning any text into what a spreadsheet cell may hold:
 * valid UTF-8, no character XML forbids, Excel's "_xHHHH_" escapes defused,
 * and pieces that fit a cell. Used by the XLSX writers of reports/. */
#ifndef DYAD_REPORTS_CELL_TEXT_H
#define DYAD_REPORTS_CELL_TEXT_H

#include <stddef.h>

/* The most characters (UTF-16 code units, as Excel counts them) a cell holds. */
#define CELL_TEXT_MAX 32767

/* A cleaned heap copy of s (NULL is taken as ""): invalid UTF-8 becomes
 * U+FFFD; control characters other than tab, line feed and carriage return,
 * and U+FFFE / U+FFFF, are removed (XML 1.0 cannot carry them); and the "_"
 * that opens a "_xHHHH_" sequence is written as "_x005F_", so Excel and
 * LibreOffice show the sequence literally instead of decoding it.
 * *units (if not NULL) receives the length in UTF-16 code units.
 * Returns NULL only when out of memory. */
char *cell_text_clean(const char *s, size_t *units);

/* The byte length of the longest prefix of clean text s (n bytes) that
 * holds at most max_units UTF-16 code units, ending on a character
 * boundary, and never inside a "_x005F_" escape. When the whole text does
 * not fit, a break after a space or line feed within the last 200 units is
 * preferred, so words are not split. */
size_t cell_text_prefix(const char *s, size_t n, size_t max_units);

/* UTF-16 code units in the first n bytes of clean text s. */
size_t cell_text_units(const char *s, size_t n);

#endif
