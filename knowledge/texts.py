"""What the self-service bot says, in Chinese and English."""

from __future__ import annotations

from core.texts import Catalogue

TEXTS = Catalogue(
    {
        "answer_sms": {
            "zh": "【{hotline}】{answer}\n回复1表示已解决；需要人工服务请回复0，或致电{hotline}按0。",
            "en": "[{hotline}] {answer}\nReply 1 if this helped; reply 0 (or call {hotline}, press 0) for a person.",
        },
        "answer_voice": {
            "zh": "{answer} 问题已解决请按1，需要人工服务请按0。",
            "en": "{answer} If this helped, press 1; to reach a person, press 0.",
        },
        "answer_chat": {
            "zh": "【{hotline}】{answer}\n\n如仍需人工服务，请点“我仍需要帮助”或回复0。",
            "en": "[{hotline}] {answer}\n\nIf you still need a person, press “I still need help” or reply 0.",
        },
        "helped": {
            "zh": "【{hotline}】感谢您的反馈，很高兴能帮到您。",
            "en": "[{hotline}] Thank you, we are glad it helped.",
        },
        "button_helped": {"zh": "有帮助", "en": "This helped"},
        "button_human": {"zh": "我仍需要帮助", "en": "I still need help"},
    }
)
