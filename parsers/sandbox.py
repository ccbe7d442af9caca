"""Untrusted files are read in worker processes that a time limit and a memory limit can stop.

`run_job(name, args, limits)` runs `parsers.jobs.JOBS[name](*args)` in a worker and returns
its value, or raises `Refused` with a plain reason ("reading took longer than 30 s") and its
kind as a field (`Refused.cause`, a `ReadFailure`). The parent never dies with the worker: a
timeout, a memory error, a segfault or the OOM killer all end as `Refused`, and the next call
gets a fresh worker.

Workers are few, started lazily, reused across files, and killed (with their process
group, so a stuck `tesseract` goes too) when a limit is hit. A worker is forked from the
caller when the caller is single-threaded (cheap: `rtt check`, tests); a multi-threaded
caller (the daemon) gets its workers from a fork server, which is safe with threads.
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from parsers.errors import ReadFailure, Refused, Unreadable
from parsers.limits import Limits

log = logging.getLogger(__name__)

_RECYCLE_AFTER_JOBS = 500
_MAX_WORKERS = 4

Failure = tuple[str, ReadFailure]
"""Why a job did not finish, as it crosses the pipe: the reason's words and their kind."""
JobObserver = Callable[[str, float, int], None]
"""Called after each sandboxed job with (job name, seconds, the worker's peak RSS in KiB)."""
_observers: list[JobObserver] = []
_settings = {"recycle_after": _RECYCLE_AFTER_JOBS}


def observe(observer: JobObserver | None, fresh_worker_per_job: bool = False) -> None:
    """Watch job times and worker memory (benchmarks, reports); a fresh worker per job makes
    each peak RSS that job's own. `observe(None)` stops watching."""
    _observers.clear()
    if observer is not None:
        _observers.append(observer)
    _settings["recycle_after"] = 1 if fresh_worker_per_job else _RECYCLE_AFTER_JOBS
    shutdown()


def timeout_reason(limits: Limits) -> str:
    return f"reading took longer than {limits.timeout_seconds:g} s"


def memory_reason(limits: Limits) -> str:
    return f"reading needed more memory than the limit of {limits.memory_mb} MB"


CRASH_REASON = "the file made the reader crash (it is probably damaged)"


def budget_reason(limits: Limits) -> str:
    return f"not read: the {limits.message_seconds:g} s for reading this message's files ran out"


def run_job(name: str, args: tuple[Any, ...], limits: Limits) -> Any:
    """Run one job under the limits; raise Refused with a reason when it cannot finish."""
    if limits.deadline is not None:
        remaining = limits.deadline - time.monotonic()
        if remaining < 1.0:
            raise Refused(budget_reason(limits), ReadFailure.BUDGET)
        if remaining < limits.timeout_seconds:
            try:
                return run_job(name, args, replace(limits, timeout_seconds=remaining, deadline=None))
            except Refused as exc:
                if exc.cause is ReadFailure.TIMEOUT:  # the message's time ran out, not the file's
                    raise Refused(budget_reason(limits), ReadFailure.BUDGET) from exc
                raise Refused(exc.reason, exc.cause) from exc
    if not limits.sandbox:
        return _run_inline(name, args, limits)
    try:
        worker = _POOL.checkout(limits)
    except OSError as exc:  # no process could be started (out of processes or memory)
        log.warning("no parse worker could be started: %s", type(exc).__name__)
        reason = "the file could not be read now (no worker process could be started)"
        raise Refused(reason, ReadFailure.NO_WORKER) from exc
    try:
        return worker.call(name, args, limits)
    finally:
        _POOL.checkin(worker)


def prepare_workers(count: int, limits: Limits) -> None:
    """Start idle workers up to `count` (within the pool's size) before the caller starts threads
    to use them: started now, from a single-threaded caller, they are cheap forks rather than
    children of the fork server that a multi-threaded caller needs."""
    if limits.sandbox:
        _POOL.prepare(count, limits)


def _jobs() -> dict[str, Callable[..., Any]]:
    # late import: the readers (numpy, pdfplumber ...) load where a job runs, not wherever mail is read
    from parsers.jobs import JOBS

    return JOBS


def _run_inline(name: str, args: tuple[Any, ...], limits: Limits) -> Any:
    ok, value = _guarded(_jobs()[name], args, limits)
    if not ok:
        raise Refused(*value)
    return value


def _guarded(func: Any, args: tuple[Any, ...], limits: Limits) -> tuple[bool, Any]:
    """Call a job, turning every failure into (False, Failure)."""
    try:
        return True, func(*args)
    except Unreadable as exc:  # Refused too
        return False, (exc.reason, exc.cause)
    except MemoryError:
        return False, _memory_failure(limits)
    except RecursionError:
        return False, ("the file is nested too deeply to read", ReadFailure.UNREADABLE)
    except Exception as exc:  # a reader's own bug on hostile input
        log.debug("job %s failed", func, exc_info=True)
        return False, (f"the file could not be read ({type(exc).__name__})", ReadFailure.READER_FAILED)


def _memory_failure(limits: Limits) -> Failure:
    return memory_reason(limits), ReadFailure.MEMORY


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, limits: Limits) -> None:
        self.memory_mb = limits.memory_mb
        self.jobs = 0
        ctx = _context()
        parent, child = ctx.Pipe(duplex=True)
        self.conn: Connection = parent
        self.process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=worker_main, args=(child, limits.memory_mb), daemon=True, name="rtt-parse-worker"
        )
        self.process.start()
        child.close()

    def alive(self) -> bool:
        return self.process.is_alive()

    def call(self, name: str, args: tuple[Any, ...], limits: Limits) -> Any:
        self.jobs += 1
        started = time.monotonic()
        try:
            self.conn.send((name, args, limits))
            ready = self.conn.poll(limits.timeout_seconds)
        except (OSError, EOFError) as exc:
            self.kill()
            raise Refused(*self._death(limits)) from exc
        if not ready:
            self.kill()
            raise Refused(timeout_reason(limits), ReadFailure.TIMEOUT)
        try:
            ok, value, peak_kb = self.conn.recv()
        except (OSError, EOFError) as exc:
            self.kill()
            raise Refused(*self._death(limits)) from exc
        for observer in _observers:
            observer(name, time.monotonic() - started, peak_kb)
        if not ok:
            reason, cause = value
            if cause is ReadFailure.MEMORY:
                self.kill()  # after a MemoryError the worker's heap is not to be trusted
            raise Refused(reason, cause)
        return value

    def _death(self, limits: Limits) -> Failure:
        self.process.join(2)
        code = self.process.exitcode
        if code == -signal.SIGKILL:  # not ours: the kernel's OOM killer
            return _memory_failure(limits)
        return CRASH_REASON, ReadFailure.CRASH

    def kill(self) -> None:
        pid = self.process.pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)  # the worker leads its own group
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.join(5)
        self.conn.close()


class _Pool:
    """A few reusable workers, safe to use from several threads."""

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._busy = 0
        self._cond = threading.Condition()

    def checkout(self, limits: Limits) -> _Worker:
        size = max(1, min(limits.workers, _MAX_WORKERS))
        with self._cond:
            while not self._idle and self._busy >= size:
                self._cond.wait()
            self._busy += 1
            while self._idle:
                worker = self._idle.pop()
                if worker.alive() and worker.memory_mb == limits.memory_mb:
                    return worker
                worker.kill()
        try:
            return _Worker(limits)
        except BaseException:
            with self._cond:
                self._busy -= 1
                self._cond.notify()
            raise

    def prepare(self, count: int, limits: Limits) -> None:
        size = max(1, min(limits.workers, _MAX_WORKERS))
        while True:
            with self._cond:
                if len(self._idle) + self._busy >= min(count, size):
                    return
                self._busy += 1
            try:
                worker = _Worker(limits)
            except OSError:  # the jobs will say so when they need one
                with self._cond:
                    self._busy -= 1
                    self._cond.notify()
                return
            self.checkin(worker)

    def checkin(self, worker: _Worker) -> None:
        keep = worker.alive() and not worker.conn.closed and worker.jobs < _settings["recycle_after"]
        if not keep and worker.alive():
            worker.kill()
        with self._cond:
            self._busy -= 1
            if keep:
                self._idle.append(worker)
            self._cond.notify()

    def shutdown(self) -> None:
        with self._cond:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_POOL = _Pool()


def _forget_parent_workers() -> None:
    """A forked child starts with no workers: its parent's pipes and locks are not its own
    (sharing them deadlocks the child, or crosses its jobs with the parent's)."""
    global _POOL
    _POOL = _Pool()


os.register_at_fork(after_in_child=_forget_parent_workers)
atexit.register(lambda: _POOL.shutdown())


def shutdown() -> None:
    """Stop the idle workers (they are started again when needed)."""
    _POOL.shutdown()


def _context() -> Any:
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["parsers.jobs"])
    return ctx


def _die_with_parent() -> None:
    """Linux: the kernel kills the worker when its parent dies, however the parent dies
    (a worker must never outlive the daemon or a killed test run)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call above
        os._exit(0)


def worker_main(conn: Connection, memory_mb: int) -> None:
    """The worker's loop: receive a job, run it, send (ok, value or reason); exit on EOF."""
    with contextlib.suppress(OSError):
        os.setsid()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    faulthandler.disable()  # a crash is reported by the parent, not dumped on the terminal
    _limit_memory(memory_mb)
    jobs = _jobs()
    while True:
        try:
            name, args, limits = conn.recv()
        except (EOFError, OSError, MemoryError):
            return
        ok, value = _guarded(jobs[name], args, limits)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            conn.send((ok, value, peak_kb))
        except MemoryError:
            conn.send((False, _memory_failure(limits), peak_kb))
        if not ok and value[1] is ReadFailure.MEMORY:
            return


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the worker already maps plus `memory_mb`."""
    current = _vm_size_bytes()
    limit = current + memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
