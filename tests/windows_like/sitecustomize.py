"""Hide from this Python what Windows' CPython does not have (imported first thing: by the test
plugin in this package for the test process, and as `sitecustomize` by every Python the tests
start, through PYTHONPATH).

It catches a call of an API that Windows lacks — the mistake that made every command fail at
import there — not every difference of Windows (paths, locking semantics, file sharing, the
console): those need a Windows machine.
"""

from __future__ import annotations

import os
import signal
import sys
import warnings

# Modules Windows' CPython does not ship: `import fcntl` then raises ImportError, as there.
MODULES = ("fcntl", "resource", "termios", "tty", "pty", "pwd", "grp", "syslog", "crypt", "spwd", "nis", "posix_ipc")

# Names of os that exist only on POSIX (the os module of Windows' CPython has none of them).
# Left alone: those the standard library chose at its own import on this system and calls
# itself (shutil's os.sendfile, subprocess's os.posix_spawn and os.WNOHANG); on Windows it
# chose otherwise. Likewise numpy's os.uname() and filelock's os.geteuid() (its SQLite lock),
# called because sys.platform says linux: tests/test_windows.py checks kpi's own code for every
# one of these names instead.
OS_NAMES = (
    "O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_NOFOLLOW", "O_DIRECTORY", "O_SYNC", "O_DSYNC", "O_ASYNC",
    "fork", "forkpty", "register_at_fork", "wait", "wait3", "wait4",
    "getuid", "getgid", "getegid", "getgroups", "setuid", "setgid", "getpgid", "setpgid",
    "getpgrp", "setpgrp", "setsid", "getsid", "killpg", "nice",
    "mkfifo", "mknod", "chown", "lchown", "fchown", "fchmod", "lockf", "pipe2", "openpty", "ttyname",
    "ctermid", "sysconf", "pathconf", "fpathconf", "statvfs", "fstatvfs", "sched_getaffinity",
    "getloadavg", "fdatasync", "sync", "pread", "pwrite", "preadv", "pwritev",
)  # fmt: skip

# Signals Windows does not have (it has SIGINT, SIGTERM, SIGABRT, SIGFPE, SIGILL, SIGSEGV, SIGBREAK).
SIGNAL_NAMES = (
    "SIGPIPE", "SIGKILL", "SIGALRM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGCONT",
    "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGWINCH", "alarm", "setitimer", "getitimer", "pause",
    "pthread_kill", "pthread_sigmask", "siginterrupt", "sigwait", "sigpending", "ITIMER_REAL",
)  # fmt: skip

for _module in MODULES:
    sys.modules[_module] = None  # type: ignore[assignment]
for _owner, _names in ((os, OS_NAMES), (signal, SIGNAL_NAMES)):
    for _name in _names:
        if hasattr(_owner, _name):
            delattr(_owner, _name)

# filelock, finding no fcntl on what sys.platform calls linux, warns that it falls back to a soft
# lock; on Windows it takes msvcrt and says nothing
warnings.filterwarnings("ignore", message="only soft file lock is available")
