"""
The abuse suite's tally: the inputs sent and the checks made, printed at the end of the
run (tests/conftest.py). With pytest-xdist each worker keeps its own and hands it to the
main process when it ends.
"""

TALLY = {"inputs": set(), "checks": 0}


def checked(input_name: str, surfaces: int = 1) -> None:
    """Count ``input_name`` as sent and ``surfaces`` checks made of it."""
    TALLY["inputs"].add(input_name)
    TALLY["checks"] += surfaces


def add_worker_tally(tally) -> None:
    TALLY["inputs"].update(tally["inputs"])
    TALLY["checks"] += tally["checks"]


def worker_tally():
    return {"inputs": sorted(TALLY["inputs"]), "checks": TALLY["checks"]}
