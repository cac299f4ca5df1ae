"""The generators floor: the demo district and the city-scale load data.

They import every app and no app imports them (tests/test_architecture.py
holds it to that): `manage.py demo` and `manage.py city` live here.
"""
