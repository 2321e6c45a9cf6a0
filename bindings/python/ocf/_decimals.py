"""The statement's figures as Python numbers.

ocf's JSON writes every computed value as a string holding an exact decimal
("25175000.00", "0.875"), never a binary float, so that no penny is lost
between ocf and its reader. `statement_numbers` turns those strings into
`decimal.Decimal` (and an `int` measure's values into `int`), walking the
statement's known shape (LANGUAGE.md §5 and §6) so that labels, names, dates
and statuses stay text. A string of an unexpected form is left as it is.
"""

import decimal
import re

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
# Measure types whose values are numbers; others (a date, a duration) stay text.
_DECIMAL_TYPES = {"decimal", "percent", "money"}


def _decimal(v):
    if isinstance(v, str) and _NUMBER.match(v):
        return decimal.Decimal(v)
    return v


def _int(v):
    if isinstance(v, str) and _NUMBER.match(v) and "." not in v:
        return int(v)
    return _decimal(v)


def _by_period(periods, convert):
    """{PERIOD: x} with `convert` applied to each x, in place."""
    if isinstance(periods, dict):
        for label, v in periods.items():
            periods[label] = convert(v)


def _value(number):
    def convert(v):
        if isinstance(v, dict) and "value" in v:
            v["value"] = number(v["value"])
        return v

    return convert


def _target(v):
    if isinstance(v, dict) and "achievement" in v:
        v["achievement"] = _decimal(v["achievement"])
    return v


def _targets_outcomes_achievement(section):
    """targets/outcomes/achievement, at the top of the statement or a group's."""
    for periods in (section.get("targets") or {}).values():
        _by_period(periods, _target)
    for periods in (section.get("outcomes") or {}).values():
        _by_period(periods, _decimal)
    _by_period(section.get("achievement"), _decimal)


def statement_numbers(s):
    """Converts the statement `s` (json.loads of ocf_run's JSON) in place, and
    returns it."""
    if not isinstance(s, dict):
        return s
    for m in (s.get("measures") or {}).values():
        if not isinstance(m, dict):
            continue
        t = m.get("type")
        number = _int if t == "int" else _decimal if t in _DECIMAL_TYPES else None
        if number is None:
            continue
        _by_period(m.get("values"), _value(number))
        for periods in (m.get("groups") or {}).values():
            _by_period(periods, _value(number))
    _targets_outcomes_achievement(s)
    for column in (s.get("groups") or {}).values():
        for group in (column or {}).values():
            if isinstance(group, dict):
                _targets_outcomes_achievement(group)
    for payment in (s.get("payments") or {}).values():
        if not isinstance(payment, dict):
            continue
        for line in payment.get("lines") or []:
            if isinstance(line, dict) and "amount" in line:
                line["amount"] = _decimal(line["amount"])
        if "total" in payment:
            payment["total"] = _decimal(payment["total"])
    return s
