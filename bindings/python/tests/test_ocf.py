"""The Python binding against the command line: the same statements, checks
and test results, byte for byte where the binding gives text; each failure
as the right exception with the command line's diagnostics.

Run with Debian's Python: OCF_LIBRARY=build/.../libocf.so
/usr/bin/python3 -m unittest -v test_ocf (ctest does, bindings/python)."""

import datetime
import decimal
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

from support import MSK, MSK_DATA, OLDER, OLDER_DATA, PACKAGE_PARENT, SOURCE, cli

import ocf

D = decimal.Decimal


def walk_pairs(converted, raw, path=""):
    """Yields (path, converted value, raw value) for every leaf of two trees
    of the same shape; fails on a difference of shape."""
    if isinstance(raw, dict):
        assert isinstance(converted, dict) and list(converted) == list(raw), path
        for k in raw:
            yield from walk_pairs(converted[k], raw[k], path + "/" + k)
    elif isinstance(raw, list):
        assert isinstance(converted, list) and len(converted) == len(raw), path
        for i, (c, r) in enumerate(zip(converted, raw)):
            yield from walk_pairs(c, r, "%s[%d]" % (path, i))
    else:
        yield path, converted, raw


def check_numbers(test, converted, raw):
    """Every Decimal (or int) in `converted` holds exactly the digits of the
    string at the same place in `raw`; everything else is unchanged and no
    float appears. Returns how many values were converted."""
    count = 0
    for path, value, text in walk_pairs(converted, raw):
        if isinstance(value, D):
            count += 1
            test.assertEqual(format(value, "f"), text, path)  # every digit kept
        elif isinstance(value, int) and not isinstance(value, bool) and isinstance(text, str):
            count += 1
            test.assertEqual(str(value), text, path)
            test.assertEqual(raw["measures"][path.split("/")[2]]["type"], "int", path)
        else:
            test.assertEqual(value, text, path)
            test.assertNotIsInstance(value, float, path)
    return count


class TempDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="ocf-python-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


class Library(unittest.TestCase):
    def test_version_is_the_command_lines(self):
        self.assertEqual("ocf " + ocf.version() + "\n", cli("--version").text)

    def test_library_path_is_the_one_asked_for(self):
        if os.environ.get("OCF_LIBRARY"):
            self.assertEqual(ocf.library_path(), os.environ["OCF_LIBRARY"])
        self.assertTrue(os.path.exists(ocf.library_path()))

    def _import_in_subprocess(self, env, cwd=None, package_parent=PACKAGE_PARENT):
        code = "import ocf\ntry:\n    print(ocf.version(), ocf.library_path())\n" \
               "except ocf.LibraryNotFound as e:\n    print('not found:', e)\n"
        env = dict(os.environ, PYTHONPATH=package_parent, PYTHONDONTWRITEBYTECODE="1", **env)
        env = {k: v for k, v in env.items() if v is not None}
        p = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def test_a_wrong_ocf_library_is_an_error_that_names_it(self):
        out = self._import_in_subprocess({"OCF_LIBRARY": "/nonexistent/libocf.so"})
        self.assertTrue(out.startswith("not found: cannot find libocf; looked in: OCF_LIBRARY=/nonexistent/libocf.so"),
                        out)
        self.assertIn("could not load: /nonexistent/libocf.so", out)

    def test_a_copy_of_the_library_in_the_package_folder_is_found(self):
        with TempDir() as tmp:
            shutil.copytree(os.path.join(PACKAGE_PARENT, "ocf"), os.path.join(tmp, "ocf"),
                            ignore=shutil.ignore_patterns("__pycache__", "libocf.so*", "_install.py"))
            bundled = os.path.join(tmp, "ocf", "libocf.so.0")
            shutil.copy(ocf.library_path(), bundled)
            out = self._import_in_subprocess({"OCF_LIBRARY": None}, package_parent=tmp)
            self.assertEqual(out, "%s %s\n" % (ocf.version(), bundled))

    def test_nowhere_to_find_it_says_where_it_looked(self):
        with TempDir() as tmp:
            shutil.copytree(os.path.join(PACKAGE_PARENT, "ocf"), os.path.join(tmp, "a", "b", "c", "ocf"),
                            ignore=shutil.ignore_patterns("__pycache__", "libocf.so*", "_install.py"))
            out = self._import_in_subprocess({"OCF_LIBRARY": None, "LD_LIBRARY_PATH": None},
                                             package_parent=os.path.join(tmp, "a", "b", "c"))
            if not out.startswith("not found:"):
                self.skipTest("a libocf is installed on this machine: " + out)
            self.assertIn(os.path.join(tmp, "a", "b", "c", "ocf") + "/libocf.so*", out)
            self.assertIn(os.path.join(tmp, "a") + "/libocf.so*", out)
            self.assertIn("find_library", out)
            self.assertIn("Set OCF_LIBRARY", out)


class Run(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cli = cli("run", MSK, "--data", MSK_DATA, "--format", "json")
        assert cls.cli.status == 0, cls.cli.err

    def test_the_statement_is_the_command_lines(self):
        self.assertEqual(ocf.run(MSK, data=MSK_DATA, decimals=False), json.loads(self.cli.out))

    def test_the_json_text_is_the_command_lines_bytes(self):
        text = ocf.run_output(MSK, format="json", data=MSK_DATA)
        self.assertEqual(text.encode("utf-8", "surrogateescape"), self.cli.out)

    def test_table_and_csv_are_the_command_lines(self):
        for fmt in ("table", "csv"):
            expected = cli("run", MSK, "--data", MSK_DATA, "--format", fmt)
            self.assertEqual(expected.status, 0)
            self.assertEqual(ocf.run_output(MSK, format=fmt, data=MSK_DATA).encode("utf-8"), expected.out, fmt)
        with self.assertRaisesRegex(ValueError, "json, table, csv"):
            ocf.run_output(MSK, format="junit", data=MSK_DATA)

    def test_figures_are_exact_decimals(self):
        raw = json.loads(self.cli.out)
        s = ocf.run(MSK, data=MSK_DATA)
        self.assertGreater(check_numbers(self, s, raw), 100)
        for label, p in s["payments"].items():
            self.assertIsInstance(p["total"], D)
            self.assertEqual(sum((l["amount"] for l in p["lines"] if not l.get("shadow")), D(0)), p["total"], label)
        for m in s["measures"].values():
            for v in m["values"].values():
                if v["value"] is not None and m["type"] in ("money", "percent", "decimal"):
                    self.assertIsInstance(v["value"], D)
        self.assertEqual([p["label"] for p in s["periods"]], [p["label"] for p in raw["periods"]])
        self.assertIsInstance(s["periods"][0]["start"], str)  # dates stay text

    def test_figures_of_groups_are_exact_decimals(self):
        for name in ("alliance", "mental_health"):
            contract = os.path.join(SOURCE, "examples", name, name + ".ocf")
            data = os.path.join(SOURCE, "examples", name, "data")
            expected = cli("run", contract, "--data", data, "--format", "json")
            self.assertEqual(expected.status, 0, expected.err)
            raw = json.loads(expected.out)
            s = ocf.run(contract, data=data)
            self.assertGreater(check_numbers(self, s, raw), 100, name)
            grouped = [m for m in s["measures"].values() if "groups" in m and m["type"] != "int"]
            self.assertTrue(grouped, name)
            for m in grouped:
                for periods in m["groups"].values():
                    for v in periods.values():
                        self.assertTrue(v["value"] is None or isinstance(v["value"], D), name)
            for column in s.get("groups", {}).values():
                for group in column.values():
                    for periods in group["targets"].values():
                        for t in periods.values():
                            self.assertTrue(t["achievement"] is None or isinstance(t["achievement"], D), name)
            for p in s["payments"].values():
                self.assertEqual(sum((l["amount"] for l in p["lines"] if not l.get("shadow")), D(0)), p["total"])

    def test_data_as_a_dict_and_as_a_list_of_specs(self):
        expected = json.loads(self.cli.out)
        files = {name: os.path.join(MSK_DATA, name + ".csv") for name in ("referrals", "proms", "finance")}
        self.assertEqual(ocf.run(MSK, data=files, decimals=False), expected)
        self.assertEqual(ocf.run(MSK, data=["%s=%s" % kv for kv in files.items()], decimals=False), expected)
        import pathlib
        self.assertEqual(ocf.run(pathlib.Path(MSK), data=pathlib.Path(MSK_DATA), decimals=False), expected)

    def test_a_file_name_that_is_not_utf8(self):
        with TempDir() as tmp:
            name = os.path.join(os.fsencode(tmp), b"contract-\xff.ocf")
            shutil.copy(MSK, name)
            shutil.copytree(MSK_DATA, os.path.join(tmp, "data"))
            expected = json.loads(self.cli.out)
            # As bytes, and as the str Python makes of them (surrogateescape).
            for path in (name, os.fsdecode(name)):
                self.assertEqual(ocf.run(path, data=os.path.join(tmp, "data"), decimals=False), expected)
            missing = os.path.join(os.fsencode(tmp), b"missing-\xfe.ocf")
            with self.assertRaises(ocf.UsageError) as e:
                ocf.run(missing, data=MSK_DATA)
            self.assertIn("cannot read", str(e.exception))
            self.assertEqual(e.exception.raw_json.encode("utf-8", "surrogateescape"),
                             cli("run", missing, "--data", MSK_DATA, "--format", "json").out)

    def test_inputs_period_and_engines(self):
        args = ["run", OLDER, "--data", OLDER_DATA, "--set", "registered_65_plus=3000", "--period", "2016/17",
                "--format", "json"]
        for engine in ("interp", "jit"):
            expected = cli(*args, "--engine", engine)
            self.assertEqual(expected.status, 0, expected.err)
            for value in (3000, "3000", D("3000"), D("3E+3")):
                got = ocf.run(OLDER, data=OLDER_DATA, sets={"registered_65_plus": value}, period="2016/17",
                              engine=engine, threads=2, decimals=False)
                self.assertEqual(got, json.loads(expected.out), (engine, value))
            text = ocf.run_output(OLDER, format="json", data=OLDER_DATA, sets={"registered_65_plus": 3000},
                                  period="2016/17", engine=engine)
            self.assertEqual(text.encode("utf-8"), expected.out)
        s = ocf.run(OLDER, data=OLDER_DATA, sets={"registered_65_plus": 3000}, period="2016/17")
        self.assertEqual([p["label"] for p in s["periods"]], ["2016/17"])
        # A different population is a different statement.
        other = ocf.run(OLDER, data=OLDER_DATA, sets={"registered_65_plus": 6000}, period="2016/17")
        self.assertNotEqual(other, s)

    def test_several_threads_at_once_give_the_same_statement(self):
        expected = ocf.run_output(MSK, format="json", data=MSK_DATA)
        results, errors = [], []

        def work():
            try:
                for _ in range(2):
                    results.append(ocf.run_output(MSK, format="json", data=MSK_DATA, threads=1))
                    results.append(json.dumps(ocf.run(MSK, data=MSK_DATA), default=str))
            except Exception as e:  # reported below, in the main thread
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 16)
        as_dict = json.dumps(ocf.run(MSK, data=MSK_DATA), default=str)
        for r in results:
            self.assertIn(r, (expected, as_dict))
        self.assertEqual(results.count(expected), 8)


class Check(unittest.TestCase):
    def test_check_with_data_is_the_command_lines(self):
        expected = cli("check", MSK, "--data", MSK_DATA, "--format", "json")
        self.assertEqual(expected.status, 0, expected.err)
        got = ocf.check(MSK, data=MSK_DATA)
        self.assertEqual(got, json.loads(expected.out))
        self.assertIn("data", got)
        self.assertEqual(got["errors"], 0)

    def test_check_alone_and_check_text(self):
        expected = json.loads(cli("check", MSK, "--format", "json").out)
        self.assertEqual(ocf.check(MSK), expected)
        with open(MSK, encoding="utf-8") as f:
            self.assertEqual(ocf.check_text(f.read(), path=MSK), expected)

    def test_errors_are_in_the_result_not_raised(self):
        with TempDir() as tmp:
            bad = broken_contract(tmp)
            expected = cli("check", bad, "--format", "json")
            self.assertEqual(expected.status, 1)
            got = ocf.check(bad)
            self.assertEqual(got, json.loads(expected.out))
            self.assertGreaterEqual(got["errors"], 1)

    def test_strict_gates_and_sets(self):
        contract = os.path.join(SOURCE, "examples", "mental_health", "mental_health.ocf")
        data = os.path.join(SOURCE, "examples", "mental_health", "data")
        for strict in (False, True):
            args = ["check", contract, "--data", data, "--format", "json"] + (["--strict"] if strict else [])
            expected = cli(*args)
            self.assertEqual(expected.status, 1 if strict else 0, expected.err)  # a gate fails
            got = ocf.check(contract, data=data, strict=strict)  # a finding, not an exception
            self.assertEqual(got, json.loads(expected.out))
            self.assertTrue(any(not g["passed"] for g in got["gates"]))
        expected = cli("check", OLDER, "--data", OLDER_DATA, "--set", "registered_65_plus=3000", "--strict",
                       "--format", "json")
        self.assertEqual(ocf.check(OLDER, data=OLDER_DATA, sets={"registered_65_plus": 3000}, strict=True),
                         json.loads(expected.out))

    def test_sets_give_a_let_a_new_value(self):
        data = os.path.join(SOURCE, "examples", "msk", "data")
        expected = cli("run", MSK, "--data", data, "--set", "annual_growth=2%", "--format", "json")
        self.assertEqual(expected.status, 0, expected.err)
        got = ocf.run(MSK, data=data, sets={"annual_growth": "2%"}, decimals=False)
        self.assertEqual(got, json.loads(expected.out))
        self.assertNotEqual(got, ocf.run(MSK, data=data, decimals=False))
        with self.assertRaises(ocf.UsageError) as e:
            ocf.run(MSK, data=data, sets={"anual_growth": "2%"})
        self.assertIn("did you mean `annual_growth`?", str(e.exception))

    def test_sets_without_data_is_bad_usage(self):
        with self.assertRaises(ocf.UsageError) as e:
            ocf.check(MSK, sets={"x": 1})
        self.assertEqual(e.exception.status, 2)
        self.assertIn("--strict and --set are about the gates", str(e.exception))


class Test(unittest.TestCase):
    def test_the_text_is_the_command_lines(self):
        expected = cli("test", MSK)
        self.assertEqual(expected.status, 0, expected.err)
        self.assertEqual(ocf.test_output(MSK).encode("utf-8"), expected.out)
        self.assertIn(" passed, 0 failed", ocf.test_output(MSK, engine="interp"))

    def test_the_results(self):
        expected = cli("test", MSK, "--format", "json")
        if b'"ocf.test/1"' not in expected.out:
            self.skipTest("`ocf test --format json` is not there yet: " + expected.text.strip())
        self.assertEqual(expected.status, 0, expected.err)
        results = ocf.test(MSK)
        self.assertEqual(results, json.loads(expected.out))
        self.assertEqual(results["failed"], 0)
        self.assertGreater(results["passed"], 0)

    def test_a_failing_test_is_a_result(self):
        with TempDir() as tmp:
            path = failing_test_contract(tmp)
            expected = cli("test", path)
            self.assertEqual(expected.status, 1, expected.out)
            self.assertEqual(ocf.test_output(path).encode("utf-8"), expected.out)
            self.assertIn("1 failed", ocf.test_output(path, engine="interp"))
            if b'"ocf.test/1"' in cli("test", path, "--format", "json").out:
                results = ocf.test(path)
                self.assertEqual(results["failed"], 1)

    def test_a_contract_with_errors_raises(self):
        with TempDir() as tmp:
            bad = broken_contract(tmp)
            expected = cli("test", bad)
            self.assertEqual(expected.status, 1)
            for call in (ocf.test, ocf.test_output):
                with self.assertRaises(ocf.ContractError) as e:
                    call(bad)
                self.assertEqual(e.exception.status, 1)
                self.assertEqual([d["code"] for d in e.exception.diagnostics],
                                 [d["code"] for d in json.loads(cli("check", bad, "--format", "json").out)
                                  ["diagnostics"]])
                self.assertEqual(e.exception.messages, expected.err)


def broken_contract(folder):
    """The MSK contract with a measure of a dataset that does not exist."""
    with open(MSK, encoding="utf-8") as f:
        text = f.read()
    path = os.path.join(folder, "broken.ocf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\nmeasure broken = count no_such_table\n")
    shutil.copytree(MSK_DATA, os.path.join(folder, "data"))
    return path


def failing_test_contract(folder):
    """The MSK contract with a test whose expectation is wrong."""
    with open(MSK, encoding="utf-8") as f:
        text = f.read()
    path = os.path.join(folder, "failing.ocf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + '\ntest "a wrong expectation" {\n  expect referrals_in = 1 in "2014/15 Q1"\n}\n')
    return path


class Errors(unittest.TestCase):
    def test_a_missing_file_is_bad_usage(self):
        expected = cli("run", "/nonexistent/c.ocf", "--data", MSK_DATA, "--format", "json")
        self.assertEqual(expected.status, 2)
        with self.assertRaises(ocf.UsageError) as e:
            ocf.run("/nonexistent/c.ocf", data=MSK_DATA)
        err = e.exception
        self.assertIsInstance(err, ocf.OcfError)
        self.assertEqual(err.status, 2)
        self.assertEqual(err.json, json.loads(expected.out))
        self.assertEqual(err.raw_json.encode("utf-8"), expected.out)
        self.assertEqual(str(err), err.json["error"])
        self.assertIn("cannot read `/nonexistent/c.ocf`", str(err))
        self.assertEqual(err.messages, expected.err)

    def test_a_period_that_is_not_the_contracts_is_bad_usage(self):
        with self.assertRaises(ocf.UsageError) as e:
            ocf.run(MSK, data=MSK_DATA, period="1999/00")
        self.assertIn("`1999/00` is not a period of this contract", e.exception.messages)

    def test_a_contract_with_errors_carries_the_command_lines_diagnostics(self):
        with TempDir() as tmp:
            bad = broken_contract(tmp)
            data = os.path.join(tmp, "data")
            expected = cli("run", bad, "--data", data, "--format", "json")
            self.assertEqual(expected.status, 1)
            text = cli("run", bad, "--data", data)
            with self.assertRaises(ocf.ContractError) as e:
                ocf.run(bad, data=data)
            err = e.exception
            self.assertEqual(err.status, 1)
            self.assertEqual(err.json, json.loads(expected.out))
            codes = [d["code"] for d in err.diagnostics]
            self.assertEqual(codes, [d["code"] for d in json.loads(cli("check", bad, "--format", "json").out)
                                     ["diagnostics"]])
            self.assertTrue(codes)
            self.assertTrue(all(c.startswith(("E", "W")) for c in codes), codes)
            self.assertEqual(err.messages, text.err)
            first = err.errors[0]
            lines = str(err).splitlines()
            self.assertRegex(lines[0], r"^ocf run: the contract has \d+ errors?$")
            self.assertEqual(lines[1], "  %s:%d:%d: error[%s]: %s" % (
                bad, first["line"], first["column"], first["code"], first["message"]))
            self.assertIn("%s:%d:%d: error[%s]" % (bad, first["line"], first["column"], first["code"]),
                          err.messages)

    def test_bad_data_carries_the_problems(self):
        with TempDir() as tmp:
            data = os.path.join(tmp, "data")
            shutil.copytree(MSK_DATA, data)
            with open(os.path.join(data, "finance.csv"), "a") as f:
                f.write("not-a-month,lots\n")
            expected = cli("run", MSK, "--data", data, "--format", "json")
            self.assertEqual(expected.status, 1)
            text = cli("run", MSK, "--data", data)
            with self.assertRaises(ocf.DataError) as e:
                ocf.run(MSK, data=data)
            err = e.exception
            self.assertEqual(err.status, 1)
            self.assertEqual(err.json, json.loads(expected.out))
            self.assertEqual(err.diagnostics, [])
            self.assertEqual(len(err.problems), 1)
            problem = err.problems[0]
            self.assertEqual(problem["dataset"], "finance")
            self.assertEqual(problem["line"], 64)
            self.assertIn("%s:64: %s" % (problem["file"], problem["message"]), text.err)
            self.assertEqual(err.messages, text.err)
            self.assertEqual(str(err).splitlines(), [
                "ocf run: the data has 1 problem; nothing was computed",
                "  %s:64: %s" % (problem["file"], problem["message"])])
            self.assertEqual(err.run_errors, ["the data has problems (listed above); nothing was computed"])
            # ocf.check reports the same problems as findings.
            checked = ocf.check(MSK, data=data)
            self.assertEqual(checked["data"]["finance"]["problems"][0]["message"], problem["message"])

    def test_an_input_without_a_value_stops_the_run(self):
        expected = cli("run", OLDER, "--data", OLDER_DATA, "--format", "json")
        self.assertEqual(expected.status, 1)
        with self.assertRaises(ocf.RunError) as e:
            ocf.run(OLDER, data=OLDER_DATA)
        self.assertEqual(e.exception.json, json.loads(expected.out))
        self.assertEqual(str(e.exception), "ocf run: " + e.exception.run_errors[0])
        self.assertIn("registered_65_plus", str(e.exception))

    def test_a_float_is_refused(self):
        with self.assertRaisesRegex(TypeError, r"sets\['registered_65_plus'\] is a float .*Decimal.*exact"):
            ocf.run(OLDER, data=OLDER_DATA, sets={"registered_65_plus": 3000.0})

    def test_other_bad_arguments(self):
        with self.assertRaisesRegex(ValueError, "engine must be one of auto, jit, interp"):
            ocf.run(MSK, data=MSK_DATA, engine="fast")
        with self.assertRaises(TypeError):
            ocf.run(MSK, data=42)
        with self.assertRaises(TypeError):
            ocf.run(MSK, data=MSK_DATA, sets={"x": object()})
        with self.assertRaises(TypeError):
            ocf.run(MSK, data=MSK_DATA, sets=[("x", 1)])
        with self.assertRaises(ValueError):
            ocf.run(MSK, data=MSK_DATA, threads=-1)
        with self.assertRaises(ValueError):
            ocf.run(MSK, data=MSK_DATA, sets={"x": D("NaN")})

    def test_set_values_as_a_data_file_holds_them(self):
        self.assertEqual(ocf.set_value_text("n", 3000), "3000")
        self.assertEqual(ocf.set_value_text("n", True), "true")
        self.assertEqual(ocf.set_value_text("n", False), "false")
        self.assertEqual(ocf.set_value_text("n", D("1.2E+3")), "1200")
        self.assertEqual(ocf.set_value_text("n", D("0.0000001")), "0.0000001")
        self.assertEqual(ocf.set_value_text("n", D("-12.50")), "-12.50")
        self.assertEqual(ocf.set_value_text("n", datetime.date(2014, 4, 1)), "2014-04-01")
        self.assertEqual(ocf.set_value_text("n", "£1,234.50"), "£1,234.50")
        with self.assertRaises(TypeError):
            ocf.set_value_text("n", datetime.datetime(2014, 4, 1))


if __name__ == "__main__":
    unittest.main()
