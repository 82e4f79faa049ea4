namespace DynamoFS.Posix.Tests.Conformance.Native;

/// <summary>
/// C source of <c>posixop</c>, the helper that performs ONE syscall as an unprivileged user
/// (run under <c>setpriv</c>) and prints "OK" (plus fields) or the errno name. Compiled with gcc at
/// fixture setup by <see cref="PosixEnvironment"/>.
/// </summary>
internal static class PosixOpSource
{
    public const string Code = """
/* posixop: performs ONE file-system syscall and prints its outcome on one line:
 * "OK" (plus op-specific fields) or the errno name (e.g. "EACCES").
 * usage: posixop [-u umask] op args...   (umask defaults to 0) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

static int fail(void) { printf("%s\n", strerrorname_np(errno)); return 0; }
static int ok(void) { printf("OK\n"); return 0; }
static mode_t oct(const char *s) { return (mode_t)strtoul(s, NULL, 8); }

static int parse_flags(const char *s) {
    static const struct { const char *n; int v; } t[] = {
        {"O_RDONLY", O_RDONLY}, {"O_WRONLY", O_WRONLY}, {"O_RDWR", O_RDWR}, {"O_CREAT", O_CREAT},
        {"O_EXCL", O_EXCL}, {"O_TRUNC", O_TRUNC}, {"O_APPEND", O_APPEND}, {"O_DIRECTORY", O_DIRECTORY},
        {"O_NOFOLLOW", O_NOFOLLOW}, {"O_NONBLOCK", O_NONBLOCK}, {"O_PATH", O_PATH}, {"O_NOATIME", O_NOATIME},
        {"O_CLOEXEC", O_CLOEXEC}, {"O_NOCTTY", O_NOCTTY}};
    int flags = 0;
    char *copy = strdup(s), *save = NULL;
    for (char *tok = strtok_r(copy, "|, ", &save); tok; tok = strtok_r(NULL, "|, ", &save)) {
        size_t i;
        for (i = 0; i < sizeof t / sizeof t[0]; i++)
            if (strcmp(tok, t[i].n) == 0) { flags |= t[i].v; break; }
        if (i == sizeof t / sizeof t[0]) { fprintf(stderr, "unknown flag %s\n", tok); exit(2); }
    }
    free(copy);
    return flags;
}

static struct timespec parse_ts(const char *s) {
    struct timespec ts = {0, 0};
    if (strcmp(s, "now") == 0) ts.tv_nsec = UTIME_NOW;
    else if (strcmp(s, "omit") == 0) ts.tv_nsec = UTIME_OMIT;
    else sscanf(s, "%ld.%ld", &ts.tv_sec, &ts.tv_nsec);
    return ts;
}

static int xflags(const char *s) {
    if (strcmp(s, "create") == 0) return XATTR_CREATE;
    if (strcmp(s, "replace") == 0) return XATTR_REPLACE;
    return 0;
}

int main(int argc, char **argv) {
    int a = 1;
    mode_t um = 0;
    if (argc > 2 && strcmp(argv[1], "-u") == 0) { um = oct(argv[2]); a = 3; }
    umask(um);
    if (argc <= a) { fprintf(stderr, "usage: posixop [-u umask] op args...\n"); return 2; }
    const char *op = argv[a];
    char **v = argv + a + 1;
    int n = argc - a - 1;
#define NEED(k) do { if (n < (k)) { fprintf(stderr, "%s: needs %d args\n", op, (k)); return 2; } } while (0)
    if (!strcmp(op, "stat") || !strcmp(op, "lstat")) {
        NEED(1);
        struct stat st;
        if ((!strcmp(op, "stat") ? stat(v[0], &st) : lstat(v[0], &st)) != 0) return fail();
        printf("OK %o %u %u %lu %ld\n", st.st_mode, st.st_uid, st.st_gid, (unsigned long)st.st_nlink, (long)st.st_size);
        return 0;
    }
    if (!strcmp(op, "chmod")) { NEED(2); return chmod(v[0], oct(v[1])) ? fail() : ok(); }
    if (!strcmp(op, "chown")) { NEED(3); return chown(v[0], (uid_t)atol(v[1]), (gid_t)atol(v[2])) ? fail() : ok(); }
    if (!strcmp(op, "lchown")) { NEED(3); return lchown(v[0], (uid_t)atol(v[1]), (gid_t)atol(v[2])) ? fail() : ok(); }
    if (!strcmp(op, "link")) { NEED(2); return link(v[0], v[1]) ? fail() : ok(); }
    if (!strcmp(op, "symlink")) { NEED(2); return symlink(v[0], v[1]) ? fail() : ok(); }
    if (!strcmp(op, "unlink")) { NEED(1); return unlink(v[0]) ? fail() : ok(); }
    if (!strcmp(op, "rmdir")) { NEED(1); return rmdir(v[0]) ? fail() : ok(); }
    if (!strcmp(op, "mkdir")) { NEED(2); return mkdir(v[0], oct(v[1])) ? fail() : ok(); }
    if (!strcmp(op, "mkfifo")) { NEED(2); return mkfifo(v[0], oct(v[1])) ? fail() : ok(); }
    if (!strcmp(op, "mknod")) {
        NEED(4);
        return mknod(v[0], oct(v[1]), makedev(atoi(v[2]), atoi(v[3]))) ? fail() : ok();
    }
    if (!strcmp(op, "open")) {
        NEED(3);
        int fd = open(v[0], parse_flags(v[1]), oct(v[2]));
        if (fd < 0) return fail();
        close(fd);
        return ok();
    }
    if (!strcmp(op, "rename")) { NEED(2); return rename(v[0], v[1]) ? fail() : ok(); }
    if (!strcmp(op, "renameat2")) {
        NEED(3);
        unsigned fl = 0;
        if (strstr(v[2], "noreplace")) fl |= RENAME_NOREPLACE;
        if (strstr(v[2], "exchange")) fl |= RENAME_EXCHANGE;
        return renameat2(AT_FDCWD, v[0], AT_FDCWD, v[1], fl) ? fail() : ok();
    }
    if (!strcmp(op, "truncate")) { NEED(2); return truncate(v[0], atoll(v[1])) ? fail() : ok(); }
    if (!strcmp(op, "write") || !strcmp(op, "append")) {
        NEED(2);
        int fd = open(v[0], !strcmp(op, "write") ? O_WRONLY : (O_WRONLY | O_APPEND));
        if (fd < 0) return fail();
        ssize_t len = (ssize_t)strlen(v[1]);
        ssize_t w = write(fd, v[1], (size_t)len);
        if (w < 0) { int e = errno; close(fd); errno = e; return fail(); }
        close(fd);
        return ok();
    }
    if (!strcmp(op, "read")) {
        NEED(1);
        int fd = open(v[0], O_RDONLY);
        if (fd < 0) return fail();
        char buf[4096];
        ssize_t r = read(fd, buf, sizeof buf - 1);
        if (r < 0) { int e = errno; close(fd); errno = e; return fail(); }
        buf[r] = 0;
        close(fd);
        printf("OK %s\n", buf);
        return 0;
    }
    if (!strcmp(op, "utimens") || !strcmp(op, "lutimens")) {
        NEED(2);
        int fl = !strcmp(op, "lutimens") ? AT_SYMLINK_NOFOLLOW : 0;
        if (!strcmp(v[1], "null")) return utimensat(AT_FDCWD, v[0], NULL, fl) ? fail() : ok();
        NEED(3);
        struct timespec ts[2] = {parse_ts(v[1]), parse_ts(v[2])};
        return utimensat(AT_FDCWD, v[0], ts, fl) ? fail() : ok();
    }
    if (!strcmp(op, "setxattr")) {
        NEED(4);
        return setxattr(v[0], v[1], v[2], strlen(v[2]), xflags(v[3])) ? fail() : ok();
    }
    if (!strcmp(op, "getxattr")) {
        NEED(2);
        char buf[4096];
        ssize_t r = getxattr(v[0], v[1], buf, sizeof buf - 1);
        if (r < 0) return fail();
        buf[r] = 0;
        printf("OK %s\n", buf);
        return 0;
    }
    if (!strcmp(op, "listxattr")) {
        NEED(1);
        char buf[65536];
        ssize_t r = listxattr(v[0], buf, sizeof buf);
        if (r < 0) return fail();
        printf("OK");
        for (ssize_t i = 0; i < r; i += (ssize_t)strlen(buf + i) + 1) printf(" %s", buf + i);
        printf("\n");
        return 0;
    }
    if (!strcmp(op, "removexattr")) { NEED(2); return removexattr(v[0], v[1]) ? fail() : ok(); }
    fprintf(stderr, "unknown op %s\n", op);
    return 2;
}
""";
}
