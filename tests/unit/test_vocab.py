"""The reference data files load, are consistent, and resolve the names users type."""

from __future__ import annotations

from dckg.vocab import agency_kinds, cues, doctypes, gazetteer, name_key


def test_gazetteer_is_consistent_and_bilingual():
    entries = gazetteer()
    assert len(entries) > 250
    kinds = agency_kinds()
    for entry in entries.values():
        assert entry.zh and entry.en and entry.en.isascii()
        assert entry.kind in kinds
        assert entry.parent is None or entry.parent in entries


def test_gazetteer_knows_the_common_forms():
    names = {}
    for entry in gazetteer().values():
        for name in (entry.zh, entry.en, *entry.zh_aliases, *entry.en_aliases):
            names[name_key(name)] = entry.id
    assert names[name_key("national data bureau")] == "national-data-administration"
    assert names[name_key("NDA")] == "national-data-administration"
    assert names[name_key("工信部")] == names[name_key("MIIT")] == "ministry-of-industry-and-information-technology"
    assert names[name_key("网信办")] == names[name_key("中央网信办")] == "cyberspace-administration-of-china"
    assert names[name_key("发改委")] == "national-development-and-reform-commission"
    assert gazetteer()["general-office-of-the-state-council"].parent == "state-council"


def test_document_types_and_cues():
    types = doctypes()
    assert types[-1].id == "other" and not types[-1].policy
    assert {t.id for t in types if not t.policy} >= {"report", "article", "media-column", "other"}
    verbs = cues("issuance-verb")
    assert verbs.index("联合印发") < verbs.index("印发")  # longest first
