"""map_in_order: results in order, work shared with forked helpers, failures that stop the run cleanly."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import closing

import pytest

from kzanalysis import parallel
from kzanalysis.parallel import WorkerProcessError, map_in_order

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="helpers are forked; this platform cannot fork")

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path, monkeypatch):
    """Temporary folders of the runs go under tmp_path, so a test can see that none is left."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield tmp_path
    assert not list(tmp_path.glob("kzanalysis-work-*")), "a run left its temporary folder"
    assert no_helper_left(), "a run left a helper process"


def no_helper_left(seconds: float = 10.0) -> bool:
    """True once every helper has ended (one that finished its work may still be exiting)."""
    deadline = time.monotonic() + seconds
    while multiprocessing.active_children():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def slow_square(n: int) -> tuple[int, int]:
    time.sleep(0.02)
    return n * n, os.getpid()


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_results_come_in_item_order_and_known_results_pass_through(processes):
    unpicklable = lambda: None  # noqa: E731 - a known result never leaves this process
    items = [(n % 5 != 3, n if n % 5 != 3 else unpicklable) for n in range(30)]
    out = list(map_in_order(slow_square, items, processes=processes))
    assert len(out) == 30
    for n, value in enumerate(out):
        assert value is unpicklable if n % 5 == 3 else value[0] == n * n, (n, value)
    pids = {value[1] for value in out if value is not unpicklable}
    assert PARENT in pids  # the caller works too
    assert len(pids) == processes  # and so does every helper


@pytest.mark.parametrize(
    ("items", "ahead"),
    [
        ([(False, n) for n in range(4)], None),  # all known, as in a fully cached rerun: the window fills exactly
        ([(True, 0)], 1),  # one task, a window of one
        ([(n % 4 == 0, n) for n in range(8)], None),  # tasks too far apart for a helper
    ],
)
def test_a_stream_that_ends_with_no_helper_at_work_ends_cleanly(items, ahead):
    out = list(map_in_order(lambda n: n * n, items, processes=2, ahead=ahead))
    assert out == [n * n if needs_work else n for needs_work, n in items]


def test_one_item_forks_no_helper():
    def alone(_):
        return multiprocessing.active_children()

    assert list(map_in_order(alone, [(True, 0)], processes=4)) == [[]]


def helper_slow_caller_quick(item: str) -> tuple[str, bool | None]:
    """Who ran the item, and for the caller's last item, whether every helper ended while it ran.

    A helper's item takes a second; the caller's are quick, and on the last
    item the caller waits (up to five seconds) for every helper to end.
    """
    if os.getpid() != PARENT:
        time.sleep(1.0)
        return "helper", None
    return "caller", no_helper_left(seconds=5.0) if item == "last" else None


def test_an_idle_helper_leaves_while_the_caller_works_on_the_last_item():
    """The caller takes the last item: a helper with nothing left to take goes at once, not at the end.

    Items are taken in order by whoever is free.  The caller is quick, so it
    almost always takes the last item, while the helper has one item or
    none; kept waiting for work, that helper would only leave when the run
    closes.  The rare run in which the helper wakes late enough to take the
    last item itself proves nothing, and is run again.
    """
    runs = []
    for _ in range(5):
        out = list(map_in_order(helper_slow_caller_quick, [(True, "a"), (True, "b"), (True, "last")], processes=2))
        runs.append(out[-1])
        if out[-1][0] == "caller":
            break
    assert ("caller", True) in runs, runs
    assert ("caller", False) not in runs, runs


def test_an_error_in_a_helper_stops_the_run_with_its_type_message_and_traceback():
    def fails_in_a_helper(n):
        time.sleep(0.01)
        if os.getpid() != PARENT:
            raise KeyError(f"article {n} has no body")
        return n

    with pytest.raises(KeyError, match="has no body") as raised:
        list(map_in_order(fails_in_a_helper, [(True, n) for n in range(40)], processes=2))
    assert any("Raised in worker process kzanalysis-worker-1" in note for note in raised.value.__notes__)
    assert any("fails_in_a_helper" in note for note in raised.value.__notes__)


def test_an_error_that_cannot_be_pickled_still_comes_back_by_name():
    class Local(Exception):  # a local class: pickle cannot find it
        pass

    def fails(n):
        time.sleep(0.01)
        if os.getpid() != PARENT:
            raise Local("not picklable")
        return n

    with pytest.raises(WorkerProcessError, match="Local: not picklable"):
        list(map_in_order(fails, [(True, n) for n in range(40)], processes=2))


def test_a_result_that_cannot_be_pickled_stops_the_run_with_the_pickling_error():
    def unpicklable_in_a_helper(n):
        time.sleep(0.01)
        return (lambda: n) if os.getpid() != PARENT else n

    with pytest.raises((pickle.PicklingError, AttributeError), match="pickle") as raised:
        list(map_in_order(unpicklable_in_a_helper, [(True, n) for n in range(40)], processes=2))
    assert any("Raised in worker process" in note for note in raised.value.__notes__)


def test_a_helper_that_dies_stops_the_run_with_its_exit_code():
    def dies_in_a_helper(n):
        time.sleep(0.01)
        if os.getpid() != PARENT:
            os._exit(7)
        return n

    with pytest.raises(WorkerProcessError, match=r"ended \(exit code 7\) before finishing"):
        list(map_in_order(dies_in_a_helper, [(True, n) for n in range(40)], processes=2))


def test_stopping_early_stops_the_helpers_and_abandons_the_rest():
    done = multiprocessing.get_context("fork").Value("i", 0)  # shared with the forked helpers

    def counted(n):
        with done.get_lock():
            done.value += 1
        return slow_square(n)

    results = map_in_order(counted, [(True, n) for n in range(100)], processes=3, ahead=60)
    with closing(results):
        assert next(results)[0] == 0
        assert multiprocessing.active_children()  # helpers at work
    time.sleep(0.3)
    assert done.value < 20, done.value  # the items read but not started were dropped, not worked off
    # the fixture checks that no helper is left and the folder is gone


def _run_script(tmp_path, source: str) -> subprocess.CompletedProcess:
    """Run ``source`` in a Python process of its own, its temporary folders under ``tmp_path``.

    A process of its own ends, by the timeout, a run that would otherwise
    wait for ever, and can be killed without taking the tests with it.
    """
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TMPDIR": str(tmp_path)})


def test_a_helper_that_dies_holding_the_shared_lock_stops_the_run(tmp_path):
    run = _run_script(tmp_path, """
        import os, time
        from kzanalysis import parallel

        def dies_holding_the_lock(function, folder, permits, next_task, *rest):
            permits.acquire()
            next_task.get_lock().acquire()
            os._exit(9)

        parallel._helper_main = dies_holding_the_lock

        def slow(n):
            time.sleep(0.02)
            return n

        try:
            list(parallel.map_in_order(slow, [(True, n) for n in range(40)], processes=2))
        except parallel.WorkerProcessError as error:
            print(error)
    """)
    assert "ended (exit code 9) before finishing its work" in run.stdout, (run.stdout, run.stderr)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads process states from /proc")
def test_helpers_leave_when_their_caller_is_killed(tmp_path):
    run = _run_script(tmp_path, """
        import multiprocessing, os, signal, time
        from kzanalysis.parallel import map_in_order

        def items():
            for n in range(100):
                yield True, n
                if n > 4:
                    time.sleep(0.2)

        for i, _ in enumerate(map_in_order(abs, items(), processes=3)):
            if i == 8:
                print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
    """)
    helpers = [int(pid) for pid in run.stdout.split()]
    assert run.returncode == -signal.SIGKILL and helpers, (run.returncode, run.stdout, run.stderr)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in helpers), "a helper outlived its caller"
    assert not list(tmp_path.glob("kzanalysis-work-*")), "the helpers left the caller's folder behind"


def _running(pid: int) -> bool:
    """Whether the process is alive (a zombie has ended: only its parent has not reaped it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_items_are_read_lazily_and_only_a_few_ahead():
    read = []

    def items():
        for n in range(50):
            read.append(n)
            yield True, n

    results = map_in_order(slow_square, items(), processes=2, ahead=3)
    with closing(results):
        next(results)
        assert len(read) <= 4  # the first item and at most three ahead of it


class Payload:
    """An item that counts how many of its kind are alive in this process."""

    alive = 0

    def __init__(self, n: int) -> None:
        self.n = n
        Payload.alive += 1

    def __setstate__(self, state: dict) -> None:  # a copy unpickled here counts too
        self.__dict__.update(state)
        Payload.alive += 1

    def __del__(self) -> None:
        Payload.alive -= 1


def payload_number(item: Payload) -> int:
    time.sleep(0.002)
    return item.n


def test_the_caller_holds_only_the_items_within_reach_however_long_the_stream():
    most = 0
    results = map_in_order(payload_number, ((True, Payload(n)) for n in range(200)), processes=2, ahead=4)
    with closing(results):
        for n, value in enumerate(results):
            assert value == n
            most = max(most, Payload.alive)
    assert most <= 6, most  # the items within reach (4), not every item a helper took


def test_processes_and_the_window_must_be_positive():
    with pytest.raises(ValueError, match="processes must be at least 1, not 0"):
        list(map_in_order(slow_square, [(True, 1)], processes=0))
    with pytest.raises(ValueError, match="ahead must be at least 1, not 0"):
        list(map_in_order(slow_square, [(True, 1)], processes=2, ahead=0))
