"""The Lambda package. requirements.txt is what goes into it, installed without dependency
resolution (infra/package.py): it must list every runtime dependency itself, pinned to
what the tests run with, and nothing the Lambda runtime provides or only tests need."""

from __future__ import annotations

import importlib.metadata
import re
import zipfile

from packaging.requirements import Requirement

from infra import lambda_zip, package, stages

# The Lambda Python runtime's own: boto3 and everything it depends on.
RUNTIME = {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"}
# Declared by a dependency, never used by the app (see the comment in requirements.txt).
UNUSED = {"dnspython"}
NEVER = {"moto", "chalice", "pytest", "playwright", "aiosmtpd", "cfn-lint", "hypothesis", "werkzeug"}


def name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def listed() -> dict[str, Requirement]:
    lines = (stages.ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = [Requirement(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return {name(r.name): r for r in requirements}


def dependencies(requirement: Requirement) -> set[str]:
    """The distribution's own requirements (with the extras asked for), as the venv has them."""
    found = set()
    for text in importlib.metadata.requires(requirement.name) or []:
        needed = Requirement(text)
        extras = requirement.extras or {""}
        if needed.marker is None or any(needed.marker.evaluate({"extra": extra}) for extra in extras):
            found.add(name(needed.name))
    return found


def test_every_dependency_is_listed_or_provided_by_the_runtime():
    packaged = listed()
    missing = {(dependency, parent) for parent, requirement in packaged.items()
               for dependency in dependencies(requirement) if dependency not in {*packaged, *RUNTIME, *UNUSED}}
    assert missing == set()


def test_every_entry_is_pinned_to_the_version_the_tests_run_with():
    for dependency, requirement in listed().items():
        [specifier] = requirement.specifier
        assert specifier.operator == "==", dependency
        assert importlib.metadata.version(requirement.name) == specifier.version, dependency


def test_the_runtimes_libraries_and_test_tools_are_never_packaged():
    assert set(listed()) & (RUNTIME | NEVER) == set()
    assert package.LAMBDA_PIP == {"PIP_NO_DEPS": "1"}  # pip must not pull botocore back in


def test_boto3_is_pinned_for_development():
    dev = (stages.ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    [pinned] = re.findall(r"^boto3==(\S+)$", dev, re.MULTILINE)
    assert importlib.metadata.version("boto3") == pinned


def test_a_package_with_botocore_or_moto_is_refused(tmp_path):
    archive = tmp_path / "deployment.zip"
    with zipfile.ZipFile(archive, "w") as built:
        for name in ("app.py", "chalicelib/__init__.py", "pydantic/__init__.py", "botocore/__init__.py",
                     "botocore-1.44.8.dist-info/METADATA", "moto/__init__.py"):
            built.writestr(name, "")
    assert lambda_zip.never_packaged(archive) == ["botocore", "botocore-1.44.8.dist-info", "moto"]


def test_bytecode_is_added_beside_every_module_valid_whatever_the_timestamps(tmp_path):
    archive = tmp_path / "deployment.zip"
    with zipfile.ZipFile(archive, "w") as built:
        built.writestr("app.py", "import chalicelib.core\n")
        built.writestr("chalicelib/core/__init__.py", "VALUE = 1\n")
        built.writestr("holidays/locale/pl/LC_MESSAGES/PL.mo", b"\x00")
    assert lambda_zip.add_bytecode(archive) == 2
    with zipfile.ZipFile(archive) as built:
        names = set(built.namelist())
        pyc = built.read("chalicelib/core/__pycache__/__init__.cpython-311.pyc")
    assert {"app.py", "__pycache__/app.cpython-311.pyc", "chalicelib/core/__init__.py"} <= names
    assert int.from_bytes(pyc[4:8], "little") == 0b01  # hash-based, source never checked
