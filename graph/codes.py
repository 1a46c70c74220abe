"""Reference tables: document types and issuer codes.

Sources: Nghị định 30/2020/NĐ-CP on công tác văn thư, Phụ lục III (type codes of
administrative documents); Luật Ban hành văn bản quy phạm pháp luật (normative types);
Quy định 66-QĐ/TW and Hướng dẫn 36-HD/VPTW (Party document types and numbering).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .normalize import fold_key


class System(StrEnum):
    """Hệ thống văn bản: Nhà nước (state) or Đảng (Party)."""

    STATE = "state"
    PARTY = "party"

    @property
    def label_vi(self) -> str:
        return "Nhà nước" if self is System.STATE else "Đảng"


@dataclass(frozen=True, slots=True)
class DocType:
    """A document type (loại văn bản)."""

    slug: str  # English-free ASCII key used in identities, e.g. "chi-thi"
    name: str  # Vietnamese name, e.g. "Chỉ thị"
    english: str
    code: str | None  # type code in the number, e.g. "CT"; None where the number has none
    normative: bool = False


DOC_TYPES: tuple[DocType, ...] = (
    DocType("hien-phap", "Hiến pháp", "Constitution", None, True),
    DocType("bo-luat", "Bộ luật", "Code", None, True),
    DocType("luat", "Luật", "Law", None, True),
    DocType("phap-lenh", "Pháp lệnh", "Ordinance", "PL", True),
    DocType("lenh", "Lệnh", "Order", "L", True),
    DocType("nghi-dinh", "Nghị định", "Decree", "NĐ", True),
    DocType("thong-tu", "Thông tư", "Circular", "TT", True),
    DocType("thong-tu-lien-tich", "Thông tư liên tịch", "Joint circular", "TTLT", True),
    DocType("nghi-quyet-lien-tich", "Nghị quyết liên tịch", "Joint resolution", "NQLT", True),
    DocType("van-ban-hop-nhat", "Văn bản hợp nhất", "Consolidated text", "VBHN", True),
    DocType("nghi-quyet", "Nghị quyết", "Resolution", "NQ"),
    DocType("quyet-dinh", "Quyết định", "Decision", "QĐ"),
    DocType("quy-dinh", "Quy định", "Regulation", "QyĐ"),
    DocType("chi-thi", "Chỉ thị", "Directive", "CT"),
    DocType("ket-luan", "Kết luận", "Conclusion", "KL"),
    DocType("quy-che", "Quy chế", "Rules", "QC"),
    DocType("thong-cao", "Thông cáo", "Communiqué", "TC"),
    DocType("thong-bao", "Thông báo", "Notice", "TB"),
    DocType("thong-tri", "Thông tri", "Party circular", "TT"),
    DocType("huong-dan", "Hướng dẫn", "Guidance", "HD"),
    DocType("chuong-trinh", "Chương trình", "Programme", "CTr"),
    DocType("ke-hoach", "Kế hoạch", "Plan", "KH"),
    DocType("phuong-an", "Phương án", "Scheme", "PA"),
    DocType("de-an", "Đề án", "Project proposal", "ĐA"),
    DocType("du-an", "Dự án", "Project", "DA"),
    DocType("bao-cao", "Báo cáo", "Report", "BC"),
    DocType("bien-ban", "Biên bản", "Minutes", "BB"),
    DocType("to-trinh", "Tờ trình", "Submission", "TTr"),
    DocType("hop-dong", "Hợp đồng", "Contract", "HĐ"),
    DocType("cong-dien", "Công điện", "Official telegram", "CĐ"),
    DocType("ban-ghi-nho", "Bản ghi nhớ", "Memorandum", "BGN"),
    DocType("ban-thoa-thuan", "Bản thỏa thuận", "Agreement", "BTT"),
    DocType("giay-uy-quyen", "Giấy ủy quyền", "Authorisation", "GUQ"),
    DocType("giay-moi", "Giấy mời", "Invitation", "GM"),
    DocType("giay-gioi-thieu", "Giấy giới thiệu", "Letter of introduction", "GGT"),
    DocType("giay-nghi-phep", "Giấy nghỉ phép", "Leave permit", "GNP"),
    DocType("phieu-gui", "Phiếu gửi", "Dispatch slip", "PG"),
    DocType("phieu-chuyen", "Phiếu chuyển", "Transfer slip", "PC"),
    DocType("phieu-bao", "Phiếu báo", "Notification slip", "PB"),
    DocType("sac-lenh", "Sắc lệnh", "Decree-law", "SL"),
    DocType("cong-van", "Công văn", "Official letter", None),
    DocType("van-ban", "Văn bản", "Document of unknown type", None),
)

TYPES_BY_SLUG: dict[str, DocType] = {t.slug: t for t in DOC_TYPES}
TYPES_BY_NAME: dict[str, DocType] = {fold_key(t.name): t for t in DOC_TYPES}

# Type code (as in the number) → type slug. Codes that name two types (Party "QĐ" is a
# Quyết định or a Quy định; "TT" is a state Thông tư or a Party Thông tri) map to the state
# reading here; the type word before the number wins when the text gives one.
TYPE_BY_CODE: dict[str, str] = {
    "NĐ": "nghi-dinh",
    "TT": "thong-tu",
    "TTLT": "thong-tu-lien-tich",
    "NQLT": "nghi-quyet-lien-tich",
    "VBHN": "van-ban-hop-nhat",
    "NQ": "nghi-quyet",
    "QĐ": "quyet-dinh",
    "QĐi": "quy-dinh",
    "QyĐ": "quy-dinh",
    "CT": "chi-thi",
    "KL": "ket-luan",
    "QC": "quy-che",
    "TC": "thong-cao",
    "TB": "thong-bao",
    "HD": "huong-dan",
    "CTr": "chuong-trinh",
    "KH": "ke-hoach",
    "PA": "phuong-an",
    "ĐA": "de-an",
    "DA": "du-an",
    "BC": "bao-cao",
    "BB": "bien-ban",
    "TTr": "to-trinh",
    "HĐ": "hop-dong",
    "CĐ": "cong-dien",
    "BGN": "ban-ghi-nho",
    "BTT": "ban-thoa-thuan",
    "GUQ": "giay-uy-quyen",
    "GM": "giay-moi",
    "GGT": "giay-gioi-thieu",
    "GNP": "giay-nghi-phep",
    "PG": "phieu-gui",
    "PC": "phieu-chuyen",
    "PB": "phieu-bao",
    "PL": "phap-lenh",
    "L": "lenh",
    "SL": "sac-lenh",
}

# Codes whose canonical spelling is not all upper case, and ASCII or OCR spellings of
# codes that have one unambiguous Vietnamese spelling. Keys are upper-cased.
CANONICAL_CODES: dict[str, str] = {
    "TTG": "TTg",
    "QYĐ": "QyĐ",
    "QYD": "QyĐ",
    "CTR": "CTr",
    "TTR": "TTr",
    "QĐI": "QĐi",
    "ND": "NĐ",
    "QD": "QĐ",
    "HDND": "HĐND",
    "BKHDT": "BKHĐT",
    "BKH&DT": "BKH&ĐT",
    "BGDDT": "BGDĐT",
    "BLDTBXH": "BLĐTBXH",
    "DHQG": "ĐHQG",
}

# Issuer codes → the issuer's name. Local bodies (UBND, HĐND, Sở …) need the place from
# the header; their entry is the generic name.
ISSUER_BY_CODE: dict[str, str] = {
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "VPCP": "Văn phòng Chính phủ",
    "VPQH": "Văn phòng Quốc hội",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BTP": "Bộ Tư pháp",
    "BCT": "Bộ Công Thương",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BYT": "Bộ Y tế",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BKH&ĐT": "Bộ Kế hoạch và Đầu tư",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "UBDT": "Ủy ban Dân tộc",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "KTNN": "Kiểm toán nhà nước",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "HĐTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "BHXH": "Bảo hiểm xã hội Việt Nam",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "TW": "Trung ương Đảng",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BCĐ": "Ban Chỉ đạo",
}

# Party organisation codes after the slash ("23-QĐ/TW", "…/TU"): they make a Party number.
PARTY_ORG_CODES = frozenset(
    {
        "TW",
        "VPTW",
        "BTGTW",
        "BDVTW",
        "BTCTW",
        "UBKTTW",
        "BNCTW",
        "ĐUCA",
        "QUTW",
        "ĐUK",
        "TU",
        "HU",
        "QU",
        "ĐU",
        "TVTU",
        "BTVTU",
        "TTHU",
        "BTVHU",
        "ĐUQĐ",
        "ĐUCCQ",
        "BCS",
    }
)


def canonical_code(code: str) -> str:
    """Canonical spelling of one code segment: ``ttg`` → ``TTg``, ``ND`` → ``NĐ``."""
    upper = code.upper()
    return CANONICAL_CODES.get(upper, upper)


def doc_type_by_name(name: str) -> DocType | None:
    """The type whose Vietnamese name is ``name``, in any case or diacritic spelling."""
    return TYPES_BY_NAME.get(fold_key(name))
