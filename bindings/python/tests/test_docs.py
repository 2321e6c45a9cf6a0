"""docs/python.md cannot rot: its ```python blocks are run in order, in one
namespace, from the top of the repository, and the ```text block that follows
a python block is what that block prints, compared exactly.

OCF_UPDATE_DOCS=1 rewrites the text blocks with what the code prints now
(then read the diff, as with the golden tests)."""

import contextlib
import io
import os
import re
import unittest

from support import SOURCE

DOC = os.path.join(SOURCE, "docs", "python.md")
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```\n", re.M | re.S)


def blocks(text):
    """[(language, code, start, end, line)] of the fenced blocks, where start
    and end are offsets of the block's body."""
    found = []
    for m in FENCE.finditer(text):
        found.append((m.group(1), m.group(2), m.start(2), m.end(2), text.count("\n", 0, m.start(2)) + 1))
    return found


def run_blocks(text):
    """Runs the python blocks; yields (python block, text block or None, printed)."""
    found = blocks(text)
    namespace = {"__name__": "__docs__"}
    for i, (language, code, start, end, line) in enumerate(found):
        if language != "python":
            continue
        following = None
        if i + 1 < len(found) and found[i + 1][0] == "text" and text[end:found[i + 1][2]].strip() == "```\n```text":
            following = found[i + 1]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            # Line numbers in a traceback are the document's.
            exec(compile("\n" * (line - 1) + code, DOC, "exec"), namespace)
        yield (language, code, start, end, line), following, out.getvalue()


class Docs(unittest.TestCase):
    def test_every_python_block_runs_and_prints_what_the_page_shows(self):
        with open(DOC, encoding="utf-8") as f:
            text = f.read()
        cwd = os.getcwd()
        os.chdir(SOURCE)  # the page's paths are the repository's
        try:
            results = list(run_blocks(text))
        finally:
            os.chdir(cwd)
        self.assertGreaterEqual(len(results), 10)
        if os.environ.get("OCF_UPDATE_DOCS"):
            for block, following, printed in reversed(results):
                if following is not None:
                    text = text[:following[2]] + printed + text[following[3]:]
            with open(DOC, "w", encoding="utf-8") as f:
                f.write(text)
            return
        for block, following, printed in results:
            if following is None:
                self.assertEqual(printed, "", "docs/python.md:%d prints, but no ```text block shows it" % block[4])
            else:
                self.assertEqual(printed, following[1], "the output of the block at docs/python.md:%d" % block[4])


if __name__ == "__main__":
    unittest.main()
