"""libocf loads LLVM only for a run on the compiled engine (issue 15,
compiler/driver/jit_loader.h): a check, with or without data, and a test on
the interpreter leave it unmapped; `engine="jit"` maps it and gives the
interpreter's statement. One test, in its own process (ctest python_startup):
what is mapped cannot be unmapped.

Run with Debian's Python: OCF_LIBRARY=build/.../libocf.so
/usr/bin/python3 -m unittest -v test_startup."""

import unittest

from support import MSK, MSK_DATA

import ocf


def mapped(name):
    """Whether a file whose name holds `name` is mapped into this process."""
    with open("/proc/self/maps") as maps:
        return any(name in line for line in maps)


class Startup(unittest.TestCase):
    def test_llvm_only_for_the_jit(self):
        self.assertFalse(mapped("libLLVM"), "libLLVM is mapped before libocf is even used")
        ocf.version()
        found = ocf.check(MSK)
        self.assertEqual(found["errors"], 0)
        self.assertFalse(mapped("libLLVM"), "ocf.check mapped libLLVM")
        found = ocf.check(MSK, data=MSK_DATA)
        self.assertEqual(found["errors"], 0)
        self.assertFalse(mapped("libLLVM"), "ocf.check with data mapped libLLVM")
        results = ocf.test(MSK, engine="interp")
        self.assertEqual(results["failed"], 0)
        interpreted = ocf.run(MSK, data=MSK_DATA, engine="interp")
        self.assertFalse(mapped("libLLVM"), "a run on the interpreter mapped libLLVM")
        self.assertFalse(mapped("libocf-jit"), "a run on the interpreter loaded the JIT module")
        compiled = ocf.run(MSK, data=MSK_DATA, engine="jit")
        self.assertTrue(mapped("libocf-jit"), "a run on the JIT did not load the JIT module")
        self.assertTrue(mapped("libLLVM"), "a run on the JIT did not map libLLVM")
        self.assertEqual(compiled, interpreted)


if __name__ == "__main__":
    unittest.main()
