"""Helpers that share a name with the column but not its meaning."""

from dataclasses import dataclass

DEFAULTS = {"expected_completion_time": 30, "retries": 3}  # expect-not


@dataclass
class Estimate:
    expected_completion_time: int  # expect-not
    confidence: float


def estimate(minutes: int) -> Estimate:
    expected_completion_time = minutes * 2  # expect-not
    return Estimate(expected_completion_time=expected_completion_time, confidence=0.5)  # expect-not


def describe(e: Estimate) -> str:
    # the expected_completion_time of an estimate, not of a task
    return f"{e.expected_completion_time} minutes"  # expect-not


def message() -> str:
    return "expected_completion_time is deprecated, use eta"  # expect-not
