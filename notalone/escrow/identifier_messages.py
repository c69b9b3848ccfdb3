"""Why an identifier is refused, in words that say what to paste instead.

Each refusal has a key; ``js/escrow/identifier_messages.js`` holds the same English sentences
under the same keys, and the conformance test (``tests/escrow/test_identifier_conformance.py``)
checks that both ports give the same key and the same sentence for every refusal.
"""

from django.utils.translation import gettext, gettext_noop

# The platforms, in the order the filing page's menu and hint list them.
PLATFORM_NAMES = {
    "x": "X",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "linkedin": "LinkedIn",
    "reddit": "Reddit",
    "youtube": "YouTube",
    "snapchat": "Snapchat",
    "github": "GitHub",
    "mastodon": "Mastodon",
}

MESSAGES = {
    "empty": gettext_noop("The identifier is empty."),
    "unknown_character": gettext_noop(
        "The identifier holds a character this site does not know: type it again without it."
    ),
    "unknown_kind": gettext_noop("Choose what kind of identifier this is from the menu."),
    "ambiguous_handle": gettext_noop(
        "A name starting with @ could be on any platform: choose the platform in the menu, or paste the link to the profile."
    ),
    "unrecognised": gettext_noop(
        "This is not an e-mail address, a phone number or a link to a profile. Choose the kind in the menu, or paste the whole address."
    ),
    "email_shape": gettext_noop(
        "An e-mail address looks like name@example.org: one @, with no spaces, quotes or brackets."
    ),
    "email_local": gettext_noop(
        "The part before @ is too long: e-mail addresses have at most 64 bytes before the @."
    ),
    "email_domain": gettext_noop(
        "The part after @ is not a domain name that can receive e-mail (it looks like example.org)."
    ),
    "email_compatibility": gettext_noop(
        "The part before @ holds a character that stands for other letters (such as ſ, ǅ, ﬁ or a full-width letter): type the address again with ordinary letters, exactly as the person writes it."  # noqa: RUF001
    ),
    "phone_characters": gettext_noop(
        "A phone number holds only digits, spaces, brackets, dots, dashes and a + at the start. An extension or a shared office number cannot identify one person: give the person's own mobile number or a profile instead."
    ),
    "phone_country": gettext_noop(
        "Write the number with + and its country code (for example +44 20 7946 0958): without it, the same digits are different people's numbers in different countries."
    ),
    "phone_dialling_prefix": gettext_noop(
        "This number starts with a prefix for calling abroad (such as 00, 001 or 0011), and what follows it depends on the country it was dialled from: 001 32 is Belgium from Hong Kong but the United States from France. Write it with + and the country code instead, for example +32 2 123 45 67."
    ),
    "phone_invalid": gettext_noop(
        "This is not a valid phone number. Write it with its country code, for example +44 20 7946 0958."
    ),
    "not_web_link": gettext_noop("Only web links (https://…) can name a profile."),
    "unknown_site": gettext_noop(
        "Profile links from this site are not recognised. Use one of the platforms in the menu, an e-mail address or a phone number."
    ),
    "wrong_platform": gettext_noop(
        "This link is from {found}, but the menu says {expected}: choose {found} in the menu, or paste a link from {expected}."
    ),
    "share_link": gettext_noop(
        "This is a {platform} share link, not a profile: open it, go to the person's profile and copy that page's address."
    ),
    "post_link": gettext_noop(
        "This is a link to a {platform} post, photo or video, not to a profile: open it, go to the profile of the person who posted it and copy that page's address."
    ),
    "group_link": gettext_noop(
        "This is a link to a {platform} group, page or community, not to a person: open the person's own profile and copy its address."
    ),
    "site_page": gettext_noop(
        "This is one of {platform}'s own pages, not a profile: open the person's profile and copy its address."
    ),
    "redirect_link": gettext_noop(
        "This is a {platform} redirect link: open it and copy the address of the page it leads to."
    ),
    "no_profile": gettext_noop(
        "This {platform} link has no profile in it: open the person's profile and copy its address (it looks like {example})."
    ),
    "beyond_profile": gettext_noop(
        "This links to something on {platform} (a post, a comment, a repository or another page), not to a person: open the profile of the person who wrote it and copy its address (it looks like {example})."
    ),
    "handle_x": gettext_noop("X usernames have 1 to 15 letters (a-z), digits or _."),
    "handle_instagram": gettext_noop(
        "Instagram usernames have 1 to 30 letters (a-z), digits, dots or _."
    ),
    "handle_facebook": gettext_noop(
        "Facebook usernames have 5 to 50 letters (a-z), digits or dots; a profile without one is a profile.php?id= link."
    ),
    "handle_tiktok": gettext_noop(
        "TikTok usernames have 2 to 24 letters (a-z), digits, dots or _."
    ),
    "handle_linkedin": gettext_noop(
        "LinkedIn profile names (after /in/) have 3 to 100 letters (a-z), digits or -."
    ),
    "handle_reddit": gettext_noop("Reddit usernames have 3 to 20 letters (a-z), digits, _ or -."),
    "handle_youtube": gettext_noop(
        "YouTube handles and channel names have 3 to 100 letters (a-z), digits, dots, _ or -."
    ),
    "handle_snapchat": gettext_noop(
        "Snapchat usernames have 3 to 15 letters (a-z), digits, dots, _ or -, and start with a letter."
    ),
    "handle_github": gettext_noop(
        "GitHub usernames have 1 to 39 letters (a-z), digits or -, and do not start with -."
    ),
    "handle_mastodon": gettext_noop(
        "Mastodon addresses look like @name@server.example: the name has 1 to 30 letters (a-z), digits or _."
    ),
    "facebook_id": gettext_noop(
        "This Facebook link does not show which profile it is: open the person's profile and copy its whole address (with a username, or with the profile's number after ?id= or at the end)."
    ),
    "youtube_trailing_period": gettext_noop(
        "This YouTube handle ends with a full stop, and YouTube handles may end with one, so this site cannot tell whether it is part of the name. If it ends your sentence, remove it; if it is part of the handle, paste the channel's address with its id instead (youtube.com/channel/UC…)."
    ),
    "youtube_non_latin": gettext_noop(
        "YouTube handles can be written in other alphabets, but this site compares only handles in letters a-z, digits, dots, _ and -, because letters of different alphabets can look alike. Name the channel by its id instead: choose YouTube in the menu and type channel/ followed by the id (on the channel's page: More about this channel, Share channel, Copy channel ID), or name the person another way."
    ),
    "linkedin_non_latin": gettext_noop(
        "This LinkedIn profile address uses letters outside a-z, which this site cannot yet compare safely, because letters of different alphabets can look alike. Name the person another way: their e-mail address, phone number or another profile."
    ),
    "youtube_channel_id": gettext_noop(
        "A YouTube channel id starts with UC and has 24 letters, digits, - or _."
    ),
}


def message(key: str, params: dict[str, str]) -> str:
    """The sentence for ``key``, translated, with its parameters filled in."""
    names = {name: PLATFORM_NAMES.get(value, value) for name, value in params.items()}
    return gettext(MESSAGES[key]).format(**names)


class InvalidIdentifier(ValueError):
    """The text is not an identifier we can canonicalize.

    ``key`` names the rule (the same keys as the JavaScript port), ``params`` fill in its
    sentence (platform keys such as ``"x"`` are shown by name), and ``str()`` is the sentence.
    """

    def __init__(self, key: str, **params: str) -> None:
        self.key = key
        self.params = params
        super().__init__(message(key, params))
