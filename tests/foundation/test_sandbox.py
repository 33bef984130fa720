"""tps_khusus.sandbox runs a function in a child process: whatever the child does (abort, run out of
memory, hang, raise), the caller lives on and gets the result, the same exception, or ParseAborted
with a clear message."""

import logging
import multiprocessing
import os
import pickle
import signal
import time

import pytest

from tps_khusus.sandbox import ParseAborted, run_limited

MB = 1024 * 1024
LIMITS = {"memory_mb": 256, "seconds": 20}
CRASHED = ("Pembacaan file gagal: pembaca Excel berhenti mendadak. File kemungkinan rusak atau tidak wajar; buka di "
           "Excel, salin data WBP ke templat impor yang baru, simpan, lalu unggah lagi.")
OUT_OF_MEMORY = ("Pembacaan file dihentikan karena memerlukan memori lebih dari 256 MB. Pastikan file hanya berisi tabel "
                 "data WBP (tanpa lembar, kolom, atau baris lain yang terisi atau diformat), atau bagi data menjadi "
                 "beberapa file, lalu unggah lagi.")


# What the children run: module-level functions, so the child can import them by name.

def returns(value):
    return {"value": value, "pid": os.getpid()}


def aborts():
    os.abort()


def kills_itself():
    os.kill(os.getpid(), signal.SIGKILL)


def exits_without_a_word():
    os._exit(3)


def allocates(megabytes: int):
    return len(bytearray(megabytes * MB))


def grows(step_megabytes: int):
    """Takes memory a step at a time (each step touched) until something gives."""
    kept = []
    while True:
        kept.append(b"x" * (step_megabytes * MB))


def sleeps(seconds: float):
    time.sleep(seconds)


def raises():
    raise ValueError("nilai ditolak")


class TwoArguments(Exception):
    def __init__(self, first, second):
        super().__init__(f"{first} {second}")


def raises_what_cannot_come_back():
    raise TwoArguments("satu", "dua")


def returns_a_lambda():
    return lambda: None


def returns_a_cycle():
    cycle = ["a"]
    cycle.append(cycle)
    return cycle


def address_space_limit():
    import resource

    return resource.getrlimit(resource.RLIMIT_AS), resource.getrlimit(resource.RLIMIT_CORE)


@pytest.fixture
def survives():
    """After the test, this process still runs children and gets their results; none is left behind."""
    yield
    assert run_limited(returns, "masih hidup", **LIMITS)["value"] == "masih hidup"
    assert multiprocessing.active_children() == []


def test_a_result_comes_back_from_another_process(survives):
    result = run_limited(returns, ["baris", 1], **LIMITS)
    assert result["value"] == ["baris", 1] and result["pid"] != os.getpid()


def test_the_child_runs_under_the_limits():
    address_space, core = run_limited(address_space_limit, **LIMITS)
    assert address_space == (256 * MB, 256 * MB)
    assert core == (0, 0)  # an abort writes no core file of the upload


def test_an_abort_becomes_a_clear_message(survives, caplog):
    with caplog.at_level(logging.WARNING, logger="tps_khusus.sandbox"), pytest.raises(ParseAborted) as aborted:
        run_limited(aborts, **LIMITS)
    assert str(aborted.value) == CRASHED
    assert (aborted.value.reason, aborted.value.exitcode) == ("crash", -signal.SIGABRT)
    assert "aborts aborted in its sandbox: crash (exit code -6)" in caplog.text


def test_being_killed_becomes_a_clear_message(survives):
    with pytest.raises(ParseAborted) as aborted:
        run_limited(kills_itself, **LIMITS)
    assert (str(aborted.value), aborted.value.reason, aborted.value.exitcode) == (CRASHED, "crash", -signal.SIGKILL)


def test_exiting_without_a_result_becomes_a_clear_message(survives):
    with pytest.raises(ParseAborted) as aborted:
        run_limited(exits_without_a_word, **LIMITS)
    assert (str(aborted.value), aborted.value.exitcode) == (CRASHED, 3)


@pytest.mark.parametrize("function,argument", [(allocates, 1024), (grows, 16)], ids=["at-once", "step-by-step"])
def test_memory_beyond_the_limit_becomes_a_clear_message(survives, function, argument):
    with pytest.raises(ParseAborted) as aborted:
        run_limited(function, argument, **LIMITS)
    assert (str(aborted.value), aborted.value.reason) == (OUT_OF_MEMORY, "memory")


def test_memory_within_the_limit_is_fine(survives):
    assert run_limited(allocates, 64, **LIMITS) == 64 * MB


def test_a_child_past_its_time_is_killed(survives):
    started = time.monotonic()
    with pytest.raises(ParseAborted) as aborted:
        run_limited(sleeps, 60, memory_mb=256, seconds=1)
    assert time.monotonic() - started < 10
    assert str(aborted.value) == (
        "Pembacaan file dihentikan karena berlangsung lebih dari 1 detik. Pastikan file hanya berisi tabel data WBP, "
        "atau bagi data menjadi beberapa file, lalu unggah lagi.")
    assert (aborted.value.reason, aborted.value.exitcode) == ("timeout", -signal.SIGKILL)


def test_an_exception_comes_back_as_it_was_raised(survives):
    with pytest.raises(ValueError, match="^nilai ditolak$"):
        run_limited(raises, **LIMITS)


def test_an_exception_or_a_result_that_cannot_come_back_is_a_crash(survives):
    for function in (raises_what_cannot_come_back, returns_a_lambda):
        with pytest.raises(ParseAborted) as aborted:
            run_limited(function, **LIMITS)
        assert aborted.value.reason == "crash" and str(aborted.value) == CRASHED


def test_the_failure_pickles_with_its_details():
    failure = ParseAborted(CRASHED, reason="crash", exitcode=-6, detail="memory allocation of 8 bytes failed")
    copy = pickle.loads(pickle.dumps(failure))
    assert (str(copy), copy.reason, copy.exitcode, copy.detail) == (CRASHED, "crash", -6, failure.detail)


def test_a_result_with_a_cycle_comes_back(survives):
    result = run_limited(returns_a_cycle, **LIMITS)
    assert result[0] == "a" and result[1] is result
