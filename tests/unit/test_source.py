"""Decoding: UTF-8 with or without BOM and GB18030/GBK are read; everything else is refused by name."""

from __future__ import annotations

import pytest

from dckg.errors import ReportInputError
from dckg.source import bundled_report_bytes, decode_source, read_source
from tests.support import MINI, ROOT

TEXT = MINI.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_accepted_encodings_give_the_same_text(data, encoding):
    source = decode_source(data, "r.txt")
    assert source.encoding == encoding
    assert source.text == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (TEXT.encode("utf-16"), "UTF-16"),
        (TEXT.encode("big5", errors="ignore"), "not UTF-8 or GB18030/GBK"),
        (("Ceci n'est pas un rapport. Café, thé, crème brûlée. " * 20).encode("latin-1"), "not UTF-8"),
        (b"This is plain English text without any Chinese prose at all.\n" * 20, "Chinese"),
    ],
    ids=["empty", "blank", "binary", "utf16", "big5", "latin1", "english"],
)
def test_refused_inputs_name_the_file(data, message):
    with pytest.raises(ReportInputError) as err:
        decode_source(data, "bad-input.txt")
    assert "bad-input.txt" in str(err.value)
    assert message in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReportInputError, match="no such file"):
        read_source(tmp_path / "absent.txt")
    with pytest.raises(ReportInputError, match="not a regular file"):
        read_source(tmp_path)


def test_bundled_report_is_the_seed_unchanged():
    seed = ROOT / "src" / "dckg" / "data" / "digital-china-report-2023.txt"
    assert bundled_report_bytes() == seed.read_bytes()
    source = read_source()
    assert source.encoding == "utf-8"
    assert len(source.sha256) == 64
