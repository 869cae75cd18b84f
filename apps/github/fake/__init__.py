"""A local fake GitHub for tests and demos: recorded responses, generated organizations, injected faults."""

from apps.github.fake.dataset import Dataset
from apps.github.fake.generate import generate_organization
from apps.github.fake.recorded import load_recordings, recorded_dataset
from apps.github.fake.server import FAULT_KINDS, FakeGitHub, Fault

__all__ = [
    "FAULT_KINDS",
    "Dataset",
    "FakeGitHub",
    "Fault",
    "generate_organization",
    "load_recordings",
    "recorded_dataset",
]
