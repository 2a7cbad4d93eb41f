/* font_lean.h: a copy of a TrueType font holding only what a PDF embeds.
 *
 * libharu embeds a TrueType font by reading the whole file into memory and
 * copying thirteen of its tables into the PDF (the glyph outlines cut down
 * to the glyphs used). DejaVu Sans is 760 KB, of which libharu never
 * embeds 65 KB (layout and kerning tables), and 62 KB of the tables it
 * does embed are glyph names (the post table), which no PDF reader needs:
 * text is mapped through the cmap. The lean copy keeps the thirteen tables,
 * with post reduced to its 32-byte header (format 3, no names), so a
 * handout reads a sixth less font and its embedded fonts are 40% smaller. Outlines, metrics, hinting
 * and the character map are the font's own bytes, unchanged: the page
 * looks the same.
 *
 * The copy is kept in a cache folder, named after the source file's path
 * and the glyphs kept, then its device, inode, size and modification time,
 * so an upgraded font makes a new copy, and the old one is removed then. It is written to a temporary file and renamed, so a second
 * dyad, or one killed half-way, never leaves a partial copy under the
 * final name; a damaged copy is found by its table directory and made
 * again. */
#ifndef DYAD_REPORTS_FONT_LEAN_H
#define DYAD_REPORTS_FONT_LEAN_H

#include <stddef.h>
#include <stdint.h>

/* The path to load for the TrueType font at src: a lean copy in cache_dir
 * (an existing folder; made there now if missing or damaged), or src itself
 * whenever no copy can be had: cache_dir NULL or not writable, a font this
 * code does not understand (OpenType CFF, a missing table, tables that
 * disagree), out of memory. Of a collection (.ttc), its first face. Never fails and never changes src:
 * the copy only saves time. The returned pointer is src or out (size bytes).
 *
 * cps NULL keeps every glyph. Otherwise the copy keeps only the glyphs of
 * the ncps code points cps (and .notdef, and the glyphs composites are
 * built from), renumbered, with a character map of just those: a handout
 * written entirely in Windows-1252 needs about 250 of DejaVu Sans's 6,000
 * glyphs, and libharu's work grows with the glyph count. Each code point
 * set has its own copy. */
const char *font_lean_path(const char *src, const char *cache_dir, const uint32_t *cps,
	size_t ncps, char *out, size_t size);

/* font_lean_path for face `index` of src, which may be a collection
 * (.ttc): the copy is then a single font, which libharu reads whole (it
 * loses the parts of composite glyphs when it embeds from a collection).
 * Returns src itself when no copy can be had. */
const char *font_lean_face_path(const char *src, int index, const char *cache_dir,
	const uint32_t *cps, size_t ncps, char *out, size_t size);

/* Builds the lean form of the font in font[0..len) (cps, ncps as above)
 * into a new buffer (caller frees) and sets *lean_len. NULL when the font
 * cannot be made lean (see font_lean_path) or memory runs out. For the
 * tests and the fuzzer. */
unsigned char *font_lean_build(const unsigned char *font, size_t len, const uint32_t *cps,
	size_t ncps, size_t *lean_len);

/* Whether buf[0..len) is a whole TrueType file: a table directory whose
 * tables all lie inside it and which ends where its last table ends. */
int font_lean_whole(const unsigned char *buf, size_t len);

#endif
