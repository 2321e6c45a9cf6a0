"""ocf for Python: check, run and test outcomes-based contracts.

A thin layer over ocf's C API (include/ocf/ocf.h) with ctypes, the standard
library only. Each function is one command of the command line, with the
same results: the JSON it returns is, byte for byte, what
`ocf COMMAND --format json` prints.

    import ocf
    statement = ocf.run("examples/msk/msk.ocf", data="examples/msk/data")
    statement["payments"]["2014/15"]["total"]   # Decimal('25175000.00')

Failures raise an `OcfError` (UsageError, ContractError, DataError or
RunError) that carries the diagnostics. docs/python.md is a walkthrough;
bindings/python/README.md says how the library is found.

Functions may be called from several threads at once: each call has its own
C objects, and ctypes releases the GIL while ocf works.
"""

from . import _commands, _library
from ._commands import set_value_text
from ._errors import (ContractError, DataError, LibraryNotFound, OcfError, RunError, UsageError,
                      format_diagnostic, format_problem)

__all__ = [
    "version", "library_path", "check", "check_text", "run", "run_output", "test", "test_output",
    "OcfError", "UsageError", "ContractError", "DataError", "RunError", "LibraryNotFound",
    "format_diagnostic", "format_problem", "set_value_text",
]


def version():
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _library.text(_library.load().ocf_version())


def library_path():
    """The libocf file in use (OCF_LIBRARY, or where it was found)."""
    return _library.path()


def check(path, data=None, sets=None, strict=False, stdlib=None):
    """`ocf check PATH [--data ...] [--set ...] [--strict]`: the contract (and
    with `data`, the provider's files and the gates) as the check's JSON, a
    dict: {"diagnostics": [...], "errors": N, "warnings": N, ["data": ...]}.

    Errors in the contract or data are the check's findings, so they are in
    the dict, not raised; bad usage (a file that cannot be read, `sets`
    without `data`) raises UsageError."""
    outcome = _commands.call("check", path, _commands._settings(data=data, sets=sets, stdlib=stdlib, strict=strict))
    return _findings(outcome)


def check_text(source, path=None, stdlib=None):
    """Checks contract text (str or bytes) as if read from `path` (imports and
    test data are looked for beside it): the check's JSON as for check()."""
    return _findings(_commands.compile_text(source, path, stdlib))


def _findings(outcome):
    if outcome.status == 2:
        raise outcome.error()
    parsed = outcome.parsed()
    if "error" in parsed:  # no contract was checked: an internal error
        raise outcome.error()
    return parsed


def run(path, data=None, sets=None, period=None, engine=None, threads=None, stdlib=None, decimals=True):
    """`ocf run PATH --data ... [--set ...] [--period ...]`: the payment
    statement, a dict as LANGUAGE.md §5 describes it.

    data      a folder (`--data DIR`), a dict {NAME: PATH} (`--data NAME=PATH`
              each), or a list of `--data` specs
    sets      {INPUT or top-level LET: VALUE}: str, int, bool, decimal.Decimal or datetime.date,
              written as a data file would hold it; a float is a TypeError
              (money is exact: use Decimal or str)
    period    keep only this period ("2014/15 Q1")
    engine    "auto" (default), "jit" or "interp"
    threads   worker threads (0 or None: one per core)
    stdlib    the standard library's folder (default: the installed one)
    decimals  True (default): every computed value is a decimal.Decimal (an
              int measure's an int), exact as ocf wrote it; False: the JSON's
              strings as they are

    Raises UsageError, ContractError, DataError or RunError."""
    settings = _commands._settings(data=data, sets=sets, period=period, engine=engine, threads=threads,
                                   stdlib=stdlib)
    return _commands.run_statement(_commands.call("run", path, settings), decimals)


def run_output(path, format="table", data=None, sets=None, period=None, engine=None, threads=None, stdlib=None):
    """What `ocf run ... --format FORMAT` prints, as text: "table", "csv", or
    "json" (the statement's JSON byte for byte). Raises as run() does."""
    _commands.check_formats(format, _commands.RUN_FORMATS, "run")
    settings = _commands._settings(data=data, sets=sets, period=period, engine=engine, threads=threads,
                                   stdlib=stdlib)
    outcome = _commands.call("run", path, settings, output_format=format)
    if outcome.status != 0:
        raise outcome.error()
    return outcome.output


def test(path, engine=None, stdlib=None):
    """`ocf test PATH`: the contract's `test` blocks, as the JSON of
    `ocf test --format json` (a dict, "schema": "ocf.test/1"). A failing test
    is a result, not an exception: look at the dict's "failed". A contract
    with errors raises ContractError, bad usage UsageError."""
    outcome = _commands.call("test", path, _commands._settings(engine=engine, stdlib=stdlib))
    _raise_unless_tests_ran(outcome)
    results = outcome.parsed()
    if "error" in results:  # an internal error: no results
        raise outcome.error()
    return results


def test_output(path, format="text", engine=None, stdlib=None):
    """What `ocf test --format FORMAT` prints: "text", "json" or "junit".
    Raises as test() does."""
    _commands.check_formats(format, _commands.TEST_FORMATS, "test")
    outcome = _commands.call("test", path, _commands._settings(engine=engine, stdlib=stdlib), output_format=format)
    _raise_unless_tests_ran(outcome)
    return outcome.output


def _raise_unless_tests_ran(outcome):
    # Status 1 with a contract that is fine: a test failed, which is a result.
    if outcome.status == 2 or (outcome.status == 1 and not outcome.ok):
        raise outcome.error()
