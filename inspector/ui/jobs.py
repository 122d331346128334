"""Work off the UI thread: the one background-job class of the app.

Importing a batch of photos, rendering a notice, converting it with LibreOffice or making a backup
takes seconds; on the UI thread the window would freeze. Modelled on Anki's ``CollectionOp`` and
``QueryOp`` (``qt/aqt/operations/__init__.py``): a :class:`Job` runs one core callable on a thread
pool and says what to do with its outcome, and every rule about that outcome lives here, once:

- the callable gets a :class:`Control` to report progress and to notice a cancel request;
- its result goes to the ``success`` callbacks, on the UI thread;
- a :class:`~inspector.errors.UserError` is shown as a message (:mod:`inspector.ui.messages`), or
  handed to the ``failure`` callback when the caller shows it its own way;
- anything else is a bug: logged with its traceback and shown by the crash handler
  (:mod:`inspector.ui.crash`), never turned into plain text and lost;
- the ``ended`` callbacks run last whatever happened (hide a progress bar, enable buttons).

The worker thread only emits the job's own private signals; the job (a QObject of the UI thread)
receives them queued and calls the callbacks there, so no widget is ever touched from a pool thread.
A job keeps itself alive until it ended and skips the callbacks when its parent widget is gone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from inspector.errors import UserError

log = logging.getLogger("inspector.ui.jobs")

BACKGROUND_NICE = 10
_pools: dict[str, QThreadPool] = {}
_running: set[Job] = set()


def pool(name: str) -> QThreadPool:
    """The one-thread pool named ``name``: jobs of one kind queue instead of competing for the two
    CPU cores, the database writer or LibreOffice."""
    found = _pools.get(name)
    if found is None:
        found = QThreadPool()
        found.setMaxThreadCount(1)
        found.setObjectName(name)
        _pools[name] = found
    return found


def lower_thread_priority() -> None:
    """Let the UI thread win when it competes with a job for a CPU core. On Linux a thread has its
    own nice value; elsewhere this does nothing. A pool's thread serves one kind of job, so the lower
    priority staying with it is intended."""
    if not hasattr(os, "setpriority") or not sys.platform.startswith("linux"):
        return
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        if os.getpriority(os.PRIO_PROCESS, tid) < BACKGROUND_NICE:
            os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)


@dataclass(frozen=True)
class Control:
    """What a running task may use: ``progress(...)`` passes its arguments to the ``with_progress``
    callbacks (on the UI thread); ``cancelled()`` says whether :meth:`Job.cancel` was called."""

    progress: Callable[..., None]
    cancelled: Callable[[], bool]


Task = Callable[[Control], Any]


class Job(QObject):
    """One task on a pool, with what to do with its outcome (see the module's docstring).

    ``Job(parent, task).success(show).run_in_background()``; ``parent`` is the widget messages are
    shown over (``None``: the active window).
    """

    _progressed = Signal(tuple)
    _ended = Signal(object, object)  # result, exception (None when the task returned)

    def __init__(self, parent: QWidget | None, task: Task, *, pool_name: str = "jobs") -> None:
        super().__init__()
        self._parent = parent
        self._task = task
        self._pool_name = pool_name
        self._background = False
        self._cancel = threading.Event()
        self._on_success: list[Callable[[Any], None]] = []
        self._on_progress: list[Callable[..., None]] = []
        self._on_ended: list[Callable[[bool], None]] = []
        self._on_failure: Callable[[UserError], None] | None = None
        self.running = False
        self._progressed.connect(self._deliver_progress)
        self._ended.connect(self._deliver_outcome)

    # --- what to do with the outcome (each returns the job, to chain) ------------------------

    def success(self, fn: Callable[[Any], None]) -> Job:
        self._on_success.append(fn)
        return self

    def failure(self, fn: Callable[[UserError], None]) -> Job:
        """Handle a user error here instead of the standard message box (bugs still crash-report)."""
        self._on_failure = fn
        return self

    def with_progress(self, fn: Callable[..., None]) -> Job:
        self._on_progress.append(fn)
        return self

    def ended(self, fn: Callable[[bool], None]) -> Job:
        """``fn(ok)`` after the success or failure handling, whatever happened."""
        self._on_ended.append(fn)
        return self

    def in_background_priority(self) -> Job:
        """Run at a lower CPU priority than the UI (for long imports)."""
        self._background = True
        return self

    # --- running ----------------------------------------------------------------------------

    def run_in_background(self) -> Job:
        self.running = True
        _running.add(self)
        pool(self._pool_name).start(self._run)
        return self

    def cancel(self) -> None:
        """Ask the task to stop at its next check of ``Control.cancelled``."""
        self._cancel.set()

    def _run(self) -> None:  # on the pool's thread
        if self._background:
            lower_thread_priority()
        control = Control(progress=lambda *args: self._progressed.emit(args), cancelled=self._cancel.is_set)
        try:
            result = self._task(control)
        except Exception as err:  # the UI thread decides: a message or the crash handler
            self._ended.emit(None, err)
            return
        self._ended.emit(result, None)

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    @Slot(tuple)
    def _deliver_progress(self, args: tuple[Any, ...]) -> None:
        if self._parent_alive():
            for fn in self._on_progress:
                fn(*args)

    @Slot(object, object)
    def _deliver_outcome(self, result: Any, error: BaseException | None) -> None:
        self.running = False
        _running.discard(self)
        try:
            self._handle(result, error)
        finally:
            if self._parent_alive():
                for fn in self._on_ended:
                    fn(error is None)

    def _handle(self, result: Any, error: BaseException | None) -> None:
        alive = self._parent_alive()
        if error is None:
            if alive:
                for fn in self._on_success:
                    fn(result)
        elif isinstance(error, UserError):
            if not alive:
                return
            if self._on_failure is not None:
                self._on_failure(error)
            else:
                from inspector.ui import messages

                messages.show_error(self._parent, error)
        else:
            from inspector.ui import crash

            crash.handle_exception(type(error), error, error.__traceback__)
