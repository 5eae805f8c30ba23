"""What of a Markdown document is the document itself: its YAML front matter, the site's
"THÔNG TIN VĂN BẢN" table, a closing "Danh sách điều khoản" (the table of contents of the
Pháp điển exports, headed by 40-digit node ids), horizontal rules and link-only contents
lists are page furniture; headings that are bare ids are not headings."""

from __future__ import annotations

import re

from indexer.ingest.passages import Line

_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")
_NODE_ID = re.compile(r"[0-9A-Fa-f]{12,}")
_LINK_ITEM = re.compile(r"(?:[-*+]|\d+\.)\s+\[[^\]]*\]\(#[^)]*\)")
# sections that are about the page, not part of the text (compared lower-cased, unaccented
# forms included as the sites write them)
FURNITURE = frozenset(
    {"thông tin văn bản", "danh sách điều khoản", "mục lục", "table of contents", "contents"}
)
WRAPPERS = frozenset({"văn bản", "nội dung"})  # a heading over the whole text: only its line goes


def _front_matter_end(lines: list[Line]) -> int:
    """Index after a YAML front matter block ("---" … "---" at the very top), else 0."""
    if not lines or lines[0].text != "---":
        return 0
    for i in range(1, min(len(lines), 200)):
        if lines[i].text in ("---", "..."):
            return i + 1
    return 0


def content_lines(lines: list[Line]) -> list[Line]:
    """The lines of a Markdown document that are its text (see the module's docstring)."""
    out: list[Line] = []
    skipping_level = 0  # > 0 while inside a furniture section opened at that level
    for line in lines[_front_matter_end(lines) :]:
        heading = _HEADING.fullmatch(line.text)
        if heading:
            level, title = len(heading[1]), heading[2].strip("* ").lower()
            if skipping_level and level > skipping_level:
                continue
            skipping_level = level if title in FURNITURE else 0
            if skipping_level or title in WRAPPERS or _NODE_ID.fullmatch(title):
                continue
        elif skipping_level or _RULE.fullmatch(line.text) or _LINK_ITEM.fullmatch(line.text):
            continue
        out.append(line)
    return out
