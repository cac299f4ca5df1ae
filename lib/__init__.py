"""The toolbox floor: helpers that belong to no domain. Imports no app of
this project (tests/test_architecture.py holds it to that)."""
