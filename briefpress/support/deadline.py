"""A time limit on work done in this process, in the main thread or any other.

In the main thread a timer signal interrupts the work; another thread (the live preview builds in
one) cannot receive signals, so a timer thread raises the exception in it asynchronously instead.
Either way the exception arrives between two bytecodes: a long call into C finishes first.
"""
from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Expired(BaseException):
    """Raised in the bounded work when its time is up (a BaseException, so no ``except Exception`` in
    the work swallows it)."""


@contextmanager
def deadline(seconds: float, expired: Callable[[], BaseException]) -> Iterator[None]:
    """Run the block for at most ``seconds``; past them, raise ``expired()`` from it."""
    bounded = _signal_bound if threading.current_thread() is threading.main_thread() else _thread_bound
    try:
        with bounded(seconds):
            yield
    except Expired:
        raise expired() from None


@contextmanager
def _signal_bound(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Expired

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exception) if exception
                                               else None)


@contextmanager
def _thread_bound(seconds: float) -> Iterator[None]:
    target, lock, state = threading.get_ident(), threading.Lock(), {"done": False, "fired": False}

    def ring() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _raise_in(target, Expired)

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:
                _raise_in(target, None)  # fired but not yet delivered: it must not escape past the block
