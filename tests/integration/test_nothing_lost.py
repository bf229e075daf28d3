"""Nothing lost, nothing left broken: the site built from the five notes passes `notes-kb audit`, and
every clause of Chinese text in the notes appears in it (web-page chrome excepted)."""

from __future__ import annotations

import pytest

from notes_normalizer.tools.audit import audit_site, format_result
from tests.helpers import NOTES, site_text, source_clauses


def test_built_site_passes_the_audit(built):
    _, site, _ = built
    result = audit_site(site)
    assert result.skipped == [], result.skipped
    assert result.ok, format_result(result)
    assert result.formulas > 140


@pytest.mark.parametrize("note", sorted(p.name for p in NOTES.glob("*.md")))
def test_every_clause_survives(built, note):
    _, site, _ = built
    clauses = source_clauses((NOTES / note).read_text(encoding="utf-8"))
    text = site_text(site)
    missing = [c for c in clauses if c not in text]
    share = 1 - len(missing) / len(clauses)
    print(f"{note}: {len(clauses) - len(missing)}/{len(clauses)} clauses ({share:.1%})", missing[:8])
    assert missing == []
