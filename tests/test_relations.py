"""The relation vocabulary and its cue table (graph/relations.py)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.normalize import match_form
from graph.relations import (
    CUE_FIRST_WORDS,
    CUE_RE,
    CUE_RE_BY_WORD,
    CUE_STARTS,
    CUE_TRIGGER,
    CUES,
    CUES_BY_NAME,
    ELI,
    RELATION_INFO,
    Cue,
    CueScope,
    Relation,
    passive_relation,
    sort_relations,
)

EXPECTED_IDS = [
    "based-on",
    "implements",
    "transmits",
    "in-accordance-with",
    "institutionalizes",
    "details",
    "amends",
    "replaces",
    "repeals",
    "terminates",
    "suspends",
    "corrects",
    "consolidates",
    "interprets",
    "annex-of",
    "considers",
    "cites",
]


def test_vocabulary_is_closed_and_complete() -> None:
    assert [r.value for r in Relation] == EXPECTED_IDS
    assert set(RELATION_INFO) == set(Relation)
    with pytest.raises(ValueError):
        Relation("amend")


@pytest.mark.parametrize(
    ("relation", "label_vi", "inverse_vi"),
    [
        (Relation.BASED_ON, "căn cứ", "được căn cứ"),
        (Relation.IMPLEMENTS, "thực hiện", "được thực hiện"),
        (Relation.AMENDS, "sửa đổi, bổ sung", "bị sửa đổi, bổ sung"),
        (Relation.REPLACES, "thay thế", "bị thay thế"),
        (Relation.REPEALS, "bãi bỏ", "bị bãi bỏ"),
        (Relation.CORRECTS, "đính chính", "bị đính chính"),
        (Relation.CONSOLIDATES, "hợp nhất", "được hợp nhất"),
        (Relation.CITES, "dẫn chiếu", "được dẫn chiếu"),
    ],
)
def test_labels(relation: Relation, label_vi: str, inverse_vi: str) -> None:
    assert relation.label_vi == label_vi
    assert relation.inverse_vi == inverse_vi
    assert relation.label_en and relation.inverse_en


@pytest.mark.parametrize(
    ("relation", "eli_local", "exact"),
    [
        (Relation.BASED_ON, "based_on", False),
        (Relation.AMENDS, "amends", True),
        (Relation.REPLACES, "repeals", False),
        (Relation.REPEALS, "repeals", True),
        (Relation.TERMINATES, "changes", False),
        (Relation.SUSPENDS, "changes", False),
        (Relation.CORRECTS, "corrects", True),
        (Relation.CONSOLIDATES, "consolidates", True),
        (Relation.ANNEX_OF, "is_annex_of", True),
        (Relation.CITES, "cites", True),
        (Relation.IMPLEMENTS, "cites", False),
        (Relation.IN_ACCORDANCE_WITH, "cites", False),
    ],
)
def test_eli_alignment(relation: Relation, eli_local: str, exact: bool) -> None:
    """DOMAIN.md §3: "⊑ eli:x" is a sub-property, "eli:x" is the property itself."""
    assert relation.eli == ELI + eli_local
    assert relation.eli_exact is exact


def test_every_relation_is_aligned_with_eli() -> None:
    for relation in Relation:
        assert relation.eli.startswith(ELI)


def test_sort_relations_drops_cites_next_to_a_specific_relation() -> None:
    assert sort_relations({Relation.CITES, Relation.IMPLEMENTS, Relation.TRANSMITS}) == (
        Relation.IMPLEMENTS,
        Relation.TRANSMITS,
    )
    assert sort_relations({Relation.CITES}) == (Relation.CITES,)


# Each cue: a phrase as written, the cue that must match at its start, and its relations.
CUE_TABLE = [
    ("Căn cứ Luật", "can_cu", (Relation.BASED_ON,)),
    ("Xét Tờ trình số", "xet", (Relation.CONSIDERS,)),
    ("Theo đề nghị của", "de_nghi", (Relation.CONSIDERS,)),
    ("thể chế hóa chủ trương", "the_che_hoa", (Relation.INSTITUTIONALIZES,)),
    ("thể chế hoá", "the_che_hoa", (Relation.INSTITUTIONALIZES,)),  # old tone placement
    ("quán triệt", "quan_triet", (Relation.INSTITUTIONALIZES,)),
    ("(gửi kèm theo)", "gui_kem", (Relation.TRANSMITS,)),
    ("hết hiệu lực", "het_hieu_luc", (Relation.TERMINATES,)),
    ("sao gửi", "sao_gui", (Relation.TRANSMITS,)),
    ("tiếp tục thực hiện", "tiep_tuc_thuc_hien", (Relation.IMPLEMENTS,)),
    ("gắn với việc thực hiện", "gan_voi_thuc_hien", (Relation.IMPLEMENTS,)),
    ("Thực hiện", "thuc_hien", (Relation.IMPLEMENTS,)),
    ("tổ chức triển khai, thực hiện có hiệu quả", "thuc_hien", (Relation.IMPLEMENTS,)),
    ("quy định chi tiết", "quy_dinh_chi_tiet", (Relation.DETAILS,)),
    ("hướng dẫn thi hành", "huong_dan", (Relation.DETAILS,)),
    ("theo hướng dẫn tại", "theo_huong_dan", (Relation.IN_ACCORDANCE_WITH,)),
    ("sửa đổi, bổ sung", "sua_doi_bo_sung", (Relation.AMENDS,)),
    ("sửa đổi", "sua_doi", (Relation.AMENDS,)),
    ("thay thế", "thay_the", (Relation.REPLACES,)),
    ("bãi bỏ", "bai_bo", (Relation.REPEALS,)),
    ("tạm ngưng hiệu lực", "dinh_chi", (Relation.SUSPENDS,)),
    ("đình chỉ thi hành", "dinh_chi", (Relation.SUSPENDS,)),
    ("đính chính", "dinh_chinh", (Relation.CORRECTS,)),
    ("giải thích", "giai_thich", (Relation.INTERPRETS,)),
    ("ban hành kèm theo", "kem_theo", (Relation.ANNEX_OF,)),
    ("theo tinh thần", "theo", (Relation.IN_ACCORDANCE_WITH,)),
    ("theo", "theo", (Relation.IN_ACCORDANCE_WITH,)),
    ("phù hợp với", "phu_hop", (Relation.IN_ACCORDANCE_WITH,)),
    ("đã được sửa đổi, bổ sung bởi", "passive", (Relation.AMENDS,)),
    ("được sửa đổi, bổ sung bởi:", "passive", (Relation.AMENDS,)),
]


@pytest.mark.parametrize(("phrase", "name", "relations"), CUE_TABLE)
def test_cue_table(phrase: str, name: str, relations: tuple[Relation, ...]) -> None:
    low = match_form(phrase)
    assert CUE_TRIGGER.match(low), "every cue starts with a trigger word"
    m = CUE_RE.match(low)
    assert m is not None and m.lastgroup == name
    assert CUES_BY_NAME[name].relations == relations


@pytest.mark.parametrize(
    "phrase",
    ["căn cứ vào tình hình thực tiễn", "căn cứ vào thực tế", "theo dõi", "kèm theo"],
)
def test_false_cues(phrase: str) -> None:
    """ "căn cứ vào tình hình thực tiễn" is no basis; "theo dõi" is not "theo"."""
    m = CUE_RE.match(match_form(phrase))
    assert m is None or m.lastgroup not in {"can_cu", "theo"}


def test_every_cue_has_a_trigger_word() -> None:
    firsts = set(CUE_FIRST_WORDS)
    for cue in CUES:
        body = cue.pattern.replace("(?<![\\w])", "")
        assert any(word in body[:40] for word in firsts) or body.startswith("\\("), cue.name


def _literal_starts(pattern: str) -> set[str]:
    """The literal text a regex can start with, up to its first non-literal item
    (white space in a cue is ``\\s+``, so that is the first word). Zero-width items
    are skipped; optional items and alternatives branch."""
    from re import _constants as C
    from re import _parser

    found: set[str] = set()

    def walk(items: list[tuple[Any, Any]], prefix: str) -> None:
        if not items:
            found.add(prefix)
            return
        (op, av), rest = items[0], items[1:]
        if op is C.LITERAL:
            walk(rest, prefix + chr(av))
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            walk(rest, prefix)
        elif op is C.SUBPATTERN:
            walk(list(av[3].data) + rest, prefix)
        elif op is C.BRANCH:
            for alt in av[1]:
                walk(list(alt.data) + rest, prefix)
        elif op is C.MAX_REPEAT and av[0] == 0 and av[1] == 1:
            walk(list(av[2].data) + rest, prefix)
            walk(rest, prefix)
        else:
            found.add(prefix)

    walk(list(_parser.parse(pattern).data), "")
    return found


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.name)
def test_cue_starts_table(cue: Cue) -> None:
    """CUE_STARTS lists exactly the words each cue pattern can start with."""
    assert _literal_starts(cue.pattern) == set(CUE_STARTS[cue.name])


def test_cue_dispatch_by_first_word() -> None:
    """Trying only the cues of the trigger's first word gives CUE_RE's match, on every
    trigger of a text full of cue words."""
    text = match_form(
        " ".join(phrase for phrase, _, _ in CUE_TABLE)
        + " theo dõi căn cứ vào tình hình, được hợp nhất từ (kèm theo) tạm đình chỉ việc thi hành"
        + " ngưng hiệu lực, hủy bỏ, tổ chức thực hiện, gửi kèm theo, bổ sung một số điều"
    )
    tried = 0
    for trigger in CUE_TRIGGER.finditer(text):
        whole = CUE_RE.match(text, trigger.start())
        part = CUE_RE_BY_WORD[trigger.group()].match(text, trigger.start())
        assert (whole and (whole.lastgroup, whole.span())) == (part and (part.lastgroup, part.span()))
        tried += whole is not None
    assert tried > 30


def test_scopes() -> None:
    assert CUES_BY_NAME["can_cu"].scope is CueScope.PREAMBLE
    assert CUES_BY_NAME["gui_kem"].scope is CueScope.TRAILING
    assert CUES_BY_NAME["passive"].scope is CueScope.PASSIVE
    assert CUES_BY_NAME["the_che_hoa"].scope is CueScope.FRAME
    assert CUES_BY_NAME["tiep_tuc_thuc_hien"].continuation


@pytest.mark.parametrize(
    ("verb", "relation"),
    [
        ("sửa đổi, bổ sung", Relation.AMENDS),
        ("thay thế", Relation.REPLACES),
        ("bãi bỏ", Relation.REPEALS),
        ("hướng dẫn", Relation.DETAILS),
        ("đính chính", Relation.CORRECTS),
    ],
)
def test_passive_relation(verb: str, relation: Relation) -> None:
    assert passive_relation(verb)[0] is relation
