/* model/boxes.h — what layout makes and every renderer takes: pages of positioned boxes.
 * Each box knows what it draws: the bound block (`from`) and the source place (`pos`) of
 * its text, and whether it is the block's content, a list label, or decoration and page
 * furniture, which a tagged PDF marks as artifacts. */
#ifndef PG_MODEL_BOXES_H
#define PG_MODEL_BOXES_H

#include "model/bound.h"
#include "model/lines.h"

typedef enum {
    PG_BOX_LINE,   /* a line of text; y is its baseline */
    PG_BOX_RECT,   /* filled and/or stroked rectangle; y is its top */
    PG_BOX_CIRCLE, /* circle in the square x, y, w, h */
    PG_BOX_IMAGE,  /* y is the top */
    PG_BOX_RULE,   /* horizontal line from x to x + w at y */
} pg_box_kind;

typedef enum {
    PG_PART_CONTENT,    /* the block's own text or image */
    PG_PART_LABEL,      /* a list item's label: bullet, number, step circle and number, box */
    PG_PART_DECORATION, /* a callout's or the banner's frame: drawn, not read */
    PG_PART_FURNITURE,  /* running header, footer and their rules, on every page */
} pg_box_part;

typedef struct pg_box {
    pg_box_kind kind;
    pg_box_part part;
    double x, y, w, h; /* pt, from the top-left corner of the page */
    const pg_line *line;
    const pg_image *image;
    pg_color fill, stroke;
    double stroke_width;
    const char *role;      /* a short name for dumps: "title", "p", "marker", "callout" */
    pg_pos pos;            /* the source of what it draws: a line's first character, else
                              its block's (or template's) element */
    const pg_bblock *from; /* the bound block it draws or frames; NULL for furniture */
} pg_box;

typedef struct pg_page {
    pg_box *boxes;
    int n_boxes;
    size_t cap;
} pg_page;

typedef struct pg_pages {
    double width, height;
    pg_page *pages;
    int n_pages;
    int rtl;
    const char *lang;
} pg_pages;

/** Document-wide facts every renderer gets first. */
typedef struct pg_doc_info {
    const char *title, *subject, *lang, *author, *keywords;
    long long date; /* seconds since the epoch: the creation and modification date */
    int recto;      /* each part starts on an odd (right-hand) page: blank pages between */
} pg_doc_info;

/** One laid-out handout of a document, with its bookmark (NULL: none). */
typedef struct pg_doc_part {
    const pg_pages *pages;
    const char *bookmark;
} pg_doc_part;

#endif
