"""The kinds of danger to life a message can report, each as the ways people write it in Chinese and English.

A lexicon, not a model: an emergency must be recognised however few like it the
hotline has seen. Each `Danger` names its kind, its level (urgent: danger to
life now; high: an essential service out, in `router.outages`), who answers it
(police, fire, ambulance: the numbers are settings), the phrasings that report
it, and the look-alikes that must not ("轮胎漏气", "fire the manager", a lost
cat). `router.priority` reads a message against these, clause by clause.

People describe what they see, not a diagnosis: 口吐白沫 and "won't wake up"
rather than "a seizure", 水漫到腰 rather than "a flood", a person word near a
danger verb (老人…掉进井里, "my son…ran out the school gate"). So each kind has
families of phrasing — symptoms, situations, a person with a verb — and the
spellings people type in a hurry (cant, pls, 俺, 咋整), not single sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.config import EMERGENCY_SERVICES

URGENT = "urgent"  # danger to life or safety now
HIGH = "high"  # an essential service is out
NORMAL = "normal"
ORDER = {URGENT: 0, HIGH: 1, NORMAL: 2}

POLICE, FIRE, AMBULANCE = EMERGENCY_SERVICES  # their numbers are a setting: EMERGENCY_NUMBERS


@dataclass(frozen=True)
class Danger:
    """A kind of danger: its level, who answers it, how it is written, and what only looks like it."""

    kind: str
    level: str
    service: str | None
    pattern: Phrases
    not_when: Phrases | None = None

    def reported_in(self, text: str) -> bool:
        """Tell whether the text reports this danger somewhere its look-alikes do not explain."""
        masked = self.not_when.sub(" ", text) if self.not_when else text
        return self.pattern.search(masked)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


class Phrases:
    """Alternative phrasings, the Chinese ones and the others compiled apart: most messages need only one of them."""

    def __init__(self, alternatives: tuple[str, ...]) -> None:
        chinese = [a for a in alternatives if _CJK.search(a)]
        other = [a for a in alternatives if _LATIN.search(re.sub(r"\\[a-zA-Z]", "", a)) or not _CJK.search(a)]
        self.chinese = _compile(chinese)
        self.other = _compile(other)

    def search(self, text: str) -> bool:
        """Tell whether any phrasing occurs in the text."""
        if self.chinese and _CJK.search(text) and self.chinese.search(text):
            return True
        return bool(self.other and _LATIN.search(text) and self.other.search(text))

    def first(self, text: str) -> re.Match[str] | None:
        """Return the earliest phrasing in the text, if any."""
        found = [m for p in (self.chinese, self.other) if p and (m := p.search(text))]
        return min(found, key=lambda m: m.start(), default=None)

    def sub(self, replacement: str, text: str) -> str:
        """Replace every phrasing in the text."""
        for pattern, script in ((self.chinese, _CJK), (self.other, _LATIN)):
            if pattern and script.search(text):
                text = pattern.sub(replacement, text)
        return text


def _compile(alternatives: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE) if alternatives else None


def any_of(*alternatives: str) -> Phrases:
    """Gather alternative phrasings, matched case-insensitively."""
    return Phrases(alternatives)


PERSON_ZH = (
    r"人|孩子|小孩|儿童|娃|宝宝|婴儿|学生|老人|老头|老太|老爷子|老太太|老奶奶|老大爷|大爷|大妈|阿姨|大姐|大哥|"
    r"男的|女的|小伙|姑娘|工人|孕妇|病人|乘客|司机|行人|路人|邻居|同事|朋友|家人|一家|保姆|舅|叔|姨|婶|"
    r"爸|妈|父亲|母亲|爷爷|奶奶|姥姥|姥爷|外婆|外公|儿子|女儿|弟弟|妹妹|哥哥|姐姐|老公|老婆|丈夫|妻子|媳妇|"
    r"孙子|孙女|外孙|侄子|侄女|闺女|小伙子|老汉|老伯|婆婆|公公|[一二三四五六七八九十两\d]+岁|俺娘|俺爹|表弟|表妹|堂弟"
)
PERSON_EN = (
    r"someone|somebody|some1|people|ppl|person|man|woman|men|women|guy|lady|child|children|kid|kids|baby|boy|girl|"
    r"student|worker|workers|pedestrian|cyclist|driver|passenger|family|neighbou?r|elderly|old (?:man|woman|lady)|"
    r"teen|teenager|teenage \w+|toddler|yr old|year old|yrs old|years old|grandson|granddaughter|nephew|niece|cousin|"
    r"uncle|aunt|auntie|maid|helper|carer|patient|coworker|colleague|friend|flatmate|roommate|"
    r"father|mother|dad|mum|mom|son|daughter|brother|sister|grandfather|grandmother|grandpa|grandma|grand?dad|"
    r"granny|nan|husband|wife|bf|gf|boyfriend|girlfriend"
)
_PERSON = rf"(?:{PERSON_ZH})"
_WHO = rf"\b(?:{PERSON_EN}|he|she|they|him|her)\b"

_SUICIDE = Danger(
    "suicide",
    URGENT,
    POLICE,
    any_of(
        r"跳楼|要跳|想跳|跳下去|跳下来|跳河|跳江|跳湖|跳桥|跳海|轻生|自杀|自尽|寻短见|寻死|不想活|活不下去|活着没意思|活够了",
        r"结束(?:自己的)?生命|割腕|上吊|服毒|遗书|遗言|(?:我|他|她)?想死|(?:要|想|说要|就)去死|不活了|撑不下去|往下跳|了结自己|一死了之",
        r"不想(?:再)?活(?:下去|了)|活着(?:太累|没意思|没劲)|(?:说|要|想)(?:要)?喝药|挂了?(?:根)?绳子|(?:东西|财产)都送人|想不开|走绝路|一了百了",
        r"死了算了|不如死了|交代后事|后事都|跟大家告别|告别了|永别|这辈子就这样|下辈子再|照顾好(?:我|他|她)?(?:妈|爸|孩子|家人|自己)",
        r"(?:药|绳子?|刀|炭|农药|安眠药)[^，。！？]{0,4}(?:都|已经)?(?:准备好|买好|备好|攒够)|(?:准备|买|备)好了?[^，。！？]{0,3}(?:炭|药|绳|农药|安眠药)",
        r"活着[^，。！？]{0,4}累赘|别找我了?|不要找我|(?:阳台|窗户|窗台|楼顶|天台|栏杆|护栏)(?:外面|外边|边缘|外)|骑在[^，。！？]{0,4}(?:栏杆|护栏|窗台)|卧轨",
        r"(?:从|往)[^，。！？]{0,6}(?:楼上|楼顶|窗户|阳台|桥上|天台)[^，。！？]{0,2}(?:跳|下去)",
        r"(?:吞|吃|喝|服)了?(?:一|半|整|大半)?(?:瓶|盒|板|把)[^，。！？]{0,6}(?:药|片|褪黑素|安定|安眠|农药)",
        r"(?:吞|吃|服)了?(?:一把|一大把|好多|很多|一堆|半瓶|一瓶|整瓶|大半瓶|一整瓶|几十片|一板|\d+片)[^，。！？]{0,4}(?:药|片|安定|安眠)",
        r"(?:楼顶|天台|窗台|阳台|桥上|栏杆|窗户|江边|河边|湖边|海边|铁轨|桥边)[^。！？]{0,10}"
        r"(?:悬在外面|坐在边上|站在边上|翻出去|翻过|不下来|要跳|想跳|往下看|徘徊|哭|站着)|腿[^，。！？]{0,3}悬在外面",
        r"(?:吃|服|吞)了?.{0,6}(?:安眠药|整瓶|一瓶药|好多药)|喝了?.{0,3}(?:农药|敌敌畏|百草枯|毒药|老鼠药)",
        r"\bkill(?:ing)? (?:him|her|my|them|your)sel(?:f|ves)\b|\bsuicid\w*|\bkms\b|\bunalive\b",
        r"\bend (?:it all|my life|his life|her life|it tonight|it now|it today)\b|\bgoing to end it\b|"
        r"\bending (?:my|his|her) life\b",
        r"\b(?:don'?t|do not|doesn'?t) want to (?:live|be alive|be here)\b|\bno reason to live\b|"
        r"\bbetter off (?:dead|without me)\b",
        r"\b(?:threaten\w*|going|wants?|about|trying) to jump\b|\bjump (?:off|from|in front of)\b",
        r"\boverdos\w*|\b(?:swallowed|taken|took|taking)\b[^.!?]{0,30}\b(?:pills|tablets|antidepressants|"
        r"sleeping pills)\b",
        r"\bcut(?:ting)? (?:him|her|my)self\b|\bself[- ]harm\w*|\bhang(?:ed|ing)? (?:him|her|my)self\b|"
        r"\bsuicide note\b",
        r"\b(?:outside|over) (?:of )?the (?:bridge )?(?:railing|parapet|barrier)\b|\bon the (?:roof |"
        r"bridge )?(?:edge|ledge)\b",
        r"\btake (?:his|her|my|their) own li(?:fe|ves)\b|\bwants? to die\b|\bwanna die\b|\b(?:wants?|wanna|going|"
        r"gonna)\w* to end it\b",
        r"\b(?:he|she|they|i)(?:'ll| will| is gonna| is going to| wants to) jump\b|\b(?:railway|train) tracks?\b",
        r"\bon the (?:car park |multi-storey |building )?roof\b.{0,40}\b(?:goodbye|jump\w*|edge)\b",
        r"\b(?:saying|said|texted|sent) (?:me |us |everyone )?(?:a )?goodbye\b|\bgoodbye (?:message|note|letter|"
        r"text)\b",
        r"\bclimbing (?:over|onto) the (?:balcony|railing|parapet|ledge|bridge)\b|\bpills in (?:my|his|her) hand\b",
        r"\bcan'?t (?:go on|do this any ?more|take (?:it|this) any ?more)\b|\bgot the (?:rope|pills|knife)\b|"
        r"\brope (?:is )?ready\b",
        r"\b(?:drive|walk|jump)\w* (?:the car )?(?:into|in) (?:the )?(?:river|sea|lake|traffic|canal)\b",
    ),
    any_of(r"(?:要|想)?跳(?:广场)?舞|跳绳|跳槽|跳远|跳高|跳水(?:运动|比赛|队)|蹦跳|跳跳|告别(?:仪式|演出|会)"),
)

_DROWNING = Danger(
    "drowning",
    URGENT,
    FIRE,
    any_of(
        r"往下沉|沉底|人没了|只看见[^，。！？]{0,4}(?:鞋|衣服)[^，。！？]{0,2}漂|(?:掉|落|跌|滑)(?:进|入|到)?了?[^，。！？]{0,3}(?:化粪池|粪池|粪坑)|冲没了|冲跑了|"
        r"卷走|溺水|落水|溺亡|淹死|被水冲走|被.{0,6}(?:冲走|卷走)|沉下去|没浮上来|没(?:再)?上来|漂着一个人|浮着一个人|没冒头",
        r"翻船|船翻了?|(?:船|渡船|游船|皮划艇)[^，。！？]{0,4}(?:翻|沉)|掉水里|掉进水|冰面[^，。！？]{0,4}(?:裂|塌|掉)|冰窟窿",
        r"(?:河|江|湖|海|水库|池塘|水塘|鱼塘|水里|水中)[^，。！？]{0,6}(?:扑腾|喊救命|呼救|冲下来|漂着|漂过来|挣扎)",
        r"(?:水塘|池塘|河边|江边|湖边|水库边|塘边|井边|海边)[^。！？]{0,10}(?:滑下去|掉下去|滑进去|掉进去|栽下去)",
        r"(?:掉|落|摔|滑|栽|跌|冲|开|翻)(?:进|到|入|下|落)?了?(?:去)?[^，。！？]{0,3}"
        r"(?:河|江|湖|海|水库|池塘|鱼塘|水塘|水里|水中|水沟|排水沟|渠|游泳池|泳池)",
        r"(?:游泳|下水|玩水|戏水|洗澡|捞鱼|钓鱼)[^。！？]{0,12}(?:不见了|没上来|没影了|找不到了|冲走)",
        r"\bdrown\w*|\bwent under\b|\bswept away\b|\bin the water\b[^.!?]{0,30}\b(?:shout|scream|call|help|struggl|"
        r"can'?t)",
        r"\b(?:slipped|fell|fallen|fall|tumbled|jumped|got pulled|swept) (?:in|into|off)\b[^.!?]{0,20}"
        r"\b(?:river|lake|water|reservoir|canal|sea|pond|pool|drain|creek|stream|harbou?r|pier|jetty|quay|dock)\b",
        r"\b(?:rip|riptide|undertow|overboard)\b|\bswept (?:out|away|off)\b|\binto the (?:water|river|sea|lake|"
        r"canal|harbou?r)\b",
        r"\b(?:pulled|dragged|taken|carried) (?:away |off |out |under )?by the (?:current|tide|waves|water|river)\b",
        r"\b(?:current|river|water|sea|waves|drain|canal)\b[^.!?]{0,40}\b(?:can'?t|cannot) see (?:him|her|them)\b",
        r"\bcarried (?:away|downstream|off by the (?:water|current))\b|\bcapsiz\w*|\boverturned boat\b|"
        r"\bfell through the ice\b",
        r"\bpulled (?:out|under|away) by the (?:current|tide|waves)\b|\bstruggling in the (?:water|river|sea|lake|"
        r"canal|harbou?r|pool|pond|waves|current|surf|reservoir)\b",
        r"\b(?:boat|canoe|kayak|ferry)\b[^.!?]{0,12}\bflipped\b|\bmissing in the water\b",
        r"\b(?:gone|went|drove|plunged) into (?:the |a )?(?:river|lake|water|canal|sea|reservoir)\b",
        r"\b(?:hasn'?t|has not|not|isn'?t|didn'?t|never) (?:come|coming|came|surfaced) (?:back )?(?:up|out)\b|"
        r"\bcan'?t see (?:him|her|them) (?:any ?more|already)\b",
    ),
    any_of(
        r"(?:手机|钥匙|钱包|东西|垃圾|包|球|鞋)[^，。！？]{0,4}(?:掉|落)(?:进|到|入)?(?:了)?",
        r"\bphone\b[^.!?]{0,12}\b(?:fell|dropped)\b",
    ),
)

_GAS_LEAK = Danger(
    "gas_leak",
    URGENT,
    FIRE,
    any_of(
        r"(?:燃气|煤气|天然气|液化气|沼气|气罐|气瓶|煤气罐|液化气罐|钢瓶)[^，。！？]{0,8}(?:泄漏|泄露|漏|外泄|味|嘶嘶|呲呲|冒气|破|裂|断)",
        r"(?:闻到|有|一股|很浓的?|全是|都是|好大|好浓|好重|很重)[^，。！？]{0,4}(?:煤气|燃气|天然气|液化气)",
        r"呲呲|嘶嘶|(?:往外|一直)(?:冒气|喷气)|漏气|(?:燃气表|燃气灶|煤气灶|阀门|气管)[^，。！？]{0,4}(?:嘶嘶|呲呲|漏|关不上)|臭鸡蛋味|臭蛋味|像是?煤气",
        r"\bgas\b[^.!?]{0,40}\b(?:leak\w*|hiss\w*|smell\w*|burst)\b|\bleak\w*[^.!?]{0,20}\bgas\b|\bsmell\w* (?:of |"
        r"like )?gas\b",
        r"\b(?:reeks?|stinks?|smells?|smelling|stinking|reeking)\b (?:strongly |badly )?(?:of|like) gas\b|"
        r"\brotten eggs?\b|\blpg\b[^.!?]{0,20}\b(?:leak\w*|smell\w*)\b|\b(?:hit|damaged|broke|cracked) (?:a |"
        r"the )?gas (?:main|pipe|line)\b",
    ),
    any_of(
        r"(?:轮胎|车胎|胎|暖气片?|空调|气球|门窗|窗户?|篮球|足球|气垫|自行车|水管|水龙头|泳圈)[^，。！？]{0,2}漏气|燃气费|煤气费",
        r"\bgas (?:price|prices|bill|bills|station|stations|mileage|card|company|money)\b|\bpetrol\b",
    ),
)

_POISONING = Danger(
    "poisoning",
    URGENT,
    AMBULANCE,
    any_of(
        r"中毒|一氧化碳|烧炭|炭火盆|误(?:喝|吃|服|食|吞)|毒蘑菇|野蘑菇|野生菌|河豚|(?:嘴巴|嘴唇|全身|手脚)发麻|怀疑(?:是)?(?:中毒|煤气|一氧化碳|食物)",
        r"(?:毒气|有毒气体|有害气体|氯气|氨气|硫化氢|沼气)[^，。！？]{0,8}(?:泄漏|泄露|外泄|漏了|晕|倒|熏倒)",
        r"(?:吃|喝|吞|咽|舔|咬)(?:了|下|破|进)?[^，。！？]{0,8}"
        r"(?:老鼠药|鼠药|农药|杀虫剂|洗衣液|洗衣凝珠|凝珠|消毒液|消毒水|84|漂白|洁厕|药片|药丸|电池|干燥剂|磁铁|硬币|野果|蘑菇|除草剂|汽油|煤油)",
        r"(?:把|将)[^，。！？]{0,8}(?:洗衣凝珠|凝珠|药|电池|消毒液|农药)[^，。！？]{0,4}(?:吃|喝|吞|咬)",
        r"(?:药|药片|降压药|安眠药|电池|纽扣电池|干燥剂)[^，。！？]{0,4}当(?:糖|零食|饮料)",
        r"(?:煤炉|炭炉|煤球炉|炭火|火盆|开着车取暖|车里取暖|发电机)[^。！？]{0,14}(?:起不来|叫不醒|晕|不省人事|昏|头疼)",
        r"(?:闻|吸)(?:了|到|入)[^，。！？]{0,8}(?:倒|晕|吐|头疼|喘)|炭盆|(?:84|洁厕灵|漂白|消毒液)[^，。！？]{0,6}(?:混|掺)",
        r"熏倒|熏晕|憋晕|(?:化粪池|污水井|沼气池|地窖|窨井|下水井|罐里|罐内)[^，。！？]{0,8}(?:倒|晕|昏|不省)",
        r"(?:一桌|全家|一家|好几个|几个|多名|很多|好多|一群|全班|宿舍|几十个|同事们|学生们)[^，。！？]{0,14}"
        r"(?:吐|呕|拉肚子|腹泻|肚子疼|肚子痛|头晕|晕倒|站不起来|发麻)",
        r"上吐下泻|(?:吐|呕吐).{0,8}(?:发烧|头晕|腹泻|拉肚子|站不起来|抽)",
        r"(?:刺鼻|化学|化工|农药|氨|氯).{0,14}(?:头晕|想吐|喘不上气|呼吸困难|晕倒|晕)",
        r"\bpoison(?:ed|ing|ous)?\b(?! ivy)|\bcarbon monoxide\b|\bco alarm\b|\btoxic (?:gas|fumes|smoke|chemical\w*)\b",
        r"\b(?:drank|drunk|drink|swallowed|ate|eaten|chewed|licked|bit into|took)\b[^.!?]{0,30}\b(?:bleach|"
        r"detergent|laundry|"
        r"pods?|pills|tablets|medicine|medication|batter(?:y|ies)|cleaner|kerosene|paraffin|antifreeze|pesticide|"
        r"weed ?killer|dishwasher|berries|mushrooms?|chemicals?|magnets?|rat poison)\b",
        r"\bwild mushrooms\b|\b(?:chemical|chlorine|ammonia)\b[^.!?]{0,60}\b(?:dizzy|sick|vomit\w*|can'?t breathe|"
        r"faint\w*|cough\w*)\b",
        r"\b(?:generator|exhaust|heater|charcoal|bbq|grill)\b[^.!?]{0,40}\b(?:fumes|dizzy|headache|unconscious|"
        r"passed out)\b",
        r"\b(?:guests|people|students|workers|kids|family|everyone|all of us)\b[^.!?]{0,30}\b(?:vomit\w*|"
        r"throwing up)\b",
        r"\b(?:ate|eating|after (?:the )?(?:meal|lunch|dinner))\b[^.!?]{0,50}\b(?:vomit\w*|throwing up|drowsy|"
        r"twitch\w*)\b",
        r"\bgot into (?:the|my|his|her|some) (?:\w+ )?(?:pills|tablets|medicine|medication|bleach|detergent|"
        r"cleaning|chemicals|pods)\b",
        r"\b(?:sick|sleepy|drowsy|dizzy|headaches?|nauseous)\b[^.!?]{0,60}\b(?:heater|generator|charcoal|stove|"
        r"fumes|burner)\b",
        r"\bpesticide\b[^.!?]{0,40}\b(?:over|sweat\w*|twitch\w*|dizzy|vomit\w*)\b",
    ),
    any_of(
        r"中毒(?:太深|很深)|网瘾|游戏中毒|吃了?[^，。！？]{0,4}(?:退烧|感冒|降压)药",
        r"\bpoison(?:ous)? (?:ivy|atmosphere|comments?)\b",
    ),
)

_TRAPPED = Danger(
    "trapped",
    URGENT,
    FIRE,
    any_of(
        r"困人|被困|困住|困在|关在电梯|电梯[^。！？]{0,14}(?:困|卡住|卡在|下坠|坠落|掉下去|关住|出不来|关着|里面有|有人在里面|门打不开|打不开|stuck)",
        r"卡在.{0,6}(?:中间|两层)|(?:停在|卡在)半空|(?:门|窗)[^，。！？]{0,4}打不开[^。！？]{0,10}(?:火|烟|孩子|老人|里面)",
        r"(?:压|埋|砸)(?:在|住|到|着)了?.{0,4}(?:下面|里面|人|工人|车|房|底下)|被(?:埋|压住|压在|砸伤|砸中|砸倒|砸死)|压在(?:下面|底下)|埋了|压了(?:人|个人|一个人)",
        rf"{_PERSON}[^，。！？]{{0,6}}(?:压住|压着|埋住|埋着|卡住|夹住|绞住|卷进)",
        r"(?:塌|垮|倒)了?[^。！？]{0,12}(?:有人|里面有人|人在里面|车里有人|底下有人|下面有人)|还有人(?:被)?(?:压|埋|困)在",
        r"透水|冒顶|井下还有|(?:大水|洪水|水)[^，。！？]{0,4}进屋[^。！？]{0,12}(?:下不来|出不去|出不来|困)",
        r"(?:房子|楼|墙|屋|棚|顶|桥|隧道|矿井?|工地|脚手架|天花板|吊顶|围墙)[^，。！？]{0,6}(?:塌|垮|倒)(?:了|下来)?[^，。！？]{0,12}(?:人|压|埋)",
        rf"(?:{PERSON_ZH}|腿|手|脚|胳膊|头|手臂|衣服|头发)[^，。！？]{{0,10}}(?:卡在|卡住|夹住|夹在|绞进|卷进|出不来|拔不出)",
        rf"(?:塌|垮|倒|火|烟|淹)[^。！？]{{0,16}}(?:{PERSON_ZH})[^，。！？]{{0,4}}还在(?:里头|里面|里边|屋里|楼里)",
        r"(?:淹|水)[^，。！？]{0,6}(?:到|没过|漫过|涨到|漫到).{0,4}(?:二楼|屋顶|房顶|腰|胸|脖子|窗户|窗台)|(?:困|等|爬)在(?:屋顶|房顶|楼顶|车里|车顶|树上)",
        r"(?:孩子|小孩|婴儿|宝宝|娃)[^，。！？]{0,8}(?:反锁|锁|关)在(?:了)?(?:车里|车内|屋里|家里|房间)|(?:反锁|锁)在车里",
        r"\b(?:can'?t|cannot|unable to) get (?:out|him out|her out|them out)\b(?! of (?:my|the|this|"
        r"our) (?:contract|lease|deal|plan|agreement))",
        r"\btrapped\b|\bstuck (?:in|inside|under|down)\b[^.!?]{0,20}\b(?:lift|elevator|rubble|car|house|building|"
        r"well|there|shaft|hole)\b",
        r"\b(?:under|beneath) the (?:rubble|debris|beams?|wall|collapsed)\b|\bburied\b|\bcollapsed on\b|"
        r"\bcaved? ?-?in\b|\bpinned\b|\bcrushed\b",
        r"\b(?:legs?|arm|body|hand)\b[^.!?]{0,12}\b(?:under|beneath) (?:the |a )?\w+",
        r"\b(?:building|house|wall|roof|ceiling)\b[^.!?]{0,20}\b(?:fell down|came down|collapsed)\b",
        r"\bflooded\b.{0,40}\bcan'?t get out\b|\bcan'?t get out of (?:their|his|her|the|our|my) (?:house|home|flat|"
        r"car)\b",
        r"\b(?:lift|elevator)\b[^.!?]{0,40}\b(?:inside|between floors|stuck|won'?t open|doors? (?:won'?t|"
        r"don'?t) open)\b",
        r"\bstuck on (?:the )?(?:roof|second floor|top floor|third floor|upper floor)\b|"
        r"\bon the roof\b[^.!?]{0,40}\b(?:water|flood|kids?|help)\b",
        r"\bwater (?:is )?(?:up to|at|reached) (?:the |our |my )?(?:windows?|roof|waist|chest|neck|second floor|"
        r"ceiling)\b",
        r"\b(?:child|kid|boy|girl|man|woman|person|someone|arm|hand|leg|foot|finger|hair)\b[^.!?]{0,16}"
        r"\b(?:stuck|caught|jammed|trapped) in (?:a |the )?(?:\w+ )?(?:drain|pipe|well|shaft|hole|gap|escalator|"
        r"machine|door)\b",
        r"\b(?:child|baby|kid|toddler|son|daughter)\b[^.!?]{0,20}\b(?:locked|left) (?:alone )?(?:in|inside) (?:a |"
        r"the )?(?:hot )?(?:car|van|room|flat)\b",
        r"\b(?:wall|roof|building|house|ceiling|scaffold\w*|tunnel|mine|"
        r"trench)\b[^.!?]{0,20}\bcollaps\w*[^.!?]{0,40}\b(?:on|under|inside|onto)\b",
    ),
    any_of(r"困死了|困得要命|困扰|\btrapped in (?:a |this )?(?:job|marriage|contract|loop|cycle)\b|\bcar is stuck\b"),
)

_FLOOD = Danger(
    "flood",
    URGENT,
    FIRE,
    any_of(
        r"决口|往[^，。！？]{0,4}(?:村|屋|家|院|楼)[^，。！？]{0,2}(?:灌|涌|冲)|洪水|洪灾|山洪|决堤|溃坝|漫堤|水淹|被淹|淹了|淹到|齐腰深|齐膝深|没过(?:膝盖|腰)|"
        r"水[^，。！？]{0,4}(?:漫进|灌进|涌进|倒灌)",
        r"\bflood(?:ed|ing|s)?\b|\bwater (?:is )?(?:pouring|rising|coming|gushing) (?:in|into|through)\b|"
        r"\bwaist[- ]deep\b",
    ),
    any_of(
        r"\bflood(?:ed|ing)? (?:\w+ )?(?:with|by|of) (?:\w+ ){0,2}(?:calls|emails|messages|complaints|ads|letters|"
        r"requests|applications|spam|tourists|orders)\b",
        r"\bflood(?:ing)? (?:me|us|him|her|them)\b|\bflood (?:risk|zone|insurance|defen[cs]es?|warning)\b",
        r"淹没在|被(?:信息|广告|投诉|消息)淹",
    ),
)

_FIRE = Danger(
    "fire",
    URGENT,
    FIRE,
    any_of(
        r"着火|起火|失火|火灾现场|大火|火势|烧起来|着起来|烧着了|烧了起来|火光|火苗|窜出火|冒(?:出)?.{0,4}火|自燃|燃起来|火窜|窜上来|烧到|烧过来|烧上来",
        r"(?:嘭|砰|轰|咣)的?一声|一声[^，。！？]{0,3}(?:炸|爆)|冒(?:黑|浓|大)?烟|浓烟|黑烟|(?:里|内|全是|到处是|满屋)[^，。！？]{0,2}烟|很呛|呛得|呛人|爆炸|爆燃|烧伤",
        r"(?:火|烟)[^，。！？]{0,2}(?:很大|好大|越来越大)|(?:工棚|草垛|柴垛|房子|屋|车|店|仓库|厂房|棚子?)[^，。！？]{0,2}着了",
        r"(?:罐|瓶|锅炉|气罐|煤气罐|液化气罐|高压锅|电池|充电宝|厂|车间|仓库|饭店|餐馆|店|厨房|电动车|电瓶车|热水器|楼)(?:子|房)?[^，。！？]{0,2}(?:爆了|炸了)",
        r"\b(?:on fire|caught fire|catching fire|fire (?:in|at|on))\b|\b(?:kitchen|house|car|bush|brush|wild|forest|"
        r"grass|"
        r"chimney|electrical|flat|apartment|shop|warehouse|factory|building)\s?fires?\b",
        r"\bthere(?:'s| is|s) a fire\b|\bfire!|\bburning\b|\bblaze\b|\bexplo(?:sion|ded)\b|\bflames?\b|"
        r"\bup in flames\b",
        r"\b(?:thick |black )?smoke\b[^.!?]{0,20}\b(?:coming|pouring|billowing|everywhere|filling|in the)\b|"
        r"\bspreading to\b",
        r"\bsmoke\b[^.!?]{0,30}\b(?:window|floor|building|flat|apartment|house|roof|stairs?|stairwell|corridor|room|"
        r"hallway)\b",
        r"\b(?:pan|pot|oil|wok|stove|hob)\b[^.!?]{0,8}\b(?:went up|caught)\b",
    ),
    any_of(
        r"(?:烧烤|火锅|烟囱|厨房油烟|油烟|抽烟|吸烟|香烟|烟头|烧秸秆|秸秆|烟花|爆竹|鞭炮|二手烟|烟味)[^，。！？]{0,6}(?:烟|冒烟|浓烟)?",
        r"(?:烟囱|工厂|厂房?|楼顶|排气管|锅炉房)[^，。！？]{0,6}(?:冒烟|浓烟|黑烟)",
        r"\b(?:barbecue|bbq|grill|cigarette|chimney|smoker|vape|incense|bonfire|factory|"
        r"stall)\b[^.!?]{0,20}\bsmoke\b|\bsmoke from (?:the |a |his |their )?(?:barbecue|bbq|grill|chimney|factory|"
        r"restaurant|stall|cigarettes?)\b",
        r"\bburning (?:rubbish|leaves|trash|garbage|waste|plastic|wood|incense)\b|\bkeeps? burning\b",
        r"\bfire (?:the|him|her|them|that|this)\b|\bceasefire\b|\bfire (?:drill|alarm test|safety|risk|hazard|exit|"
        r"door|"
        r"extinguisher|station|brigade)s?\b|\bburning (?:question|issue|desire|sensation|calories)\b|\bheartburn\b",
        r"火花|火星子?|打火机|火车|火锅|发火|上火|火气|火爆|火腿|火柴|烟草|香烟",
    ),
)

_LIVE_WIRE = Danger(
    "live_wire",
    URGENT,
    FIRE,
    any_of(
        r"触电|漏电|被电(?:了|死|伤|到|晕|倒)|带电|冒火花|打火花|电火花|嗞嗞响|滋滋响",
        r"(?:电线|电缆|高压线|电力线|电箱|配电箱|电表箱|变压器|插座|电闸|线路)[^，。！？]{0,8}"
        r"(?:掉|断|落|垂|拖|挂|耷拉|冒火|火花|打火|着火|冒烟|爆|炸|带电|挖断|泡|浸|短路|嗞|滋)",
        r"电线杆[^，。！？]{0,6}(?:倒|断|歪)|积水[^，。！？]{0,8}(?:电线|电缆|漏电|带电)",
        r"\blive (?:wire|cable)s?\b|\b(?:downed|fallen) (?:power )?(?:line|wire|cable)s?\b|\belectrocut\w*",
        r"\b(?:power|electric\w*|high[- ]voltage)? ?(?:line|wire|cable)s?\b[^.!?]{0,30}"
        r"\b(?:down|fell|fallen|snapped|dangling|hanging|lying on|in the water|sparking|on the road|on the ground)\b",
        r"\bsparking\b|\bsparks\b|\bgot (?:a )?shock\w*|\bwas shocked\b|\b(?:lamp ?post|pole|fence|"
        r"railing)\b[^.!?]{0,10}\bis live\b",
        r"\btransformer\b[^.!?]{0,20}\b(?:spark\w*|explod\w*|on fire|smok\w*|bang)\b",
    ),
    any_of(
        r"\b(?:internet|phone|broadband|fibre|fiber|network|clothes|washing|fishing|phone) (?:line|cable)s?\b|"
        r"\bphone lines?\b",
        r"网线|光纤|电话线|晾衣|宽带",
    ),
)

_VIOLENCE = Danger(
    "violence",
    URGENT,
    POLICE,
    any_of(
        r"砍人|砍伤|砍死(?:人|了人)|持刀|持械|捅(?:人|伤|死|了)|追(?:砍|打|杀)|拿刀|动了?刀|行凶|持刀伤人|见血",
        r"(?:拿|持|掏|抄|举|拎|提)(?:着|出|起|了)?(?:把)?(?:刀|菜刀|水果刀|匕首|砍刀|棍子?|棒子?|斧头|枪|砖头|铁棍|酒瓶)",
        r"打人|打架|群架|群殴|斗殴|殴打|打伤|打死|打老婆|打孩子|打老人|打女人|打小孩|打我|打起来了?|被[^，。！？]{0,6}打(?:了|伤|得|死|倒|晕)|还在打|家暴",
        r"头破血流|满脸是血|血流满面|(?:追着|围着|按着|揪着)[^，。！？]{0,8}打|撬[^，。！？]{0,4}门|撬锁|抢(?:小孩|孩子)|往[^，。！？]{0,4}车(?:上|里)(?:拉|拖|拽|塞)|"
        r"惨叫|入室|闯进(?:家|屋|门|来)|冲进(?:家|屋|来)|踹门|砸门|撬门|破门",
        r"(?:要|说要|扬言|威胁)[^，。！？]{0,4}(?:弄死|杀了|砍死|捅死|打死|杀)|躲在(?:房间|厕所|屋里|卫生间|柜子)",
        r"抢劫|抢(?:走|了)[^，。！？]{0,4}(?:孩子|小孩|包|钱)|(?:孩子|小孩|婴儿)[^，。！？]{0,3}抢(?:走|了)|绑架(?:了)?(?:孩子|小孩|人)|劫持",
        r"(?:抱|拖|拽|拉|塞|推|抢)(?:上|进)[^，。！？]{0,4}(?:车|面包车)",
        r"\bknife\b|\bmachete\b|\bstab\w*|\battack\w* (?:a|an|someone|people|me|him|her|us)\b|\bassault\w*|\bgun\b|"
        r"\bshooting\b",
        r"\bbeat(?:ing|en)? (?:up )?(?:his|her|my|a|the|someone|me|us|him)\b|\bbeaten up\b|\bbeing beaten\b|"
        r"\brobbery\b|\bbeing robbed\b|\bkidnap\w*",
        r"\bsnatch\w* (?:a |my |the )?(?:child|kid|baby)\b|\bfight\b.{0,40}\b(?:weapon\w*|knife|knives|bleeding|"
        r"blood)\b",
        r"\bfighting with (?:bats|bottles|sticks|weapons|knives)\b|\bgangs? (?:are )?fighting\b|\bthreatening (?:me|"
        r"us|him|her) with\b",
        r"\b(?:is|are|keeps?|was|been) (?:hitting|punching|kicking|strangling|choking|slapping) (?:his|her|my|a|the|"
        r"me|us|him|them)\b",
        r"\bshots? fired\b|\bbroke into (?:my|our|the) (?:house|home|flat)\b|\bintruder\b|\bbreaking (?:in|"
        r"down the door)\b",
        r"\b(?:kicking|smashing|breaking) (?:down )?(?:the|my|our) door\b|\bhiding (?:in|from)\b",
        r"\b(?:said|says|threaten\w*|going|want\w*)\b[^.!?]{0,12}\b(?:kill|stab|shoot|hurt) (?:me|us|her|him|them|"
        r"my)\b",
        r"\b(?:grabbed|snatched)\b[^.!?]{0,20}\b(?:kid|child|girl|boy|baby|woman|toddler)\b",
        r"\b(?:forced|dragged|pulled|pushed|bundled)\b[^.!?]{0,24}\binto (?:a|the|his|their) (?:van|car|vehicle|"
        r"truck)\b",
    ),
    any_of(
        r"打架子鼓|打人工|(?:游戏|网上|视频|电视)[^，。！？]{0,6}(?:打架|打人)|打死也不|打了?(?:个)?(?:低|高|满|零)?分|打了?(?:差|好)评|打(?:太极|球|牌|针|车|电话|工|"
        r"卡|折|扫)",
        r"\bfight (?:for|against) (?:rights|justice)\b|\bgun (?:control|shop|licen[cs]e)\b|\bknife (?:and fork|set)\b",
        r"\bhiding (?:in|from) (?:plain|the rain|the sun)\b",
    ),
)

_MISSING = Danger(
    "missing_person",
    URGENT,
    POLICE,
    any_of(
        rf"{_PERSON}[^。！？]{{0,14}}(?:不见了|走丢|走失|走散|失踪|失联|找不到了?|找不着了?|联系不上|没回家|没回来|还没回|跑出去|跑丢|"
        r"被人?带走|没了踪影|打不通|关机|离家出走|出走|不知去向|下落不明|去向不明|音讯全无|丢了)",
        r"走丢的(?:小|孩|老)|迷路的(?:老人|孩子|小孩)|(?:一转眼|一眨眼|转眼|转身|突然|刚刚|刚才)[^，。！？]{0,10}(?:不见了|找不到了?|没影了|没了)|(?:陌生人|不认识的人|"
        r"陌生男子|陌生女子|陌生男人|陌生女人)[^，。！？]{0,4}(?:接走|带走|抱走|领走)|(?:天黑|这么久|一夜|一晚上|到现在)了?[^，。！？]{0,3}还?没(?:回|出来|下山|到家)|人贩子|"
        r"拐卖|拐走|刚(?:刚|才)?[^，。！？]{0,8}(?:走丢|走散)",
        r"(?:失智|痴呆|认知障碍|阿尔茨海默|老年痴呆|自闭症?|智障|智力障碍|精神(?:病|疾病|分裂|障碍)|抑郁症|糊涂)[^。！？]{0,16}"
        r"(?:跑|走|出去|不见|丢|离开|出门|联系不上|找不到|没回)",
        r"小孩[^，。！？]{0,6}(?:一个人|独自)[^，。！？]{0,8}(?:哭|找不到大人)",
        rf"\b(?:{PERSON_EN})\b[^.!?]{{0,50}}\b(?:is missing|went missing|gone missing|missing since|wandered off|"
        rf"ran (?:away|off|out)|"
        r"didn'?t come home|hasn'?t (?:come|been) (?:home|back)|not (?:come |been )?(?:home|back) since|can'?t find|"
        r"cannot find|"
        r"is lost|got lost|was taken|disappeared|no one has seen|(?:didn'?t|hasn'?t|has not|did not|not) come back|"
        r"not back|(?:hasn'?t|not) returned|didn'?t return|no answer|not answering|phone (?:is )?(?:off|"
        r"switched off|dead)|unreachable|"
        r"can'?t (?:reach|contact|get hold of))\b",
        r"\bmissing (?:child|person|boy|girl|kid|son|daughter|mother|father|mum|mom|dad|grandma|grandpa)\b|\babduct\w*",
        r"\b(?:dementia|alzheimer\w*|autistic|autism|non[- ]?verbal)\b[^.!?]{0,60}\b(?:wander\w*|ran|left|missing|"
        r"lost|gone|out|come back|came back|return\w*)\b",
        r"\b(?:wander\w*|ran|left|missing|lost|gone)\b[^.!?]{0,60}\b(?:dementia|alzheimer\w*|autistic|autism)\b",
        r"\b(?:wandered|walked|ran) (?:away|off)\b|\bnever came home\b|\bcan'?t find (?:him|her|them)\b|"
        r"\bgot separated\b",
        r"\blost (?:my|our|a) (?:\d+ ?(?:yr|year)s?[- ]old|son|daughter|child|kid|boy|girl|baby|toddler|grand\w+|"
        r"mum|mom|dad|mother|father)\b",
    ),
    any_of(
        r"(?:狗|猫|宠物|鸟|鸽|牛|羊|猪|鸡|鸭|鹅|兔|鱼|龟|仓鼠)[^，。！？]{0,8}(?:走失|失踪|不见|丢|找不到|跑|出走)",
        r"(?:手机|钱包|钥匙|包|快递|身份证|证件|卡|东西|电动车|自行车|车|行李)[^，。！？]{0,6}(?:不见了|丢了|找不到|找不着)",
        r"\b(?:cat|dog|pet|puppy|kitten|parrot|bird|tortoise|hamster|rabbit)\b[^.!?]{0,30}\b(?:missing|wandered|"
        r"lost|ran|gone)\b",
        r"\b(?:wallet|phone|keys|bag|parcel|package|luggage|bike|passport)\b[^.!?]{0,20}\b(?:missing|lost|gone|"
        r"can'?t find)\b",
        r"\bcan'?t find (?:the|a|my|your|any) (?:form|page|office|address|number|way|parking|receipt|information)\b",
    ),
)

_MEDICAL = Danger(
    "medical",
    URGENT,
    AMBULANCE,
    any_of(
        r"晕倒|昏倒|昏迷|晕过去|昏过去|不省人事|倒地(?:不起)?|突然倒下|倒在地上|叫不醒|喊不醒|推不醒|摇不醒|叫不应|喊不应|叫不答应|没(?:有)?(?:了)?呼吸|没气了|呼吸困难",
        r"喘不上(?:来)?气|喘不过气|上不来气|透不过气|没(?:有)?意识|失去意识|意识不清|神志不清|翻白眼|(?:口)?吐白沫|休克|没(?:有)?心跳|心跳(?:停|没)",
        r"心脏病(?:发作|犯了|发了)|心梗|心肌梗|中风了|脑梗|脑溢血|抽搐|抽风了|(?:发烧|高烧)[^，。！？]{0,4}抽|大出血|血流不止|流了?(?:很多|好多|一地)血|喷血|血止不住",
        r"(?:摔|跌)(?:倒|伤|下|了)[^。！？]{0,10}(?:起不来|流血|出血|不能动|动不了|昏|骨折)|从[^，。！？]{0,8}(?:摔|掉|跌)下来",
        r"半边(?:身子|脸)|说不出话|说话[^，。！？]{0,4}说不清|口齿不清|嘴歪|脸(?:都|色)?(?:发)?(?:紫|青)了?|嘴唇(?:都)?发?(?:紫|青)|被车撞|撞倒了?(?:人|老人|小孩)",
        r"躺(?:在地上|着)[^，。！？]{0,4}不动|一动不动|没反应|没(?:有)?动静|手[^，。！？]{0,2}抬不起来|胸口(?:疼|痛|闷)|胸痛|(?:疼|痛)得[^，。！？]{0,2}(?:厉害|"
        r"受不了|打滚|叫|哭|晕|喘不)|(?:一直|还在)(?:在)?流血|血(?:一直|还在)(?:流|往外)|流血不止",
        r"(?:身上|头上|脸上|地上|满地|一地|满脸|满身|全身)(?:都是|全是)?血|流血不止|满头大汗|吐血|咯血|腿动不了|动弹不得|噎住|卡住喉咙|喉咙肿|过敏[^，。！？]{0,6}(?:肿|喘|呼吸)|"
        r"有人受伤|伤者|受伤[^，。！？]{0,4}躺",
        r"(?:叫|喊|推|摇|拍)[^，。！？]{0,3}(?:不醒|不起来|没反应|不应|不答应)|烫伤|烫(?:伤|了)[^。！？]{0,10}(?:大片|半个|全身|起泡|脱皮)|烧伤",
        r"嘴(?:角)?歪|一边[^，。！？]{0,3}(?:没劲|没力气|动不了|麻)|说话含糊|口齿含糊|心口(?:疼|痛)|出冷汗|冷汗直(?:冒|流)|脸(?:色)?(?:煞白|惨白|发白|苍白)|喘不动|"
        r"胸闷[^，。！？]{0,4}(?:喘|咳|气)",
        r"要生了|羊水破了|生孩子[^，。！？]{0,4}来不及",
        r"(?:好几天|几天|两天)没(?:出门|动静|见人).{0,12}(?:敲门|打电话).{0,6}(?:没反应|没人应|不应|没人接)",
        r"\bcollapsed\b|\bunconscious\b|\bunresponsive\b|\bnot responsive\b|\b(?:isn'?t|not|stopped|"
        r"barely) breathing\b|\bcan'?t breathe\b",
        r"\bheart attack\b|\bcardiac arrest\b|\bheart stopped\b|\bno pulse\b|\bcpr\b|\bstroke\b|\bseizure\b|"
        r"\bseizing\b|\bconvuls\w*|\bfitting\b|\bhaving a fit\b",
        r"\bbleeding (?:heavily|badly|a lot|everywhere|from)\b|\b(?:spurting|pouring|gushing) blood\b|"
        r"\bblood everywhere\b|\b(?:vomiting|coughing(?: up)?) blood\b",
        r"\bblood (?:won'?t|doesn'?t|isn'?t|will not) stop\w*\b|\bwon'?t stop bleeding\b|\bscald\w*|"
        r"\bbadly burn(?:ed|t)\b",
        r"\b(?:can'?t|cannot|won'?t) (?:make it |get it to )?stop (?:the )?bleeding\b|\bcan'?t (?:make it|"
        r"get it to) stop\b",
        r"\b(?:can'?t|cannot) get up\b|\bpassed out\b|\bfainted\b|\bman down\b|\bperson down\b|\bwent limp\b",
        r"\bhit by a (?:car|bus|truck|lorry|van|motorbike|scooter)\b|\bface (?:is )?drooping\b|\bslurr\w* (?:speech|"
        r"words|her|his)\b|\bchoking\b",
        r"\b(?:isn'?t|not) (?:responding|moving|waking)\b|\bwon'?t wake\b|\bcan'?t wake (?:him|her|them)\b|"
        r"\bturning (?:blue|purple|grey)\b",
        r"\b(?:lips|face)\b[^.!?]{0,10}\b(?:blue|purple)\b|\bchest pains?\b|\btrouble breathing\b|"
        r"\bstruggling to breathe\b|\bgasping\b",
        r"\beyes? (?:rolled|rolling) back\b|\bfoam\w* (?:at|from) (?:the|his|her) mouth\b|\bfoam at\b|\banaphyla\w*|"
        r"\bthroat (?:is )?(?:swelling|closing)\b",
        r"\bin labou?r\b|\bbaby is coming\b|\bwaters? (?:have|has) broken\b|\bnot moving\b|\b(?:people|several|"
        r"someone|many)\b[^.!?]{0,12}\binjured\b",
        r"\bfell (?:from|out of|down) (?:the |a )?(?:\w+ )?(?:floor |storey )?(?:window|balcony|roof|ladder|"
        r"scaffold\w*|stairs)\b",
    ),
    any_of(
        r"\b(?:company|business|firm|employer|market|deal|talks|prices?|economy|scheme|shop|factory|government|"
        r"website|system|app)\b"
        r"[^.!?]{0,30}\bcollapsed\b",
        r"\bstroke of (?:luck|genius)\b|\bbrush ?stroke\b|\bfitting (?:room|service|of)\b|\bnot moving (?:forward|"
        r"on|ahead)\b",
        r"系统[^，。！？]{0,4}没反应|(?:网页|页面|手机|电脑|app|软件|电梯|热线|电话|客服|物业|部门|社区|投诉)[^，。！？]{0,6}(?:没反应|没有?动静|一动不动)",
    ),
)

_ROAD_HAZARD = Danger(
    "road_hazard",
    URGENT,
    POLICE,
    any_of(
        rf"(?:{PERSON_ZH}|有人|摩托|电动车|骑车的)[^，。！？]{{0,8}}(?:掉|栽|摔|翻|冲)(?:进|下|到|入)?(?:了)?[^，。！？]{{0,3}}(?:下水道|井里|井下|坑里|"
        rf"沟里|坑|沟|洞里|悬崖|山崖|下去)",
        r"已经有[^，。！？]{0,6}掉下去|掉下去了|栽进去|连人(?:带车)?(?:掉|栽)|踩空掉|掉进(?:井|坑|洞|沟)",
        r"(?:桥|桥面|桥墩|高架)[^，。！？]{0,6}(?:塌|断了|裂开|裂了个|垮|大口子)|(?:路面|马路|道路|路中间)[^，。！？]{0,4}(?:塌陷|塌了)|塌陷[^，。！？]{0,10}(?:车|人)",
        r"(?:树|广告牌|招牌|水泥板|钢板|石头|石块|玻璃|花盆|落石|滚石)[^，。！？]{0,10}(?:砸|压)(?:到|中|了|住|伤)|(?:掉下来|掉落|滚下来)[^，。！？]{0,6}砸",
        r"车祸|翻车|(?:货车|卡车|大车|大巴|客车|公交|车)[^，。！？]{0,3}翻了|连环(?:撞|追尾)",
        r"差点被(?:火车|车)撞|(?:车|人)[^，。！？]{0,6}(?:摔(?:进|伤)|掉进)|(?:摩托|电动车|自行车|骑车的?|三轮)[^，。！？]{0,6}(?:摔了|摔倒|摔伤|翻了|撞了|撞上)",
        r"\bfell (?:in|into|down)\b[^.!?]{0,24}\b(?:manhole|drain|hole|pit|ditch|well|sinkhole)\b|"
        r"\bmanhole\b[^.!?]{0,40}\bfell in\b|\bsinkhole\b",
        r"\bshed (?:its|his|their) load\b|\bcars? (?:are |is )?crashing into\b|\bpile-?up\b|\b(?:pole|post|tree|"
        r"mast|crane|sign)\b[^.!?]{0,20}\bfell onto\b",
        r"\bbridge\b[^.!?]{0,20}\b(?:collaps\w*|giving way|gave way|cracking)\b|\b(?:railing|barrier|"
        r"guardrail)\b[^.!?]{0,20}\b(?:broke|gave way|collapsed)\b|\boff the bridge\b|\b(?:pushed|swept|knocked|"
        r"went|ran) off the road\b",
        r"\b(?:tree|slab|sign|billboard|branch|concrete|glass|rocks?|boulders?)\b[^.!?]{0,40}\b(?:fell on|hit (?:a|"
        r"an|the)|landed on|falling onto)\b",
        r"\b(?:cyclist|rider|biker|motorcyclist|pedestrian)\b[^.!?]{0,20}\bfell (?:off|from|down|to|into)\b",
        r"\binto (?:the |a )?(?:ravine|gorge|valley|ditch)\b|\boff (?:the |a )?cliff\b",
    ),
)

URGENT_KINDS: tuple[Danger, ...] = (
    _SUICIDE,
    _DROWNING,
    _GAS_LEAK,
    _POISONING,
    _TRAPPED,
    _FLOOD,
    _FIRE,
    _LIVE_WIRE,
    _VIOLENCE,
    _MISSING,
    _MEDICAL,
    _ROAD_HAZARD,
)
