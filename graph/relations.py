"""The closed vocabulary of relations between documents, and the cue phrases that decide them.

Everything about a relation type is declared here, once: its id, Vietnamese and English
labels for both directions, its alignment with the ELI ontology (DOMAIN.md §3) and the cue
phrases of the citing text that select it. A mistyped id raises (``Relation("amend")`` is a
``ValueError``), in the spirit of rdflib's closed ``DefinedNamespace``.

Cue patterns run on the *match form* of the text (``normalize.match_form``: lower case,
new-style tone marks, same length as the stored text), so offsets stay valid and "Căn cứ",
"căn cứ" and "CĂN CỨ" are one cue. White space inside a cue may be a hard line break
(Công báo texts wrap lines anywhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .patterns import TYPE_FIRST_WORDS, word_trigger

ELI = "http://data.europa.eu/eli/ontology#"


class Relation(StrEnum):
    """What a citing document does to (or with) a cited one."""

    BASED_ON = "based-on"
    IMPLEMENTS = "implements"
    TRANSMITS = "transmits"
    IN_ACCORDANCE_WITH = "in-accordance-with"
    INSTITUTIONALIZES = "institutionalizes"
    DETAILS = "details"
    AMENDS = "amends"
    REPLACES = "replaces"
    REPEALS = "repeals"
    TERMINATES = "terminates"
    SUSPENDS = "suspends"
    CORRECTS = "corrects"
    CONSOLIDATES = "consolidates"
    INTERPRETS = "interprets"
    ANNEX_OF = "annex-of"
    CONSIDERS = "considers"
    CITES = "cites"

    @property
    def info(self) -> RelationInfo:
        return RELATION_INFO[self]

    @property
    def label_vi(self) -> str:
        return RELATION_INFO[self].label_vi

    @property
    def label_en(self) -> str:
        return RELATION_INFO[self].label_en

    @property
    def inverse_vi(self) -> str:
        return RELATION_INFO[self].inverse_vi

    @property
    def inverse_en(self) -> str:
        return RELATION_INFO[self].inverse_en

    @property
    def eli(self) -> str:
        """The IRI of the ELI property this relation equals or is a sub-property of."""
        return RELATION_INFO[self].eli

    @property
    def eli_exact(self) -> bool:
        """True when the relation *is* the ELI property, False when it is a sub-property."""
        return RELATION_INFO[self].eli_exact


@dataclass(frozen=True, slots=True)
class RelationInfo:
    """Labels and ELI alignment of one relation type."""

    label_vi: str  # the citing side: "căn cứ"
    label_en: str
    inverse_vi: str  # the cited side, for "cited by" lists: "được căn cứ"
    inverse_en: str
    eli: str  # ELI property IRI
    eli_exact: bool  # equal to the ELI property (True) or a sub-property of it (False)


def _eli(local: str) -> str:
    return ELI + local


# DOMAIN.md §3, one row per relation. "⊑" in the table is eli_exact=False.
RELATION_INFO: dict[Relation, RelationInfo] = {
    Relation.BASED_ON: RelationInfo(
        "căn cứ", "based on", "được căn cứ", "basis of", _eli("based_on"), False
    ),
    Relation.IMPLEMENTS: RelationInfo(
        "thực hiện", "implements", "được thực hiện", "implemented by", _eli("cites"), False
    ),
    Relation.TRANSMITS: RelationInfo(
        "gửi kèm", "transmits", "được gửi kèm", "transmitted by", _eli("cites"), False
    ),
    Relation.IN_ACCORDANCE_WITH: RelationInfo(
        "theo",
        "in accordance with",
        "được dẫn chiếu theo",
        "followed by",
        _eli("cites"),
        False,
    ),
    Relation.INSTITUTIONALIZES: RelationInfo(
        "thể chế hóa",
        "institutionalizes",
        "được thể chế hóa",
        "institutionalized by",
        _eli("cites"),
        False,
    ),
    Relation.DETAILS: RelationInfo(
        "hướng dẫn, quy định chi tiết",
        "details",
        "được hướng dẫn, quy định chi tiết",
        "detailed by",
        _eli("cites"),
        False,
    ),
    Relation.AMENDS: RelationInfo(
        "sửa đổi, bổ sung", "amends", "bị sửa đổi, bổ sung", "amended by", _eli("amends"), True
    ),
    Relation.REPLACES: RelationInfo(
        "thay thế", "replaces", "bị thay thế", "replaced by", _eli("repeals"), False
    ),
    Relation.REPEALS: RelationInfo(
        "bãi bỏ", "repeals", "bị bãi bỏ", "repealed by", _eli("repeals"), True
    ),
    Relation.TERMINATES: RelationInfo(
        "chấm dứt hiệu lực",
        "terminates",
        "bị chấm dứt hiệu lực",
        "terminated by",
        _eli("changes"),
        False,
    ),
    Relation.SUSPENDS: RelationInfo(
        "đình chỉ", "suspends", "bị đình chỉ", "suspended by", _eli("changes"), False
    ),
    Relation.CORRECTS: RelationInfo(
        "đính chính", "corrects", "bị đính chính", "corrected by", _eli("corrects"), True
    ),
    Relation.CONSOLIDATES: RelationInfo(
        "hợp nhất",
        "consolidates",
        "được hợp nhất",
        "consolidated by",
        _eli("consolidates"),
        True,
    ),
    Relation.INTERPRETS: RelationInfo(
        "giải thích", "interprets", "được giải thích", "interpreted by", _eli("cites"), False
    ),
    Relation.ANNEX_OF: RelationInfo(
        "ban hành kèm theo",
        "annex of",
        "có văn bản kèm theo",
        "has annex",
        _eli("is_annex_of"),
        True,
    ),
    Relation.CONSIDERS: RelationInfo(
        "xét", "considers", "được xem xét", "considered by", _eli("cites"), False
    ),
    Relation.CITES: RelationInfo(
        "dẫn chiếu", "cites", "được dẫn chiếu", "cited by", _eli("cites"), True
    ),
}

# Relation order for display and for a stable "main" relation: the most specific first.
RELATION_ORDER: dict[Relation, int] = {r: i for i, r in enumerate(Relation)}


def sort_relations(relations: set[Relation] | frozenset[Relation]) -> tuple[Relation, ...]:
    """Relations in declaration order, ``cites`` dropped when anything more specific is there."""
    chosen = set(relations)
    if len(chosen) > 1:
        chosen.discard(Relation.CITES)
    return tuple(sorted(chosen, key=RELATION_ORDER.__getitem__))


# --- cue phrases ----------------------------------------------------------------------------


class CueScope(StrEnum):
    """How far a cue reaches.

    NEAREST   the closest cue before a mention, in the same clause and at most a few words
              away (the words of earlier coordinated citations do not count): "Thực hiện
              [VB]", "theo [VB]", "sửa đổi, bổ sung một số điều của [VB]".
    FRAME     every mention after the cue in its clause, added to the nearest cue: "thể chế
              hóa chủ trương … theo [VB]" is institutionalizes *and* in-accordance-with.
    PREAMBLE  a "Căn cứ" line of the preamble: every mention up to the next preamble line.
    TRAILING  a cue that follows the reference: "[VB] (gửi kèm theo)", "[VB] hết hiệu lực".
    PASSIVE   "[VB] (đã) được sửa đổi, bổ sung bởi [VB2]": a relation between two cited
              documents, stated by the citing one (VB2 amends VB).
    """

    NEAREST = "nearest"
    FRAME = "frame"
    PREAMBLE = "preamble"
    TRAILING = "trailing"
    PASSIVE = "passive"


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue phrase: a pattern on the match form and the relations it selects."""

    name: str  # stable key, also the regex group name
    pattern: str  # regex on the match form (lower case); white space written as \s+
    relations: tuple[Relation, ...]
    scope: CueScope
    continuation: bool = False  # "tiếp tục thực hiện"
    amend_kind: str | None = None  # "sửa đổi", "bổ sung" or "sửa đổi, bổ sung"


_S = r"\s+"  # white space inside a cue: spaces or a hard line break
_AMEND_VERB = (
    rf"sửa{_S}đổi\s*(?:,\s*)?bổ{_S}sung|sửa{_S}đổi|bổ{_S}sung|thay{_S}thế|bãi{_S}bỏ|hủy{_S}bỏ"
    rf"|hướng{_S}dẫn(?:{_S}thi{_S}hành)?|quy{_S}định{_S}chi{_S}tiết|đính{_S}chính"
    rf"|đình{_S}chỉ|giải{_S}thích"
)

# The cue table. Order matters where two cues start at the same place: the regex engine
# takes the first alternative that matches, so longer phrases come before their prefixes.
CUES: tuple[Cue, ...] = (
    # "[VB] (đã) được sửa đổi, bổ sung (một số điều) bởi/theo/tại [VB2]": a stated edge
    # VB2 → VB. With a colon ("… được sửa đổi, bổ sung bởi:") it heads a VBHN list.
    Cue(
        "passive",
        rf"(?:đã{_S})?(?:được|bị){_S}(?P<pverb>{_AMEND_VERB})"
        rf"(?:{_S}(?:một{_S}số{_S})?(?:điều|nội{_S}dung))?"
        rf"(?:{_S}(?:của{_S})?(?:mình|đó))?{_S}(?:bởi|theo|tại|bằng)(?P<pcolon>\s*:)?",
        (Relation.AMENDS,),  # replaced by the verb's relation, see PASSIVE_VERBS
        CueScope.PASSIVE,
    ),
    # "Căn cứ …" at the start of a preamble line (the extractor checks the position);
    # "căn cứ vào tình hình thực tiễn / thực tế / …" is a false cue: no document follows.
    Cue(
        "can_cu",
        rf"căn{_S}cứ(?!{_S}vào{_S}(?:tình{_S}hình|thực{_S}t|điều{_S}kiện|nhu{_S}cầu|khả"
        rf"|kết{_S}quả|yêu{_S}cầu|đặc{_S}điểm|quy{_S}mô|mức))",
        (Relation.BASED_ON,),
        CueScope.PREAMBLE,
    ),
    # "Xét Tờ trình số …", "Xét đề nghị của …", "Theo đề nghị của … tại Tờ trình số …".
    Cue(
        "xet",
        rf"(?<![\w])xét(?={_S}(?:tờ|đề{_S}nghị|báo|văn|công))",
        (Relation.CONSIDERS,),
        CueScope.FRAME,
    ),
    Cue("de_nghi", rf"theo{_S}đề{_S}nghị", (Relation.CONSIDERS,), CueScope.FRAME),
    # "thể chế hóa [chủ trương …] theo [NQ]", "quán triệt [NQ]": institutionalizes, added to
    # whatever the nearest cue says.
    Cue("the_che_hoa", rf"thể{_S}chế{_S}hóa", (Relation.INSTITUTIONALIZES,), CueScope.FRAME),
    Cue("quan_triet", rf"quán{_S}triệt", (Relation.INSTITUTIONALIZES,), CueScope.FRAME),
    # "(gửi kèm theo)", "(kèm theo)" after the reference: the document is transmitted.
    Cue(
        "gui_kem",
        rf"\(\s*(?:gửi{_S}|sao{_S}gửi{_S})?kèm(?:{_S}theo)?\s*\)|(?<![\w])gửi{_S}kèm{_S}theo",
        (Relation.TRANSMITS,),
        CueScope.TRAILING,
    ),
    # "[VB] hết hiệu lực (thi hành) (kể từ ngày …)".
    Cue("het_hieu_luc", rf"hết{_S}hiệu{_S}lực", (Relation.TERMINATES,), CueScope.TRAILING),
    Cue("sao_gui", rf"sao{_S}gửi", (Relation.TRANSMITS,), CueScope.NEAREST),
    # implements: "tiếp tục thực hiện" (continuation) before the plain forms.
    Cue(
        "tiep_tuc_thuc_hien",
        rf"tiếp{_S}tục{_S}(?:triển{_S}khai{_S})?thực{_S}hiện",
        (Relation.IMPLEMENTS,),
        CueScope.NEAREST,
        continuation=True,
    ),
    Cue(
        "gan_voi_thuc_hien",
        rf"gắn{_S}với{_S}(?:việc{_S})?thực{_S}hiện",
        (Relation.IMPLEMENTS,),
        CueScope.NEAREST,
    ),
    # "thực hiện", "tổ chức (triển khai,) thực hiện (có hiệu quả)", "V/v thực hiện"; the
    # extractor rejects the nominal "việc / kết quả / tình hình thực hiện" (a report on past
    # implementation, seed: "việc thực hiện hiệu quả Chỉ thị số 16/CT-TTg" is a plain cite).
    Cue(
        "thuc_hien",
        rf"(?:tổ{_S}chức{_S}(?:triển{_S}khai\s*(?:,\s*)?)?)?thực{_S}hiện"
        rf"(?:{_S}(?:có{_S}hiệu{_S}quả|tốt|nghiêm(?:{_S}túc)?))?",
        (Relation.IMPLEMENTS,),
        CueScope.NEAREST,
    ),
    # "quy định chi tiết một số điều và biện pháp (để tổ chức, hướng dẫn) thi hành Luật X"
    Cue(
        "bien_phap_thi_hanh",
        rf"biện{_S}pháp{_S}(?:để{_S}tổ{_S}chức\s*(?:,\s*)?)?(?:hướng{_S}dẫn{_S})?thi{_S}hành",
        (Relation.DETAILS,),
        CueScope.NEAREST,
    ),
    Cue(
        "trien_khai",
        rf"triển{_S}khai(?:{_S}thi{_S}hành)?",
        (Relation.IMPLEMENTS,),
        CueScope.NEAREST,
    ),
    Cue("thi_hanh", rf"(?<![\w])thi{_S}hành", (Relation.IMPLEMENTS,), CueScope.NEAREST),
    # details: "quy định chi tiết", "hướng dẫn (thi hành / thực hiện / chi tiết)".
    Cue(
        "quy_dinh_chi_tiet",
        rf"quy{_S}định{_S}chi{_S}tiết(?:{_S}và{_S}hướng{_S}dẫn"
        rf"(?:{_S}thi{_S}hành)?)?",
        (Relation.DETAILS,),
        CueScope.NEAREST,
    ),
    # "theo hướng dẫn (tại)" is "according to the guidance in": in-accordance-with.
    Cue(
        "theo_huong_dan",
        rf"theo{_S}(?:các{_S})?hướng{_S}dẫn",
        (Relation.IN_ACCORDANCE_WITH,),
        CueScope.NEAREST,
    ),
    Cue(
        "huong_dan",
        rf"hướng{_S}dẫn(?:{_S}(?:thi{_S}hành|thực{_S}hiện|chi{_S}tiết))?",
        (Relation.DETAILS,),
        CueScope.NEAREST,
    ),
    # amends: "sửa đổi, bổ sung", "sửa đổi", "bổ sung" (kind recorded).
    Cue(
        "sua_doi_bo_sung",
        rf"sửa{_S}đổi\s*(?:,\s*)?bổ{_S}sung",
        (Relation.AMENDS,),
        CueScope.NEAREST,
        amend_kind="sửa đổi, bổ sung",
    ),
    Cue("sua_doi", rf"sửa{_S}đổi", (Relation.AMENDS,), CueScope.NEAREST, amend_kind="sửa đổi"),
    Cue(
        "bo_sung",
        rf"(?<![\w])bổ{_S}sung(?={_S}(?:một{_S}số|các{_S}điều|điều|khoản|điểm"
        rf"|quy{_S}định|nội{_S}dung|chương|mục|phụ{_S}lục|[^\W\d_]+{_S}(?:định|tư|số)))",
        (Relation.AMENDS,),
        CueScope.NEAREST,
        amend_kind="bổ sung",
    ),
    Cue("thay_the", rf"thay{_S}thế", (Relation.REPLACES,), CueScope.NEAREST),
    # a VBHN footnote: "Văn bản này được hợp nhất từ 03 Thông tư sau: - Thông tư số …".
    Cue(
        "hop_nhat",
        rf"(?:được{_S})?hợp{_S}nhất{_S}từ",
        (Relation.CONSOLIDATES,),
        CueScope.NEAREST,
    ),
    Cue("bai_bo", rf"bãi{_S}bỏ|hủy{_S}bỏ", (Relation.REPEALS,), CueScope.NEAREST),
    Cue(
        "dinh_chi",
        rf"(?:tạm{_S})?đình{_S}chỉ(?:{_S}(?:việc{_S})?thi{_S}hành)?"
        rf"|(?:tạm{_S})?ngưng{_S}hiệu{_S}lực",
        (Relation.SUSPENDS,),
        CueScope.NEAREST,
    ),
    Cue("dinh_chinh", rf"đính{_S}chính", (Relation.CORRECTS,), CueScope.NEAREST),
    Cue("giai_thich", rf"giải{_S}thích", (Relation.INTERPRETS,), CueScope.NEAREST),
    # "(Ban hành) kèm theo Quyết định số …": the extractor keeps annex-of for the document's
    # own header (an annex naming its decision) and reads it as a plain cite elsewhere.
    Cue("kem_theo", rf"(?:ban{_S}hành{_S})?kèm{_S}theo", (Relation.ANNEX_OF,), CueScope.NEAREST),
    # in-accordance-with: "theo tinh thần", "theo quy định (tại / của)", "theo", "phù hợp
    # với", lower-case "căn cứ" inside a sentence (the extractor decides, see can_cu).
    Cue(
        "theo",
        rf"(?<![\w])theo(?:{_S}tinh{_S}thần)?(?!{_S}dõi)(?![\w])",
        (Relation.IN_ACCORDANCE_WITH,),
        CueScope.NEAREST,
    ),
    Cue("phu_hop", rf"phù{_S}hợp{_S}với", (Relation.IN_ACCORDANCE_WITH,), CueScope.NEAREST),
)

CUES_BY_NAME: dict[str, Cue] = {c.name: c for c in CUES}

# The relation each passive verb states: "X được thay thế bởi Y" → Y replaces X.
PASSIVE_VERBS: tuple[tuple[str, Relation, str | None], ...] = (
    (r"sửa\s+đổi\s*(?:,\s*)?bổ\s+sung", Relation.AMENDS, "sửa đổi, bổ sung"),
    (r"sửa\s+đổi", Relation.AMENDS, "sửa đổi"),
    (r"bổ\s+sung", Relation.AMENDS, "bổ sung"),
    (r"thay\s+thế", Relation.REPLACES, None),
    (r"bãi\s+bỏ|hủy\s+bỏ", Relation.REPEALS, None),
    (r"hướng\s+dẫn|quy\s+định\s+chi\s+tiết", Relation.DETAILS, None),
    (r"đính\s+chính", Relation.CORRECTS, None),
    (r"đình\s+chỉ", Relation.SUSPENDS, None),
    (r"giải\s+thích", Relation.INTERPRETS, None),
)


def passive_relation(verb: str) -> tuple[Relation, str | None]:
    """The relation (and amendment kind) a passive verb states."""
    for pattern, relation, kind in PASSIVE_VERBS:
        if re.fullmatch(pattern, verb):
            return relation, kind
    return Relation.CITES, None


# One regex with a named group per cue: the first alternative that matches wins.
CUE_RE = re.compile("|".join(f"(?P<{c.name}>{c.pattern})" for c in CUES))

# The words each cue can start with (match form; "(" for a parenthesis).
# tests/test_relations.py derives them from the patterns and checks this table.
CUE_STARTS: dict[str, tuple[str, ...]] = {
    "passive": ("đã", "được", "bị"),
    "can_cu": ("căn",),
    "xet": ("xét",),
    "de_nghi": ("theo",),
    "the_che_hoa": ("thể",),
    "quan_triet": ("quán",),
    "gui_kem": ("(", "gửi"),
    "het_hieu_luc": ("hết",),
    "sao_gui": ("sao",),
    "tiep_tuc_thuc_hien": ("tiếp",),
    "gan_voi_thuc_hien": ("gắn",),
    "thuc_hien": ("tổ", "thực"),
    "bien_phap_thi_hanh": ("biện",),
    "trien_khai": ("triển",),
    "thi_hanh": ("thi",),
    "quy_dinh_chi_tiet": ("quy",),
    "theo_huong_dan": ("theo",),
    "huong_dan": ("hướng",),
    "sua_doi_bo_sung": ("sửa",),
    "sua_doi": ("sửa",),
    "bo_sung": ("bổ",),
    "thay_the": ("thay",),
    "hop_nhat": ("được", "hợp"),
    "bai_bo": ("bãi", "hủy"),
    "dinh_chi": ("tạm", "đình", "ngưng"),
    "dinh_chinh": ("đính",),
    "giai_thich": ("giải",),
    "kem_theo": ("ban", "kèm"),
    "theo": ("theo",),
    "phu_hop": ("phù",),
}
CUE_FIRST_WORDS = tuple(sorted({w for words in CUE_STARTS.values() for w in words} - {"("}))

# Where CUE_TRIGGER finds a first word (or "("), only the cues that can start with it are
# tried, in table order: the same first match as CUE_RE, without trying thirty alternatives.
CUE_RE_BY_WORD: dict[str, re.Pattern[str]] = {
    word: re.compile(
        "|".join(f"(?P<{c.name}>{c.pattern})" for c in CUES if word in CUE_STARTS[c.name])
    )
    for word in (*CUE_FIRST_WORDS, "(")
}

# A fast scan for the places where a cue can start: its first word, or "(".
CUE_TRIGGER = re.compile(word_trigger(CUE_FIRST_WORDS, extra=[r"\("]))
# The same with the first words of type words (patterns.TYPE_TRIGGER): the extractor finds
# type words and cues in one scan of the text.
TYPE_OR_CUE_TRIGGER = re.compile(
    word_trigger(sorted({*TYPE_FIRST_WORDS, *CUE_FIRST_WORDS}), extra=[r"\("])
)
