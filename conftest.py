"""The shared personas and fixtures (tests/fixtures.py) for every test folder:
the cross-cutting suites in tests/ and each app's own tests/."""

pytest_plugins = ["tests.fixtures"]
