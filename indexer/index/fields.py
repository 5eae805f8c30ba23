"""The names of the index's fields: the one vocabulary the writer and the reader share.

Stored fields hold what a hit shows; indexed fields are searched. The text fields exist
twice: exact (accented) and diacritics-folded.
"""

from __future__ import annotations

from typing import Final

# identity, filters and lookups (indexed)
CLAUSE_ID: Final = "clause_id"
DOC_ID: Final = "doc_id"
FILE: Final = "file"
CODES: Final = "codes"  # lookup keys of the document's codes ("qcvn47:2015/btttt", "qcvn47")
TYPE: Final = "type"
ISSUER: Final = "issuer"
YEAR: Final = "year"
CLAUSE: Final = "clause"  # clause number, lower case ("2.2.3", "điều 5")
ORDINAL: Final = "ordinal"
CITES: Final = "cites"  # keys of the clauses and documents it cites (text/xrefs.cite_keys)

# display only (stored)
KIND: Final = "kind"
CODE: Final = "code"
NUMBER: Final = "number"
ALL_CODES: Final = "all_codes"
TITLE: Final = "title"
HEADING: Final = "heading"
HEADING_PATH: Final = "heading_path"
TEXT: Final = "text"
PAGE: Final = "page"
PAGE_END: Final = "page_end"
PAGE_STARTS: Final = "page_starts"  # offsets in TEXT where pages page+1 … page_end start
PART: Final = "part"
TABLES: Final = "tables"  # JSON: [{"rows": [[cell, …], …], "spans": [[start, end] | null, …]}]
OCR: Final = "ocr"  # True when the clause was read by OCR (absent otherwise)
REFS: Final = "refs"  # its cross-references: [start, end, number, doc] (text/xrefs.Mention)

# searched text: title, heading path, body; exact and folded
TITLE_TEXT: Final = "t"
HEADING_TEXT: Final = "h"
BODY: Final = "b"
TEXT_FIELDS: Final = (TITLE_TEXT, HEADING_TEXT, BODY)
FOLDED: Final = {TITLE_TEXT: "tf", HEADING_TEXT: "hf", BODY: "bf"}
SEARCHED: Final = (*TEXT_FIELDS, *FOLDED.values())

# columns counted per search (facets)
FACETS: Final = (TYPE, ISSUER, YEAR)
