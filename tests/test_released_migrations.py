"""Released migrations are never edited: learning/migrations/released.toml lists every revision
file with its SHA-256, and the files must match (see learning/migrations/README)."""

import hashlib
import tomllib
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parents[1] / "learning" / "migrations"
VERSIONS = MIGRATIONS / "versions"
MANIFEST = MIGRATIONS / "released.toml"


def digest(path: Path) -> str:
    """SHA-256 of the file's text with \\n line endings (the same on a Windows checkout)."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def released() -> dict[str, str]:
    return tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["revisions"]


def revision_files() -> dict[str, Path]:
    return {path.name: path for path in sorted(VERSIONS.glob("*.py"))}


def test_released_revisions_are_unchanged():
    files = revision_files()
    changed = sorted(name for name, sha in released().items()
                     if name in files and digest(files[name]) != sha)
    missing = sorted(name for name in released() if name not in files)
    assert not changed, (
        f"released migration revisions were edited: {changed}. A released revision may already "
        "have run on a real database: undo the edit (git checkout -- learning/migrations/"
        "versions/) and add a new revision instead (flask --app learning db migrate -m ...).")
    assert not missing, (
        f"released migration revisions were removed or renamed: {missing}; restore them.")


def test_every_revision_is_in_the_manifest():
    listed = released()
    new = {name: digest(path) for name, path in revision_files().items() if name not in listed}
    lines = "\n".join(f'"{name}" = "{sha}"' for name, sha in new.items())
    assert not new, (
        "revision files not in learning/migrations/released.toml. Once the revision is final, "
        "add these lines to its [revisions] table (after that the file may never change; see "
        f"learning/migrations/README):\n{lines}")


def test_the_manifest_lists_only_file_names_and_hashes():
    for name, sha in released().items():
        assert name.endswith(".py") and "/" not in name, name
        assert len(sha) == 64 and all(c in "0123456789abcdef" for c in sha), name
