/* sparkline.h: Excel sparklines added to a finished XLSX file. libxlsxwriter
 * (1.1.4, Debian 12) cannot write them, so the workbook it wrote is copied,
 * entry by entry with minizip, and one worksheet gains the x14 extension
 * block that holds the sparkline groups (Excel 2010 and later, LibreOffice
 * 7.4 and later draw them; other readers ignore it). Only reports/ sees
 * minizip. */
#ifndef DYAD_REPORTS_SPARKLINE_H
#define DYAD_REPORTS_SPARKLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One line: drawn in cell (row, col) of the worksheet, from the numbers in
 * columns data_first..data_last of row data_row of the data sheet. Rows and
 * columns count from 0. */
struct sparkline {
	uint32_t row, data_row;
	uint16_t col, data_first, data_last;
};

/* Lines drawn alike: a colour (0xRRGGBB) for the line and its markers, one
 * for the latest point, and, when has_range, a vertical axis fixed to
 * min..max so that lines of different rows compare (otherwise each line
 * spans its own lowest to highest value). */
struct sparkline_group {
	uint32_t colour, last_colour;
	bool has_range;
	double min, max;
	const struct sparkline *lines;
	size_t len;
};

/* Copies the XLSX file at from to the file at to, every entry unchanged
 * except the worksheet entry named sheet ("xl/worksheets/sheet1.xml"),
 * which gains the groups' sparklines as its last element; their numbers
 * are read from the sheet named data_sheet. Groups without lines are left
 * out; with none at all the copy is unchanged. to is opened by name and
 * truncated, so a file already there keeps its identity and mode. Returns
 * 0, or -1 with why filled (one sentence, with errno's words when a read or
 * write failed); to may then hold part of a workbook, for the caller to
 * remove. */
int sparklines_add(const char *from, const char *to, const char *sheet, const char *data_sheet,
	const struct sparkline_group *groups, size_t groups_len, char *why, size_t why_size);

#endif
