/*
 * A second process for lock tests: fcntl locks belong to a process, so a conflict needs two.
 *
 *   lockwait wait <path>   open O_RDWR, then F_SETLKW a write lock on the whole file
 *   lockwait hold <path>   open O_RDWR, then F_SETLK a write lock on the whole file
 *
 * Prints "ready" before locking and "rc=<rc> errno=<errno>" after, then keeps the lock until
 * stdin closes. SIGUSR1 has a handler installed WITHOUT SA_RESTART, so a signal makes a
 * blocked F_SETLKW return EINTR - which is how the test drives FUSE_INTERRUPT.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_signal(int sig) { (void)sig; }

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: lockwait wait|hold <path>\n"); return 2; }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART */
    sigaction(SIGUSR1, &sa, NULL);

    int fd = open(argv[2], O_RDWR);
    if (fd < 0) { printf("rc=-1 errno=%d\n", errno); return 1; }
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    printf("ready\n");
    fflush(stdout);
    int rc = fcntl(fd, strcmp(argv[1], "wait") == 0 ? F_SETLKW : F_SETLK, &lk);
    printf("rc=%d errno=%d\n", rc, rc < 0 ? errno : 0);
    fflush(stdout);
    char buf[16];
    while (read(0, buf, sizeof buf) > 0) { }
    close(fd);
    return 0;
}
