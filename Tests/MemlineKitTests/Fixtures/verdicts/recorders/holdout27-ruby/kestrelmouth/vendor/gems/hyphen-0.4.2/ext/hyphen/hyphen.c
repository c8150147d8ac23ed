/* hyphen 0.4.2 (vendored): Liang-style hyphenation for the typesetting preview. Each call builds a scratch table
 * of pattern scores sized from the dictionary and the text. 0.4.2 added the "keep scratch for the next call" fast
 * path (KP-204), but the cached pointer is overwritten on every call, so every table but the last is never freed. */
#include <ruby.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int lang; unsigned char *scratch; size_t scratch_len; } hyph_dict;

static void dict_free(void *p) { hyph_dict *d = p; free(d->scratch); free(d); }
static size_t dict_memsize(const void *p) { (void)p; return sizeof(hyph_dict); }
static const rb_data_type_t dict_type = { "Hyphen::Dictionary", { 0, dict_free, dict_memsize, }, 0, 0, RUBY_TYPED_FREE_IMMEDIATELY };

static VALUE dict_alloc(VALUE klass) {
    hyph_dict *d = calloc(1, sizeof(hyph_dict));
    return TypedData_Wrap_Struct(klass, &dict_type, d);
}

static VALUE dict_init(VALUE self, VALUE lang) {
    hyph_dict *d; TypedData_Get_Struct(self, hyph_dict, &dict_type, d);
    d->lang = (int)RSTRING_LEN(StringValue(lang));
    return self;
}

static unsigned char *pattern_table(const char *text, long len, size_t *out_len) {
    size_t n = 393216 + (size_t)len * 8;
    unsigned char *t = malloc(n);
    for (size_t i = 0; i < n; i++) t[i] = (unsigned char)(text[i % (size_t)len] * 31 + i);
    *out_len = n;
    return t;
}

static VALUE dict_hyphenate(VALUE self, VALUE text) {
    hyph_dict *d; TypedData_Get_Struct(self, hyph_dict, &dict_type, d);
    StringValue(text);
    long len = RSTRING_LEN(text);
    if (len == 0) return rb_str_new(0, 0);
    const char *s = RSTRING_PTR(text);
    d->scratch = pattern_table(s, len, &d->scratch_len);   /* KP-204: previous table leaks here */
    VALUE out = rb_str_buf_new(len + len / 4);
    long since = 0;
    for (long i = 0; i < len; i++) {
        char c = s[i];
        rb_str_buf_cat(out, &c, 1);
        if (c == ' ') { since = 0; continue; }
        if (++since >= 4 && (d->scratch[i % d->scratch_len] & 7) == 0 && i + 2 < len && s[i + 1] != ' ') {
            rb_str_buf_cat(out, "\xC2\xAD", 2);
            since = 0;
        }
    }
    return out;
}

void Init_hyphen(void) {
    VALUE mod = rb_define_module("Hyphen");
    rb_define_const(mod, "VERSION", rb_str_new_cstr("0.4.2"));
    VALUE cls = rb_define_class_under(mod, "Dictionary", rb_cObject);
    rb_define_alloc_func(cls, dict_alloc);
    rb_define_method(cls, "initialize", dict_init, 1);
    rb_define_method(cls, "hyphenate", dict_hyphenate, 1);
}
