/* A process whose heap grows in four ways, for `memline profile trend`:
 *   cache_insert   keeps 48 KiB every iteration (steady growth, never freed)
 *   load_table     keeps 1.5 MiB once, at iteration 20 (one jump)
 *   handle_request 16 buffers of 4-8 KiB per iteration in a 32-slot ring (flat once warm)
 *   batch_buffer   builds 8 x 32 KiB over 8 iterations, then frees them all (up and down)
 * Run under jemalloc with profiling (see record_series.sh); 64 iterations, 50 ms apart. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ITERATIONS 64
/* Not static: gcc drops a malloc whose block no one can read, and these must stay. */
void *cache[ITERATIONS];
void *ring[32];
void *table;
void *batch[8];

__attribute__((noinline)) void cache_insert(int i) {
    cache[i] = malloc(48 * 1024);
    memset(cache[i], i, 48 * 1024);
}

__attribute__((noinline)) void load_table(void) {
    table = malloc(1536 * 1024);
    memset(table, 1, 1536 * 1024);
}

__attribute__((noinline)) void handle_request(int n) {
    int slot = n % 32;
    size_t size = 4096 + (size_t)(n % 16) * 256;
    free(ring[slot]);
    ring[slot] = malloc(size);
    memset(ring[slot], n, size);
}

__attribute__((noinline)) void batch_buffer(int i) {
    int k = i % 8;
    if (k == 0) {
        for (int j = 0; j < 8; j++) {
            free(batch[j]);
            batch[j] = NULL;
        }
    }
    batch[k] = malloc(32 * 1024);
    memset(batch[k], i, 32 * 1024);
}

int main(void) {
    for (int i = 0; i < ITERATIONS; i++) {
        cache_insert(i);
        if (i == 20) load_table();
        batch_buffer(i);
        for (int j = 0; j < 16; j++) handle_request(i * 16 + j);
        usleep(50000);
    }
    return 0;
}
