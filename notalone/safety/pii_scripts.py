"""Names in Japanese, Hindi and Arabic text, which no spaCy pipeline here reads: only where
a title, an honorific or a role word points at them (``find_pii`` on text mostly not in Latin
script). Built and chosen on ``tests/moderation/evaluation/dev/pii_dev.jsonl``, never on the
held-out set (BENCHMARKS.md, issue 13, sixth pass)."""

from __future__ import annotations

import re

# Japanese: a family name of two or three kanji (or a katakana name)
# before an honorific or a title, the title outside the span ("田中さん", "佐々木部長"); not a
# role ("医者さん", "店員さん").
_JA_NAME = re.compile(
    r"(?<![\u4e00-\u9fff\u3005お御ご])([\u4e00-\u9fff\u3005]{2,3}|[\u30a1-\u30fa\u30fc]{2,8})"
    r"(?=さん|くん|君|ちゃん|様|先生|部長|課長|社長|先輩|氏)"
)
_JA_ROLES = {
    "医者",
    "看護師",
    "店員",
    "運転手",
    "大家",
    "駅員",
    "警察",
    "警官",
    "上司",
    "同僚",
    "先輩",
    "後輩",
    "彼氏",
    "友達",
    "担任",
    "監督",
    "主人",
    "旦那",
    "近所",
    "管理人",
    "お客",
    "皆",
    "部長",
    "課長",
    "社長",
}
_HI_WORD = r"[\u0900-\u0963\u0966-\u097f]+"
# Hindi: a name after a role word or "नाम" (name), or before the honorific "जी".
# After a role word, only a word that a postposition, a particle or the sentence's end follows
# ("मेरे मैनेजर राहुल ने", "उसका नाम सुनीता है"): "मेरे बॉस हर सुबह" (my boss every morning) goes
# on with an ordinary word, and "हर" is no name.
_HI_AFTER_NAME = r"(?=\s*(?:ने|को|से|का|की|के|जी|साहब|ही|भी|है|था|थी|[।,.!?]|$)(?![\u0900-\u097f]))"
_HI_NAME = re.compile(
    rf"(?:मैनेजर|बॉस|दोस्त|टीचर|पड़ोसी|सहकर्मी|चाचा|मामा|भाई|बहन|पति|नाम)\s+({_HI_WORD}){_HI_AFTER_NAME}"
    rf"|({_HI_WORD})\s+जी(?![\u0900-\u097f])"
)
_HI_NOT_NAMES = {
    "ने",
    "को",
    "का",
    "की",
    "के",
    "से",
    "में",
    "है",
    "था",
    "थी",
    "हैं",
    "भी",
    "तो",
    "और",
    "ही",
    "पर",
    "जी",
    "साहब",
    "सर",
    "मैनेजर",
    "बॉस",
    "दोस्त",
    "टीचर",
    "भाई",
    "बहन",
    "मामा",
    "चाचा",
    "पिता",
    "माता",
    "मां",
    "माँ",
    "पापा",
    "दादा",
    "दादी",
    "नाना",
    "नानी",
    "गुरु",
}
# A word with its marks (shadda, harakat, the dagger alif): "يعلّق" is one word, never "يعل".
_AR_WORD = r"[\u0621-\u064a][\u0621-\u065f\u0670]*"
# Arabic: a name after a title or "اسمه/اسمها/اسمي" (his, her, my name); after "my manager",
# "my colleague" and the like, not a word that begins as a verb in the present tense does
# (يـ، تـ، نـ and three letters more: "مديري يعلّق", my manager comments), which Arabic puts
# after its subject as often as a name.
_AR_TITLE = r"الأستاذ|الأستاذة|الدكتور|الدكتورة|السيد|السيدة|اسمه|اسمها|اسمي"
_AR_ROLE = r"مديري|مديرتي|زميلي|زميلتي|جاري|جارتي|صديقي|صديقتي|أستاذي"
_AR_NAME = re.compile(
    rf"(?:(?:{_AR_TITLE})\s+({_AR_WORD}))"
    rf"|(?:(?:{_AR_ROLE})\s+(?![يتن][\u0621-\u064a][\u064b-\u065f\u0670]*[\u0621-\u064a]"
    rf"[\u064b-\u065f\u0670]*[\u0621-\u064a])({_AR_WORD}))"
)
_AR_NOT_NAMES = {
    "كان",
    "كانت",
    "في",
    "من",
    "على",
    "إلى",
    "عن",
    "مع",
    "لا",
    "لم",
    "لن",
    "قد",
    "هو",
    "هي",
    "يرسل",
    "يعمل",
    "قال",
    "قالت",
    "كل",
    "الذي",
    "التي",
    "أن",
    "إن",
    "ثم",
    "لي",
    "لنا",
}


def script_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of names in Japanese, Hindi and Arabic text that a title, an honorific or
    a role word points at (``find_pii`` on text mostly not in Latin script)."""
    found = [m.span(1) for m in _JA_NAME.finditer(text) if m.group(1) not in _JA_ROLES]
    for m in _HI_NAME.finditer(text):
        group = 1 if m.group(1) else 2
        if m.group(group) not in _HI_NOT_NAMES:
            found.append(m.span(group))
    for m in _AR_NAME.finditer(text):
        group = 1 if m.group(1) else 2
        if m.group(group) not in _AR_NOT_NAMES:
            found.append(m.span(group))
    return found
