/* model/content.h — what the loader builds and every later stage reads: handout content
 * (blocks of inline runs), shared strings, layout definitions and font configuration.
 * Plain data in one arena; every node carries its source place. */
#ifndef PG_MODEL_CONTENT_H
#define PG_MODEL_CONTENT_H

#include <stddef.h>

typedef struct pg_pos {
    const char *file;
    int line, col;
} pg_pos;

/* ---- inline content ---------------------------------------------------------------- */

typedef enum {
    PG_IN_TEXT,   /* text: UTF-8, NFC, XML whitespace runs collapsed to one space */
    PG_IN_VAR,    /* text: variable name */
    PG_IN_BR,     /* forced line break */
    PG_IN_STRING, /* text: id of a shared string (layouts only) */
    PG_IN_TITLE,  /* the handout title (layouts only) */
} pg_inline_kind;

/* PG_VALUE marks a bound span holding a variable's value: text that changes from
 * patient to patient, which the PDF renderer codes after the rest (render/pdf_font.c). */
enum { PG_BOLD = 1, PG_ITALIC = 2, PG_VALUE = 4 };

typedef struct pg_inline {
    pg_inline_kind kind;
    unsigned flags; /* PG_BOLD | PG_ITALIC */
    const char *text;
    pg_pos pos;
    struct pg_inline *next;
} pg_inline;

/* ---- handout content --------------------------------------------------------------- */

typedef enum {
    PG_BLK_TITLE,
    PG_BLK_SECTION,
    PG_BLK_H,
    PG_BLK_P,
    PG_BLK_LIST,
    PG_BLK_ITEM,
    PG_BLK_STEPS,
    PG_BLK_STEP,
    PG_BLK_CHECKLIST,
    PG_BLK_CALLOUT,
    PG_BLK_IMG,
    PG_BLK_TABLE,
    PG_BLK_ROW,        /* a table row; the first is the header row */
    PG_BLK_CELL,       /* subkind PG_CELL_HEAD (th) or PG_CELL_DATA (td); no inlines: a
                          cell to fill in by hand */
    PG_BLK_NOTES,      /* subkind: the number of ruled lines to write on */
    PG_BLK_BANNER,     /* bound blocks only: the layout's "Prepared for" banner */
    PG_BLK_BANNER_ROW, /* bound blocks only: one label and value of the banner */
    PG_BLK_NOTICE,     /* bound blocks only: "draft translation" on every page */
    PG_BLK_COLOPHON,   /* bound blocks only: the layout's closing lines (the interpreter
                          notice, the version and review date), a PG_BLK_P per line */
} pg_block_kind;

enum { PG_LIST_BULLET, PG_LIST_NUMBER };
enum { PG_CALLOUT_URGENT, PG_CALLOUT_WARNING, PG_CALLOUT_INFO };
enum { PG_CELL_HEAD, PG_CELL_DATA };

typedef struct pg_block {
    pg_block_kind kind;
    const char *id;  /* rows and empty cells, which have none in the file, get
                        "TABLE#rN" and "TABLE#rN.cM" ('#' is no id character) */
    int implicit_id; /* the id is made up, not written in the file */
    pg_pos pos;
    int subkind;             /* list: PG_LIST_*, callout: PG_CALLOUT_*, cell: PG_CELL_*,
                                notes: its lines */
    pg_inline *inlines;      /* title, h, p, item, step, cell (NULL: an empty cell) */
    const char *src;         /* img: path as written */
    const char *alt;         /* img: alternative text, NFC */
    const char *source_hash; /* translation: pg_block_hash of the source block it was
                                translated from (16 hex digits), or NULL */
    struct pg_block *children, *next;
} pg_block;

typedef enum { PG_VAR_TEXT, PG_VAR_DATE, PG_VAR_TIME } pg_var_type;

typedef enum { PG_REVIEW_DRAFT, PG_REVIEW_REVIEWED } pg_review_status;

/** A translation's metadata: who made it, when, and whether a qualified medical
 * translator has signed it off. */
typedef struct pg_translation {
    const char *by;   /* a person, an agency or a machine, as written */
    const char *kind; /* "person", "agency" or "machine" */
    const char *date; /* YYYY-MM-DD */
    const char *note; /* the element's text, or "" */
    pg_review_status status;
    const char *reviewer, *review_date; /* set when reviewed */
    pg_pos pos;
} pg_translation;

typedef struct pg_var_decl {
    const char *name;
    pg_var_type type;
    int write_in; /* with no value, a line to write it on by hand */
    pg_pos pos;
    struct pg_var_decl *next;
} pg_var_decl;

typedef struct pg_handout {
    const char *path; /* as given */
    const char *dir;  /* directory of the file, for images */
    const char *root; /* the content tree: images may not leave it */
    const char *id, *lang;
    int version, source_version; /* source_version 0 for the source itself */
    const char *reviewed, *subject;
    const char *source_reviewed;       /* a translation: the day its source was last reviewed
                                          (what its text says), or NULL */
    const pg_translation *translation; /* a translation's metadata; NULL for the source,
                                          and for a translation that lacks it (a draft) */
    pg_var_decl *vars;                 /* declared by the source */
    pg_block *blocks;
    pg_pos pos;
} pg_handout;

/* ---- shared strings (content/common/<lang>.xml) ------------------------------------ */

typedef struct pg_string {
    const char *id;
    pg_inline *inlines;
    pg_pos pos;
    struct pg_string *next;
} pg_string;

typedef struct pg_strings {
    const char *path, *lang;
    pg_string *list;
} pg_strings;

/* ---- layout definitions ------------------------------------------------------------ */

typedef struct pg_color {
    double r, g, b;
    int set;
} pg_color;

typedef enum {
    PG_ST_BODY,
    PG_ST_TITLE,
    PG_ST_H,
    PG_ST_P,
    PG_ST_LIST,
    PG_ST_STEPS,
    PG_ST_CHECKLIST,
    PG_ST_CALLOUT_URGENT,
    PG_ST_CALLOUT_WARNING,
    PG_ST_CALLOUT_INFO,
    PG_ST_IMG,
    PG_ST_CAPTION,
    PG_ST_HEADER,
    PG_ST_FOOTER,
    PG_ST_BANNER,
    PG_ST_TABLE,
    PG_ST_NOTES,
    PG_ST_COLOPHON,
    PG_ST__COUNT
} pg_style_id;

/** The style names as written in layouts, indexed by pg_style_id. */
extern const char *const pg_style_names[PG_ST__COUNT];

typedef struct pg_style {
    const char *family; /* a family of fonts.xml tried first for every script */
    pg_pos family_pos;  /* where the family was named, for errors */
    pg_pos pos;         /* the <style> element that set it last (the layout's root if none) */
    double size;        /* pt */
    int bold, italic;
    double line_height; /* multiple of size */
    pg_color color;
    double space_before, space_after; /* pt */
    double indent;      /* lists, steps, checklists: text column from the marker edge */
    double item_space;  /* between items */
    const char *marker; /* bullet list marker */
    double box_size;    /* checklist box side, steps number size */
    pg_color fill, border;
    double border_width, padding;
    pg_color heading_fill, heading_color; /* callouts: a band behind the heading, and its
                                             text's color on it (a reversed heading) */
    double max_height;                    /* images: as a fraction of the body height */
} pg_style;

typedef enum { PG_SLOT_START, PG_SLOT_CENTER, PG_SLOT_END } pg_slot;

typedef struct pg_template {
    pg_inline *slot[3]; /* start, center, end (mirrored on right-to-left pages) */
    int rule;           /* draw a thin rule between it and the body */
} pg_template;

typedef struct pg_banner_row {
    pg_inline *label, *value;
    struct pg_banner_row *next;
} pg_banner_row;

typedef struct pg_default {
    const char *name, *value;
    struct pg_default *next;
} pg_default;

typedef struct pg_layout {
    const char *path, *id;
    pg_pos pos;            /* the <page> element */
    double page_w, page_h; /* pt */
    double margin_top, margin_bottom, margin_left, margin_right;
    int duplex, max_pages;
    int emphasis_bold; /* <em> is set in bold, not italic (large print) */
    pg_style styles[PG_ST__COUNT];
    pg_template header, footer;
    pg_banner_row *banner;
    pg_inline **colophon; /* lines printed after the handout's last block */
    int n_colophon;
    pg_default *defaults;
} pg_layout;

/* ---- font configuration (fonts/fonts.xml) ------------------------------------------ */

typedef struct pg_face_spec {
    int bold, italic;
    const char *pattern; /* fontconfig pattern, e.g. "Noto Sans:style=Bold" */
    const char *package; /* Debian package that provides it, for the error message */
    pg_pos pos;
    struct pg_face_spec *next;
} pg_face_spec;

typedef struct pg_family_spec {
    const char *name;
    pg_face_spec *faces;
    pg_pos pos;
    struct pg_family_spec *next;
} pg_family_spec;

typedef struct pg_chain_spec {
    const char *script; /* ISO 15924 code (Latn, Arab, ...) or "default" */
    const char *lang;   /* a language the chain is for (its primary subtag), or NULL */
    const char **families;
    int n_families;
    pg_pos pos;
    struct pg_chain_spec *next;
} pg_chain_spec;

typedef struct pg_fonts_spec {
    const char *path;
    pg_family_spec *families;
    pg_chain_spec *chains;
} pg_fonts_spec;

#endif
