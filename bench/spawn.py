"""Start programs for bench/runner.py and report each one's wall time and peak memory.

Reads one program per line on stdin, its fields separated by NUL bytes: the number N
of environment changes, then N fields `NAME=VALUE` (set) or `NAME` (unset), then the
program's arguments (the first an absolute path). Answers `wall_seconds peak_kib
exit_code` per line. The kernel counts what a child held before it started the
measured program in that child's peak (ru_maxrss), so the process that starts them
must be smaller than any of them: this one imports nothing beyond what Python loads
to start.
"""

import os
import sys
import time

devnull = os.open(os.devnull, os.O_RDWR)
quiet = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
base = dict(os.environ)
for line in sys.stdin.buffer:
    fields = line.rstrip(b"\n").split(b"\0")
    changes = int(fields[0])
    env = dict(base)
    for change in fields[1 : 1 + changes]:
        name, eq, value = change.decode().partition("=")
        if eq:
            env[name] = value
        else:
            env.pop(name, None)
    argv = fields[1 + changes :]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=quiet)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    sys.stdout.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\n")
    sys.stdout.flush()
