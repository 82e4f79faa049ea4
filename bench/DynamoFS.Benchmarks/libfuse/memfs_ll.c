/*
 * The libfuse side of the protocol benchmark: the smallest file system on libfuse3's low-level
 * API that serves the same content as bench/DynamoFS.Benchmarks/Protocol/BenchFileSystem.cs -
 * a root directory holding one read-only file "data" of SIZE bytes whose byte i is
 * (i * 7 + 13) & 0xFF. Entry and attribute timeouts are 0, like ours, so every stat() is a
 * round trip. Served by libfuse's multi-threaded loop with its default settings.
 *
 *   memfs_ll <mountpoint> <size-bytes> [max-threads]
 * Prints "ready" once mounted; unmounts and exits on SIGTERM/SIGINT.
 * Built by the benchmark: gcc -O2 memfs_ll.c $(pkg-config --cflags --libs fuse3)
 */
#define FUSE_USE_VERSION FUSE_MAKE_VERSION(3, 12)
#include <fuse_lowlevel.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DATA_INO 2
static const char data_name[] = "data";
static unsigned char *content;
static size_t content_size;
static struct timespec start_time;

static void fill_attr(fuse_ino_t ino, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_ino = ino;
    st->st_atim = st->st_mtim = st->st_ctim = start_time;
    if (ino == FUSE_ROOT_ID) {
        st->st_mode = S_IFDIR | 0755;
        st->st_nlink = 2;
        st->st_size = 4096;
    } else {
        st->st_mode = S_IFREG | 0444;
        st->st_nlink = 1;
        st->st_size = (off_t)content_size;
        st->st_blocks = (blkcnt_t)((content_size + 511) / 512);
    }
    st->st_blksize = 4096;
}

static void ll_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
    if (parent != FUSE_ROOT_ID || strcmp(name, data_name) != 0) { fuse_reply_err(req, ENOENT); return; }
    struct fuse_entry_param e;
    memset(&e, 0, sizeof e);
    e.ino = DATA_INO;
    e.generation = 1;
    e.attr_timeout = 0;
    e.entry_timeout = 0;
    fill_attr(DATA_INO, &e.attr);
    fuse_reply_entry(req, &e);
}

static void ll_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)fi;
    if (ino != FUSE_ROOT_ID && ino != DATA_INO) { fuse_reply_err(req, ENOENT); return; }
    struct stat st;
    fill_attr(ino, &st);
    fuse_reply_attr(req, &st, 0);
}

static void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    if (ino != DATA_INO) { fuse_reply_err(req, EISDIR); return; }
    if ((fi->flags & O_ACCMODE) != O_RDONLY) { fuse_reply_err(req, EACCES); return; }
    fuse_reply_open(req, fi);
}

static void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void)ino; (void)fi;
    if ((size_t)off >= content_size) { fuse_reply_buf(req, NULL, 0); return; }
    if (size > content_size - (size_t)off) size = content_size - (size_t)off;
    fuse_reply_buf(req, (const char *)content + off, size);
}

static void ll_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void)fi;
    if (ino != FUSE_ROOT_ID) { fuse_reply_err(req, ENOTDIR); return; }
    char buf[512];
    size_t used = 0;
    struct stat st;
    const char *names[] = { ".", "..", data_name };
    fuse_ino_t inos[] = { FUSE_ROOT_ID, FUSE_ROOT_ID, DATA_INO };
    for (off_t i = off; i < 3; i++) {
        fill_attr(inos[i], &st);
        size_t n = fuse_add_direntry(req, buf + used, sizeof buf - used, names[i], &st, i + 1);
        if (used + n > size || used + n > sizeof buf) break;
        used += n;
    }
    fuse_reply_buf(req, buf, used);
}

static void ll_statfs(fuse_req_t req, fuse_ino_t ino)
{
    (void)ino;
    struct statvfs s;
    memset(&s, 0, sizeof s);
    s.f_bsize = s.f_frsize = 4096;
    s.f_blocks = content_size / 4096;
    s.f_files = 2;
    s.f_namemax = 255;
    fuse_reply_statfs(req, &s);
}

static const struct fuse_lowlevel_ops ops = {
    .lookup = ll_lookup,
    .getattr = ll_getattr,
    .open = ll_open,
    .read = ll_read,
    .readdir = ll_readdir,
    .statfs = ll_statfs,
};

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: memfs_ll <mountpoint> <size-bytes> [max-threads]\n"); return 2; }
    content_size = strtoull(argv[2], NULL, 10);
    content = malloc(content_size);
    if (!content) return 1;
    for (size_t i = 0; i < content_size; i++) content[i] = (unsigned char)((i * 7 + 13) & 0xFF);
    clock_gettime(CLOCK_REALTIME, &start_time);

    char *fargv[] = { argv[0], "-o", "fsname=libfuse-bench,subtype=libfuse-bench", NULL };
    struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
    struct fuse_session *se = fuse_session_new(&args, &ops, sizeof ops, NULL);
    if (!se) return 1;
    if (fuse_set_signal_handlers(se) != 0) return 1;
    if (fuse_session_mount(se, argv[1]) != 0) return 1;
    printf("ready\n");
    fflush(stdout);

    struct fuse_loop_config *config = fuse_loop_cfg_create();
    if (argc > 3) fuse_loop_cfg_set_max_threads(config, (unsigned)atoi(argv[3]));
    int rc = fuse_session_loop_mt(se, config);
    fuse_loop_cfg_destroy(config);
    fuse_session_unmount(se);
    fuse_remove_signal_handlers(se);
    fuse_session_destroy(se);
    free(content);
    return rc ? 1 : 0;
}
