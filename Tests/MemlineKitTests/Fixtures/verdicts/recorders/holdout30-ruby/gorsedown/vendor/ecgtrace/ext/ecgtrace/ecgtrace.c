/* ecgtrace 0.4.2: renders a 12-lead ECG strip (filtered samples -> greyscale raster). Vendored in
 * vendor/ecgtrace by GD-330. The filter works in a malloc'd buffer of doubles (band-pass over every lead).
 * When the strip carries annotations (pacing spikes, clinician marks) the annotation layer is drawn and the
 * function returns early, without freeing the filter buffer. */
#include <ruby.h>
#include <stdlib.h>
#include <string.h>

#define LEADS 12

static double *ecg_filter_leads(const unsigned char *raw, long n, long per_lead)
{
    double *buf = malloc(sizeof(double) * LEADS * per_lead);
    long i;
    if (!buf) return NULL;
    for (i = 0; i < LEADS * per_lead; i++) {
        double v = raw[i % n] / 255.0;
        buf[i] = (i > 0 ? 0.8 * buf[i - 1] : 0.0) + 0.2 * v;
    }
    return buf;
}

static VALUE ecg_render_strip(VALUE self, VALUE samples, VALUE annotations)
{
    long n, per_lead, i;
    double *buf;
    VALUE out;
    StringValue(samples);
    n = RSTRING_LEN(samples);
    if (n == 0) rb_raise(rb_eArgError, "empty strip");
    per_lead = 2500;                                  /* 10 s at 250 Hz */
    buf = ecg_filter_leads((const unsigned char *)RSTRING_PTR(samples), n, per_lead);
    if (!buf) rb_raise(rb_eNoMemError, "ecg filter buffer");
    out = rb_str_new(NULL, 1200);
    for (i = 0; i < 1200; i++)
        RSTRING_PTR(out)[i] = (char)(buf[(i * 25) % (LEADS * per_lead)] * 255.0);
    if (RTEST(annotations) && RARRAY_LEN(annotations) > 0) {
        for (i = 0; i < RARRAY_LEN(annotations) && i < 1200; i++)
            RSTRING_PTR(out)[i] |= 0x80;              /* annotation layer */
        return out;                                   /* buf is not freed on this path */
    }
    free(buf);
    return out;
}

void Init_ecgtrace(void)
{
    VALUE m = rb_define_module("EcgTrace");
    rb_define_module_function(m, "render_strip", ecg_render_strip, 2);
    rb_define_const(m, "VERSION", rb_str_new_cstr("0.4.2"));
}
