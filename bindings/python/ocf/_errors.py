"""The exceptions: one for each way a command can fail, as the command line's
exit status says (ocf/ocf.h, ocf_result_status)."""

# How many diagnostics, problems or errors str(e) shows after its summary.
_SHOWN = 3


class LibraryNotFound(ImportError):
    """libocf could not be found or loaded; the message says where it looked."""


class OcfError(Exception):
    """A command that failed. Every failure is one of the subclasses.

    status       the command line's exit status (1 or 2)
    json         the command's JSON output, parsed (a dict)
    raw_json     the same, as the text ocf returned
    messages     what the command line prints on standard error (text)
    diagnostics  the contract's diagnostics (a list of dicts with "code",
                 "severity", "message", "file", "line", ...), [] if none
    problems     the data's problems (dicts with "file", "line", "message",
                 ...; each with "dataset" added), [] if none
    run_errors   why the run stopped (list of str), [] if none
    """

    def __init__(self, command, status, parsed, raw_json, messages, contract_diagnostics=None):
        self.command = command
        self.status = status
        self.json = parsed if isinstance(parsed, dict) else {}
        self.raw_json = raw_json
        self.messages = messages or ""
        # The command's JSON has the diagnostics, except `ocf test`'s: there
        # they come from ocf_result_diagnostics_json.
        diagnostics = self.json.get("diagnostics") or contract_diagnostics
        self.diagnostics = diagnostics if isinstance(diagnostics, list) else []
        self.problems = _problems(self.json)
        run_errors = self.json.get("run_errors")
        self.run_errors = [str(e) for e in run_errors] if isinstance(run_errors, list) else []
        super().__init__(self._summary())

    @property
    def errors(self):
        """The diagnostics that are errors (not warnings)."""
        return [d for d in self.diagnostics if d.get("severity") == "error"]

    def _headline(self):
        error = self.json.get("error")
        if isinstance(error, str) and error:
            return error
        if self.run_errors:
            return "ocf %s: %s" % (self.command, self.run_errors[0])
        lines = [l for l in self.messages.splitlines() if l.strip()]
        return lines[-1] if lines else "ocf %s failed with status %d" % (self.command, self.status)

    def _details(self):
        return []

    def _summary(self):
        details = self._details()
        shown = details[:_SHOWN]
        if len(details) > _SHOWN:
            shown.append("... and %d more" % (len(details) - _SHOWN))
        return "\n".join([self._headline()] + ["  " + d for d in shown])


class UsageError(OcfError):
    """Status 2, bad usage: a file that cannot be read, an option that is not
    allowed, a period that is not the contract's, a value for no input."""


class ContractError(OcfError):
    """Status 1: the contract has errors; `.diagnostics` lists them (the
    codes are the command line's, docs/diagnostics.md)."""

    def _headline(self):
        n = len(self.errors)
        return "ocf %s: the contract has %d error%s" % (self.command, n, "" if n == 1 else "s")

    def _details(self):
        return [format_diagnostic(d) for d in self.errors]


class DataError(OcfError):
    """Status 1: the provider's data has problems (a bad value, a broken
    `check` rule, a missing column); `.problems` lists them, nothing was
    computed."""

    def _headline(self):
        n = len(self.problems)
        return "ocf %s: the data has %d problem%s; nothing was computed" % (self.command, n, "" if n == 1 else "s")

    def _details(self):
        return [format_problem(p) for p in self.problems]


class RunError(OcfError):
    """Status 1 for another reason: the run stopped (an input with no value,
    a value that no case of a `match` covers, a payment line that came out
    missing), a gate failed under `strict`, or ocf had an internal error."""

    def _details(self):
        return self.run_errors[1:]


def format_diagnostic(d):
    """`file:line:col: error[E0302]: message`, as the command line starts it."""
    where = "%s:%s:%s" % (d.get("file", "?"), d.get("line", "?"), d.get("column", "?"))
    return "%s: %s[%s]: %s" % (where, d.get("severity", "error"), d.get("code", "?"), d.get("message", ""))


def format_problem(p):
    """`file:line: message`, as the command line prints a data problem."""
    where = str(p.get("file", p.get("dataset", "?")))
    if p.get("line") is not None:
        where += ":%s" % p["line"]
    return "%s: %s" % (where, p.get("message", ""))


def _problems(parsed):
    data = parsed.get("data")
    if not isinstance(data, dict):
        return []
    found = []
    for name, summary in data.items():
        if not isinstance(summary, dict):
            continue
        for p in summary.get("problems") or []:
            if isinstance(p, dict):
                found.append(dict(p, dataset=name))
    return found
