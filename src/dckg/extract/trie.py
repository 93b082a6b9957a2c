"""Compile many literal names into one regex shaped as a trie, so matching stays linear in the text."""

from __future__ import annotations

import re


def trie_pattern(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex source matching any of ``words``, preferring the longest at each position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node(trie)


def _node(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
    if len(branches) > 1 and end:
        body = "(?:" + "|".join(branches) + ")"
    return body + "?" if end else body
