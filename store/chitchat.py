"""Greetings, thanks and small talk: messages that want a friendly word, not a quote.

A message is small talk when, without punctuation, emoji and polite particles, it is only greeting,
thanks, farewell or a question about the bot itself (`谢谢！`, `你好呀`, `hi there`, `你是谁？`).
"""
from __future__ import annotations

import re

from store.query import sanitize
from store.textnorm import normalize

_PHRASES = (
    "你好|您好|大家好|你们好|哈喽|嗨|喂|早上好|早安|上午好|中午好|下午好|晚上好|晚安|新年好|新年快乐|节日快乐|"
    "谢谢|谢谢你|谢谢您|谢谢大家|多谢|谢了|感谢|感谢你|感谢您|非常感谢|太感谢了|辛苦了|麻烦了|不客气|没关系|"
    "再见|拜拜|回头见|明天见|好的|好|行|可以|收到|明白|知道了|嗯|嗯嗯|哦|噢|哈+|呵+|嘿+|"
    "你是谁|你叫什么|你叫什么名字|你是机器人|你是机器人吗|你会什么|你能做什么|你可以做什么|在吗|在不在|测试|"
    "怎么用|如何使用|怎么使用|怎么问|帮助|你觉得呢|你觉得怎么样|真的吗|是吗|对吗|什么意思|为什么|"
    "请问|你能帮我什么|能帮我做什么|你能帮我做什么|有什么功能|你有什么功能|"
    "hi|hello|hey|yo|thanks|thankyou|thx|ty|ok|okay|bye|goodbye|goodmorning|goodnight|goodevening|"
    "whoareyou|whatcanyoudo|test|howareyou|nicetomeetyou|help|howdoiuseyou|howdoesthiswork"
)
_CHITCHAT = re.compile(
    rf"(?:(?:{_PHRASES})(?:啊|呀|啦|哦|哈|呢|吗|嘛|了|哟|there|all|everyone|bot)*)+"
)


def is_chitchat(message: str) -> bool:
    """True for a message that is only greeting, thanks, farewell or small talk about the bot."""
    text = re.sub("somuch|alot|verymuch", "", normalize(sanitize(message)))
    return bool(text) and _CHITCHAT.fullmatch(text) is not None
