#ifndef MEMLINE_CZLIB_H
#define MEMLINE_CZLIB_H
#include <zlib.h>

/// Initialises `stream` for gzip or zlib input (window bits 15 + 32 auto-detects the header).
int memline_inflate_init(z_stream *stream);

#endif
