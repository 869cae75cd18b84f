"""A local fake GitHub for tests and demos: recorded responses, generated organizations, repositories' files
read from a folder (contents API, git trees and blobs), injected faults."""

from devtools.fake_github.contents import folder_organization
from devtools.fake_github.dataset import Dataset
from devtools.fake_github.generate import generate_organization
from devtools.fake_github.recorded import load_recordings, recorded_dataset
from devtools.fake_github.server import FAULT_KINDS, FakeGitHub, Fault

__all__ = [
    "FAULT_KINDS",
    "Dataset",
    "FakeGitHub",
    "Fault",
    "folder_organization",
    "generate_organization",
    "load_recordings",
    "recorded_dataset",
]
