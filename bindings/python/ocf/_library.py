"""Finding and loading libocf, and declaring the C API's functions (ocf/ocf.h).

Every function gets its argtypes and restype, so that ctypes converts and
checks arguments instead of guessing (a guessed `int` return would cut a
64-bit pointer in half). Strings that ocf returns are `c_char_p`: ctypes
copies them into `bytes` as the call returns, so they are read before the
result that owns them is freed; `text()` decodes them.
"""

import ctypes
import ctypes.util
import glob
import os
import threading

from ._errors import LibraryNotFound

_lock = threading.Lock()
_lib = None
_path = None

_c_char_p = ctypes.c_char_p
_c_void_p = ctypes.c_void_p
_c_int = ctypes.c_int
_c_uint = ctypes.c_uint
_c_size_t = ctypes.c_size_t

# name: (restype, argtypes). ocf_options* and ocf_result* are opaque: c_void_p.
_SIGNATURES = {
    "ocf_version": (_c_char_p, []),
    "ocf_options_new": (_c_void_p, []),
    "ocf_options_free": (None, [_c_void_p]),
    "ocf_options_set_stdlib": (_c_int, [_c_void_p, _c_char_p]),
    "ocf_options_add_data": (_c_int, [_c_void_p, _c_char_p]),
    "ocf_options_add_set": (_c_int, [_c_void_p, _c_char_p, _c_char_p]),
    "ocf_options_set_period": (_c_int, [_c_void_p, _c_char_p]),
    "ocf_options_set_engine": (_c_int, [_c_void_p, _c_char_p]),
    "ocf_options_set_threads": (_c_int, [_c_void_p, _c_uint]),
    "ocf_options_set_strict": (_c_int, [_c_void_p, _c_int]),
    "ocf_check": (_c_void_p, [_c_char_p, _c_void_p]),
    "ocf_run": (_c_void_p, [_c_char_p, _c_void_p]),
    "ocf_test": (_c_void_p, [_c_char_p, _c_void_p]),
    "ocf_compile_file": (_c_void_p, [_c_char_p, _c_char_p]),
    "ocf_compile_text": (_c_void_p, [_c_char_p, _c_size_t, _c_char_p, _c_char_p]),
    "ocf_result_status": (_c_int, [_c_void_p]),
    "ocf_result_ok": (_c_int, [_c_void_p]),
    "ocf_result_error_count": (_c_size_t, [_c_void_p]),
    "ocf_result_warning_count": (_c_size_t, [_c_void_p]),
    "ocf_result_json": (_c_char_p, [_c_void_p]),
    "ocf_result_output": (_c_char_p, [_c_void_p, _c_char_p]),
    "ocf_result_messages": (_c_char_p, [_c_void_p]),
    "ocf_result_diagnostics_json": (_c_char_p, [_c_void_p]),
    "ocf_result_diagnostics_text": (_c_char_p, [_c_void_p]),
    "ocf_result_free": (None, [_c_void_p]),
}

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _installed():
    """(folder, file name) of the library installed with this package, from
    _install.py, which `cmake --install` writes (bindings/python/CMakeLists.txt)
    with the folder relative to the package, so that the installed tree may
    be moved. None in the source tree."""
    try:
        from . import _install
    except ImportError:
        return None
    return os.path.normpath(os.path.join(_PACKAGE_DIR, _install.LIBDIR)), getattr(_install, "LIBRARY", "")


def _libraries(folder):
    """libocf.so* in `folder`, the versioned files (an SONAME) first."""
    found = glob.glob(os.path.join(folder, "libocf.so*"))
    return sorted(found, key=lambda p: (os.path.basename(p) == "libocf.so", p))


def _candidates():
    """(where, [paths]) in the order they are tried; `where` is what the
    error message says when nothing is found."""
    env = os.environ.get("OCF_LIBRARY")
    if env:
        # An explicit choice is the only one: falling back to another copy
        # would hide a wrong path.
        yield "OCF_LIBRARY=" + env, [env]
        return
    yield os.path.join(_PACKAGE_DIR, "libocf.so*"), _libraries(_PACKAGE_DIR)
    installed = _installed()
    if installed:
        libdir, name = installed
        exact = [os.path.join(libdir, name)] if name and os.path.exists(os.path.join(libdir, name)) else []
        yield os.path.join(libdir, name or "libocf.so*"), exact or _libraries(libdir)
    else:
        # PREFIX/lib/ocf/python/ocf -> PREFIX/lib, the layout of `cmake --install`.
        libdir = os.path.normpath(os.path.join(_PACKAGE_DIR, "..", "..", ".."))
        yield os.path.join(libdir, "libocf.so*"), _libraries(libdir)
    name = ctypes.util.find_library("ocf")
    yield "the system's libraries (ctypes.util.find_library('ocf'))", [name] if name else []


def _declare(lib):
    for name, (restype, argtypes) in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def load():
    """The loaded library (loaded once, on first use)."""
    global _lib, _path
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is not None:
            return _lib
        looked, failures = [], []
        for where, paths in _candidates():
            looked.append(where)
            for path in paths:
                try:
                    lib = ctypes.CDLL(path)
                    lib.ocf_version  # not libocf if this is missing
                except (OSError, AttributeError) as e:
                    failures.append("%s: %s" % (path, e))
                    continue
                _path = path
                _lib = _declare(lib)
                return _lib
        message = "cannot find libocf; looked in: " + "; ".join(looked)
        if failures:
            message += "; could not load: " + "; ".join(failures)
        message += ". Set OCF_LIBRARY to the path of libocf.so."
        raise LibraryNotFound(message)


def path():
    """The file the library was loaded from."""
    load()
    return _path


def text(raw):
    """A string ocf returned (bytes, or None for NULL) as Python text. ocf
    writes UTF-8; a file name's other bytes become lone surrogates
    (surrogateescape), so that `.encode("utf-8", "surrogateescape")` gives
    back ocf's bytes exactly."""
    if raw is None:
        return None
    return raw.decode("utf-8", errors="surrogateescape")
