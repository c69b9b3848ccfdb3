"""Regular expressions for the PII kinds that have a written form (e-mail, web address,
handle, exact date, street address), shared by Presidio's pattern recognisers (models mode)
and the plain fallback. Phone numbers are found by libphonenumber, never by a pattern here.
"""

from __future__ import annotations

import re

# Look-behinds and look-aheads name ASCII characters only: in Japanese, Chinese or Thai text
# an address follows or precedes a letter with no space between.
EMAIL = (
    r"(?<![A-Za-z0-9.+_%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,24}(?![A-Za-z0-9])"
)
# Common top-level domains for addresses written without a scheme ("example.net/forum").
_TLDS = (
    "com|org|net|edu|gov|io|co|uk|fr|de|es|in|au|ca|info|biz|me|ly|app|dev|eu|us|it|nl|be|ch|"
    "ae|sa|eg|ma|jp|mx|ar|br|tv|xyz|site|online|blog|pk|ng|za|ke|ph|id|my|sg|nz|ie|pt|pl|se|no|dk|fi|ru|cn|kr|tw|hk"
)
URL = (
    r"(?:(?i:https?://)[^\s<>\"'()]+[^\s<>\"'().,;:!?]"
    r"|(?<![A-Za-z0-9@.-])(?i:www\.)[^\s<>\"'()]+[^\s<>\"'().,;:!?]"
    rf"|(?<![A-Za-z0-9@.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{_TLDS})\b(?![@-])(?:/[^\s<>\"'()]*[^\s<>\"'().,;:!?])?)"
)
HANDLE = r"(?<![A-Za-z0-9_@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?![A-Za-z0-9_@])"

_EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:the\s+)?)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?:19|20)\d\d)?"
_FR_MONTH = r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)"
_ES_MONTH = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
_HI_MONTH = r"(?:जनवरी|फ़रवरी|फरवरी|मार्च|अप्रैल|अप्रेल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर)"
_AR_MONTH = (
    r"(?:يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
    r"|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول)"
)
_NUM = r"\d"  # Python's \d: digits of every script (Devanagari, Arabic-Indic…)
DATE = (
    r"(?:"
    # Friday 8 December 2023, 14 March 2019, 31 Oct, 23rd of December
    rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?(?i:{_EN_MONTH}){_YEAR}\b"
    # June 2nd, 2020 / Feb 3, 2023 / Friday, March 3
    rf"|\b{_WEEKDAY}(?i:{_EN_MONTH})\s+{_DAY}\b{_YEAR}"
    # 2021-06-05
    r"|\b(?:19|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\b"
    # 9/12/2018, 12.05.2021, 3/14/19
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d\b(?![/.]\d)"
    # on 11/3 (day and month without a year: only after "on", where a score cannot stand)
    r"|(?<=\bon )\d{1,2}/\d{1,2}\b(?!/)"
    # 14 juillet 2020, 1er mai
    rf"|\b\d{{1,2}}(?:er)?\s+(?i:{_FR_MONTH})(?:\s+\d{{4}})?\b"
    # 5 de agosto de 2020
    rf"|\b\d{{1,2}}\s+de\s+(?i:{_ES_MONTH})(?:\s+de\s+\d{{4}})?\b"
    # 12 मार्च 2020 (any digits)
    rf"|{_NUM}{{1,2}}\s+{_HI_MONTH}(?:\s+{_NUM}{{4}})?"
    # 15 مارس 2021, in any digits
    rf"|{_NUM}{{1,2}}\s+{_AR_MONTH}(?:\s+{_NUM}{{4}})?"
    # 2021年4月12日, 4月12日
    rf"|(?:{_NUM}{{4}}年)?{_NUM}{{1,2}}月{_NUM}{{1,2}}日"
    r")"
)
_STREET = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Way|Close|Court|Ct|Place|Pl|"
    r"Boulevard|Blvd|Crescent|Terrace|Square|Sq|Grove|Gardens|Row|Hill|Park|View|Walk|Parade)"
)
# "41 Juniper Lane, Austin, TX" / "Flat 3, 9 Harbour View, Swansea" / "12 rue des Lilas"
ADDRESS = (
    r"\b(?:(?:Flat|Apt\.?|Apartment|Unit)\s+\d+[A-Z]?,\s+)?\d{1,5}[A-Z]?,?\s+"
    rf"(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}\b\.?"
    r"(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?){0,2}(?:,?\s+[A-Z]{2}\b)?"
    r"|\b\d{1,4},?\s+(?i:rue|avenue|boulevard|place|chemin|allée|calle|avenida)\s+"
    r"(?:(?:de|des|du|la|le|del|de la)\s+)?[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)*"
)
# Fallback person cue: an honorific and a capitalised name ("Mr. Haddad", "Dr Alan Pryce").
# The name is the first group (the title stays outside the span).
TITLED_NAME = (
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|PC|Mme|Mlle|M|Sr|Sra|Dra)\.?\s"
    r"([A-Z][a-zà-ÿ'-]+(?:\s+[A-Z][a-zà-ÿ'-]+)?)"
)
NAMED = r"\b(?:named|called|name is|name was)\s([A-Z][a-zà-ÿ'-]+(?:\s+[A-Z][a-zà-ÿ'-]+)?)"

COMPILED = {
    "email": re.compile(EMAIL),
    "url": re.compile(URL),
    "handle": re.compile(HANDLE),
    "date": re.compile(DATE),
    "location": re.compile(ADDRESS),
}
