/* xlsx_lazy.h: libxlsxwriter, loaded the first time a workbook is written
 * instead of when dyad starts. Every dyad process used to load it, and
 * through it OpenSSL's libcrypto: 5,100 of the 7,200 symbol bindings made at
 * start-up (Debian builds both with immediate binding), about 1.5 ms a
 * command, though only reports write spreadsheets. progress.c includes this
 * after xlsxwriter.h: each function it calls is then reached through a
 * table that xlsx_lazy_load() fills. */
#ifndef DYAD_REPORTS_XLSX_LAZY_H
#define DYAD_REPORTS_XLSX_LAZY_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#define XLSX_LAZY_FUNCTIONS(X) \
	X(chart_add_series) \
	X(chart_axis_get) \
	X(chart_axis_set_max) \
	X(chart_axis_set_min) \
	X(chart_axis_set_num_format) \
	X(chart_legend_set_position) \
	X(chart_series_set_categories) \
	X(chart_series_set_fill) \
	X(chart_series_set_line) \
	X(chart_series_set_marker_fill) \
	X(chart_series_set_marker_line) \
	X(chart_series_set_marker_size) \
	X(chart_series_set_marker_type) \
	X(chart_series_set_name_range) \
	X(chart_series_set_values) \
	X(chart_show_blanks_as) \
	X(chart_title_set_name) \
	X(chart_title_set_name_range) \
	X(format_set_align) \
	X(format_set_bg_color) \
	X(format_set_bold) \
	X(format_set_bottom) \
	X(format_set_font_color) \
	X(format_set_font_size) \
	X(format_set_indent) \
	X(format_set_italic) \
	X(format_set_num_format) \
	X(format_set_text_wrap) \
	X(lxw_strerror) \
	X(workbook_add_chart) \
	X(workbook_add_format) \
	X(workbook_add_worksheet) \
	X(workbook_close) \
	X(workbook_new_opt) \
	X(workbook_set_properties) \
	X(worksheet_autofilter) \
	X(worksheet_fit_to_pages) \
	X(worksheet_freeze_panes) \
	X(worksheet_hide) \
	X(worksheet_insert_chart_opt) \
	X(worksheet_merge_range) \
	X(worksheet_repeat_columns) \
	X(worksheet_repeat_rows) \
	X(worksheet_set_column) \
	X(worksheet_set_footer) \
	X(worksheet_set_landscape) \
	X(worksheet_set_print_scale) \
	X(worksheet_set_row) \
	X(worksheet_write_blank) \
	X(worksheet_write_datetime) \
	X(worksheet_write_number) \
	X(worksheet_write_string)

struct xlsx_lazy {
#define XLSX_LAZY_FIELD(name) __typeof__(&name) name;
	XLSX_LAZY_FUNCTIONS(XLSX_LAZY_FIELD)
#undef XLSX_LAZY_FIELD
};

extern struct xlsx_lazy xlsx_lazy;

/* Loads the library and every function above, once; later calls return at
 * once. False, with why (size bytes) saying what is missing, when it cannot
 * be loaded: then none of the functions may be called. */
bool xlsx_lazy_load(char *why, size_t size);

#ifndef XLSX_LAZY_DEFINE
#define chart_add_series (xlsx_lazy.chart_add_series)
#define chart_axis_get (xlsx_lazy.chart_axis_get)
#define chart_axis_set_max (xlsx_lazy.chart_axis_set_max)
#define chart_axis_set_min (xlsx_lazy.chart_axis_set_min)
#define chart_axis_set_num_format (xlsx_lazy.chart_axis_set_num_format)
#define chart_legend_set_position (xlsx_lazy.chart_legend_set_position)
#define chart_series_set_categories (xlsx_lazy.chart_series_set_categories)
#define chart_series_set_fill (xlsx_lazy.chart_series_set_fill)
#define chart_series_set_line (xlsx_lazy.chart_series_set_line)
#define chart_series_set_marker_fill (xlsx_lazy.chart_series_set_marker_fill)
#define chart_series_set_marker_line (xlsx_lazy.chart_series_set_marker_line)
#define chart_series_set_marker_size (xlsx_lazy.chart_series_set_marker_size)
#define chart_series_set_marker_type (xlsx_lazy.chart_series_set_marker_type)
#define chart_series_set_name_range (xlsx_lazy.chart_series_set_name_range)
#define chart_series_set_values (xlsx_lazy.chart_series_set_values)
#define chart_show_blanks_as (xlsx_lazy.chart_show_blanks_as)
#define chart_title_set_name (xlsx_lazy.chart_title_set_name)
#define chart_title_set_name_range (xlsx_lazy.chart_title_set_name_range)
#define format_set_align (xlsx_lazy.format_set_align)
#define format_set_bg_color (xlsx_lazy.format_set_bg_color)
#define format_set_bold (xlsx_lazy.format_set_bold)
#define format_set_bottom (xlsx_lazy.format_set_bottom)
#define format_set_font_color (xlsx_lazy.format_set_font_color)
#define format_set_font_size (xlsx_lazy.format_set_font_size)
#define format_set_indent (xlsx_lazy.format_set_indent)
#define format_set_italic (xlsx_lazy.format_set_italic)
#define format_set_num_format (xlsx_lazy.format_set_num_format)
#define format_set_text_wrap (xlsx_lazy.format_set_text_wrap)
#define lxw_strerror (xlsx_lazy.lxw_strerror)
#define workbook_add_chart (xlsx_lazy.workbook_add_chart)
#define workbook_add_format (xlsx_lazy.workbook_add_format)
#define workbook_add_worksheet (xlsx_lazy.workbook_add_worksheet)
#define workbook_close (xlsx_lazy.workbook_close)
#define workbook_new_opt (xlsx_lazy.workbook_new_opt)
#define workbook_set_properties (xlsx_lazy.workbook_set_properties)
#define worksheet_autofilter (xlsx_lazy.worksheet_autofilter)
#define worksheet_fit_to_pages (xlsx_lazy.worksheet_fit_to_pages)
#define worksheet_freeze_panes (xlsx_lazy.worksheet_freeze_panes)
#define worksheet_hide (xlsx_lazy.worksheet_hide)
#define worksheet_insert_chart_opt (xlsx_lazy.worksheet_insert_chart_opt)
#define worksheet_merge_range (xlsx_lazy.worksheet_merge_range)
#define worksheet_repeat_columns (xlsx_lazy.worksheet_repeat_columns)
#define worksheet_repeat_rows (xlsx_lazy.worksheet_repeat_rows)
#define worksheet_set_column (xlsx_lazy.worksheet_set_column)
#define worksheet_set_footer (xlsx_lazy.worksheet_set_footer)
#define worksheet_set_landscape (xlsx_lazy.worksheet_set_landscape)
#define worksheet_set_print_scale (xlsx_lazy.worksheet_set_print_scale)
#define worksheet_set_row (xlsx_lazy.worksheet_set_row)
#define worksheet_write_blank (xlsx_lazy.worksheet_write_blank)
#define worksheet_write_datetime (xlsx_lazy.worksheet_write_datetime)
#define worksheet_write_number (xlsx_lazy.worksheet_write_number)
#define worksheet_write_string (xlsx_lazy.worksheet_write_string)
#endif

#endif
