/* model/bound.h — a handout bound to one rendering, as bind makes it and layout takes
 * it: blocks of styled text spans with every value, number and label already written in
 * the handout's language, images decoded, styles resolved to fonts. */
#ifndef PG_MODEL_BOUND_H
#define PG_MODEL_BOUND_H

#include "model/content.h"

typedef struct pg_span {
    const char *text; /* UTF-8, NFC; U+2028 is a forced line break */
    unsigned flags;   /* PG_BOLD | PG_ITALIC, added to the style's; PG_VALUE */
    pg_pos pos;       /* where the text starts in its source file */
} pg_span;

/** A style's text properties with its font family resolved. */
typedef struct pg_text_style {
    int family; /* fontset family tried first, or -1 */
    double size;
    int bold, italic;
    pg_color color;
} pg_text_style;

typedef struct pg_image {
    const char *path;
    int width, height;  /* pixels */
    unsigned char *rgb; /* width * height * 3 bytes, alpha composited on white */
} pg_image;

typedef struct pg_bblock {
    pg_block_kind kind;
    int subkind; /* list: PG_LIST_*, callout: PG_CALLOUT_* */
    const char *id;
    pg_pos pos;
    const char *lang; /* BCP 47: the language the block is written in */
    int level;        /* headings: 1 the title, 2 a section heading, 3 one inside a callout */
    pg_span *spans;   /* title, h, p, item, step, banner row; img: its alternative text */
    int n_spans;
    int n_label_spans; /* banner row: the first spans are the label, then the value */
    const char *label; /* list item: its marker ("•", "3.", in the language's digits);
                          step: its number; NULL otherwise */
    const char *alt;   /* img: the alternative text */
    const pg_image *image;
    pg_span *continued; /* callout: its heading and the shared string "continued", set at
                           the top of a page the callout goes on to; NULL: none */
    int n_continued;
    const struct pg_bblock *parent; /* the enclosing block, or NULL at the top */
    int untranslated;               /* preview: the same text as the source's block of this id */
    struct pg_bblock *children, *next;
} pg_bblock;

typedef struct pg_binding {
    const pg_handout *handout;
    const pg_layout *layout;
    const pg_strings *strings;
    const char *lang;
    int rtl;
    int icu_lang;            /* ICU has locale data for lang: dates and times come from CLDR */
    const char *number_lang; /* lang as ICU formats its numbers, dates and times: with the
                                digits its shared strings ask for ("ar-u-nu-latn") */
    const char *title;       /* plain text, for the document metadata */
    const char **names;
    const char **values; /* formatted for the page: bidi-isolated, spaces kept together */
    const char **raw;    /* as given (NFC, line ends as spaces): for metadata */
    int n_values;
    int n_fixed; /* values[0, n_fixed) are built in or the layout's defaults: the same for
                    every patient; the rest were given (--set, a CSV row) */
    pg_text_style styles[PG_ST__COUNT];
    pg_bblock *blocks;
    pg_bblock *banner;   /* PG_BLK_BANNER with a PG_BLK_BANNER_ROW child per row, or NULL */
    pg_bblock *colophon; /* PG_BLK_COLOPHON with a PG_BLK_P per printed line, or NULL */
    pg_bblock *notice;   /* PG_BLK_NOTICE: a translation not yet reviewed says so on every
                            page, in its language and in English; NULL otherwise */
    int preview;         /* for translators: variables as named placeholders, marks */
} pg_binding;

typedef struct pg_setting {
    const char *name, *value; /* as given: --set NAME=VALUE or a CSV column */
    const char *where;        /* names the source in errors; NULL: "--set NAME" */
} pg_setting;

#endif
