"""Give the heap memory a large load freed back to the operating system."""

import ctypes
import ctypes.util
import functools
import gc
from contextlib import contextmanager


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, or None when it cannot be opened. glibc's own name first: `find_library` runs
    `ldconfig` in a child process, too slow for a server's start."""
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        pass
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def release_free_memory(collect: bool = True) -> bool:
    """Return freed heap memory to the operating system (glibc's `malloc_trim`).

    Reading, checking and indexing tens of thousands of records leaves many freed temporaries in the
    C heap; glibc keeps those pages, so the server's resident memory would count what it once built,
    not what it holds. True when glibc released memory, False when there was none to release or the
    C library has no `malloc_trim` (not glibc). `collect` first runs Python's cycle collector (tens of
    milliseconds with a large campaign in memory): worth it once the caches are filled, not on the
    way to a page."""
    if collect:
        gc.collect()
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return bool(trim(0))


M_ARENA_MAX = -8  # mallopt's parameter number for the arena limit (glibc's malloc.h)


def limit_arenas(count: int = 2) -> bool:
    """Let glibc keep at most `count` malloc arenas in this process (`mallopt(M_ARENA_MAX)`).

    Streamlit runs each script run in a thread of its own; glibc gives threads arenas of their own
    (up to eight per core), each keeping its freed memory, so a server's resident memory grows with
    the number of threads that ever ran a page. Call before those threads start. True when glibc
    took the setting, False elsewhere."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, count) == 1


@contextmanager
def collection_paused():
    """Python's cycle collector paused for the block, then restored as it was.

    Building a large structure that all stays (unpickling a campaign of 50,000 practices with their
    lists, importing the modules a page needs) sets the collector off every few hundred new objects, to
    find nothing to free: a quarter of the server's warm-up time, two thirds of an unpickling. The
    pause is process-wide, so it is kept to such blocks."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
