/* text_shape.h: text in the order and the letter forms a PDF draws it in.
 *
 * libharu draws the characters of a string left to right, one glyph each,
 * as they come. That is right for Latin, Greek, Cyrillic, Chinese, Japanese
 * and Korean. Hebrew and Arabic are written right to left, so their runs
 * must be reversed first (the Unicode bidirectional algorithm, by FriBidi),
 * and Arabic letters join: each takes an initial, medial, final or
 * isolated form, which FriBidi picks from Arabic Presentation Forms-B.
 * Indic scripts (Devanagari and its relatives), Tibetan, Myanmar and
 * Khmer need glyph substitution and reordering from the font's own tables
 * (OpenType shaping), which neither libharu nor this code does: such text
 * is found here so the handout can refuse it instead of printing it
 * wrongly. */
#ifndef DYAD_REPORTS_TEXT_SHAPE_H
#define DYAD_REPORTS_TEXT_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether s[0..n) (UTF-8) holds a right-to-left character or a direction
 * control, so text_shape_visual would change it. */
bool text_shape_needs_bidi(const char *s, size_t n);

/* s[0..n), one line of UTF-8 in a left-to-right document, in the order it
 * is drawn: right-to-left runs reversed, Arabic letters in their joining
 * forms (lam-alef as its ligature), direction controls dropped; an
 * invalid byte becomes U+FFFD. Written NUL-terminated into *buf (grown
 * with realloc as needed; the caller frees it), its length in *len.
 * Returns 0, or -1 when memory runs out (*buf is then still the caller's
 * to free). */
int text_shape_visual(const char *s, size_t n, char **buf, size_t *cap, size_t *len);

/* The letters an Arabic presentation form (U+FB50..U+FBFF, U+FE70..U+FEFC)
 * stands for, into out: 1, or 2 for a ligature (lam-alef); 0 when cp is
 * not one. For a PDF's ToUnicode map, so the text copied from a page is
 * the letters that were written. */
size_t text_shape_nominal(uint32_t cp, uint32_t out[2]);

/* The name of the script of the first character in s[0..n) that needs
 * shaping this code cannot do ("Devanagari"), or NULL when every
 * character can be drawn as it is (after text_shape_visual). Out of
 * memory counts as no problem: the caller's own text_shape_visual call
 * then fails. */
const char *text_shape_unsupported(const char *s, size_t n);

#endif
