"""The cyclic garbage collector paused while a command builds many objects it frees only later
(or never): the console's start, a large cluster.yaml's validation.

Python's collector runs every 700 new container objects and now and then walks everything
alive; while tens of thousands of objects are being built and kept, each walk finds nothing to
free. Reference counting still frees whatever is dropped: only cycles wait for the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_off() -> Iterator[None]:
    """The cyclic garbage collector off for the block (then as it was).

    Building the console: what is built (modules, classes, the app, its backend) lives as long
    as the console, and is frozen afterwards (console_command.tune_garbage_collector); the
    collector walked that growing heap some 90 times before the first frame, about 10 ms of the
    console's start (bench/console_startup.py). Validating a 10,000-party cluster.yaml (70,000
    YAML values composed, converted and checked): 0.6 s with the collector, 0.37 s without
    (bench/validate_startup.py).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
