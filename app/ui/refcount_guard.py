"""Keeps None, True and False alive under PySide6 builds that under-count their references.

PySide6 6.12's abi3 wheels return None (and some bools) to Python without taking a reference.
From Python 3.12 on these singletons are immortal (PEP 683) and nothing happens; on 3.11 every
such call lowers their reference count by one, and after some thousands of calls (a few hundred
scans) the interpreter aborts with "none_dealloc: deallocating None". This gives the three
singletons a reference count so large it cannot run out, which is what 3.12 does for them.
"""

import ctypes
import sys

# Far more than any process makes calls; far below the counter's limit.
_ALLOWANCE = 1 << 40


def _refcount_address(obj: object) -> int | None:
    """Where `obj`'s reference count lives, checked against sys.getrefcount; None if unsure
    (an unusual build), in which case nothing is touched."""
    for offset in (0, 2 * ctypes.sizeof(ctypes.c_void_p)):  # the latter: Py_TRACE_REFS builds
        address = id(obj) + offset
        # getrefcount sees one more reference: its own argument.
        if ctypes.c_ssize_t.from_address(address).value == sys.getrefcount(obj) - 1:
            return address
    return None


def guard_singletons() -> bool:
    """Make None, True and False effectively immortal on Python < 3.12. Returns whether it
    did (or had already done) so; on 3.12+ it is not needed and does nothing."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) > _ALLOWANCE // 2:
            continue
        address = _refcount_address(singleton)
        if address is None:
            return False
        ctypes.c_ssize_t.from_address(address).value += _ALLOWANCE
    return True
