"""The essential services whose loss makes a matter high: water, power, heating in the cold, the only road.

Each is a `Danger` of level high with no emergency service to call: a message
saying the taps are dry or the street is dark goes ahead of the queue, but
nobody rings 119 for it. The look-alikes are bills and prices (水费, "water
bill"), a flat phone battery (手机没电) and a traffic jam (堵车).
"""

from __future__ import annotations

from router.dangers import HIGH, Danger, any_of

_WATER = Danger(
    "water",
    HIGH,
    None,
    any_of(
        r"停水|断水|没水|没有水|没有自来水|一滴水|不来水|没来水|水停了|自来水[^，。！？]{0,4}(?:停|断|没|不)|供水[^，。！？]{0,4}(?:中断|停)",
        r"不出水|流不出水|出不来水|打不出水|水龙头干了|没得水|水一直不来|(?:自来水|水)(?:一直)?不来|停了水|断了水|水停了|断供|(?:生活|吃水|饮水|用水)(?:困难|缺水)|缺水|一点水都没|"
        r"没水(?:洗|做|冲|烧)|水龙头[^，。！？]{0,6}(?:没水|不出水|不出|一滴)|水管[^，。！？]{0,4}(?:爆|裂)|爆管|没水(?:吃|喝|用)|水压[^，。！？]{0,6}(?:上不去|"
        r"没水)",
        r"\bno (?:running |tap |drinking )?water\b|\bwater(?:'s| is| has| has been| been)? (?:been )?(?:cut off|off|"
        r"out|cut|gone)\b",
        r"\btaps? (?:are |is |have |has |been |have been )*(?:dry|not working|running dry)\b|\bdry taps?\b",
        r"\b(?:don'?t|do not|haven'?t|have not|got) (?:have |had |got )?(?:any )?(?:running |tap |"
        r"drinking )?water\b|\bwater (?:supply )?(?:is )?not coming\b|\bno water supply\b",
        r"\bwater (?:has |is )?(?:gone|stopped|shut off|outage)\b|\bwater cut\b|\bnothing (?:comes|"
        r"coming) out of the taps?\b|\bno water (?:coming )?(?:from|out of|in) the taps?\b",
        r"\bburst (?:water )?(?:pipe|main)\b|\bmain (?:has )?burst\b|\bwithout (?:running )?water\b",
        r"\bwater supply\b[^.!?]{0,30}\b(?:cut|off|stopped|interrupted|down)\b",
    ),
    any_of(
        r"水费|水价|水表", r"\bwater (?:bill|rate|price|meter|heater)s?\b|\bno water (?:pressure )?(?:bill|charge)\b"
    ),
)

_POWER = Danger(
    "power",
    HIGH,
    None,
    any_of(
        r"停电|断电|没电|没有电|一片漆黑|全黑|黑了|供电[^，。！？]{0,2}中断|变压器[^，。！？]{0,4}(?:坏|烧)|(?:什么|啥)时候(?:能)?来电|还没来电|没来电",
        r"停了电|电停了|断了电|没有电了|电[^，。！？]{0,2}(?:一直)?没来|灯(?:全|都)灭了|黑灯瞎火|漆黑一片|一直跳闸|红绿灯[^，。！？]{0,4}(?:不亮|灭|黑)|"
        r"跳闸[^，。！？]{0,6}(?:整|全|都)",
        r"\bno (?:electricity|power|lights?)\b|\bpower(?:'s| is| has| has been| been)? (?:been )?(?:cut|out|off|"
        r"down|gone)\b|\bpower outage\b",
        r"\bpower (?:cut|outage|failure)\b|\bblackout\b|\bouta?ge\b|\belectricity(?:'s| is| has| has been|"
        r" been)? (?:been )?(?:out|off|cut|gone)\b",
        r"\bno (?:current|supply|light)\b|\bcurrent (?:is )?(?:not (?:there|coming)|gone|cut|off)\b|"
        r"\blights? (?:is |are )?(?:gone|off) (?:since|for)\b",
        r"\b(?:power|electricity|lights?) (?:went|has gone|have gone|is gone) (?:out|off|down)\b|\bwithout (?:power|"
        r"electricity|light)\b|\bload[- ]?shedding\b",
        r"\b(?:grid|power) is down\b|\bpower (?:shut ?down|trip\w*)\b|\bno electric\b",
        r"\blost (?:power|electricity)\b|\b(?:street|block|building|estate|area|village|whole \w+) (?:is |went |"
        r"has gone )?(?:dark|black)\b",
    ),
    any_of(
        r"电费|电价",
        r"(?:手机|电动车|电瓶车|电池|电瓶|车|充电宝|电脑|平板|遥控器|手表)[^，。！？]{0,2}没电",
        r"\b(?:phone|battery|mobile|car|laptop)\b[^.!?]{0,20}\bno power\b",
        r"\bno power to\b|\belectricity (?:bill|price|rate)s?\b|\bpower (?:bill|bank)s?\b",
        r"(?:天|脸|心)黑了|黑了心|拉黑|黑名单|被黑",
    ),
)

_HEATING = Danger(
    "heating",
    HIGH,
    None,
    any_of(
        r"暖气[^，。！？]{0,6}(?:不热|没有?|停|冰凉|凉的|坏|不来|不通|爆|冰的|冰冷|凉)|没(?:有)?暖气|供暖[^，。！？]{0,4}(?:停|没|不)|还没供暖|停暖",
        r"暖气[^，。！？]{0,4}(?:上不来|不够|温度低)|暖气片[^，。！？]{0,4}(?:不热|凉|冰)|锅炉[^，。！？]{0,4}(?:坏|停|爆)|没有供暖|集中供暖[^，。！？]{0,4}(?:停|"
        r"没)|屋里(?:只有|才)[^，。！？]{0,3}度|没来暖气|冻得|冷得(?:像|跟|待不住|受不了|睡不着|发抖)|冰窖|屋里[^，。！？]{0,4}(?:零下|[0-9一二三四五六七八九]度)",
        r"\bheating\b[^.!?]{0,20}\b(?:failed|broke down|broken|died|off|out|not working|gone|stopped|cut)\b|"
        r"\bno (?:heating|heat)\b",
        r"\bradiators? (?:are |is |have been )?(?:stone |ice )?cold\b|\bbelow zero\b[^.!?]{0,30}\b(?:heating|heat)\b",
        r"\b(?:boiler|furnace|heater)\b[^.!?]{0,20}\b(?:broke|broken|died|failed|not working|out|dead|gone)\b",
        r"\bheat (?:is |has been |went |has gone )?(?:off|out|gone|not (?:on|working))\b|\bwithout (?:heat|"
        r"heating)\b|\bradiators? (?:aren'?t|are not|not) working\b",
    ),
    any_of(r"暖气费|供暖费", r"\bheating (?:bill|fee|charge)s?\b"),
)

_ROAD_CUT = Danger(
    "road_cut",
    HIGH,
    None,
    any_of(
        r"(?:路|公路|桥|进村的路|出村的路)[^，。！？]{0,8}(?:冲断|冲毁|冲垮|堵死|封死|断了|冲没了|塌了|垮了)|封路|孤岛|进不来出不去|与外界隔绝",
        r"(?:村|路|桥|雪|水|洪水|塌方|树)[^，。！？]{0,8}(?:出不去|进不去|进不来|过不去)|(?:冲垮|冲毁|冲断|冲走)了?[^，。！？]{0,6}(?:桥|路)|下不了山|大雪封",
        r"路(?:断了|被冲了|被堵了|没了|冲没了)|桥(?:断了|没了|冲走了)|(?:救护车|车|消防车)[^，。！？]{0,4}(?:进不来|开不进来|出不去)|送不出去|过不了河|困在村里|塌方|滑坡|泥石流|"
        r"(?:倒|断)(?:下)?的?(?:大)?树[^，。！？]{0,8}(?:路|挡|过不去)|路上[^，。！？]{0,8}(?:倒下|倒了|断了?)的?(?:大)?树|树倒(?:在|了)[^，。！？]{0,6}路",
        r"\b(?:road|lane|track|bridge|route|way in|way out)\b[^.!?]{0,30}\b(?:washed (?:away|out)|blocked|closed|"
        r"impassable|"
        r"collapsed|gone|under water|cut)\b|\bsnowed in\b|\b(?:isolated|stranded|cut off) (?:since|for)\b",
        r"\b(?:village|hamlet|households?|we|we'?re|we are|families|community|town|"
        r"estate)\b[^.!?]{0,30}\b(?:isolated|stranded|cut off)\b",
        r"\b(?:rock|land|mud)slides?\b|\b(?:closed|blocked|blocking)\b[^.!?]{0,16}\broad\b|\b(?:nobody|"
        r"no one) can get (?:in|out)\b",
        r"\b(?:road|bridge) is (?:out|gone)\b|\b(?:ambulance|fire engine|car|cars|"
        r"vehicles?)\b[^.!?]{0,20}\b(?:can'?t|cannot) (?:reach|get (?:to|in|through))\b",
        r"\b(?:can'?t|cannot) (?:leave|get to) (?:the |our )?(?:village|town|hamlet)\b|\bno (?:road )?access\b|"
        r"\broad\b[^.!?]{0,20}\b(?:flooded|washed)\b",
        r"\bcan'?t (?:get|drive|go) (?:in or )?(?:out|in|through)\b|\bno way (?:in|out)\b|\btrees? (?:down|"
        r"fallen) (?:across|on|blocking)\b",
    ),
    any_of(
        r"(?:道路)?施工[^，。！？]{0,4}封路|封路施工|道路施工|堵车|塞车|拥堵|停车|车位|挡住|堵(?:在|住)?(?:我家)?门口|消防通道",
        r"\btraffic jam\b|\bpark(?:ing|ed)\b|\bdriveway\b|\bfire (?:lane|exit|escape)s?\b",
    ),
)

OUTAGES: tuple[Danger, ...] = (_WATER, _POWER, _HEATING, _ROAD_CUT)
