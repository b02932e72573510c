"""`hrcities.memory`: freed heap pages go back to the system, and threads stay within the malloc arenas
allowed (glibc), each checked in a child process."""

import subprocess
import sys
import textwrap

import pytest

# A child process fills its C heap with 64 KiB blocks (below glibc's mmap threshold), keeps only the
# last one (so the heap's top cannot shrink by itself) and frees the rest: its resident memory stays
# high until malloc_trim gives the free pages back.
CHILD = textwrap.dedent("""
    import re, sys
    sys.path.insert(0, {root!r})
    from hrcities.memory import release_free_memory

    def rss_mib():
        with open("/proc/self/status") as f:
            return int(re.search(r"VmRSS:\\s+(\\d+)", f.read()).group(1)) / 1024

    blocks = [bytearray(b"x" * 65536) for _ in range(2000)]
    last = blocks[-1]
    del blocks
    before = rss_mib()
    released = release_free_memory()
    print(before, rss_mib(), released)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim and /proc: Linux")
def test_freed_heap_memory_goes_back_to_the_system():
    from hrcities.paths import ROOT

    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    before, after, released = float(out[0]), float(out[1]), out[2]
    assert released == "True"
    assert before - after > 80, f"resident memory {before:.0f} MiB -> {after:.0f} MiB"


# Eight threads each allocate while the others hold their blocks; glibc's malloc_stats() then lists
# one "Arena N:" section per arena on stderr.
THREADS = textwrap.dedent("""
    import ctypes, sys, threading
    sys.path.insert(0, {root!r})
    from hrcities.memory import limit_arenas

    limited = limit_arenas(1) if {limit} else None
    barrier = threading.Barrier(8)
    kept = []

    def work():
        barrier.wait()
        kept.append([bytearray(200_000) for _ in range(5)])
        barrier.wait()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(limited, flush=True)
    ctypes.CDLL("libc.so.6").malloc_stats()
""")


def _arenas(limit: bool) -> tuple[str, int]:
    from hrcities.paths import ROOT

    done = subprocess.run(
        [sys.executable, "-c", THREADS.format(root=str(ROOT), limit=limit)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip(), done.stderr.count("Arena ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt and malloc_stats: Linux")
def test_limit_arenas_keeps_threads_in_the_arenas_allowed():
    assert _arenas(limit=False)[1] > 1  # the test can tell: threads get arenas of their own
    limited, arenas = _arenas(limit=True)
    assert limited == "True"
    assert arenas == 1


def test_the_collector_is_paused_for_the_block_and_restored_as_it_was():
    import gc

    from hrcities.memory import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        kept = [[] for _ in range(5 * gc.get_threshold()[0])]
        # no collection ran (one would reset the count of new objects): allocating did not set it off
        assert gc.get_count()[0] >= len(kept)
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a failing block")
    assert gc.isenabled()  # restored on the way out of an error too
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
