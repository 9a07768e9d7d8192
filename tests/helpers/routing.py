"""Small labelled samples the routing tests train on: SAMPLE for a small catalogue of its own (SPECS), and EXAMPLES
for the shipped catalogue, with a model trained on them installed (`install_small_model`)."""

from __future__ import annotations

import csv
from pathlib import Path

from router.model import classifier as routing_model
from router.model import features, published
from staff.catalogue import DepartmentSpec

SPECS = [
    DepartmentSpec("triage", "综合受理", "Triage", (), True),
    DepartmentSpec("water", "供水服务", "Water Services", ("水表",), False, rules=("停水通知",)),
    DepartmentSpec("schools", "教育文体", "Schools", ("学校",), False),
    DepartmentSpec("transport", "交通运输", "Transport", (), False),
]

SAMPLE = {
    "供水服务": [
        "自来水发黄，还有一股异味，不敢喝",
        "楼上水压太低，自来水根本上不去",
        "街口的自来水管破裂，漏了一整天",
        "自来水公司的收费标准是什么",
        "The tap water is brown and smells of rust",
        "Water pressure upstairs is too low to shower",
        "The water main on our street keeps leaking",
        "Who do I ask about the water company's charges?",
    ],
    "教育文体": [
        "孩子入学学位不够，只能去很远的学校",
        "老师体罚学生，孩子不敢去上学",
        "学校食堂的饭菜太差，学生吃不饱",
        "幼儿园乱收费，家长意见很大",
        "The school canteen food is cold and the pupils go hungry",
        "A teacher punished my son in front of the class",
        "There are not enough school places for the children in our village",
        "Pupils get far too much homework at the primary school",
    ],
    "交通运输": [
        "公交车经常不按时到站，等一个小时",
        "出租车司机拒载，还乱收费",
        "客运站的班车突然取消了，乘客滞留",
        "地铁站出口被关闭，乘客绕很远的路",
        "The bus never comes on time on route 12",
        "The taxi driver refused to take us to the station",
        "The coach to the county town was cancelled without notice",
        "Passengers wait an hour for the bus every morning",
    ],
}

CONFIDENT_TRANSPORT = "公交车司机不按时发车，乘客在车站等了一个小时"
OFF_TOPIC = "我家的猫最近不爱吃饭，是不是生病了"


def write_csv(path: Path, rows: dict[str, list[str]] | None = None, label_column: str = "department") -> Path:
    """Write the sample (or other rows) as a labelled CSV file."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", label_column])
        for department, texts in (rows or SAMPLE).items():
            for text in texts:
                writer.writerow([text, department])
    return path


# For the shipped catalogue: three departments, and a message the model trained on them is unsure of.
URBAN, TRANSPORT, SCHOOLS = "urban_rural_construction", "transport", "education_culture_sport"
EXAMPLES = {
    URBAN: ["村里的路灯坏了", "小区门口的道路坑洼不平", "路灯一到晚上就不亮", "巷子里的下水道堵了"],
    TRANSPORT: ["公交车不按时到站", "出租车司机拒载", "客运班车突然取消", "公交站台被占用"],
    SCHOOLS: ["学校食堂饭菜太差", "幼儿园乱收费", "孩子入学没有学位", "老师体罚学生"],
}
UNSURE = "村口的路灯坏了，公交站也黑乎乎的"  # street lights and a bus stop: the small model cannot be sure


def install_small_model(runtime) -> None:
    """Train a model on EXAMPLES and put it where the router of this runtime looks for one."""
    documents = [features.document(t) for texts in EXAMPLES.values() for t in texts]
    labels = [code for code, texts in EXAMPLES.items() for _ in texts]
    published.publish(runtime, routing_model.train(documents, labels), "test")
