#!/usr/bin/env python3
"""Prints one closing line for a meson test run: the GLib test cases counted.

meson's own summary counts test programs; this counts the test cases inside
them, from the TAP results meson records, as 'tests: N passed, N failed'."""
import json
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        run = json.loads(line)
        run_failed = 0
        for text in (run.get("stdout") or "").splitlines():
            if text.startswith("ok "):
                if "# SKIP" in text:
                    skipped += 1
                else:
                    passed += 1
            elif text.startswith("not ok "):
                if "# TODO" in text:
                    skipped += 1
                else:
                    run_failed += 1
        if run.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and run_failed == 0:
            run_failed = 1  # a program that died, timed out or left its plan unfinished
        failed += run_failed
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
