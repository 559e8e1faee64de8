/* Replays every input under tests/data/fuzz-regressions/<target>/ through its fuzz target
 * (fuzz/targets.c): each is an input a fuzzer once crashed on, kept so the fix stays. A
 * broken promise aborts (the test fails, naming the file it was replaying); memory errors
 * show under the sanitizer and valgrind runs of the C suite. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "targets.h"

#define REGRESSIONS ALMEN_SOURCE_ROOT "/tests/data/fuzz-regressions"

static int replay(const fuzz_target *t, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("FAIL: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *p = realloc(buf, 2 * cap);
            if (!p) break;
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return 1;
    printf("replaying %s (%zu bytes)\n", path, n);
    fflush(stdout);
    t->run(buf, n);
    free(buf);
    return 0;
}

int main(void)
{
    int failed = 0;
    size_t replayed = 0;
    DIR *top = opendir(REGRESSIONS);
    if (!top) {
        printf("FAIL: no directory %s\n", REGRESSIONS);
        return 1;
    }
    /* Every subdirectory must name a target: a misspelt one would never be replayed. */
    for (struct dirent *e; (e = readdir(top));) {
        if (e->d_name[0] == '.') continue;
        char dir[1024];
        struct stat st;
        snprintf(dir, sizeof dir, "%s/%s", REGRESSIONS, e->d_name);
        if (stat(dir, &st) || !S_ISDIR(st.st_mode)) continue;
        const fuzz_target *t = fuzz_target_find(e->d_name);
        if (!t) {
            printf("FAIL: %s names no fuzz target (fuzz/targets.c)\n", dir);
            failed = 1;
            continue;
        }
        DIR *d = opendir(dir);
        for (struct dirent *f; d && (f = readdir(d));) {
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
            if (f->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode)) continue;
            failed |= replay(t, path);
            replayed++;
        }
        if (d) closedir(d);
    }
    closedir(top);
    printf("%zu fuzz regression inputs replayed%s\n", replayed, failed ? ", with failures" : ", all promises kept");
    return failed;
}
