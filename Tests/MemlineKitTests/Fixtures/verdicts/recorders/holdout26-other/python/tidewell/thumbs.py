"""Tile thumbnails through the native thumbkit encoder (ctypes)."""
import ctypes
import os

_lib = ctypes.CDLL(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib", "libthumbkit.so"))
_lib.thumb_encode.restype = ctypes.c_void_p
_lib.thumb_encode.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.POINTER(ctypes.c_size_t)]
_lib.thumb_free.argtypes = [ctypes.c_void_p]


def render_thumb(tile_id, fmt):
    src = (b"%08d" % tile_id) * 512
    n = ctypes.c_size_t(0)
    ptr = _lib.thumb_encode(src, len(src), 1 if fmt == "webp" else 0, ctypes.byref(n))
    try:
        return ctypes.string_at(ptr, n.value)
    finally:
        _lib.thumb_free(ptr)
