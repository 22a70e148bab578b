"""The Lambda package's size, and what takes the room."""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Size:
    compressed_mb: float
    unpacked_mb: float
    largest: list[tuple[str, float]]  # top-level entry, compressed MB


def describe(path: Path) -> Size:
    compressed: Counter[str] = Counter()
    unpacked = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            compressed[info.filename.split("/")[0]] += info.compress_size
            unpacked += info.file_size
    return Size(path.stat().st_size / 1e6, unpacked / 1e6,
                [(name, size / 1e6) for name, size in compressed.most_common()])


def unpack(archive: Path, target: Path) -> Path:
    """The package as Lambda lays it out in /var/task."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    return target
