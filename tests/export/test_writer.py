"""The safe writer: nothing outside the folder, nothing twice, unchanged files untouched."""

from __future__ import annotations

import os

import pytest

from dossiers.export.writer import MANIFEST, Manifest, SafeWriter, UnsafePath


@pytest.mark.parametrize(
    "name",
    ["../escape.html", "a/../../escape.html", "/etc/passwd", "a/./b", "", "a\\..\\b", MANIFEST],
)
def test_paths_outside_the_folder_are_refused(tmp_path, name):
    writer = SafeWriter(tmp_path / "out", Manifest())
    with pytest.raises(UnsafePath):
        writer.write(name, b"x")
    assert not (tmp_path / "escape.html").exists()


def test_a_symlink_leading_out_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "link")
    writer = SafeWriter(tmp_path / "out", Manifest())
    with pytest.raises(UnsafePath):
        writer.write("link/page.html", b"x")
    assert not (tmp_path / "elsewhere" / "page.html").exists()


def test_a_second_write_of_one_path_is_refused(tmp_path):
    writer = SafeWriter(tmp_path, Manifest())
    writer.write("topics/x/index.html", b"one")
    with pytest.raises(UnsafePath, match="twice"):
        writer.write("topics/x/index.html", b"two")
    assert (tmp_path / "topics/x/index.html").read_bytes() == b"one"


def test_unchanged_files_keep_their_mtime_and_changed_ones_are_replaced(tmp_path):
    first = SafeWriter(tmp_path, Manifest())
    first.write("a.html", b"same")
    first.write("b.html", b"old")
    first.write("gone.html", b"soon removed")
    first.finish("one")
    os.utime(tmp_path / "a.html", ns=(1, 1))
    os.utime(tmp_path / "b.html", ns=(1, 1))
    second = SafeWriter(tmp_path, Manifest.load(tmp_path))
    assert second.write("a.html", b"same") is False
    assert second.write("b.html", b"new") is True
    assert second.prune() == 1
    second.finish("two")
    assert (tmp_path / "a.html").stat().st_mtime_ns == 1
    assert (tmp_path / "b.html").read_bytes() == b"new"
    assert not (tmp_path / "gone.html").exists()
    assert Manifest.load(tmp_path).fingerprint == "two"
    # No temporary file is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "a.html", "b.html"]


def test_a_file_deleted_by_hand_is_written_again(tmp_path):
    first = SafeWriter(tmp_path, Manifest())
    first.write("a.html", b"same")
    first.finish("one")
    (tmp_path / "a.html").unlink()
    assert not Manifest.load(tmp_path).complete(tmp_path)
    again = SafeWriter(tmp_path, Manifest.load(tmp_path))
    assert again.write("a.html", b"same") is True


def test_a_run_that_changes_no_file_leaves_the_manifest_alone(tmp_path):
    first = SafeWriter(tmp_path, Manifest())
    first.write("a.html", b"same")
    first.finish("one")
    stamp = (tmp_path / MANIFEST).stat().st_mtime_ns
    again = SafeWriter(tmp_path, Manifest.load(tmp_path))
    again.write("a.html", b"same")
    again.finish("two")  # inputs moved, output did not
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == stamp
    assert Manifest.load(tmp_path).fingerprint == "one"
