"""What the Telegram bot says, in Chinese and English, and which of the two a Telegram user reads."""

from __future__ import annotations

from core.texts import Catalogue

TEXTS = Catalogue(
    {
        "greeting": {
            "zh": (
                "您好！这里是{hotline}政务服务便民热线。请直接发送您要反映的问题，可以附上照片、语音、文件或位置。"
                "点击下方“分享我的手机号”，您的短信、电话和 Telegram 记录就会合在一起。发送 /status 查询工单进度。"
            ),
            "en": (
                "Hello! This is the {hotline} citizen hotline. Send us your request; photos, voice notes, documents "
                "and locations are welcome. Tap “Share my phone number” below so your texts, calls and Telegram "
                "messages are kept together. Send /status to check on your cases."
            ),
        },
        "share_phone_button": {"zh": "分享我的手机号", "en": "Share my phone number"},
        "address_linked": {
            "zh": "谢谢！手机号 {address} 已与您的 Telegram 账号关联，您的短信和 Telegram 记录已合在一起。",
            "en": (
                "Thank you! {address} is now linked to your Telegram account; "
                "your texts and messages are kept together."
            ),
        },
        "not_own_phone": {
            "zh": "为保护隐私，我们只能关联您本人的手机号。请点击下方“分享我的手机号”按钮。",
            "en": "For your privacy we can only link your own phone number. Please tap “Share my phone number” below.",
        },
        "address_shared": {
            "zh": "谢谢！{address} 登记为多人共用的号码，为保护他人隐私，您的 Telegram 记录将单独保存。",
            "en": (
                "Thank you. {address} is registered as a shared phone; to protect others we keep your messages apart."
            ),
        },
        "bad_phone": {
            "zh": "抱歉，无法识别这个手机号，暂未关联。",
            "en": "Sorry, we could not read that phone number, so nothing was linked.",
        },
        "group_chat": {
            "zh": "您好！为保护隐私，请私聊本机器人向{hotline}热线反映问题。",
            "en": "Hello! To protect your privacy, please message this bot directly to reach the {hotline} hotline.",
        },
        "file_too_large": {
            "zh": "您发送的文件超过 {limit}，未能保存，请发送较小的文件或用文字说明。",
            "en": "Your file is larger than {limit} and could not be kept; please send a smaller one or describe it.",
        },
    }
)


def language_of(user: dict | None, default: str) -> str:
    """Return 'zh' or 'en' from a Telegram user's app language, or the default when Telegram sends none."""
    code = str((user or {}).get("language_code") or "").lower()
    if not code:
        return default
    return "zh" if code.startswith("zh") else "en"
