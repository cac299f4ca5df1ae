"""Races on PostgreSQL: works run at the same moment, each in its own thread
and connection, released together by a barrier. Used by every app's
`test_races.py` (tests marked `on_postgres`, transaction=True)."""

import threading

from django.core.exceptions import ValidationError
from django.db import connections


def at_once(*works) -> list:
    """What each work returned or raised, in the order given."""
    barrier = threading.Barrier(len(works))
    results = [None] * len(works)

    def run(i, work):
        try:
            barrier.wait(timeout=10)
            results[i] = work()
        except BaseException as exc:  # reported to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def outcomes_at_once(calls) -> list[str]:
    """ "ok" for each call that went through, "refused" for each the service
    refused (ValidationError), sorted; any other error is raised."""
    outcomes = []
    for result in at_once(*calls):
        if isinstance(result, ValidationError):
            outcomes.append("refused")
        elif isinstance(result, BaseException):
            raise result
        else:
            outcomes.append("ok")
    return sorted(outcomes)
