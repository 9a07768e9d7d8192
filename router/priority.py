"""Spot matters that cannot wait: danger to life now (urgent), and an essential service out (high).

A message is read clause by clause against the kinds of danger in
`router.dangers` (danger to life) and `router.outages` (essential services).
What a clause says only counts when it is a danger now. Figures of speech are
blanked out (气死了, 股票跳水, "this queue is killing me", "on fire with
discounts"); a clause is dropped when it is a joke ("lol"), a denial (没伤到人,
"nobody hurt"), hearsay or news (听说, "I read that"), or a question about
what one does in general ("what's the procedure if"). A what-if (如果, 万一,
"in case") drops the rest of its clause; a risk (隐患, "fire hazard") or a
drill (演练) its whole clause. A date or a past marker (去年, 2019年, "in
2019", "last month") puts its clause and those after it in the past until the
text comes back to now (现在, 刚才, "today"), and a clause saying a danger is
over takes the one before it along ("刚才停电，现在已经来电了").

Messages without punctuation are one long clause: spaces next to Chinese
characters and turns like 但是, "but" also end a clause. Only the opening of a
message is read: people in danger say so first, while a long letter about a
housing dispute mentions a past fight in passing; and a long letter that asks
for redress (赔偿, 立案, 鉴定, "compensation") tells of a danger already over.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from router.dangers import HIGH, NORMAL, ORDER, PERSON_EN, PERSON_ZH, URGENT, URGENT_KINDS, Danger, any_of
from router.outages import OUTAGES

__all__ = ["HIGH", "NORMAL", "ORDER", "URGENT", "Assessment", "assess", "current_text", "normalise"]

DANGERS: tuple[Danger, ...] = URGENT_KINDS + OUTAGES
_BY_KIND = {danger.kind: danger for danger in DANGERS}

# Blanked out wherever they stand: a danger word used as a figure of speech.
_FIGURATIVE = any_of(
    r"(?:气|笑|累|热|冷|冻|饿|困|烦|吓|忙|丑|美|难吃|难受|无聊|闷|馋|急|心疼)(?:得)?(?:要)?(?:想)?死(?:了|我了|人了|你了|啦)?|想死你",
    r"快(?:要)?活不下去|日子(?:都)?过不下去|(?:等|排队|累|饿|热|忙|气|困)得[^，。！？]{0,4}(?:快)?(?:晕|昏)(?:倒|过去)?(?:了)?",
    r"要命|要了命|要死要活|死机|死循环|死胡同|救命钱|救命稻草|跳楼价|跳楼甩卖|慢性自杀|的心都有了|心都有了|被.{0,6}绑架|绑架了?(?:消费者|业主|群众)",
    r"(?:股票|股市|股价|基金|房价|价格|物价|成绩|销量|收视率|人气|业绩|粉丝)[^，。！？]{0,4}(?:跳水|崩|暴跌|塌|腰斩)",
    r"困扰|困难|困惑|困境|贫困|困户|解困|纾困|犯困|火爆|爆单|爆款|爆满|爆料|爆表|打爆|气炸|炸锅|炸毛|人气火|很火|火了一把|上火|发火|恼火|火大",
    r"防走失|防拐|(?:防|消防|防火|防汛|防溺水|防触电|防中毒|防拐|反诈|防诈)(?:安全)?(?:教育|宣传|知识|演练|演习|培训|意识|设施|通道|检查|器材|栓)",
    r"\bdying (?:to|of (?:boredom|laughter|embarrassment))\b|\bkilling me\b|\bdied laughing\b",
    r"\b(?:bored|scared|worried|freezing|starving) to death\b|\bkill for (?:a|some)\b",
    r"\bdrowning in (?:work|debt|paperwork|emails?|homework|bills|messages)\b",
    r"\b(?:stock|market|shares?|prices?|crypto|bitcoin)\b[^.!?]{0,20}\b(?:crash\w*|collaps\w*|plunge\w*|bloodbath)\b",
    r"\bon fire (?:with|lately|today|this (?:week|season|year))\b|\b(?:team|sales|deals?|discounts?|player)s? "
    r"(?:is |are )?on fire\b|\bfire sale\b|\bexplod\w* with (?:foam|laughter|joy|messages|calls|complaints)\b",
    r"\b(?:battery|phone|laptop|mobile|car battery|torch)\b[^.!?]{0,12}\b(?:died|is dead|dead|went dead)\b",
    r"\b(?:toxic (?:workplace|relationship|boss|culture|people|comments?|manager))\b|\blost my mind\b",
)
# The whole clause is not a danger now.
_NOT_NOW = any_of(
    r"隐患|风险|安全检查|演练|演习|宣传|培训|讲座|课程|常识|科普|知识|应急预案|通知在哪|怎么处理|如何处理|流程|手续",
    r"听说|据说|新闻|报道|网上看到|视频里|电视上|电视剧|小说|电影|游戏里|梦见|梦到|做梦|哈哈|笑哭|😂|🤣",
    r"(?:没有|没|并没有|并没|不是|并非|并不是|无)(?:人)?(?:员)?(?:受伤|着火|起火|危险|事|伤亡|大碍)|没伤(?:到|着)人|人(?:都|也)?(?:没事|平安|安全|没受伤)",
    r"不是[^，。！？]{0,3}(?:着火|起火|火灾|失火|打架|打人|中毒|漏气)|没有?(?:人员)?伤亡",
    r"\bhazard\b|\brisk\b|\bdrill\b|\bexercise\b|\btraining\b|\bawareness\b|\bleaflet\b|\bposter\b",
    r"\b(?:lol|lmao|rofl|haha\w*|jk|just kidding)\b|\b(?:in|on) the news\b|\bi (?:heard|read) (?:that|about)\b|"
    r"\bmovie\b",
    r"\bnobody (?:was |is |got )?(?:hurt|injured)\b|\bno(?: ?one| body) (?:was |is |got )?(?:hurt|injured|inside)\b",
    r"\bno injuries\b|\beveryone (?:is |got )?(?:ok|okay|safe|fine|out)\b|\bnot (?:a )?fire\b",
    r"每天|天天|每晚|每次|常年|经常|长期|多年|总是|老是|屡次|多次|反复|频繁|时常|动不动|三天两头",
    r"\bkeeps?\b|\bevery (?:day|night|evening|week|morning|time)\b|\balways\b|\boften\b|\bconstantly\b|\bregularly\b",
    r"\bwhat(?:'s| is| are) the (?:procedure|process|protocol|rules?|number)\b|\bwhat (?:should|do|can) (?:i|we|one|"
    r"you) do\b",
    r"\bhow (?:do|should|can|to) (?:i |we |you |one )?(?:report|prevent|avoid|recogni[sz]e|deal with|handle)\b",
)
# The rest of the clause is a what-if or a worry.
_WHAT_IF = any_of(
    r"想问|请问|咨询|有没有|一旦|万一|如果|假如|要是|若是|若有|否则|以免|以防|防止|避免|预防|担心|害怕|怕是?|会不会|容易|可能会|迟早|早晚会|建议|希望|提醒",
    r"\bif (?!you |u |possible|any ?one can)|\bin case\b|\b(?:could|might|would)\b(?! (?:you|u|someone|anyone|"
    r"somebody)\b)",
    r"\bworried\b|\bafraid\b|\bprevent\w*\b|\bbefore (?:someone|somebody|a child|anyone)\b|\bwaiting to happen\b",
)
_PAST = any_of(
    r"上次|上回|上周|上星期|上个月|上月|去年|前年|当年|那年|以前|之前|曾经|那次|当时|那天|前几天|几天前|年前|月前|多年前|小时候",
    r"(?:19|20)\d\d年|\d{1,2}月\d{1,2}[日号]|\d{1,2}[日号](?:晚|早|上午|下午|中午|凌晨)|[一二三四五六七八九十]+月[一二三四五六七八九十]+[日号]",
    r"\b(?:in|back in|since) (?:19|20)\d\d\b|\b(?<!since )last (?:week|month|year|summer|winter|spring|autumn)\b",
    r"\b(?:years|months|weeks) ago\b|\bused to\b|\bonce (?:had|was)\b|\bremember when\b|\bwhen i was\b",
)
_SINCE = any_of(
    r"开始|以来|到现在|起就|一直",
    r"\bsince\b|\bfor (?:\d+|two|three|four|five|several|a few) (?:days|hours|weeks)\b",
)
_NOW = any_of(
    r"现在|目前|此刻|刚才|刚刚|刚|正在|今天|今晚|今早|今天早上|马上|快来|救命|赶紧|眼下|这会儿?|此时",
    r"还在|又|再次|仍在|\bstill\b|\bagain\b",
    r"\bnow\b|\bright now\b|\bcurrently\b|\bjust\b|\btoday\b|\btonight\b|\bthis (?:morning|evening|afternoon)\b",
    r"\bhelp\b|\basap\b|\bhurry\b|\bplease come\b",
)
_OVER = any_of(
    r"(?:已经|已|现在|目前)[^，。！？没不未还]{0,4}(?:修好|解决|处理好|来电|来水|恢复|灭了|扑灭|救出|救上来|找到|送医|没事|通了|醒了|出院)",
    r"脱离(?:了)?(?:生命)?危险|平安(?:回家|回来|找到)|已经(?:回家|回来)了",
    r"\b(?:back now|it'?s back|came back|was found|has been found|been found|fixed now|is fixed|was fixed|restored|"
    r"out of danger|(?<!never )(?<!not )came home|is home now|is safe now|fire (?:went|is) out|put out|turned up)\b",
)
# A long letter asking for redress tells of a danger already over.
_REDRESS = any_of(
    r"赔偿|索赔|补偿|立案|报案|鉴定|判决|法院|起诉|上访|信访|追责|问责|维权|逍遥法外|不作为|推诿|至今没有|至今未|迟迟|一直没有(?:处理|解决|回复)",
    r"\bcompensation\b|\blawsuit\b|\bcourt\b|\bappeal\b|\bfiled a (?:complaint|report)\b|\bno (?:reply|"
    r"response) from\b",
)
# A message that opens by asking about a procedure, with nothing said to be happening now, is a question.
_CONSULTATION = any_of(
    r"^(?:您好|你好)?[，,\s]*(?:咨询|想问|想了解|请教|问一下|打听)",
    r"^(?:hi|hello)?[, ]*(?:just wondering|i (?:want|would like|wanted) to (?:ask|know)|quick question|"
    r"question about|general question)",
)
# A clause about an animal, with no person in it, is for a vet or the pet's owner, not for 120.
_PET = any_of(r"猫|狗|宠物|鹦鹉|兔子|仓鼠|\b(?:cat|cats|dog|dogs|puppy|kitten|pet|parrot|hamster|rabbit)\b")
_HUMAN = any_of(
    PERSON_ZH.replace("人|", "有人|男人|女人|老人|病人|家人|", 1), rf"\b(?:{PERSON_EN}|he|she|i|we|me|us)\b"
)
OPENING = 240  # characters of a message read for danger (a subject and the first sentences)
LETTER = 200  # a message longer than this that asks for redress is a letter about the past
_CLAUSE = re.compile(
    r"[，。！？；：,.!?;:\n]+|(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])"
    r"|(?=但是|可是|不过|结果|后来|\bbut\b|\bthough\b)"
)
_WHAT_IF_SPAN = 40  # characters after a what-if that it covers


@dataclass(frozen=True)
class Assessment:
    """How urgent a message is, which kinds of danger said so, and who to call (police, fire, ambulance)."""

    level: str
    reasons: tuple[str, ...]
    services: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Fold full-width characters, case, curly quotes and runs of spaces: "ＦＩＲＥ！" and "fire!" read alike."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[ \t\u3000]+", " ", text).lower()


def assess(text: str, second_opinion: bool = True) -> Assessment:
    """Return the highest level any kind of danger gives the text (normal when none does).

    The lexicon decides first; where it finds nothing urgent, the model trained on the hotline's written
    examples (`router.model.urgency`) may raise the level when it is sure (`second_opinion=False`: the
    lexicon alone, as the development set measures it).
    """
    current = current_text(text)
    found = [d for d in DANGERS if d.reported_in(current)] if current else []
    if second_opinion and current and not any(d.level == URGENT for d in found):
        from router.model import urgency  # imported when first needed: it trains on first use

        opinion = urgency.model().opinion(current) if len(text.strip()) <= urgency.SHORT else None
        danger = _BY_KIND.get(opinion.kind) if opinion else None
        if opinion and danger is not None and danger not in found:
            found.insert(0, danger)
    if not found:
        return Assessment(NORMAL, ())
    level = min((d.level for d in found), key=ORDER.__getitem__)
    top = [d for d in found if d.level == level]
    services = tuple(dict.fromkeys(d.service for d in top if d.service is not None))
    return Assessment(level, tuple(d.kind for d in found), services)


def current_text(text: str) -> str:
    """Return what the opening of a message says is happening now: its clauses, filtered and joined."""
    folded = normalise(text[: 3 * OPENING])  # enough to tell a letter asking for redress
    if len(folded) > LETTER and _REDRESS.search(folded):
        return ""
    opening = folded[:OPENING]
    if _CONSULTATION.search(opening) and not _NOW.search(opening):
        return ""
    clauses = _clauses(opening)
    kept = _drop_past(clauses)
    # Clauses that stood side by side stay joined by a comma; a dropped one leaves a full stop, so that no
    # pattern reaches across it.
    parts = [
        _now_part(c) + ("，" if index + 1 < len(kept) and kept[index + 1] else "。")
        for index, c in enumerate(clauses)
        if kept[index]
    ]
    return "".join(parts)


def _drop_past(clauses: list[str]) -> list[bool]:
    """Tell which clauses are not told in the past nor over, nor undone by the clause after them."""
    keep = [True] * len(clauses)
    in_past = False
    for index, clause in enumerate(clauses):
        if _PAST.search(clause) and not _SINCE.search(clause):
            in_past = True
        elif _NOW.search(clause) or _SINCE.search(clause):
            in_past = False
        if in_past or _NOT_NOW.search(clause) or (_PET.search(clause) and not _HUMAN.search(clause)):
            keep[index] = False
        elif _OVER.search(clause):
            keep[index] = False
            if index:
                keep[index - 1] = False
    return keep


def _now_part(clause: str) -> str:
    """Blank out figures of speech and what a what-if covers."""
    clause = _FIGURATIVE.sub(" ", clause)
    match = _WHAT_IF.first(clause)
    if match:
        clause = clause[: match.start()] + "。" + clause[match.end() + _WHAT_IF_SPAN :]
    return clause


def _clauses(text: str) -> list[str]:
    parts = [part.strip() for part in _CLAUSE.split(text) if part.strip()]
    return parts or [text]
