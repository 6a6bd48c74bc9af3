"""Reading documents: clean text for good files, a clear error naming the file for bad ones."""

import pytest

from kg.documents import curation_path, document_from_text, find_documents, read_document, slugify
from kg.errors import DocumentError


def test_reads_utf8_and_keeps_code_point_offsets(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("“Quoted” — dash", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "“Quoted” — dash"
    assert doc.text[1:7] == "Quoted"
    assert doc.name == "a.txt" and doc.slug == "a"


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHello".encode("utf-8"))
    assert read_document(path).text == "Hello"


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Thorn was founded in 2012.".encode("utf-16"))
    doc = read_document(path)
    assert doc.text == "Thorn was founded in 2012."
    assert doc.encoding == "utf-16"


@pytest.mark.parametrize("content, expected", [
    (b"", "the file is empty"),
    (b"  \n\t ", "the file is empty"),
    (b"%PDF-1.7\n...", "is a PDF, not a text file"),
    (b"abc\x00def", "contains NUL bytes at byte 3"),
    ("caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "not valid utf-8 at byte 3 (line 1"),
])
def test_bad_files_get_a_clear_error_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as error:
        read_document(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_cp1252_reads_when_asked_and_says_so(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    doc = read_document(path, encoding="cp1252")
    assert doc.text == "caf\u00e9 \u201cquoted\u201d"
    assert doc.warnings == (f"{path}: decoded as cp1252",)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_control_characters_become_spaces_so_offsets_stay():
    doc = document_from_text("x.txt", "a\x01b\tc\nd")
    assert doc.text == "a b\tc\nd"


def test_text_is_nfc_normalized():
    assert document_from_text("x.txt", "Cafe\u0301").text == "Caf\u00e9"


def test_line_column():
    doc = document_from_text("x.txt", "ab\ncd")
    assert doc.line_column(4) == (2, 2)


@pytest.mark.parametrize("name, slug", [
    ("Ashton Kutcher", "ashton-kutcher"),
    ("Thorn: Digital Defenders of Children", "thorn-digital-defenders-of-children"),
    ("Zoë O’Brien", "zoe-obrien"),
    ("Zoe O'Brien", "zoe-obrien"),
    ("U.S. Congress", "u-s-congress"),
    ("北京", "%E5%8C%97%E4%BA%AC"),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_find_documents_expands_folders_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.md").write_text("n")
    assert [p.name for p in find_documents([tmp_path])] == ["a.txt", "b.txt"]


def test_folder_without_txt_is_an_error(tmp_path):
    (tmp_path / "notes.md").write_text("n")
    with pytest.raises(DocumentError, match="holds no .txt or .html files"):
        find_documents([tmp_path])


def test_two_documents_with_one_name_are_refused(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(sub)
    with pytest.raises(DocumentError, match="share the name 'same.txt'"):
        find_documents([tmp_path])


def test_curation_path_sits_beside_the_document(tmp_path):
    assert curation_path(tmp_path / "x.txt") == tmp_path / "x.facts.json"
