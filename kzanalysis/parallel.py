"""Apply one function to a stream of items on several processes, this one included, in order.

:func:`map_in_order` is how :func:`kzanalysis.pipeline.run_pipeline` spreads
its chunks over the cores.  The calling process works too: it forks
``processes - 1`` helpers, and every process, the caller among them, takes
the oldest item nobody has taken yet from a shared counter.  Compared with
a pool of ``processes`` workers fed by an idle caller this

* forks one process fewer (a fork costs more the more memory the caller
  holds, and every page either side writes afterwards is copied once);
* keeps the results of the items it takes itself: only the helpers'
  results move between processes;
* balances the end of a run: whoever is free takes the next item, so no
  process idles while another still has a queue of items.

Every item that needs work is written once, as a pickle file in a private
temporary folder, for whichever process takes it; a helper's result comes
back the same way, and only short messages go through pipes, so a helper
never waits for the caller to read its result while the caller is busy with
an item of its own.  Once the caller has seen the stream end and its last
item is taken, by the caller or a helper, the helpers with nothing left to do
leave at once rather than when the caller is done.  A helper whose caller
has died leaves on its own.  Helpers are forked (they inherit the function,
the loaded knowledge and the heap), so the function need not be picklable;
items and results must be.  Where the platform cannot fork, every item runs
in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import tempfile
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

__all__ = ["WorkerProcessError", "map_in_order", "can_fork"]


class WorkerProcessError(RuntimeError):
    """A helper process ended without finishing its item (killed, out of memory, crashed)."""


def can_fork() -> bool:
    """True where helper processes can be forked (Linux, macOS), so more than one process can work."""
    return "fork" in multiprocessing.get_all_start_methods()


def map_in_order(
    function: Callable[[Any], Any],
    items: Iterable[tuple[bool, Any]],
    *,
    processes: int,
    ahead: int | None = None,
) -> Generator[Any, None, None]:
    """Yield ``function(payload)`` for every item, in item order, computed on ``processes`` processes.

    Parameters
    ----------
    function
        Called with one payload, in this process or in a forked helper.
    items
        ``(needs_work, payload)`` pairs, read lazily: with ``needs_work``
        False the payload is yielded as it is (a result known already, a
        cache hit say) and never leaves this process.
    processes
        Processes that work, this one included; 1 runs everything here.
        Helpers are forked only when there are items for them: a stream of
        one item forks nothing.
    ahead
        How many items, the next one to yield included, may be read and in
        progress at once (default: twice ``processes``).  Bounds memory.

    Yields
    ------
    object
        The results, in the order of ``items``.

    Raises
    ------
    WorkerProcessError
        When a helper ends without finishing an item it took.
    Exception
        Whatever ``function`` raised, in a helper or here; from a helper it
        carries a note with the helper's traceback.

    Notes
    -----
    Close the generator (``contextlib.closing``, or read it to the end)
    to stop the helpers as soon as the caller is done with it; an error
    stops them too.
    """
    if processes < 1:
        raise ValueError(f"processes must be at least 1, not {processes}")
    if ahead is not None and ahead < 1:
        raise ValueError(f"ahead must be at least 1, not {ahead}")
    if processes == 1 or not can_fork():
        for needs_work, payload in items:
            yield function(payload) if needs_work else payload
        return
    crew = _Crew(function, processes - 1)
    try:
        yield from crew.run(iter(items), 2 * processes if ahead is None else ahead)
    finally:
        crew.close()


_PATIENCE = 0.5
"""Seconds between checks that the helpers are alive while waiting for the shared lock or a permit."""


class _Crew:
    """The helpers of one :func:`map_in_order` call and the state they share with the caller."""

    def __init__(self, function: Callable[[Any], Any], helpers: int) -> None:
        self.function = function
        self.helpers = helpers
        self.context = multiprocessing.get_context("fork")
        # one permit per task made ready and not yet taken, plus one per helper at the end
        self.permits = self.context.Semaphore(0)
        self.next_task = self.context.Value("q", 0)  # its lock guards ready too
        self.ready = self.context.Value("q", 0, lock=False)
        self.stop = self.context.Value("b", 0, lock=False)  # one byte, set without the lock
        self.processes: list[multiprocessing.process.BaseProcess] = []
        self.inbox: dict[Connection, multiprocessing.process.BaseProcess] = {}
        self.left: set[multiprocessing.process.BaseProcess] = set()  # helpers that said goodbye
        self.finished: dict[int, Path] = {}  # task -> result file
        # task -> payload, kept in case this process takes the task; dropped once a helper has it
        self.payloads: dict[int, Any] = {}
        self.released_end = False
        self.folder = Path(tempfile.mkdtemp(prefix="kzanalysis-work-"))  # last: nothing above can leave it behind

    # ------------------------------------------------------------ caller side
    def run(self, items: Iterator[tuple[bool, Any]], ahead: int) -> Iterator[Any]:
        known: dict[int, Any] = {}  # item -> result computed here or given
        task_of_item: dict[int, int] = {}  # item -> task, until the item is yielded
        item_of_task: dict[int, int] = {}  # task -> item, until the task is done
        next_item = n_items = n_tasks = 0
        exhausted = False
        while True:
            while True:
                if next_item in known:
                    value = known.pop(next_item)
                elif task_of_item.get(next_item) in self.finished:
                    value = self._load_result(task_of_item[next_item])
                else:
                    break
                task_of_item.pop(next_item, None)
                next_item += 1
                yield value
            while not exhausted and n_items - next_item < ahead:
                try:
                    needs_work, payload = next(items)
                except StopIteration:
                    exhausted = True
                    break
                if needs_work:
                    task_of_item[n_items], item_of_task[n_tasks] = n_tasks, n_items
                    self.payloads[n_tasks] = payload
                    self._make_ready(n_tasks, payload)
                    n_tasks += 1
                    self._hire(unclaimed=n_tasks - self._claimed())  # at once: a helper starts early
                else:
                    known[n_items] = payload
                n_items += 1
            if exhausted and next_item == n_items:
                return  # everything yielded (the last items may have been known already)
            self._read_messages(timeout=0)
            for task in [t for t in item_of_task if t in self.finished]:
                del item_of_task[task]
            if next_item in known or task_of_item.get(next_item) in self.finished:
                continue
            mine = self._take()
            if mine is not None:
                if exhausted and mine == n_tasks - 1:
                    self._release_end()  # the last task is this process's: idle helpers leave meanwhile
                (self.folder / f"task-{mine}.pkl").unlink()
                known[item_of_task.pop(mine)] = self.function(self.payloads.pop(mine))
                continue
            claimed = self._claimed()
            for task in [t for t in self.payloads if t < claimed]:
                del self.payloads[task]  # taken by a helper, which reads its own copy from disk
            if exhausted and not self.released_end:
                self._release_end()
            self._read_messages(timeout=None)

    def _load_result(self, task: int) -> Any:
        path = self.finished.pop(task)
        with path.open("rb") as handle:
            value = pickle.load(handle)
        path.unlink()
        return value

    @contextmanager
    def _counter(self) -> Iterator[None]:
        """Hold the lock of the shared counter, checking now and then that no helper died holding it."""
        lock = self.next_task.get_lock()
        while not lock.acquire(timeout=_PATIENCE):
            self._read_messages(timeout=0)  # raises for a helper gone without saying goodbye
        try:
            yield
        finally:
            lock.release()

    def _make_ready(self, task: int, payload: Any) -> None:
        with (self.folder / f"task-{task}.pkl").open("wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        with self._counter():
            self.ready.value += 1
        self.permits.release()

    def _claimed(self) -> int:
        with self._counter():
            return int(self.next_task.value)

    def _take(self) -> int | None:
        """Take the oldest task nobody has taken, or None."""
        if self.released_end or not self.permits.acquire(block=False):
            return None
        with self._counter():
            task = int(self.next_task.value)
            self.next_task.value = task + 1
        return task

    def _hire(self, unclaimed: int) -> None:
        """Fork helpers while there are more untaken tasks than one (this process takes one)."""
        while len(self.processes) < self.helpers and unclaimed > 1 and not self.released_end:
            reader, writer = self.context.Pipe(duplex=False)
            process = self.context.Process(
                target=_helper_main,
                args=(self.function, self.folder, self.permits, self.next_task, self.ready, self.stop, writer,
                      os.getpid()),
                daemon=True,
                name=f"kzanalysis-worker-{len(self.processes) + 1}",
            )
            process.start()
            writer.close()
            self.processes.append(process)
            self.inbox[reader] = process
            unclaimed -= 1

    def _release_end(self) -> None:
        """No task will come: wake every helper waiting for one, so it leaves."""
        self.released_end = True
        for _ in self.processes:
            self.permits.release()

    def _read_messages(self, timeout: float | None) -> None:
        live = [p for p in self.processes if p not in self.left]
        if not live and timeout is None:
            raise WorkerProcessError("no helper process is left to finish the remaining work")
        ready = wait(list(self.inbox) + [p.sentinel for p in live], timeout)
        for connection in [c for c in ready if isinstance(c, Connection)]:
            self._drain(connection)
        for process in live:
            if process.sentinel in ready:
                for connection in [c for c, p in self.inbox.items() if p is process]:
                    self._drain(connection)
                if process not in self.left:
                    process.join()
                    raise WorkerProcessError(
                        f"worker process {process.name} ended (exit code {process.exitcode}) before "
                        "finishing its work, so the run stopped; a negative code is the signal that ended it "
                        "(-9: killed, often for lack of memory: try smaller chunks or fewer processes)"
                    )

    def _drain(self, connection: Connection) -> None:
        process = self.inbox[connection]
        try:
            while connection.poll():
                self._handle(connection.recv(), process)
        except EOFError:
            del self.inbox[connection]
            connection.close()

    def _handle(self, message: tuple, process: multiprocessing.process.BaseProcess) -> None:
        kind = message[0]
        if kind == "done":
            self.finished[message[1]] = self.folder / f"result-{message[1]}.pkl"
            self.payloads.pop(message[1], None)
        elif kind == "left":
            self.left.add(process)
        elif kind == "failed":
            error = pickle.loads(message[2])
            error.add_note(f"Raised in worker process {process.name}:\n{message[3]}")
            raise error

    def close(self) -> None:
        """Stop the helpers (at once when work is left) and remove the temporary folder."""
        self.stop.value = 1  # no lock: a helper may have died holding it
        for _ in self.processes:
            self.permits.release()
        for process in self.processes:
            if process in self.left:
                # done and leaving: reaped now if it is gone, else not waited for while it unmaps
                # its memory (multiprocessing reaps it later, at active_children() or the next start)
                process.join(timeout=0)
                continue
            process.join(timeout=_PATIENCE)
            if process.exitcode is None:
                process.terminate()
                process.join()
        for connection in self.inbox:
            connection.close()
        shutil.rmtree(self.folder, ignore_errors=True)


# ---------------------------------------------------------------- helper side
def _helper_main(function: Callable[[Any], Any], folder: Path, permits: Any, next_task: Any, ready: Any,
                 stop: Any, outbox: Connection, caller: int) -> None:
    """A helper's life: take the oldest untaken task, work, write the result, say so; leave when told.

    A helper whose caller has died (killed, say) leaves too, rather than wait
    for a permit that will never come, and removes the temporary folder the
    caller can no longer remove.
    """
    gc.freeze()  # the inherited heap: the collector need not walk it, and its pages stay shared
    while True:
        while not permits.acquire(timeout=_PATIENCE):
            if os.getppid() != caller:
                shutil.rmtree(folder, ignore_errors=True)
                return
        with next_task.get_lock():
            if stop.value or next_task.value >= ready.value:
                break
            task = int(next_task.value)
            next_task.value = task + 1
        try:
            _work_on(function, folder, task)
        except BaseException as error:  # noqa: BLE001 - every error goes back to the caller
            outbox.send(("failed", task, _portable(error), traceback.format_exc()))
            return
        outbox.send(("done", task))
    outbox.send(("left",))


def _work_on(function: Callable[[Any], Any], folder: Path, task: int) -> None:
    """Read a task's payload, apply ``function`` and write the result where the caller looks for it."""
    path = folder / f"task-{task}.pkl"
    with path.open("rb") as handle:
        payload = pickle.load(handle)
    path.unlink()
    result = function(payload)
    partial = folder / f"result-{task}.part"
    with partial.open("wb") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / f"result-{task}.pkl")


def _portable(error: BaseException) -> bytes:
    """``error`` pickled, or a :class:`WorkerProcessError` naming it when it cannot be."""
    try:
        data = pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)
        return data
    except Exception:  # noqa: BLE001 - any failure to travel
        return pickle.dumps(WorkerProcessError(f"{type(error).__name__}: {error}"))
