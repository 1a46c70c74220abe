"""A synthetic corpus of Vietnamese legal documents, for scale tests and measurements.

:func:`generate` yields documents one by one (name, text, planted metadata);
:func:`write_corpus` writes them as UTF-8 content files. Everything depends only on the
number of documents and the seed (``random.Random(seed)``): the same arguments give
byte-identical files, independent of time, locale and hash seed.

Documents are dated in increasing order, so every citation points to an EARLIER document of
the corpus (or to a few well-known real laws). Citation targets follow a bounded Zipf law
over earlier documents of the right kind, so a few laws are cited by a large share of the
corpus (a heavy-tailed in-degree).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Planted", "PlantedCitation", "SynthSummary", "generate", "write_corpus"]


@dataclass(frozen=True, slots=True)
class PlantedCitation:
    """A citation the generator wrote: the canonical number (None for a title-only
    citation), the title for title-only ones, and the relation id it should get."""

    number: str | None
    relation: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Planted:
    """What the generator put into one document."""

    file: str
    number: str
    doc_type: str  # type slug
    date: dt.date
    issuer: str  # as a reader names it: "Bộ Tài chính"
    signer: str
    citations: tuple[PlantedCitation, ...]


@dataclass(frozen=True, slots=True)
class SynthSummary:
    files: int
    bytes: int
    citations: int


@dataclass(frozen=True, slots=True)
class _Earlier:
    """An earlier document, as later documents cite it (the only per-document state kept)."""

    number: str
    type_word: str
    date: dt.date
    issuer: str  # "của …" form: "Chính phủ", "Bộ trưởng Bộ Tài chính"
    subject: str


# (code, name) of issuers of Thông tư and công văn.
_MINISTRIES = (
    ("BTC", "Bộ Tài chính"),
    ("BTP", "Bộ Tư pháp"),
    ("BNV", "Bộ Nội vụ"),
    ("BCT", "Bộ Công Thương"),
    ("BYT", "Bộ Y tế"),
    ("BXD", "Bộ Xây dựng"),
    ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"),
)
_PROVINCES = (
    ("TỈNH BÌNH DƯƠNG", "Bình Dương"),
    ("THÀNH PHỐ HẢI PHÒNG", "Hải Phòng"),
    ("TỈNH NGHỆ AN", "Nghệ An"),
    ("THÀNH PHỐ ĐÀ NẴNG", "Đà Nẵng"),
    ("TỈNH QUẢNG NINH", "Quảng Ninh"),
    ("TỈNH LÂM ĐỒNG", "Lâm Đồng"),
    ("THÀNH PHỐ CẦN THƠ", "Cần Thơ"),
)
_UNITS = ("VP", "KT", "TH", "NC", "KSTTHC", "VX", "TCT", "PC", "KHTC")

# Well-known real laws: (number, title, date).
_KNOWN_LAWS = (
    ("76/2015/QH13", "Tổ chức Chính phủ", dt.date(2015, 6, 19)),
    ("77/2015/QH13", "Tổ chức chính quyền địa phương", dt.date(2015, 6, 19)),
    ("80/2015/QH13", "Ban hành văn bản quy phạm pháp luật", dt.date(2015, 6, 22)),
    ("104/2016/QH13", "Tiếp cận thông tin", dt.date(2016, 4, 6)),
)

_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
             "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")  # fmt: skip
_MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Xuân", "Huy")
_GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Long", "Mai",
          "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Việt", "Yến")  # fmt: skip

_SUBJECTS = (
    "quản lý, sử dụng tài sản công",
    "cải cách thủ tục hành chính",
    "chuyển đổi số trong cơ quan nhà nước",
    "công tác văn thư, lưu trữ",
    "phòng, chống thiên tai",
    "quản lý chất lượng công trình xây dựng",
    "bảo vệ môi trường làng nghề",
    "an toàn thực phẩm",
    "phát triển nguồn nhân lực",
    "quản lý nợ công",
    "tiếp công dân và giải quyết khiếu nại, tố cáo",
    "đơn giản hóa chế độ báo cáo",
    "quản lý đầu tư công",
    "công tác dân vận của cơ quan hành chính nhà nước",
    "cung cấp dịch vụ công trực tuyến",
    "quản lý giá",
    "thi đua, khen thưởng",
    "phòng cháy, chữa cháy",
)
_FILLER = (
    "Các cơ quan, đơn vị có trách nhiệm tổ chức triển khai, bảo đảm tiến độ và chất lượng, "
    "định kỳ báo cáo kết quả thực hiện.",
    "Việc thực hiện phải bảo đảm công khai, minh bạch, đúng thẩm quyền, trình tự, thủ tục "
    "theo quy định của pháp luật.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, tổ chức, cá nhân "
    "phản ánh kịp thời để được hướng dẫn, giải quyết.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và "
    "các nguồn hợp pháp khác.",
    "Người đứng đầu cơ quan, đơn vị chịu trách nhiệm trước cấp trên về kết quả thực hiện "
    "nhiệm vụ được giao.",
    "Tăng cường công tác kiểm tra, giám sát, kịp thời phát hiện và xử lý nghiêm các hành vi "
    "vi phạm.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, kết nối, chia sẻ dữ liệu giữa các cơ quan nhà "
    "nước, giảm giấy tờ cho người dân và doanh nghiệp.",
    "Hồ sơ gồm bản chính hoặc bản sao có chứng thực các giấy tờ theo mẫu ban hành kèm theo "
    "văn bản này.",
    "Thời hạn giải quyết không quá mười lăm ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Đối tượng áp dụng gồm cơ quan nhà nước, tổ chức chính trị - xã hội và cá nhân có liên "
    "quan.",
)

# Family weights (percent): Thông tư 25, Nghị định 10, Quyết định 25, công văn 25,
# Chỉ thị/Kế hoạch 5, Party 3, VBHN 3, Luật 4.
_FAMILIES = (
    ("tt", 25), ("nd", 10), ("qd", 25), ("cv", 25), ("ct", 5), ("party", 3), ("vbhn", 3),
    ("luat", 4),
)  # fmt: skip
_START = dt.date(2016, 1, 4)
_SPAN_DAYS = 3300  # to mid-2025


def _zipf_index(rng: random.Random, n: int, s: float = 1.3) -> int:
    """An index in [0, n) drawn from a bounded Zipf (continuous Pareto) law: 0 is likeliest."""
    u = rng.random()
    a = 1.0 - s
    top = float(n + 1) ** a
    x = (1.0 - u * (1.0 - top)) ** (1.0 / a)
    return min(n - 1, max(0, int(x) - 1))


def _date_vi(d: dt.date) -> str:
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _ref(e: _Earlier, *, with_subject: bool = True) -> str:
    text = f"{e.type_word} số {e.number} {_date_vi(e.date)} của {e.issuer}"
    return text + (f" về {e.subject}" if with_subject else "")


class _Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        # Earlier documents by kind, in date order (index 0 is the oldest: the most cited).
        self.laws: list[_Earlier] = []
        self.decrees: list[_Earlier] = []
        self.circulars: list[_Earlier] = []
        self.decisions: list[_Earlier] = []
        self.directives: list[_Earlier] = []
        self.counters: dict[str, int] = {}

    def _seq(self, key: str, year: int | None = None) -> int:
        full = f"{key}/{year}" if year is not None else key
        value = self.counters.get(full, self.rng.randint(1, 40)) + self.rng.randint(1, 7)
        self.counters[full] = value
        return value

    def _name(self) -> str:
        r = self.rng
        return f"{r.choice(_SURNAMES)} {r.choice(_MIDDLE)} {r.choice(_GIVEN)}"

    def _pick(self, pool: list[_Earlier]) -> _Earlier | None:
        return pool[_zipf_index(self.rng, len(pool))] if pool else None

    def _paragraphs(self, count: int, cites: list[PlantedCitation]) -> list[str]:
        r = self.rng
        out = []
        for _ in range(count):
            sentences = [r.choice(_FILLER) for _ in range(r.randint(2, 6))]
            if r.random() < 0.15:
                target = self._pick(self.decrees) or self._pick(self.laws)
                if target is not None:
                    sentences.append(
                        f"Trình tự, thủ tục thực hiện theo quy định tại khoản {r.randint(1, 5)} "
                        f"Điều {r.randint(2, 30)} {_ref(target, with_subject=False)}."
                    )
                    cites.append(PlantedCitation(target.number, "in-accordance-with"))
            out.append(" ".join(sentences))
        return out

    def _bases(self, cites: list[PlantedCitation], k: int) -> list[str]:
        """The "Căn cứ" lines: a law (by number or a known law by title), then earlier documents."""
        r = self.rng
        lines: list[str] = []
        seen: list[str] = []
        if r.random() < 0.25 or not self.laws:
            number, title, date = r.choice(_KNOWN_LAWS)
            if r.random() < 0.5:
                lines.append(f"Căn cứ Luật {title} {_date_vi(date)};")
                cites.append(PlantedCitation(None, "based-on", f"Luật {title}"))
            else:
                lines.append(f"Căn cứ Luật {title} số {number} {_date_vi(date)};")
                cites.append(PlantedCitation(number, "based-on"))
            seen.append(number)
        for pool in (self.laws, self.decrees, self.circulars, self.decisions)[: k + 1]:
            target = self._pick(pool)
            if target is None or target.number in seen:
                continue
            seen.append(target.number)
            if target.type_word == "Luật":
                lines.append(f"Căn cứ Luật {target.subject} số {target.number} "
                             f"{_date_vi(target.date)};")  # fmt: skip
            else:
                lines.append(f"Căn cứ {_ref(target)};")
            cites.append(PlantedCitation(target.number, "based-on"))
        return lines

    def _pages(self, paragraphs: list[str], date: dt.date) -> str:
        """Join paragraphs, with a Công báo page header every few thousand characters."""
        r = self.rng
        out: list[str] = []
        size = 0
        page = r.randint(3, 90)
        issue = r.randint(100, 990)
        for para in paragraphs:
            out.append(para)
            size += len(para)
            if size > 3500 and r.random() < 0.3:
                page += 1
                size = 0
                out.append(
                    f"CÔNG BÁO/Số {issue} + {issue + 1}/Ngày {date.day:02d}-{date.month}-"
                    f"{date.year}\n\n{page}"
                )
        return "\n\n".join(out)

    def document(self, i: int) -> tuple[str, str, Planted]:
        r = self.rng
        date = _START + dt.timedelta(days=i * _SPAN_DAYS // max(self.n, 1))
        weights = [w for _, w in _FAMILIES]
        family = r.choices([f for f, _ in _FAMILIES], weights)[0]
        subject = r.choice(_SUBJECTS)
        cites: list[PlantedCitation] = []
        signer = self._name()
        province, place = r.choice(_PROVINCES)
        local = f"{'thành phố' if province.startswith('THÀNH PHỐ') else 'tỉnh'} {place}"
        ministry_code, ministry = r.choice(_MINISTRIES)
        n_paras = max(3, min(400, int(r.lognormvariate(2.6, 0.85))))
        party = False
        article_prefix: list[str] = []
        earlier: _Earlier | None = None
        pool: list[_Earlier] | None = None
        if family == "tt":
            number = f"{self._seq('TT-' + ministry_code, date.year)}/{date.year}/TT-{ministry_code}"
            header, issuer, slug, word = ministry.upper(), ministry, "thong-tu", "Thông tư"
            authority = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG"
            enact = f"Bộ trưởng {ministry} ban hành Thông tư hướng dẫn về {subject}."
            cite_as, pool = f"Bộ trưởng {ministry}", self.circulars
        elif family == "nd":
            number = f"{self._seq('NĐ-CP', date.year)}/{date.year}/NĐ-CP"
            header, issuer, slug, word = "CHÍNH PHỦ", "Chính phủ", "nghi-dinh", "Nghị định"
            authority = "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG"
            enact = f"Chính phủ ban hành Nghị định quy định chi tiết về {subject}."
            cite_as, pool = "Chính phủ", self.decrees
        elif family == "qd":
            number = f"{self._seq('QĐ-UBND' + place)}/QĐ-UBND"
            header = f"ỦY BAN NHÂN DÂN\n{province}"
            issuer, slug, word = f"Ủy ban nhân dân {local}", "quyet-dinh", "Quyết định"
            authority = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
            enact = "QUYẾT ĐỊNH:"
            cite_as, pool = f"Ủy ban nhân dân {place}", self.decisions
        elif family == "ct":
            if r.random() < 0.6:
                number = f"{self._seq('CT-TTg')}/CT-TTg"
                header, issuer = "THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"
                slug, word = "chi-thi", "Chỉ thị"
                authority = "THỦ TƯỚNG"
                cite_as, pool = "Thủ tướng Chính phủ", self.directives
            else:
                number = f"{self._seq('KH-UBND' + place)}/KH-UBND"
                header = f"ỦY BAN NHÂN DÂN\n{province}"
                issuer, slug, word = f"Ủy ban nhân dân {local}", "ke-hoach", "Kế hoạch"
                authority = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
                cite_as = f"Ủy ban nhân dân {place}"
            enact = ""
        elif family == "party":
            party = True
            number = f"{self._seq('QĐ/TW')}-QĐ/TW"
            header, issuer = "BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"
            slug, word = "quyet-dinh", "Quyết định"
            authority = "T/M BỘ CHÍNH TRỊ"
            enact = ""
            cite_as = "Bộ Chính trị"
        elif family == "vbhn":
            number = f"{self._seq('VBHN-' + ministry_code)}/VBHN-{ministry_code}"
            header, issuer, slug, word = ministry.upper(), ministry, "van-ban-hop-nhat", "Thông tư"
            authority = "XÁC THỰC VĂN BẢN HỢP NHẤT\nBỘ TRƯỞNG"
            enact = ""
            cite_as = ministry
        elif family == "luat":
            number = f"{self._seq('QH', date.year)}/{date.year}/QH{14 if date.year < 2021 else 15}"
            header, issuer, slug, word = "QUỐC HỘI", "Quốc hội", "luat", "Luật"
            authority = "CHỦ TỊCH QUỐC HỘI"
            enact = f"Quốc hội ban hành Luật {subject.capitalize()}."
            cite_as, pool = "Quốc hội", self.laws
        else:  # công văn
            if r.random() < 0.5:
                number = f"{self._seq('UBND-' + place)}/UBND-{r.choice(_UNITS)}"
                header = f"ỦY BAN NHÂN DÂN\n{province}"
                issuer = f"Ủy ban nhân dân {local}"
                authority = "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG"
            else:
                number = f"{self._seq(ministry_code)}/{ministry_code}-{r.choice(_UNITS)}"
                header, issuer = ministry.upper(), ministry
                authority = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG"
            slug, word, enact, cite_as = "cong-van", "Công văn", "", issuer

        own_title = f"về {subject}"
        body: list[str] = []
        if slug == "cong-van":
            directive = self._pick(self.directives)
            if directive is not None and r.random() < 0.6:
                title_line = f"V/v thực hiện Chỉ thị số {directive.number}"
                body.append(f"Thực hiện {_ref(directive)} (gửi kèm theo),")
                cites.append(PlantedCitation(directive.number, "implements"))
            else:
                title_line = f"V/v {subject}"
            body.append(f"{issuer} có ý kiến như sau:")
            if r.random() < 0.3:
                body.append(
                    "Thực hiện nhiệm vụ được giao theo Luật Tổ chức chính quyền địa phương, "
                    "đề nghị các cơ quan, đơn vị khẩn trương triển khai."
                )
                cites.append(PlantedCitation(None, "cites", "Luật Tổ chức chính quyền địa phương"))
            body.extend(self._paragraphs(max(2, n_paras // 3), cites))
        else:
            title_line = f"{word.upper()}\n"
            amend = pool is not None and pool and r.random() < 0.12 and family in ("tt", "nd")
            if amend and pool:
                earlier = self._pick(pool)
                assert earlier is not None
                own_title = (f"Sửa đổi, bổ sung một số điều của {word} số {earlier.number} "
                             f"{_date_vi(earlier.date)} của {earlier.issuer}")  # fmt: skip
            title_line += own_title[0].upper() + own_title[1:]
            if family not in ("party", "vbhn"):
                body.extend(self._bases(cites, 3 if family != "luat" else 0))
                if family == "qd":
                    body.append("Theo đề nghị của Giám đốc Sở Tư pháp.")
                if enact:
                    body.append(enact)
            articles = max(3, n_paras // 3)
            if earlier is not None:
                article_prefix.append(
                    f"Điều 1. Sửa đổi, bổ sung một số điều của {word} số {earlier.number} "
                    f"{_date_vi(earlier.date)} của {earlier.issuer}\n"
                    f"1. Sửa đổi khoản 2 Điều {r.randint(2, 20)} như sau: "
                    f"“{r.choice(_FILLER)}”"
                )
                cites.append(PlantedCitation(earlier.number, "amends"))
            for k in range(len(article_prefix) + 1, articles + 1):
                paras = self._paragraphs(r.randint(1, 4), cites)
                article_prefix.append(f"Điều {k}. {r.choice(_SUBJECTS).capitalize()}\n"
                                      + "\n".join(paras))  # fmt: skip
            if pool and r.random() < 0.15:
                old = self._pick(pool)
                if old is not None and old is not earlier:
                    article_prefix.append(
                        f"Điều {articles + 1}. Hiệu lực thi hành\n"
                        f"1. {word} này có hiệu lực kể từ ngày ký.\n"
                        f"2. Bãi bỏ {_ref(old, with_subject=False)}."
                    )
                    cites.append(PlantedCitation(old.number, "repeals"))
            body.extend(article_prefix)

        if party:
            top = f"{header}\n*\nSố {number}"
            motto = "ĐẢNG CỘNG SẢN VIỆT NAM"
            head = f"{top}\n\n{motto}\n\nHà Nội, {_date_vi(date)}"
        else:
            motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
            city = place if "UBND" in number else "Hà Nội"
            head = (f"{header}\n-------\n\n{motto}\n---------------\n\nSố: {number}\n\n"
                    f"{city}, {_date_vi(date)}")  # fmt: skip
        recipients = ["Như trên", "Văn phòng Chính phủ", f"{r.choice(_MINISTRIES)[1]}",
                      "Cổng thông tin điện tử", "Lưu: VT"]  # fmt: skip
        nhan = "Nơi nhận:\n" + "\n".join(f"- {x};" for x in recipients[:-1])
        nhan += f"\n- {recipients[-1]}."
        sign = f"{authority}\n\n\n\n{signer}"
        kinh_gui = f"\n\nKính gửi: {r.choice(_MINISTRIES)[1]}." if slug == "cong-van" else ""
        text = (f"{head}\n\n{title_line}{kinh_gui}\n\n{self._pages(body, date)}\n\n"
                f"{nhan}\n\n{sign}\n")  # fmt: skip
        name = f"{i:06d}-{slug}.txt"
        entry = _Earlier(number, word, date, cite_as, subject)
        if family == "luat":
            self.laws.append(entry)
        elif family == "nd":
            self.decrees.append(entry)
        elif family == "tt":
            self.circulars.append(entry)
        elif family == "qd":
            self.decisions.append(entry)
        elif family == "ct" and slug == "chi-thi":
            self.directives.append(entry)
        return name, text, Planted(name, number, slug, date, issuer, signer, tuple(cites))


def generate(n: int, seed: int) -> Iterator[tuple[str, str, Planted]]:
    """Yield ``n`` documents (file name, text, planted metadata) in date order."""
    gen = _Generator(n, seed)
    for i in range(n):
        yield gen.document(i)


def write_corpus(
    n: int, seed: int, into: Path, planted: list[Planted] | None = None
) -> SynthSummary:
    """Write ``n`` documents into ``into``, one by one; append their metadata to ``planted``."""
    into.mkdir(parents=True, exist_ok=True)
    files = size = citations = 0
    for name, text, meta in generate(n, seed):
        data = text.encode("utf-8")
        (into / name).write_bytes(data)
        files += 1
        size += len(data)
        citations += len(meta.citations)
        if planted is not None:
            planted.append(meta)
    return SynthSummary(files, size, citations)
