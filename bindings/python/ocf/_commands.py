"""check, run and test: Python arguments -> ocf_options -> a command -> its
JSON, or an exception (ocf/ocf.h says what each C function does)."""

import datetime
import decimal
import json
import os

from . import _library
from ._decimals import statement_numbers
from ._errors import ContractError, DataError, RunError, UsageError

_ENGINES = ("auto", "jit", "interp")
RUN_FORMATS = ("json", "table", "csv")
CHECK_FORMATS = ("json", "text")
TEST_FORMATS = ("json", "text", "junit")


# ---------------------------------------------------------------- arguments


def _path_bytes(p, what):
    """A file name as the bytes the file system uses (os.fsencode)."""
    if isinstance(p, bytes):
        return p
    if isinstance(p, (str, os.PathLike)):
        return os.fsencode(p)
    raise TypeError("%s must be a path (str, bytes or os.PathLike), not %s" % (what, type(p).__name__))


def _data_specs(data):
    """`data` as `--data` specs: a folder; {NAME: PATH}; or a list of specs
    (a folder, or "NAME=PATH")."""
    if data is None:
        return []
    if isinstance(data, (str, bytes, os.PathLike)):
        return [_path_bytes(data, "data")]
    if isinstance(data, dict):
        specs = []
        for name, p in data.items():
            if not isinstance(name, str) or not name:
                raise TypeError("data's keys must be dataset names (non-empty str), not %r" % (name,))
            specs.append(name.encode("utf-8") + b"=" + _path_bytes(p, "data[%r]" % name))
        return specs
    if isinstance(data, (list, tuple)):
        return [_path_bytes(p, "each item of data") for p in data]
    raise TypeError("data must be a folder, a dict NAME -> PATH or a list of specs, not %s" % type(data).__name__)


def set_value_text(name, value):
    """A `sets` value as a data file would hold it (LANGUAGE.md §4).

    Floats are refused: 0.1 is not exactly a tenth in binary, and a contract's
    money and rates are exact. Write Decimal("0.1") or "0.1" instead."""
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError("sets[%r] must be a finite number, not %s" % (name, value))
        return format(value, "f")  # never an exponent
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        raise TypeError("sets[%r]: a datetime is not a date; pass .date() or an ISO date string" % name)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        raise TypeError(
            "sets[%r] is a float (%r), which is not exact; use decimal.Decimal(%r) or the str %r: "
            "money is exact" % (name, value, str(value), str(value)))
    raise TypeError("sets[%r] must be a str, int, bool, decimal.Decimal or datetime.date, not %s"
                    % (name, type(value).__name__))


def _set_pairs(sets):
    if sets is None:
        return []
    if not isinstance(sets, dict):
        raise TypeError("sets must be a dict NAME -> VALUE, not %s" % type(sets).__name__)
    pairs = []
    for name, value in sets.items():
        if not isinstance(name, str) or not name:
            raise TypeError("sets' keys must be input names (non-empty str), not %r" % (name,))
        pairs.append((name.encode("utf-8"), set_value_text(name, value).encode("utf-8")))
    return pairs


def _text_arg(value, what):
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))
    return value.encode("utf-8")


def _settings(data=None, sets=None, period=None, engine=None, threads=None, stdlib=None, strict=False):
    """Every argument checked and converted before anything is allocated in
    C: a list of (setter name, arguments, what it sets)."""
    out = [("ocf_options_add_data", (spec,), "data %r" % spec) for spec in _data_specs(data)]
    out += [("ocf_options_add_set", pair, "sets[%r]" % pair[0].decode()) for pair in _set_pairs(sets)]
    if period is not None:
        out.append(("ocf_options_set_period", (_text_arg(period, "period"),), "period"))
    if engine is not None:
        if engine not in _ENGINES:
            raise ValueError("engine must be one of %s, not %r" % (", ".join(_ENGINES), engine))
        out.append(("ocf_options_set_engine", (engine.encode(),), "engine"))
    if threads is not None:
        if isinstance(threads, bool) or not isinstance(threads, int) or not 0 <= threads < 2**32:
            raise ValueError("threads must be an int >= 0 (0: one per core), not %r" % (threads,))
        out.append(("ocf_options_set_threads", (threads,), "threads"))
    if stdlib is not None:
        out.append(("ocf_options_set_stdlib", (_path_bytes(stdlib, "stdlib"),), "stdlib"))
    if strict:
        out.append(("ocf_options_set_strict", (1,), "strict"))
    return out


# ---------------------------------------------------------------- calls


class _Outcome:
    """What a command returned, copied out of the C result before it was freed."""

    def __init__(self, command, status, ok, raw_json, output, messages, diagnostics_json):
        self.command = command
        self.status = status
        self.ok = ok
        self.raw_json = raw_json
        self.output = output
        self.messages = messages
        self.diagnostics_json = diagnostics_json

    def parsed(self, text=None):
        text = self.raw_json if text is None else text
        try:
            # parse_float: a JSON number with a fraction would be exact too.
            return json.loads(text, parse_float=decimal.Decimal) if text else {}
        except ValueError:
            return {}

    def error(self):
        """The exception for a failed command."""
        parsed = self.parsed()
        contract = self.parsed(self.diagnostics_json).get("diagnostics")
        args = (self.command, self.status, parsed, self.raw_json, self.messages, contract)
        if self.status == 2:
            return UsageError(*args)
        e = ContractError(*args)
        if not self.ok and e.errors:
            return e
        e = DataError(*args)
        if e.problems:
            return e
        return RunError(*args)


def call(command, path, settings, output_format=None):
    """Runs `ocf_<command>` on `path` with `settings` (from _settings) and
    returns an _Outcome; `output_format` also fetches ocf_result_output."""
    lib = _library.load()
    path_bytes = _path_bytes(path, "path")
    format_bytes = _text_arg(output_format, "format") if output_format is not None else None
    options = lib.ocf_options_new()
    if not options:
        raise MemoryError("ocf_options_new")
    try:
        for setter, args, what in settings:
            if not getattr(lib, setter)(options, *args):
                raise ValueError("ocf refused %s" % what)
        result = getattr(lib, "ocf_" + command)(path_bytes, options)
        if not result:
            raise MemoryError("ocf_" + command)
        try:
            return _Outcome(
                command,
                lib.ocf_result_status(result),
                bool(lib.ocf_result_ok(result)),
                _library.text(lib.ocf_result_json(result)),
                _library.text(lib.ocf_result_output(result, format_bytes)) if format_bytes else None,
                _library.text(lib.ocf_result_messages(result)),
                _library.text(lib.ocf_result_diagnostics_json(result)),
            )
        finally:
            lib.ocf_result_free(result)
    finally:
        lib.ocf_options_free(options)


def check_formats(output_format, allowed, command):
    if output_format not in allowed:
        raise ValueError("ocf %s has the formats %s, not %r" % (command, ", ".join(allowed), output_format))


def run_statement(outcome, decimals):
    if outcome.status != 0:
        raise outcome.error()
    statement = outcome.parsed()
    return statement_numbers(statement) if decimals else statement


def compile_text(source, virtual_path, stdlib):
    """ocf_compile_text: the diagnostics of contract text."""
    lib = _library.load()
    data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    name = _path_bytes(virtual_path, "virtual_path") if virtual_path is not None else None
    lib_dir = _path_bytes(stdlib, "stdlib") if stdlib is not None else None
    result = lib.ocf_compile_text(data, len(data), name, lib_dir)
    if not result:
        raise MemoryError("ocf_compile_text")
    try:
        return _Outcome("check", lib.ocf_result_status(result), bool(lib.ocf_result_ok(result)),
                        _library.text(lib.ocf_result_json(result)), None,
                        _library.text(lib.ocf_result_messages(result)),
                        _library.text(lib.ocf_result_diagnostics_json(result)))
    finally:
        lib.ocf_result_free(result)
