"""How characters read from a PDF are normalised: radicals and shared glyphs become what the report printed."""

from __future__ import annotations

from dckg.pdf import _normal


def test_radicals_of_shared_glyph_fonts_become_the_ideograph_nfc_not_nfkc():
    # ⾏ (KANGXI RADICAL WALK) → 行; full-width punctuation stays full width (NFKC would make it ASCII)
    assert _normal("\u2f8f政，（一）") == "行政，（一）"


def test_code_points_chinese_fonts_draw_with_one_glyph_read_as_printed():
    """Regression: a Type 3 font's map gave 戶 (and the radical ⼾, which Unicode's table makes 戶) for 户, and
    U+2015 for the 破折号 U+2014, so 用户 was not found and the text differed from the one laid out."""
    assert _normal("用戶、用\u2f3e") == "用户、用户"
    assert _normal("\u2015\u2015") == "\u2014\u2014"
