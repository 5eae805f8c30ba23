"""Identity end to end on a generated corpus: the catalog, /api/documents, hits, facets,
the issuer filter, finding a legal text by its number, and `vnstd search --json`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.config import Settings
from indexer.index.build import build_index
from search_api.cli.main import main
from search_api.web.app import create_app
from search_api.web.settings import ServerSettings

DECREE = """CHÍNH PHỦ
Số: 117/2022/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 30 tháng 12 năm 2022
NGHỊ ĐỊNH
Biểu thuế xuất khẩu ưu đãi đặc biệt
Căn cứ Nghị định số 15/2019/NĐ-CP ngày 01 tháng 02 năm 2019 của Chính phủ;
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định biểu thuế xuất khẩu ưu đãi đặc biệt đối với hàng hóa.
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 02 năm 2023.
"""
DECISION = """THỦ TƯỚNG CHÍNH PHỦ
Số: 28/2026/QĐ-TTg
Hà Nội, ngày 29 tháng 5 năm 2026
QUYẾT ĐỊNH
Quy định cấp thẻ đi lại doanh nhân APEC
Điều 1. Phạm vi điều chỉnh
Quyết định này quy định trình tự cấp thẻ đi lại doanh nhân.
Điều 2. Hiệu lực thi hành
Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026.
"""
REGULATION = """QCVN 32:2026/BXD
QUY CHUẨN KỸ THUẬT QUỐC GIA
VỀ ĐƯỜNG SẮT ĐÔ THỊ
1. QUY ĐỊNH CHUNG
1.1 Phạm vi điều chỉnh
Quy chuẩn này quy định yêu cầu kỹ thuật đối với đường sắt đô thị theo Nghị định 117/2022.
"""
LIST = """DANH MỤC TIÊU CHUẨN ÁP DỤNG
1 QCVN 32:2026/BXD Đường sắt đô thị
2 TCVN 9398:2012 Công tác trắc địa
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("identity-corpus")
    for name, text in [("nd.txt", DECREE), ("qd.txt", DECISION), ("qc.txt", REGULATION),
                       ("list.txt", LIST)]:  # fmt: skip
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("identity-index")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    return root


@pytest.fixture(scope="module")
def client(index: Path, corpus: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServerSettings(index=index, corpus=corpus))) as c:
        yield c


def test_documents_carry_their_identity(client: TestClient) -> None:
    """GIVEN a decree, a decision, a QCVN and a list WHEN the catalog is listed THEN each
    document has its kind, identifier, canonical issuers and dates; the list has none."""
    docs = {d["doc_id"]: d for d in client.get("/api/documents?size=50").json()["documents"]}
    nd = docs["nd.txt"]
    assert (nd["doc_kind"], nd["type"], nd["identifier"]) == (
        "nghi-dinh",
        "Nghị định",
        "117/2022/NĐ-CP",
    )
    assert (nd["issuers"], nd["issuer"], nd["year"]) == (["Chính phủ"], "Chính phủ", 2022)
    assert (nd["issued"], nd["effective"]) == ("2022-12-30", "2023-02-01")
    qc = docs["qc.txt"]
    assert (qc["doc_kind"], qc["identifier"], qc["code"], qc["issuer"]) == (
        "qcvn", "QCVN 32:2026/BXD", "QCVN 32:2026/BXD", "Bộ Xây dựng"
    )  # fmt: skip
    listed = docs["list.txt"]
    assert (listed["doc_kind"], listed["identifier"], listed["code"]) == ("other", "", "")
    detail = client.get("/api/documents/qd.txt").json()
    assert (detail["identifier"], detail["issuers"]) == ("28/2026/QĐ-TTg", ["Thủ tướng Chính phủ"])


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [("117/2022/NĐ-CP", "nd.txt"), ("nghị định 117/2022", "nd.txt"), ("nd 117/2022", "nd.txt"),
     ("qd 28/2026", "qd.txt"), ("28/2026/qđ-ttg thẻ", "qd.txt"), ("code:117/2022/NĐ-CP", "nd.txt")],
)  # fmt: skip
def test_a_legal_number_finds_its_document_first(
    client: TestClient, query: str, doc_id: str
) -> None:
    """GIVEN a number typed alone or with its kind WHEN searched THEN its document is first
    and the hit carries the document's identity."""
    hits = client.get("/api/search", params={"q": query}).json()["hits"]
    assert hits and hits[0]["doc_id"] == doc_id, query
    assert hits[0]["identifier"] and hits[0]["doc_kind"] != "other"


def test_a_number_no_document_has_is_missing(client: TestClient) -> None:
    """GIVEN a number no document has WHEN searched THEN it is listed as missing."""
    body = client.get("/api/search", params={"q": "nghị định 999/2020"}).json()
    assert body["missing_codes"] == ["nghị định 999/2020"]


def test_issuers_are_one_facet_and_one_filter(client: TestClient) -> None:
    """GIVEN documents of Bộ Xây dựng WHEN filtered by "BXD" or by the name THEN the same
    hits; the facets show canonical names only."""
    by_abbrev = client.get("/api/search", params={"q": "đường sắt", "issuer": "BXD"}).json()
    by_name = client.get("/api/search", params={"q": "đường sắt", "issuer": "Bộ Xây dựng"}).json()
    assert by_abbrev["total"] == by_name["total"] > 0
    facets = client.get("/api/search", params={"q": "quy định"}).json()["facets"]["issuer"]
    assert "BXD" not in facets and "Bộ Xây dựng" in facets


def test_cli_json_hits_carry_identity(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GIVEN the index WHEN `vnstd search --json` THEN each hit has the identity fields."""
    assert main(["search", "nghị định 117/2022", "--index", str(index), "--json"]) == 0
    hit = json.loads(capsys.readouterr().out.splitlines()[0])["hits"][0]
    assert (hit["identifier"], hit["doc_kind"], hit["issuers"]) == (
        "117/2022/NĐ-CP", "nghi-dinh", ["Chính phủ"]
    )  # fmt: skip
    assert (hit["issued"], hit["effective"], hit["type"]) == (
        "2022-12-30",
        "2023-02-01",
        "Nghị định",
    )


def test_numbers_are_suggested(client: TestClient) -> None:
    """GIVEN a decree WHEN its number's start is typed THEN the number is suggested."""
    found = client.get("/api/suggest", params={"q": "117/2022"}).json()["suggestions"]
    assert {"text": "117/2022/NĐ-CP", "kind": "code"}.items() <= found[0].items()


def test_the_document_page_names_a_legal_text_by_its_number(client: TestClient) -> None:
    """GIVEN a decree WHEN its page is opened THEN it is named by its number and shows its
    issuer and dates."""
    page = client.get("/doc/nd.txt").text
    assert '<h1 class="code">117/2022/NĐ-CP</h1>' in page
    assert "2022-12-30" in page and "2023-02-01" in page and "Chính phủ" in page
