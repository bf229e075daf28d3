from __future__ import annotations

import itertools
import posixpath

from notes_normalizer.text.paths import relpath


def test_relpath_answers_as_posixpath_does():
    paths = {"/".join(combo) for n in range(1, 4) for combo in itertools.product(["q", "a", "x.md", "."], repeat=n)}
    paths |= {".", "q/", "a//b", "./q", "../a", "/abs/x.md"}
    assert [relpath(t, b) for t in paths for b in paths] == [posixpath.relpath(t, b) for t in paths for b in paths]
    assert relpath("q/x.md", "topics") == "../q/x.md" and relpath("q/x.md", "q") == "x.md"
