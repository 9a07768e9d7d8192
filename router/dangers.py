"""The kinds of danger a message can report, each as the ways people write it in Chinese and English.

A lexicon, not a model: an emergency must be recognised however few like it the
hotline has seen. Each `Danger` names its kind, its level (urgent: danger to
life now; high: an essential service out), who answers it (police, fire,
ambulance: the numbers are settings), the phrasings that report it, and the
look-alikes that must not ("轮胎漏气", "fire the manager", a lost cat).
`router.priority` reads a message against these, clause by clause.
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
    pattern: re.Pattern[str]
    not_when: re.Pattern[str] | None = None

    def reported_in(self, text: str) -> bool:
        """Tell whether the text reports this danger somewhere its look-alikes do not explain."""
        masked = self.not_when.sub(" ", text) if self.not_when else text
        return bool(self.pattern.search(masked))


def any_of(*alternatives: str) -> re.Pattern[str]:
    """Compile alternatives into one case-insensitive pattern."""
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


_PERSON_ZH = (
    r"人|孩子|小孩|儿童|娃|宝宝|婴儿|学生|老人|老头|老太|老爷子|老太太|老奶奶|老大爷|大爷|大妈|阿姨|"
    r"男的|女的|小伙|姑娘|工人|孕妇|病人|乘客|司机|行人|路人|邻居|同事|朋友|家人|一家|"
    r"爸|妈|父亲|母亲|爷爷|奶奶|姥姥|姥爷|外婆|外公|儿子|女儿|弟弟|妹妹|哥哥|姐姐|老公|老婆|丈夫|妻子|"
    r"孙子|孙女|外孙|侄子|侄女|闺女|小伙子|老汉|老伯|婆婆|公公|岁的"
)
_PERSON_EN = (
    r"someone|somebody|people|person|man|woman|men|women|child|children|kid|kids|baby|boy|girl|student|"
    r"worker|workers|pedestrian|cyclist|driver|passenger|family|neighbour|neighbor|elderly|old (?:man|woman|lady)|"
    r"teenager|teenage \w+|toddler|year old|grandson|granddaughter|nephew|niece|"
    r"father|mother|dad|mum|mom|son|daughter|brother|sister|grandfather|grandmother|grandpa|grandma|husband|wife"
)

DANGERS: tuple[Danger, ...] = (
    Danger(
        "suicide",
        URGENT,
        POLICE,
        any_of(
            r"跳楼|要跳|想跳|跳下去|跳下来|跳河|跳江|跳湖|跳桥|跳海|轻生|自杀|自尽|寻短见|寻死|不想活|活不下去|活着没意思",
            r"结束(?:自己的)?生命|割腕|上吊|服毒|遗书|活够了|(?:我|他|她)?想死|(?:要|想|说要|就)去死|不活了|撑不下去|往下跳|了结自己|一死了之",
            r"不想(?:再)?活(?:下去|了)|活着(?:太累|没意思|没劲)|(?:说|要|想)(?:要)?喝药|挂了?(?:根)?绳子|(?:东西|财产)都送人",
            r"(?:吞|吃|喝)了?(?:一|半|整|大半)?(?:瓶|盒|板|把)[^，。！？]{0,6}(?:药|片|褪黑素|安定|安眠|农药)",
            r"(?:吞|吃|服)了?(?:一把|一大把|好多|很多|一堆|半瓶|一瓶|整瓶|大半瓶|一整瓶|几十片|一板)[^，。！？]{0,4}(?:药|片|安定|安眠)",
            r"(?:楼顶|天台|窗台|阳台|桥上|栏杆)[^，。！？]{0,8}(?:悬在外面|坐在边上|站在边上|翻出去|翻过)|腿[^，。！？]{0,3}悬在外面",
            r"(?:吃|服|吞)了?.{0,6}(?:安眠药|整瓶|一瓶药|好多药)",
            r"喝了?.{0,3}(?:农药|敌敌畏|百草枯|毒药|老鼠药)",
            r"\bkill(?:ing)? (?:him|her|my|them|your)sel(?:f|ves)\b|\bsuicid\w*",
            r"\bend (?:it all|my life|his life|her life)\b",
            r"\b(?:don'?t|do not) want to (?:live|be alive)\b|\bthreaten\w* to jump\b|\b(?:going|wants?) to jump\b",
            r"\bjump (?:off|from)\b|\boverdos\w*|\bswallowed\b.{0,30}\bpills\b|\bcut(?:ting)? (?:him|her|my)self\b",
            r"\bself[- ]harm\w*|\bhang(?:ed|ing)? (?:him|her|my)self\b|\bsuicide note\b",
            r"\b(?:outside|over) (?:of )?the (?:bridge )?(?:railing|parapet|barrier)\b",
            r"\bon the (?:roof |bridge )?(?:edge|ledge)\b",
            r"\btake (?:his|her|my|their) own li(?:fe|ves)\b|\babout to jump\b|\bending (?:my|his|her) life\b",
            r"\bwant to die\b",
            r"\b(?:taken|took|swallowed) (?:all|a whole|a full|the whole) (?:of )?(?:his|her|my|their|the)? ?"
            r"(?:pills|tablets|antidepressants|sleeping pills|medication|medicine)\b",
            r"\bon the (?:car park |multi-storey |building )?roof\b.{0,40}\b(?:goodbye|jump\w*|edge)\b",
            r"\bsaying goodbye to everyone\b",
            r"\bclimbing (?:over|onto) the (?:balcony|railing|parapet|ledge|bridge)\b",
            r"\bgoodbye (?:message|note|letter)\b",
            r"\b(?:end it|end it all) (?:tonight|today|now)\b|\bgoing to end it\b|\bcan'?t go on\b",
            r"\bpills in (?:my|his|her) hand\b",
        ),
        any_of(r"(?:要|想)?跳(?:广场)?舞|跳绳|跳槽|跳远|跳高|跳水(?:运动|比赛|队)|蹦跳|跳跳"),
    ),
    Danger(
        "drowning",
        URGENT,
        FIRE,
        any_of(
            r"溺水|落水|溺亡|淹死|被水冲走|被.{0,6}(?:冲走|卷走)|卷走|沉下去|没浮上来|没上来|漂着一个人|浮着一个人",
            r"翻船|船翻了?|(?:船|渡船|游船|皮划艇)[^，。！？]{0,4}(?:翻|沉)|掉水里|掉进水|冲没了|冲跑了|冰面[^，。！？]{0,4}(?:裂|塌|掉)",
            r"(?:河|江|湖|海|水库|池塘|水塘|鱼塘|水里|水中)[^，。！？]{0,6}(?:扑腾|喊救命|冲下来|漂着|漂过来|挣扎)",
            r"(?:水塘|池塘|河边|江边|湖边|水库边|塘边|井边)[^。！？]{0,10}(?:滑下去|掉下去|滑进去|掉进去|栽下去)",
            r"(?:掉|落|摔|滑|栽|跌|冲|开|翻)(?:进|到|入|下)了?[^，。！？]{0,3}(?:河|江|湖|海|水库|池塘|鱼塘|水塘|水里|水中|水沟|游泳池)",
            r"\bdrown\w*|\bfell (?:in|into) (?:the |a )?(?:river|lake|water|reservoir|canal|sea|pond|pool|quarry)\b",
            r"\bwent under\b|\bswept away\b|\bin the water (?:shouting|screaming|calling)\b",
            r"\bpeople are in the water\b",
            r"\b(?:slipped|fell|fallen|tumbled) (?:in|into) (?:the |a )?"
            r"(?:river|lake|water|reservoir|canal|sea|pond|pool)\b",
            r"\bcarried (?:away|downstream|off by the (?:water|current))\b|\bcapsiz\w*|\boverturned boat\b",
            r"\bfell (?:off|from) (?:the |a )?(?:pier|jetty|boat|bridge|quay|dock)\b|\bfell through the ice\b",
            r"\bpulled (?:out|under|away) by the (?:current|tide|waves)\b",
            r"\b(?:jumped|fell) into the \w+ and (?:is|was) struggling\b",
            r"\bstruggling in the (?:water|river|sea|lake|canal|harbou?r)\b",
            r"\b(?:boat|canoe|kayak|ferry)\b[^.!?]{0,12}\bflipped\b",
            r"\b(?:gone|went|drove|plunged) into (?:the |a )?(?:river|lake|water|canal|sea|reservoir)\b",
            r"\bmissing in the water\b|\bhasn'?t come (?:back )?up\b",
            r"(?:游泳|下水|玩水|戏水|洗澡|捞鱼|钓鱼).{0,12}(?:不见了|没上来|没影了|找不到了)",
        ),
    ),
    Danger(
        "gas_leak",
        URGENT,
        FIRE,
        any_of(
            r"(?:燃气|煤气|天然气|液化气|沼气)(?:管道?)?(?:泄漏|泄露|漏气|外泄|漏了)",
            r"漏气|(?:燃气|煤气|天然气|液化气)(?:管|管道|罐|瓶|阀门?)[^，。！？]{0,8}(?:漏|破|断|裂|挖|冒气)|(?:气罐|煤气罐|液化气罐)[^，。！？]{0,3}漏",
            r"(?:闻到|有|一股|很浓的?|全是|都是)(?:很?浓的?)?(?:煤气|燃气|天然气|液化气)(?:的)?(?:味|气味)",
            r"(?:煤气|燃气|天然气)(?:的)?味(?:道)?(?:很|特别|非常)?(?:浓|大|重|冲)|(?:好大|很大|好浓|很浓|好重|很重)的?(?:煤气|燃气|天然气|液化气)味",
            r"(?:燃气表|燃气灶|煤气灶|阀门|气管)[^，。！？]{0,4}(?:嘶嘶|呲呲|漏)|(?:燃气灶|煤气灶|阀门)[^，。！？]{0,4}关不上",
            r"臭鸡蛋味|像是煤气|像煤气味",
            r"\bgas (?:leak|leaking|smell)\w*|\bsmell(?:s|ing)? (?:of )?gas\b|\bleaking gas\b|\bsmell gas\b",
            r"\bsmells? (?:strongly )?of gas\b|\b(?:hit|damaged|broke|cracked) (?:a |the )?gas (?:main|pipe|line)\b",
            r"\bgas (?:main|pipe|line)\b[^.!?]{0,20}\b(?:hiss\w*|burst|broken|damaged)\b",
        ),
        any_of(r"(?:轮胎|车胎|胎|暖气片?|空调|气球|门窗|窗户?|篮球|足球|气垫|自行车)漏气"),
    ),
    Danger(
        "poisoning",
        URGENT,
        AMBULANCE,
        any_of(
            r"中毒|一氧化碳|吸入.{0,6}(?:气体|烟)[^，。！？]{0,6}(?:晕|倒|不省)|烧炭|炭火盆|误(?:喝|吃|服|食)|毒蘑菇|野蘑菇|野生菌",
            r"(?:毒气|有毒气体|有害气体)[^，。！？]{0,8}(?:泄漏|泄露|晕|倒|中毒|熏倒)",
            r"(?:吃|喝|吞|舔)了?.{0,3}(?:老鼠药|鼠药|农药|杀虫剂|洗衣液|消毒液|消毒水|漂白|洁厕)",
            r"(?:药|药片|降压药|安眠药|电池|纽扣电池|干燥剂)[^，。！？]{0,4}当(?:糖|零食|饮料)",
            r"(?:孩子|小孩|宝宝)[^，。！？]{0,6}(?:误吞|吞了|吃了)[^，。！？]{0,6}(?:药|电池|干燥剂|磁铁)",
            r"(?:煤炉|炭炉|煤球炉|炭火|火盆|开着车取暖|车里取暖)[^。！？]{0,14}(?:起不来|叫不醒|晕|不省人事|昏)",
            r"(?:熏倒|熏晕|憋晕)|(?:化粪池|污水井|沼气池|地窖|窨井|下水井)[^，。！？]{0,8}(?:倒|晕|昏|不省)",
            r"(?:好几个|几个|一家|全家|一桌|好多|很多)人?[^，。！？]{0,8}(?:同时)?(?:头晕|呕吐|肚子疼|拉肚子)[^，。！？]{0,6}(?:呕吐|头晕|怀疑|发烧)?",
            r"河豚|(?:嘴巴|嘴唇|全身|手脚)发麻|怀疑(?:是)?(?:中毒|煤气|一氧化碳|食物)",
            r"(?:氯气|氨气|硫化氢|沼气|毒气)[^，。！？]{0,4}(?:泄漏|泄露|外泄|漏了)",
            r"上吐下泻|(?:吐|呕吐).{0,8}(?:发烧|头晕|腹泻|拉肚子)|(?:好多|很多|几十个|一群)人.{0,8}(?:呕吐|吐|拉肚子)",
            r"(?:刺鼻|化学|化工|农药|氨|氯).{0,14}(?:头晕|头疼|想吐|恶心|喘不上气|眼睛疼|流泪|呼吸困难)",
            r"(?:头晕|想吐|恶心|喘不上气|呼吸困难).{0,14}(?:刺鼻|化学品?|化工|气味|味道)",
            r"(?:农药|化工|化学品)[^，。！？]{0,4}(?:泄漏|泄露|外泄)",
            r"\bpoison\w*|\bcarbon monoxide\b|\bfumes\b|\btoxic\b",
            r"\b(?:drank|drunk|swallowed|ate) (?:some )?(?:bleach|pesticide|poison|weedkiller|detergent|chemicals?)\b",
            r"\bwild mushrooms\b|\bchemical (?:smell|leak)\b.{0,60}\b(?:dizzy|sick|vomit\w*|can'?t breathe|faint\w*)\b",
            r"\bdrank (?:some )?(?:antifreeze|bleach|paraffin|lamp oil|pesticide|weedkiller)\b",
            r"\bswallowed (?:a |an )?(?:button )?(?:battery|magnet|coin)\b|\b(?:generator|exhaust|heater) fumes\b",
            r"\b(?:rat|mouse) poison\b",
            r"\b(?:chlorine|ammonia|gas) leak\b.{0,60}\b(?:cough\w*|can'?t breathe|dizzy|faint\w*)\b",
            r"\b(?:guests|people|students|workers|kids)\b[^.!?]{0,20}\bvomit\w*",
            r"\b(?:dozens|many|lots) of (?:people|kids|children|students)\b.{0,30}\bvomit\w*",
        ),
        any_of(r"中毒(?:太深|很深)|网瘾|游戏中毒"),
    ),
    Danger(
        "trapped",
        URGENT,
        FIRE,
        any_of(
            r"困人|被困|困住|困在|关在电梯|电梯.{0,10}(?:困|卡住|卡在|下坠|坠落|掉下去|关住|出不来|关着|里面有人|有人在里面)",
            r"卡在.{0,6}(?:中间|两层)|(?:停在|卡在)半空",
            r"(?:压|埋|砸)(?:在|住|到)了?.{0,4}(?:下面|里面|人|工人|车|房)|被(?:埋|压住|压在|砸伤|砸中|砸倒|砸死)|压在(?:下面|底下)|埋了",
            rf"(?:{_PERSON_ZH})[^，。！？]{{0,6}}(?:压住|压着|埋住|埋着)",
            r"(?:塌|垮|倒)了?.{0,12}(?:有人|里面有人|人在里面|车里有人)",
            r"透水|冒顶|井下还有|(?:大水|洪水|水)[^，。！？]{0,4}进屋[^。！？]{0,12}(?:下不来|出不去|出不来|困)",
            r"(?:房子|楼|墙|屋|棚|顶|桥|隧道|矿井?|工地)[^，。！？]{0,6}(?:塌|垮|倒)(?:了|下来)?[^，。！？]{0,12}(?:人|压|埋)",
            r"(?:人|小孩|孩子|老人|腿|手|头)[^，。！？]{0,10}(?:卡在|卡住|出不来)",
            r"(?:塌|垮|倒|埋)[^。！？]{0,12}(?:下面|里面|底下)(?:好像|可能)?还有人|还有人(?:被)?(?:压|埋|困)在",
            r"(?:淹|水)[^，。！？]{0,6}(?:到|没过|漫过).{0,4}(?:二楼|屋顶|房顶|腰|胸|脖子)|(?:困|等)在(?:屋顶|房顶|楼顶|车里|车顶)",
            r"\btrapped\b|\bstuck (?:in|inside|under) (?:the |a )?(?:lift|elevator|rubble|car|house|building)\b",
            r"\b(?:under|beneath) the rubble\b|\bburied\b|\bcollapsed on\b|\bcaved in\b|\bpinned\b|\bcrushed\b",
            r"\b(?:building|house|wall|roof)\b[^.!?]{0,12}\bfell down\b.{0,40}\b(?:inside|under|trapped)\b",
            r"\bflooded\b.{0,40}\bcan'?t get out\b|\bcan'?t get out of (?:their|his|her|the) (?:house|home|flat|car)\b",
            r"\b(?:lift|elevator)\b[^.!?]{0,40}\b(?:inside|between floors|stuck|won'?t open)\b",
            r"\bstuck on (?:the )?(?:roof|second floor|top floor|third floor|upper floor)\b",
            r"\b(?:child|kid|boy|girl|man|woman|person|someone|dog)\b[^.!?]{0,12}"
            r"\bstuck in (?:a |the )?(?:\w+ )?(?:drain|pipe|well|shaft|hole|gap)\b",
            r"\b(?:child|baby|kid|toddler|dog)\b[^.!?]{0,20}\blocked (?:alone )?in (?:a |the )?(?:car|van|room|flat)\b",
            r"(?:孩子|小孩|婴儿|宝宝)[^，。！？]{0,6}(?:被)?锁在(?:车里|车内|屋里|家里)",
            r"\b(?:wall|roof|building|house|ceiling|scaffold\w*|tunnel|mine)\b[^.!?]{0,20}\bcollaps\w*[^.!?]{0,40}\b(?:on|under|inside|onto)\b",
        ),
        any_of(r"困死了|困得要命|\btrapped in (?:a |this )?(?:job|marriage|contract|loop)\b"),
    ),
    Danger(
        "flood",
        URGENT,
        FIRE,
        any_of(
            r"洪水|洪灾|山洪|决堤|溃坝|漫堤|水淹|被淹|淹了|淹到|齐腰深|齐膝深|没过(?:膝盖|腰)|水[^，。！？]{0,4}(?:漫进|灌进|涌进)",
            r"\bflood(?:ed|ing|s)?\b|\bwater (?:is )?(?:pouring|rising|coming) (?:in|into)\b|\bwaist[- ]deep\b",
        ),
        any_of(
            r"\bflood(?:ed|ing)? (?:\w+ )?(?:with|of) (?:calls|emails|messages|complaints|ads|letters|requests)\b",
            r"\bflood(?:ing)? (?:me|us|him|her|them)\b|\bflood (?:risk|zone|insurance|defen[cs]es?)\b",
            r"淹没在|被(?:信息|广告|投诉)淹",
        ),
    ),
    Danger(
        "fire",
        URGENT,
        FIRE,
        any_of(
            r"着火|起火|失火|火灾现场|大火|火势|烧起来|着起来|烧着了|烧了起来|火光|火苗|窜出火|冒(?:出)?.{0,4}火|自燃|燃起来",
            r"冒(?:黑|浓|大)?烟|浓烟|黑烟|爆炸|爆燃|(?:往|向).{0,6}烧(?:过来|来|去)?|烧伤|(?:火|烟)[^，。！？]{0,2}(?:很大|好大|越来越大)",
            r"(?:工棚|草垛|柴垛|房子|屋|车|店|仓库|厂房|棚子?)[^，。！？]{0,2}着了",
            r"(?:罐|瓶|锅炉|锅炉房|气罐|煤气罐|液化气罐|高压锅|电池|充电宝|厂|车间|仓库)(?:子)?(?:爆了|炸了)",
            r"\b(?:on fire|caught fire|catching fire|house fire|building fire|fire (?:in|at|on))\b",
            r"\bthere(?:'s| is) a fire\b|\bfire!|\bburning\b|\bblaze\b|\bexplo(?:sion|ded)\b|\bflames?\b",
            r"\b(?:thick |black )?smoke (?:is )?(?:coming|pouring|billowing)\b",
        ),
        any_of(
            r"(?:烧烤|火锅|烟囱|厨房油烟|油烟|抽烟|吸烟|香烟|烧秸秆|秸秆|烟花|爆竹|鞭炮)[^，。！？]{0,6}(?:烟|冒烟|浓烟)",
            r"(?:烟囱|工厂|厂房?)[^，。！？]{0,6}(?:冒烟|浓烟|黑烟)",
            r"\bfire (?:the|him|her|them|that|this)\b|\bceasefire\b",
            r"\bfire (?:drill|alarm test|safety|risk|hazard|exit|door)s?\b",
            r"\bburning (?:question|issue|desire|sensation)\b|\bheartburn\b",
            r"火花|火星子?|打火机|火车|火锅|发火|上火|火气|火爆",
        ),
    ),
    Danger(
        "live_wire",
        URGENT,
        FIRE,
        any_of(
            r"触电|漏电|被电(?:了|死|伤|到|晕|倒)|带电|冒火花|打火花|电火花|嗞嗞响|滋滋响",
            r"(?:电线|电缆|高压线|电力线)[^，。！？]{0,8}(?:掉|断|落|垂|拖|挂|耷拉|冒火|火花|带电|挖断)",
            r"电线杆[^，。！？]{0,6}(?:倒|断|歪)",
            r"\blive (?:wire|cable)s?\b|\b(?:downed|fallen) (?:power )?(?:line|wire|cable)s?\b|\belectrocut\w*",
            r"\bpower line\b[^.!?]{0,20}\b(?:down|fell|fallen|snapped)\b|\bsparking\b|\bgot (?:a )?shock\w*",
            r"\bwas shocked\b",
            r"\b(?:lamp ?post|pole|fence)\b[^.!?]{0,10}\bis live\b",
        ),
    ),
    Danger(
        "violence",
        URGENT,
        POLICE,
        any_of(
            r"砍人|砍伤|砍死(?:人|了人)|持刀|持械|拿(?:着)?(?:刀|菜刀|水果刀|棍子?|棒子?|斧头|枪|砖头|铁棍)|捅(?:人|伤|死|了)",
            r"打人|打架|群殴|斗殴|殴打|打伤|打死|打老婆|打孩子|打老人|打女人|打小孩|打我|打起来了?|被(?:人)?打|家暴|见血|行凶|持刀伤人",
            r"头破血流|满脸是血|血流满面|打(?:我|我们|我和|我跟)[^，。！？]{0,4}(?:孩子|妈|老人)?",
            r"(?:追着|围着|按着|揪着)[^，。！？]{0,2}打|惨叫|打骂声|撞人后|入室|闯进(?:家|屋|门)",
            r"抢劫|抢(?:走|了)[^，。！？]{0,4}(?:孩子|小孩|包|钱)|(?:孩子|小孩|婴儿)[^，。！？]{0,3}抢(?:走|了)|绑架(?:了)?(?:孩子|小孩|人)|劫持",
            r"追(?:砍|打|杀)|拿刀|动刀",
            r"\bknife\b|\bmachete\b|\bstab\w*|\battack\w* (?:a|an|someone|people|me|him|her|us)\b|\bassault\w*",
            r"\bbeat(?:ing)? (?:up )?(?:his|her|my|a|the|someone)\b|\brobbery\b|\bbeing robbed\b|\bkidnap\w*",
            r"\bsnatch\w* (?:a |my |the )?(?:child|kid|baby)\b|\bgun\b|\bshooting\b",
            r"\bfight\b.{0,40}\b(?:weapon\w*|knife|knives|bleeding|blood)\b",
            r"\bfighting with (?:bats|bottles|sticks|weapons|knives)\b|\bgangs? (?:are )?fighting\b",
            r"\bthreatening (?:me|us|him|her) with\b",
            r"\b(?:is|are|keeps) (?:hitting|punching|kicking|strangling|choking) (?:his|her|my|a|the|me|us|him|them)\b",
            r"\bshots? fired\b|\bbroke into (?:my|our|the) (?:house|home|flat)\b.{0,30}\b(?:inside|still)\b",
            r"\bintruder\b",
        ),
        any_of(
            r"打架子鼓|打人工|(?:游戏|网上|视频)[^，。！？]{0,6}(?:打架|打人)",
            r"\bfight (?:for|against) (?:rights|justice)\b",
        ),
    ),
    Danger(
        "missing_person",
        URGENT,
        POLICE,
        any_of(
            rf"(?:{_PERSON_ZH})[^，。！？]{{0,14}}(?:不见了|走丢|走失|走散|失踪|失联|找不到了?|找不着了?|联系不上|没回家|没回来|没回|跑出去|跑丢|被人?带走|没了踪影|打不通)",
            r"走丢的(?:小|孩|老)|迷路的(?:老人|孩子|小孩)|(?:精神病|精神疾病|抑郁症|自闭症|智力障碍|智障)[^。！？]{0,10}(?:跑出去|走丢|出走|不见)",
            r"老年痴呆|阿尔茨海默|痴呆.{0,8}(?:走|丢|失|出去)|糊涂了?.{0,10}(?:跑|走|出去|联系不上|找不到|没回来|没回家)",
            r"小孩[^，。！？]{0,6}(?:一个人|独自)[^，。！？]{0,8}(?:哭|找不到大人)|人贩子|拐卖|拐走",
            rf"\b(?:{_PERSON_EN})\b[^.!?]{{0,40}}\b(?:is missing|went missing|has gone missing|wandered off|ran away|"
            r"didn'?t come home|hasn'?t come home|can'?t find|cannot find|is lost|got lost|was taken)\b",
            r"\bmissing (?:child|person|boy|girl|kid|son|daughter)\b|\bdementia\b|\balzheimer\w*|\babduct\w*",
            r"\b(?:wandered|walked|ran) (?:away|off)\b|\bnever came home\b|\bcan'?t find (?:him|her|them)\b",
            r"\bgot separated\b",
        ),
        any_of(
            r"(?:狗|猫|宠物|鸟|鸽|牛|羊|猪|鸡|鸭|鹅|兔|鱼)[^，。！？]{0,8}(?:走失|失踪|不见|丢|找不到)",
            r"\b(?:cat|dog|pet|puppy|kitten|parrot|bird|tortoise)\b[^.!?]{0,30}\b(?:missing|wandered|lost|ran away)\b",
        ),
    ),
    Danger(
        "medical",
        URGENT,
        AMBULANCE,
        any_of(
            r"晕倒|昏倒|昏迷|晕过去|不省人事|倒地(?:不起)?|叫不醒|叫不应|喊不应|叫不答应|没人应答|没(?:有)?(?:了)?呼吸|没气了|呼吸困难|喘不上气|喘不过气",
            r"心脏病(?:发作|犯了|发了)|心梗|心肌梗|中风了|脑梗|脑溢血|抽搐|抽风了|口吐白沫|大出血|血流不止|流了?(?:很多|好多|一地)血",
            r"(?:摔|跌)(?:倒|伤|下)[^，。！？]{0,10}(?:起不来|流血|出血|不能动|动不了|昏|骨折)",
            r"半边身子|说不出话|口齿不清|嘴歪|脸色发紫|嘴唇(?:都)?发?紫|被车撞|撞倒了?(?:人|老人|小孩)|躺(?:在地上|着)不动|没反应",
            r"胸口(?:疼|痛|闷)|胸痛|(?:疼|痛)得(?:厉害|受不了|打滚|直叫|直哭)|满头大汗|吐血|咯血|腿动不了|动弹不得|噎住",
            r"(?:要生了|羊水破了|生孩子[^，。！？]{0,4}来不及)",
            r"血止不住|(?:从|在)[^，。！？]{0,6}(?:楼上|架子上|梯子上|高处|窗户|屋顶|树上)[^，。！？]{0,2}(?:摔|掉|跌)下来|摔下来[^，。！？]{0,4}(?:不动|昏|起不来)",
            r"(?:好几天|几天|两天)没(?:出门|动静|见人).{0,12}(?:敲门|打电话).{0,6}(?:没反应|没人应|不应|没人接)",
            r"\bcollapsed\b|\bunconscious\b|\b(?:isn'?t|not|stopped) breathing\b|\bcan'?t breathe\b|\bheart attack\b",
            r"\bstroke\b|\bseizure\b|\bfitting\b|\bbleeding (?:heavily|badly|a lot|from)\b",
            r"\b(?:can'?t|cannot) get up\b|\bpassed out\b",
            r"\bhit by a (?:car|bus|truck|lorry|van)\b|\bface is drooping\b|\bchoking\b|\boverdose\b|\bfainted\b",
            r"\b(?:isn'?t|not) (?:responding|moving|waking)\b|\bwon'?t wake\b|\bturning blue\b|\bchest pains?\b",
            r"\bin labou?r\b|\bbaby is coming\b|\bwaters? (?:have|has) broken\b|\bnot moving\b",
            r"\btrouble breathing\b|\blips are blue\b",
            r"\bfell (?:from|out of) (?:the |a )?(?:\w+ )?(?:floor |storey )?"
            r"(?:window|balcony|roof|ladder|scaffold\w*)\b",
        ),
        any_of(
            r"\b(?:company|business|firm|employer|market|deal|talks|prices?|economy|scheme|shop|factory|government)\b"
            r"[^.!?]{0,30}\bcollapsed\b",
            r"\bstroke of (?:luck|genius)\b",
        ),
    ),
    Danger(
        "road_hazard",
        URGENT,
        POLICE,
        any_of(
            rf"(?:{_PERSON_ZH}|有人)[^，。！？]{{0,8}}掉(?:进|下|到)?(?:了)?(?:下水道|井里|井下|坑里|沟里|下去)",
            r"已经有[^，。！？]{0,6}掉下去|掉下去了",
            r"(?:桥|桥面|桥墩|高架)[^，。！？]{0,6}(?:塌|断|裂|垮)",
            r"(?:路面|马路|道路)[^，。！？]{0,4}塌陷|塌陷[^，。！？]{0,10}(?:车|人)",
            r"(?:树|广告牌|招牌|水泥板|钢板|石头|石块|玻璃|花盆)[^，。！？]{0,10}(?:砸|压)(?:到|中|了|住|伤)",
            r"差点被(?:火车|车)撞|(?:摩托车|电动车|车|人)[^，。！？]{0,6}(?:摔(?:进|了|伤)|掉进)",
            r"\bfell (?:in|into|down) (?:an? |the )?(?:open |uncovered )?(?:manhole|drain|hole|pit)\b|\bsinkhole\b",
            r"踩空掉|掉进(?:井|坑|洞|沟)|连人(?:带车)?掉|(?:掉下来|掉落)[^，。！？]{0,6}砸(?:了|到|中|伤)",
            r"\bshed (?:its|his|their) load\b|\bcars? (?:are |is )?crashing into\b|\bpile-?up\b",
            r"\b(?:pole|post|tree|mast|crane|sign)\b[^.!?]{0,20}\bfell onto\b",
            r"\bbridge\b[^.!?]{0,20}\b(?:crack\w*|collaps\w*|giving way)\b",
            r"\b(?:tree|slab|sign|billboard|branch|concrete|glass)\b[^.!?]{0,40}\b(?:fell on|hit a|hit an|landed on)\b",
        ),
    ),
    Danger(
        "water",
        HIGH,
        None,
        any_of(
            r"停水|断水|没水|没有水|没有自来水|一滴水都没有|自来水[^，。！？]{0,4}(?:停|断|没)|供水[^，。！？]{0,2}(?:中断|停)",
            r"水龙头[^，。！？]{0,6}(?:没水|不出水|不出|一滴)|水管[^，。！？]{0,4}(?:爆|裂)|爆管|没水(?:吃|喝|用)",
            r"\bno (?:running |tap )?water\b|\bwater (?:is |has been )?(?:cut off|off)\b",
            r"\bburst (?:water )?(?:pipe|main)\b",
            r"\bwithout water\b|\bwater supply\b[^.!?]{0,20}\b(?:cut|off|stopped|interrupted)\b",
        ),
        any_of(r"水费", r"\bwater (?:bill|rate|price|meter)s?\b"),
    ),
    Danger(
        "power",
        HIGH,
        None,
        any_of(
            r"停电|断电|没电|没有电|一片漆黑|供电[^，。！？]{0,2}中断|变压器[^，。！？]{0,4}(?:坏|烧|爆)",
            r"\bno (?:electricity|power)\b|\bpower (?:cut|outage|failure|is out|is off)\b|\bblackout\b",
            r"\belectricity (?:has been |is )?(?:out|off|cut)\b|\blost (?:power|electricity)\b",
        ),
        any_of(
            r"电费",
            r"(?:手机|电动车|电瓶车|电池|电瓶|车|充电宝|电脑|平板)[^，。！？]{0,2}没电",
            r"\b(?:phone|battery|mobile|car|laptop)\b[^.!?]{0,20}\bno power\b",
            r"\bno power to\b",
            r"\belectricity (?:bill|price|rate)s?\b",
        ),
    ),
    Danger(
        "heating",
        HIGH,
        None,
        any_of(
            r"暖气[^，。！？]{0,6}(?:不热|没有?|停|冰凉|凉的|坏|不来|不通|爆)|没(?:有)?暖气|供暖[^，。！？]{0,4}(?:停|没|不)|还没供暖",
            r"冻得|冷得(?:像|跟)|冰窖|radiators? (?:have been |are )?cold|暖气[^，。！？]{0,4}(?:冰的|冰冷|冰凉|凉)",
            r"\bheating\b[^.!?]{0,20}\b(?:failed|broke down|broken down|died)\b",
            r"\bbelow zero\b[^.!?]{0,30}\b(?:heating|heat)\b",
            r"\bradiators? (?:are |is )?(?:stone |ice )?cold\b",
            r"\bno (?:heating|heat)\b|\bheating\b[^.!?]{0,20}\b(?:off|out|broken|not working)\b|\bfreezing\b",
        ),
        any_of(r"暖气费|供暖费", r"\bheating (?:bill|fee|charge)s?\b"),
    ),
    Danger(
        "road_cut",
        HIGH,
        None,
        any_of(
            r"(?:路|公路|桥|进村的路|出村的路)[^，。！？]{0,8}(?:冲断|冲毁|冲垮|堵死|封死|断了|冲没了)|封路|孤岛|进不来出不去",
            r"(?:村|路|雪|水|洪水|塌方)[^，。！？]{0,8}出不去|(?:冲垮|冲毁|冲断|冲走)了?[^，。！？]{0,6}(?:桥|路)|下不了山|封了",
            r"(?:桥|路)[^，。！？]{0,4}(?:冲走|冲垮|冲毁)",
            r"塌方|滑坡|泥石流",
            r"\broad\b[^.!?]{0,20}\b(?:washed away|blocked|closed|cut)\b|\bcut off\b|\blandslide\b",
            r"\b(?:closed|blocked)\b[^.!?]{0,12}\broad\b|\b(?:nobody|no one) can get (?:in|out)\b",
            r"\bcan'?t get (?:in or )?out\b",
            r"\bbridge\b[^.!?]{0,20}\bwashed (?:out|away)\b",
            r"\b(?:rock|land|mud)slide\b[^.!?]{0,20}\b(?:cut|blocked|closed)\b",
        ),
    ),
)
