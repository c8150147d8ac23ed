#include "czlib.h"

int memline_inflate_init(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
