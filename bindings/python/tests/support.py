"""What the binding's tests share: where the repository and the `ocf` binary
are, and running the command line to compare with."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("OCF_SOURCE_DIR") or os.path.normpath(os.path.join(HERE, "..", "..", ".."))
BINARY = os.environ.get("OCF_BINARY") or os.path.join(SOURCE, "build", "release", "ocf")
PACKAGE_PARENT = os.path.normpath(os.path.join(HERE, ".."))

if PACKAGE_PARENT not in sys.path:
    sys.path.insert(0, PACKAGE_PARENT)

MSK = os.path.join(SOURCE, "examples", "msk", "msk.ocf")
MSK_DATA = os.path.join(SOURCE, "examples", "msk", "data")
OLDER = os.path.join(SOURCE, "examples", "older_people", "older_people.ocf")
OLDER_DATA = os.path.join(SOURCE, "examples", "older_people", "data")


class Cli:
    def __init__(self, status, out, err):
        self.status = status
        self.out = out  # bytes, as printed
        self.err = err

    @property
    def text(self):
        return self.out.decode("utf-8")


def cli(*args):
    """`ocf ARGS...` as a subprocess (no colour: stderr is not a terminal)."""
    p = subprocess.run([BINARY] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return Cli(p.returncode, p.stdout, p.stderr.decode("utf-8", "surrogateescape"))
