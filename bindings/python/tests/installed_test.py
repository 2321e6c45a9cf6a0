"""The Python package as installed by `cmake --install`, used as a user would:
PYTHONPATH=PREFIX/PYTHON_DIR and nothing else (no OCF_LIBRARY). It must find
the installed libocf by itself, also after the prefix is moved, and its
check must be `ocf check --format json`'s and its statement `ocf run
--format json`'s bytes.

    installed_test.py CMAKE BUILD_DIR PYTHON_DIR LIBDIR
(PYTHON_DIR and LIBDIR relative to the prefix, as bindings/python/CMakeLists.txt
says them); OCF_BINARY and OCF_SOURCE_DIR in the environment."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

from support import MSK, MSK_DATA, cli

SCRIPT = """
import json, sys, ocf
check = json.dumps(ocf.check(sys.argv[1]), sort_keys=True)
run = ocf.run_output(sys.argv[1], format="json", data=sys.argv[2])
sys.stdout.buffer.write("\\n".join([ocf.library_path(), check, run]).encode("utf-8"))
"""


def fail(message):
    print("python installed test: FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def run_installed(prefix, python_dir, libdir, expected_check, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("OCF_LIBRARY", "LD_LIBRARY_PATH", "OCF_STDLIB")}
    env["PYTHONPATH"] = os.path.join(prefix, python_dir)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    p = subprocess.run([sys.executable, "-c", SCRIPT, MSK, MSK_DATA], env=env, cwd=prefix,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail("the installed package cannot run the MSK example:\n" + p.stderr.decode())
    library, check, statement = p.stdout.split(b"\n", 2)
    library = library.decode()
    if json.loads(check) != expected_check:
        fail("the installed package's check differs from `ocf check --format json`")
    if os.path.dirname(os.path.realpath(library)) != os.path.realpath(os.path.join(prefix, libdir)):
        fail("the installed package loaded %s, not the library in %s" % (library, os.path.join(prefix, libdir)))
    if statement != expected:
        fail("the installed package's statement differs from `ocf run --format json`")
    print("python installed test: %s loads %s; the check and the statement are ocf's"
          % (python_dir, os.path.relpath(library, prefix)))


def main():
    cmake, build, python_dir, libdir = sys.argv[1:5]
    expected = cli("run", MSK, "--data", MSK_DATA, "--format", "json")
    if expected.status != 0:
        fail("ocf run on the MSK example: " + expected.err)
    expected_check = json.loads(cli("check", MSK, "--format", "json").out)
    work = tempfile.mkdtemp(prefix="ocf-python-install-")
    try:
        prefix = os.path.join(work, "prefix")
        p = subprocess.run([cmake, "--install", build, "--prefix", prefix], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        if p.returncode != 0:
            fail("cmake --install:\n" + p.stdout)
        package = os.path.join(prefix, python_dir, "ocf")
        for name in ("__init__.py", "_library.py", "_install.py"):
            if not os.path.isfile(os.path.join(package, name)):
                fail("%s was not installed" % os.path.join(python_dir, "ocf", name))
        if any(n.endswith(".pyc") or n == "__pycache__" for n in os.listdir(package)):
            fail("compiled files were installed: " + " ".join(sorted(os.listdir(package))))
        run_installed(prefix, python_dir, libdir, expected_check, expected.out)
        moved = os.path.join(work, "elsewhere", "ocf")
        os.makedirs(os.path.dirname(moved))
        shutil.move(prefix, moved)
        run_installed(moved, python_dir, libdir, expected_check, expected.out)
        print("python installed test: ok")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
