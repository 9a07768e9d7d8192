"""What kind of matter a message is: a consultation, a request for help, a complaint, a report, a suggestion or
praise (咨询、求助、投诉、举报、建议、表扬) — the statutory time limits differ by kind.

Cues in Chinese and English, each weighted; the kind with the most weight wins,
and a tie goes to the kind the hotline must treat most carefully (a report of
wrongdoing before a complaint, a complaint before a question). A message with
no cue at all is a complaint when it describes a problem, else a consultation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CONSULTATION = "consultation"
HELP_REQUEST = "help_request"
COMPLAINT = "complaint"
REPORT = "report"
SUGGESTION = "suggestion"
PRAISE = "praise"
KINDS = (CONSULTATION, HELP_REQUEST, COMPLAINT, REPORT, SUGGESTION, PRAISE)
# When two kinds weigh the same: the one whose mishandling costs most comes first.
_TIE_ORDER = (REPORT, HELP_REQUEST, COMPLAINT, SUGGESTION, CONSULTATION, PRAISE)


def _cues(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# (kind, weight, cues): an explicit word for the kind ("举报", "建议") weighs most.
CUES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    (
        REPORT,
        3.0,
        _cues(
            r"举报|检举|揭发|实名反映",
            r"\breport(?:ing)? (?:an? |the |someone|illegal|a shop)|\bi'?d like to report\b|\bwant to report\b",
        ),
    ),
    (
        REPORT,
        1.5,
        _cues(
            r"违法|违规|违章|非法|无证|黑诊所|黑车|偷排|偷税|漏税|私自|私搭|乱搭|聚众赌博|赌博|传销|地沟油|贪污|受贿|行贿|"
            r"侵占|挪用|造假|假冒|倒卖|走私|虚开|滥用职权|不作为的干部|诈骗团伙|卖淫",
            r"\billegal\w*|\bunlicensed\b|\bfly-?tipping\b|\bdumping\b|\bbrib\w*|\bfraud\w*|\bcorrupt\w*|\bsmuggl\w*|"
            r"\bcounterfeit\b",
            r"\bselling alcohol to (?:children|minors)\b",
        ),
    ),
    (COMPLAINT, 3.0, _cues(r"投诉|控诉|维权", r"\bcomplain\w*|\bcomplaint\b")),
    (
        COMPLAINT,
        1.2,
        _cues(
            r"态度(?:太|很|极|非常)?差|服务差|乱收费|多收|拖欠|欠薪|不退|拒绝退|拒不|推诿|扯皮|刁难|绕路|拒载|不作为|不管|没人管|没人修|"
            r"没人清运|扰民|噪音|太吵|油烟|臭|脏|坏了|不亮|不按时|晚点|延期|跑路|质量问题|乱扣费|不到账|不合理|太贵|坑人|欺骗|强制|骚扰",
            r"\brude\b|\bovercharg\w*|\brefus\w* to\b|\bnever (?:comes|arrives|answers)\b|\blate\b|\bbroken\b|"
            r"\bnoisy\b|\bnoise\b|"
            r"\bdirty\b|\bterrible\b|\bawful\b|\bunacceptable\b|\bbilled me twice\b|\bnobody is working\b|"
            r"\bstill not fixed\b",
        ),
    ),
    (
        HELP_REQUEST,
        3.0,
        _cues(
            r"求助|求救|求帮助|求帮忙|请求帮助|救助|帮帮(?:我|忙)|求求(?:你们|您)",
            r"\bplease help\b|\bneed (?:your )?help\b|\bcan (?:someone|anyone|you) help\b",
        ),
    ),
    (
        HELP_REQUEST,
        1.5,
        _cues(
            r"困难|走投无路|没办法了|实在没办法|无依无靠|没钱(?:治|看病|吃饭|交|买)|交不起|断粮|生活不能自理|无人照顾|行动不便|流浪|回不了家|被困",
            r"\bcan'?t (?:pay|afford)\b|\bhomeless\b|\bstranded\b|\bno one to (?:care|look after)\b|\bneeds care\b|"
            r"\bstolen\b",
        ),
    ),
    (
        SUGGESTION,
        3.0,
        _cues(
            r"建议|提议|呼吁|意见和建议",
            r"\bsuggest\w*|\bproposal\b|\bit would be (?:great|good|nice|better)\b|\bplease consider\b",
        ),
    ),
    (
        SUGGESTION,
        1.2,
        _cues(
            r"希望(?:能|可以|政府|相关部门|社区|增加|多|尽快)?|能不能(?:在|多|增加|开通)|可不可以(?:在|多|增加)|可以考虑|应该(?:多|增加|设置|加强)|增设|"
            r"增加[^，。！？]{0,6}(?:班次|车位|桩|垃圾桶|护栏)",
            r"\bshould\b|\bcould you (?:add|put|install|extend)\b|\bwould like (?:more|a new)\b|"
            r"\bmore \w+ (?:lanes|buses|bins|trees)\b",
        ),
    ),
    (
        PRAISE,
        3.0,
        _cues(
            r"表扬|点赞|好评|锦旗|感谢信|致谢",
            r"\bpraise\b|\bwell done\b|\bgreat job\b|"
            r"\bthank(?:s| you)\b.{0,40}\b(?:helped|quick|fixed|wonderful|great)\b",
        ),
    ),
    (
        PRAISE,
        1.5,
        _cues(
            r"感谢|谢谢|多谢|辛苦了|为民办实事|热心|负责任的好",
            r"\bthank\w*|\bgrateful\b|\bwonderful\b|\bexcellent\b|\bappreciate\b",
        ),
    ),
    (
        CONSULTATION,
        2.0,
        _cues(
            r"咨询|请问|想问|想了解|问一下|问问",
            r"\bi'?d like (?:some )?information\b|\bquestion about\b|\benquir\w*|\binquir\w*",
        ),
    ),
    (
        CONSULTATION,
        1.0,
        _cues(
            r"怎么(?:办理|申请|办|弄|交|领|转|报名|换)|如何(?:办理|申请|办)|需要(?:哪些|什么)(?:材料|手续|证件)|在哪(?:里|儿)?(?:办|交|领|换|打)|多少钱|多久|流程|条件是什么|"
            r"是否|能否|[?？]$",
            r"^(?:how|what|where|when|which|who|can i|is there|do i|does)\b|\?$|\bhow (?:do|can|long)\b",
        ),
    ),
)
_STRONG_PRAISE = re.compile(r"表扬|点赞|好评|锦旗|感谢信|\bpraise\b|\bwell done\b|\bgreat job\b", re.IGNORECASE)
# Words that mean thanks is only politeness before a complaint ("谢谢" at the end of a complaint).
_PROBLEM = re.compile(
    r"坏|破|漏|堵|乱|脏|臭|吵|差|拖|欠|不|没|无|难|\bnot\b|\bno\b|n't\b|\bbroken\b|\bproblem\b", re.IGNORECASE
)


@dataclass(frozen=True)
class KindGuess:
    """The kind of matter, how sure (the winning share of the cue weight), and the cues that decided it."""

    kind: str
    confidence: float
    cues: tuple[str, ...]


def classify(text: str) -> KindGuess:
    """Return the kind of matter a message is."""
    lowered = unicodedata.normalize("NFKC", text).strip().lower()
    weights = dict.fromkeys(KINDS, 0.0)
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for kind, weight, pattern in CUES:
        for match in pattern.finditer(lowered):
            weights[kind] += weight
            found[kind].append(match.group(0))
    others = sum(weight for kind, weight in weights.items() if kind != PRAISE)
    if weights[PRAISE] and others and not _STRONG_PRAISE.search(lowered):
        weights[PRAISE] = 0.0  # "谢谢" after a complaint or a question is politeness
    total = sum(weights.values())
    if not total:
        kind = COMPLAINT if _PROBLEM.search(lowered) else CONSULTATION
        return KindGuess(kind, 0.0, ())
    best = max(KINDS, key=lambda kind: (weights[kind], -_TIE_ORDER.index(kind)))
    return KindGuess(best, round(weights[best] / total, 2), tuple(found[best]))
