"""HTML import."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.importers import ImportProblem, SourceImportError, read_source
from workbench.core.importers.html import html_to_text

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Interview 4</title>
<style>p { color: red; }</style>
<script>var x = "<p>not text</p>";</script></head>
<body>
<h1>Interview&nbsp;4</h1>
<p>Interviewer:   How   did it
   <b>start</b>?</p>
<p>P01: It started &amp; ended &lt;quickly&gt;.<br>Second line&#8230;</p>
<div><ul><li>first</li><li>second</li></ul></div>
<table><tr><th>Name</th><th>Role</th></tr><tr><td>Anna</td><td>Nurse</td></tr></table>
<pre>  keep   this
    layout</pre>
<p>Interviewer: Thanks</p>
</body></html>
"""


def test_visible_text_one_line_per_block(tmp_path: Path) -> None:
    path = tmp_path / "interview.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_source(path)
    assert doc.text == (
        "Interview\u00a04\n"
        "Interviewer: How did it start?\n"
        "P01: It started & ended <quickly>.\n"
        "Second line…\n"
        "first\n"
        "second\n"
        "Name\tRole\n"
        "Anna\tNurse\n"
        "  keep   this\n"
        "    layout\n"
        "Interviewer: Thanks"
    )
    assert doc.original_format == "html"
    assert doc.metadata["speakers"] == ["Interviewer", "P01"]
    assert doc.metadata["encoding"] == "utf-8"
    assert doc.position_map.is_identity


def test_meta_charset_windows_1252_and_htm_extension(tmp_path: Path) -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    page += "</head><body><p>Interviewer: “Café” – naïve</p></body></html>"
    path = tmp_path / "old.HTM"
    path.write_bytes(page.encode("cp1252"))
    doc = read_source(path)
    assert doc.text == "Interviewer: “Café” – naïve"
    assert doc.metadata["encoding"] == "cp1252"


def test_unclosed_and_broken_markup() -> None:
    assert html_to_text("<p>one<p>two<div>three</span></b>") == "one\ntwo\nthree"
    assert html_to_text("<svg><text>drawn</text></svg>visible") == "visible"
    assert html_to_text("<![foo bar]> kept <![if !x]>too<![endif]>") == "kept too"


def test_page_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Only a title</title></head><body> </body></html>")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        "empty.html: the page contains no text. Check that you picked the right file."
    )


def test_binary_named_html(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.BINARY
    assert str(caught.value).startswith(
        "image.html: the file contains binary data, not text (is it really a .html file?)."
    )
