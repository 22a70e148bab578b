"""The Lambda package after ``chalice package``: checked, and given precompiled bytecode.

Lambda runs the code from a read-only directory, so Python cannot cache the
bytecode it compiles: without ``.pyc`` files in the zip, every cold start
compiles every module it imports (pydantic, PynamoDB, the app...) from source.
``make bench`` measured it on the first submission: 758 ms of CPU from source,
454 ms with the bytecode below. The ``.pyc`` files are unchecked-hash ones, valid
whatever the files' timestamps after unzipping, and compiled by this interpreter,
which is the runtime's version (Chalice picks the runtime from it).
"""

from __future__ import annotations

import compileall
import py_compile
import tempfile
import zipfile
from pathlib import Path

NEVER_PACKAGED = ("boto3", "botocore", "s3transfer", "moto")  # the Lambda runtime's, or tests' only


def never_packaged(archive: Path) -> list[str]:
    """Top-level entries of the zip that the Lambda runtime provides or only tests use."""
    with zipfile.ZipFile(archive) as opened:
        tops = {name.split("/")[0] for name in opened.namelist()}
    return sorted(top for top in tops if top.split("-")[0].split(".")[0] in NEVER_PACKAGED)


def add_bytecode(archive: Path) -> int:
    """Add a ``__pycache__/*.pyc`` beside every module of the zip; returns how many."""
    with tempfile.TemporaryDirectory(prefix="lambda-zip-") as tmp:
        root = Path(tmp)
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(root)
        if not compileall.compile_dir(root, quiet=2, workers=0,
                                      invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH):
            raise RuntimeError(f"a module in {archive} does not compile")
        compiled = sorted(root.rglob("__pycache__/*.pyc"))
        with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as opened:
            known = set(opened.namelist())
            for path in compiled:
                name = path.relative_to(root).as_posix()
                if name not in known:
                    opened.write(path, name)
        return len(compiled)
