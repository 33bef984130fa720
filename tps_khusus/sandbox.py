"""Run a parser in a child process, so that a crash inside it cannot take the caller down.

python-calamine is Rust: when an allocation fails it aborts the whole process (SIGABRT, exit
134), and no `except` catches that. `run_limited(function, *args, memory_mb=..., seconds=...)`
runs `function(*args)` in a child process with an address-space limit (RLIMIT_AS), a CPU limit
and no core dump, waits at most `seconds`, and returns the function's (picklable) result.

- The function raises: the same exception is raised here (so a reader's own "file rejected"
  exception reaches its caller unchanged); one that cannot be pickled becomes ParseAborted.
- MemoryError, a Rust allocation failure, a signal (SIGABRT, SIGKILL, SIGSEGV, ...), an exit
  without a result, or a timeout (the child is killed): ParseAborted, whose `message` says in
  Bahasa Indonesia what happened and what to do; `reason`, `exitcode` and `detail` (the tail of
  the child's stderr) are for the log.

Children come from a fork server (multiprocessing's "forkserver" context): a small clean process
started once per parent, so a child is never a copy of a web worker with its threads and
database connections. When DJANGO_SETTINGS_MODULE is set, the child sets Django up before it
unpickles the function, so functions of the apps may be run; they should not touch the database.
This module imports no app.
"""

import contextlib
import gc
import io
import logging
import multiprocessing
import os
import pickle
import resource
import tempfile
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

PARSE_OUT_OF_MEMORY = _(
    "Pembacaan file dihentikan karena memerlukan memori lebih dari %(limit)s MB. Pastikan file hanya berisi "
    "tabel data WBP (tanpa lembar, kolom, atau baris lain yang terisi atau diformat), atau bagi data menjadi "
    "beberapa file, lalu unggah lagi."
)
PARSE_TIMEOUT = _(
    "Pembacaan file dihentikan karena berlangsung lebih dari %(seconds)s detik. Pastikan file hanya berisi "
    "tabel data WBP, atau bagi data menjadi beberapa file, lalu unggah lagi."
)
PARSE_CRASHED = _(
    "Pembacaan file gagal: pembaca Excel berhenti mendadak. File kemungkinan rusak atau tidak wajar; buka di "
    "Excel, salin data WBP ke templat impor yang baru, simpan, lalu unggah lagi."
)

OUT_OF_MEMORY, TIMEOUT, CRASHED = "memory", "timeout", "crash"
# What Rust's allocator prints before it aborts ("memory allocation of 1048576 bytes failed").
RUST_ALLOCATION_FAILED = "memory allocation of"
STDERR_KEPT = 2048  # bytes of the child's stderr kept from its start and from its end
GRACE_SECONDS = 5  # for the child to exit once its result is sent
# What the fork server imports once, before it forks any child (multiprocessing.set_forkserver_preload).
PRELOAD = ["tps_khusus.sandbox_preload"]

logger = logging.getLogger(__name__)


class ParseAborted(Exception):
    """The child did not return: out of memory, out of time, or crashed. `message` is for the user."""

    def __init__(self, message, *, reason: str, exitcode: int | None = None, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.exitcode = exitcode
        self.detail = detail

    def __str__(self):
        return str(self.message)

    def __reduce__(self):  # keyword-only arguments: pickled explicitly, so it may cross processes
        return _rebuild, (self.message, self.reason, self.exitcode, self.detail)


def _rebuild(message, reason, exitcode, detail) -> ParseAborted:
    return ParseAborted(message, reason=reason, exitcode=exitcode, detail=detail)


def run_limited(function: Callable, *args: Any, memory_mb: int, seconds: float) -> Any:
    """`function(*args)` in a child process with at most `memory_mb` of address space and `seconds` of time.

    `function` must be importable by name (a module-level function or a functools.partial of one)
    and its arguments and result picklable.
    """
    payload = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # read only when the fork server starts, the first time
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.NamedTemporaryFile(prefix="tps-sandbox-", suffix=".stderr") as stderr:
        child = context.Process(target=_child, args=(sender, payload, memory_mb, seconds, stderr.name),
                                name="tps-sandbox", daemon=True)
        child.start()
        sender.close()
        try:
            outcome = _wait(receiver, child, seconds)
        finally:
            receiver.close()
            if child.is_alive():
                child.kill()
            child.join()
        detail = _stderr(stderr.name)
    kind = outcome[0]
    if kind == "result":
        return outcome[1]
    if kind == "raised":
        raise outcome[1]
    if kind == "timeout":
        failure = ParseAborted(PARSE_TIMEOUT % {"seconds": _number(seconds)}, reason=TIMEOUT,
                               exitcode=child.exitcode, detail=detail)
    elif kind == "memory" or RUST_ALLOCATION_FAILED in detail:
        failure = ParseAborted(PARSE_OUT_OF_MEMORY % {"limit": _number(memory_mb)}, reason=OUT_OF_MEMORY,
                               exitcode=child.exitcode, detail=detail)
    else:
        failure = ParseAborted(PARSE_CRASHED, reason=CRASHED, exitcode=child.exitcode,
                               detail="\n".join(part for part in (outcome[1] if len(outcome) > 1 else "", detail) if part))
    logger.warning("%s aborted in its sandbox: %s (exit code %s) %s", getattr(function, "__name__", function),
                   failure.reason, failure.exitcode, failure.detail[-500:])
    raise failure


def _wait(receiver, child, seconds: float) -> tuple:
    """The child's message, ("timeout",) once `seconds` have passed, or ("died", why)."""
    if not receiver.poll(seconds):
        return ("timeout",)
    try:
        blob = receiver.recv_bytes()
    except (EOFError, OSError):  # the child ended without a word
        return ("died", "")
    child.join(GRACE_SECONDS)
    # Rows of cells are a million small objects: the cyclic GC would walk them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(blob)
    except Exception as error:  # the word would not unpickle here
        return ("died", f"{type(error).__name__}: {error}")
    finally:
        if collecting:
            gc.enable()


def _number(value: float) -> str:
    return f"{value:g}"


def _stderr(path: str) -> str:
    """The child's stderr: its start (where Rust says what failed) and its end (a Python traceback)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(STDERR_KEPT)
            size = handle.seek(0, os.SEEK_END)
            if size > 2 * STDERR_KEPT:
                handle.seek(size - STDERR_KEPT)
                head += b"\n...\n" + handle.read()
            elif size > STDERR_KEPT:
                handle.seek(STDERR_KEPT)
                head += handle.read()
    except OSError:
        return ""
    return head.decode("utf-8", "replace").strip()


# In the child ---------------------------------------------------------------------------------

def _child(sender, payload: bytes, memory_mb: int, seconds: float, stderr_path: str) -> None:
    _limit(memory_mb, seconds)
    with contextlib.suppress(OSError):
        descriptor = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
        os.dup2(descriptor, 2)
        os.close(descriptor)
    try:
        set_up_django()
        function, args = pickle.loads(payload)
        del payload
        outcome = ("result", function(*args))
    except MemoryError:
        outcome = ("memory",)
    except BaseException as error:  # noqa: B036 - everything goes back to the parent, which decides
        outcome = ("raised", error)
    try:
        blob = _dumps(outcome)
    except MemoryError:
        blob = _dumps(("memory",))
    except Exception as error:  # the result or the exception would not pickle
        blob = _dumps(("died", f"{type(error).__name__}: {error}"))
    del outcome
    sender.send_bytes(blob)
    sender.close()


def _dumps(value) -> bytes:
    """Pickled without the memo first (three times faster for rows of cells), with it if there is a cycle."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    try:
        pickler.dump(value)
    except (ValueError, RecursionError):
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def _limit(memory_mb: int, seconds: float) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file of the upload
    _lower(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    # Belt and braces for an orphan: the parent kills the child at `seconds` of wall time.
    _lower(resource.RLIMIT_CPU, int(seconds) + 2)


def _lower(which: int, value: int) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def set_up_django() -> None:
    """Django's apps, when the parent is a Django process (its environment names the settings)."""
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup(set_prefix=False)
