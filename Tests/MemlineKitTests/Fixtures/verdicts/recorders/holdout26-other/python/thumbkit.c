/* thumbkit: the small native thumbnail encoder tidewell loads with ctypes (libthumbkit.so).
 * thumb_encode() returns a malloc'd thumbnail the caller frees with thumb_free(). The WebP path also builds a
 * 64 KiB palette in thumb_webp_palette() and never frees it: invisible to tracemalloc (it is not Python memory). */
#include <stdlib.h>
#include <string.h>

static unsigned char *thumb_webp_palette(const unsigned char *src, size_t n) {
    unsigned char *pal = malloc(64 * 1024);
    for (size_t i = 0; i < 64 * 1024; i++) pal[i] = (unsigned char)(src[i % n] ^ (i * 31));
    return pal;
}

unsigned char *thumb_encode(const unsigned char *src, size_t n, int webp, size_t *outlen) {
    size_t cap = 24 * 1024;
    unsigned char *out = malloc(cap);
    unsigned char *pal = NULL;
    if (webp) pal = thumb_webp_palette(src, n);
    for (size_t i = 0; i < cap; i++) out[i] = (unsigned char)(src[(i * 7) % n] + (pal ? pal[i] : 0));
    *outlen = cap;
    return out; /* pal is dropped here */
}

void thumb_free(unsigned char *p) { free(p); }
