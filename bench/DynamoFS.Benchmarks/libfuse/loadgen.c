/*
 * The client of the protocol benchmark, the same binary against both servers so the only
 * difference measured is the server. Threads issue one kind of request in a loop for a fixed
 * time; each read is O_DIRECT so it crosses /dev/fuse instead of hitting the page cache.
 *
 *   loadgen stat   <file> <seconds> <threads>            stat() of the path (LOOKUP + GETATTR with timeouts 0)
 *   loadgen read   <file> <seconds> <threads> <block>    O_DIRECT pread of <block> bytes, offsets striding through the file
 *   loadgen verify <file>                                checks the content pattern: byte i == (i * 7 + 13) & 0xFF
 *
 * Prints "ops=<n> bytes=<n> seconds=<s>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *path;
static int is_read;
static size_t block;
static off_t file_size;
static volatile int stop;

struct worker { pthread_t thread; int index; unsigned long long ops, bytes; int failed; };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    if (!is_read) {
        struct stat st;
        while (!stop) {
            if (stat(path, &st) != 0) { w->failed = 1; break; }
            w->ops++;
        }
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_DIRECT);
    void *buf;
    if (fd < 0 || posix_memalign(&buf, 4096, block) != 0) { w->failed = 1; return NULL; }
    off_t blocks = file_size / (off_t)block;
    off_t i = w->index * 7919; /* threads start apart */
    while (!stop) {
        off_t off = (i++ % blocks) * (off_t)block;
        ssize_t n = pread(fd, buf, block, off);
        if (n != (ssize_t)block) { w->failed = 1; break; }
        w->ops++;
        w->bytes += (unsigned long long)n;
    }
    free(buf);
    close(fd);
    return NULL;
}

static int verify(void)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    static unsigned char buf[1 << 16];
    off_t pos = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t k = 0; k < n; k++, pos++)
            if (buf[k] != (unsigned char)((pos * 7 + 13) & 0xFF)) { fprintf(stderr, "mismatch at %lld\n", (long long)pos); return 1; }
    }
    close(fd);
    printf("verified=%lld\n", (long long)pos);
    return n < 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "verify") == 0) { path = argv[2]; return verify(); }
    if (argc < 5) { fprintf(stderr, "usage: loadgen stat|read <file> <seconds> <threads> [block]\n"); return 2; }
    path = argv[2];
    double seconds = atof(argv[3]);
    int threads = atoi(argv[4]);
    is_read = strcmp(argv[1], "read") == 0;
    if (is_read) {
        block = argc > 5 ? strtoull(argv[5], NULL, 10) : 4096;
        struct stat st;
        if (stat(path, &st) != 0) { perror("stat"); return 1; }
        file_size = st.st_size;
    }
    struct worker *ws = calloc((size_t)threads, sizeof *ws);
    double t0 = now();
    for (int i = 0; i < threads; i++) { ws[i].index = i; pthread_create(&ws[i].thread, NULL, run, &ws[i]); }
    usleep((useconds_t)(seconds * 1e6));
    stop = 1;
    unsigned long long ops = 0, bytes = 0;
    int failed = 0;
    for (int i = 0; i < threads; i++) { pthread_join(ws[i].thread, NULL); ops += ws[i].ops; bytes += ws[i].bytes; failed |= ws[i].failed; }
    double elapsed = now() - t0;
    printf("ops=%llu bytes=%llu seconds=%.4f\n", ops, bytes, elapsed);
    return failed;
}
