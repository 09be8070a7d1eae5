"""The machine's typeset files: shared whole between media folders, never half-written."""

from pathlib import Path

from loglesson import typeset


def folder_with(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_files_a_folder_lacks_are_copied_and_those_it_has_are_left_as_they_are(tmp_path):
    source = folder_with(tmp_path / "machine", {"Tex/a.svg": "a", "Tex/a.tex": "a source", "texts/b.svg": "b",
                                                "Tex/.c.svg.123.tmp": "half", "videos/x.mp4": "video"})
    target = folder_with(tmp_path / "media", {"Tex/a.svg": "a, as typeset here"})

    assert typeset.add_missing(source, target) == 2
    files = {str(p.relative_to(target)): p.read_text() for p in target.rglob("*") if p.is_file()}
    assert files == {"Tex/a.svg": "a, as typeset here", "Tex/a.tex": "a source", "texts/b.svg": "b"}
    assert typeset.add_missing(source, target) == 0


def test_a_file_that_cannot_be_copied_is_left_out_with_no_debris(tmp_path):
    source = folder_with(tmp_path / "machine", {"Tex/a.svg": "a", "texts/b.svg": "b"})
    target = folder_with(tmp_path / "media", {"Tex": "a file where the folder should be"})

    assert typeset.add_missing(source, target) == 1
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*")) == ["Tex", "texts", "texts/b.svg"]


def test_the_machines_folder_is_the_users_cache_unless_moved(monkeypatch, tmp_path):
    monkeypatch.delenv(typeset.CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert typeset.machine_folder() == tmp_path / "cache" / "loglesson" / "typeset"
    monkeypatch.setenv(typeset.CACHE_VARIABLE, str(tmp_path / "elsewhere"))
    assert typeset.machine_folder() == tmp_path / "elsewhere"


def test_a_folder_that_cannot_be_read_is_passed_over(tmp_path):
    source = folder_with(tmp_path / "machine", {"Tex": "a file where the folder should be", "texts/b.svg": "b"})
    assert typeset.add_missing(source, tmp_path / "media") == 1
    assert [p.name for p in (tmp_path / "media").rglob("*")] == ["texts", "b.svg"]


def test_a_folder_whose_listing_fails_is_passed_over(tmp_path, monkeypatch):
    source = folder_with(tmp_path / "machine", {"Tex/a.svg": "a", "texts/b.svg": "b"})

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(typeset.os, "scandir", refused)   # as for a folder this user cannot read
    assert typeset.add_missing(source, tmp_path / "media") == 0
