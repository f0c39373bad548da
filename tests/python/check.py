"""A minimal test runner: runs every test_* function of the calling module, prints one line
per failure with its message, and a closing 'N passed, N failed' line; exit code 1 on any
failure."""
import sys
import traceback


def run(namespace, title):
    tests = [(name, fn) for name, fn in namespace.items()
             if name.startswith("test_") and callable(fn)]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
        except Exception as exc:  # a failed assert or an unexpected exception
            failed += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3, file=sys.stdout)
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"{title}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
