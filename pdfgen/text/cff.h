/* cff.h — the glyph-to-CID map of a CID-keyed CFF font program (Adobe Technical Note
 * 5176: the Top DICT's ROS and charset), which the PDF needs to reach a glyph of a
 * CIDFontType0 by its CID. HarfBuzz reads and subsets CFF but does not expose it. */
#ifndef PG_TEXT_CFF_H
#define PG_TEXT_CFF_H

#include <stddef.h>
#include <stdint.h>

/** For a CID-keyed CFF table (data, len): *cids, malloc'd, the CID of each of its
 * *n glyphs; returns 1. Returns 0, *cids NULL, for a name-keyed CFF (its glyphs are
 * reached by glyph id), and -1 for data that is not a well-formed CFF table. Reads
 * only within len. */
int pg_cff_cids(uint16_t **cids, unsigned *n, const unsigned char *data, size_t len);

#endif
