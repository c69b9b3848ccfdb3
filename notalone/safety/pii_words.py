"""Word lists for the PII shield's context rules (``pii_context``): words that follow a role
word but are not names, capitalised words after "in" that are not places, and platform names.
Lower case; matched against ``str.casefold()`` of a word."""

from __future__ import annotations

# Words after a role word that are not names.
NOT_A_NAME = {
    "said",
    "told",
    "kept",
    "came",
    "started",
    "tried",
    "made",
    "asked",
    "texted",
    "sent",
    "grabbed",
    "touched",
    "used",
    "got",
    "went",
    "shared",
    "walked",
    "would",
    "did",
    "was",
    "is",
    "has",
    "had",
    "who",
    "that",
    "at",
    "from",
    "and",
    "then",
    "still",
    "never",
    "always",
    "just",
    "also",
    "again",
    "only",
    "even",
    "really",
    "finally",
    "later",
    "now",
    "today",
    "says",
    "tells",
    "keeps",
    "makes",
    "gets",
    "wants",
    "wanted",
    "took",
    "left",
    "called",
    "named",
    "whom",
    "whose",
    "friend",
    "friends",
    "boss",
    "manager",
    "ex",
    "lol",
    "too",
    "followed",
    "laughed",
    "believed",
    "knew",
    "saw",
    "drove",
    "let",
    "put",
    "gave",
}

# Capitalised words after "in" that are not places: months, weekdays, languages, courts, schools.
NOT_A_PLACE = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "english",
    "french",
    "spanish",
    "german",
    "arabic",
    "hindi",
    "italian",
    "portuguese",
    "chinese",
    "japanese",
    "russian",
    "polish",
    "urdu",
    "welsh",
    "irish",
    "dutch",
    "year",
    "room",
    "class",
    "court",
    "god",
    "christ",
    "jesus",
    "heaven",
    "grade",
    "form",
    "reception",
    "parliament",
    "christmas",
    "easter",
    "ramadan",
    "hr",
    "summer",
    "winter",
    "spring",
    "autumn",
    "fall",
    "lockdown",
    "person",
    "public",
    "private",
    "therapy",
    "love",
    "tears",
    "shock",
    "pain",
    "hospital",
    "school",
    "college",
    "university",
    # after the "en" of Spanish and French
    "navidad",
    "semana",
    "pascua",
    "noël",
    "dios",
    "dieu",
}

# Well-known platforms: where someone posted, not who or where they are.
PLATFORMS = {
    "linkedin",
    "facebook",
    "instagram",
    "tiktok",
    "twitter",
    "whatsapp",
    "snapchat",
    "youtube",
    "reddit",
    "tinder",
    "bumble",
    "hinge",
    "grindr",
    "uber",
    "lyft",
    "google",
    "zoom",
    "slack",
    "discord",
    "telegram",
    "gmail",
    "outlook",
    "onlyfans",
    "twitch",
    "pinterest",
    "tumblr",
}

# Common given names (English-speaking, European, South Asian, Arabic, African, East Asian in
# Latin letters). A capitalised one is a person even where no word before it says so, and the
# named-entity model's place or organisation on one becomes a person ("I blocked Marcus",
# "Siobhan" read as a place). Names that are also ordinary English words or places ("Will",
# "Grace", "Hope", "May", "Mark", "Bill", "Rose", "Christian", "Florence", "Austin")
# are left out: those stay with the model and the context rules ("Jordan" stays: after "in",
# "from" or "moved to" it is a place).
FIRST_NAMES = frozenset(
    """
    aaron abby abdul abdullah abigail adam adrian ahmad ahmed aidan aiden aisha alan alana
    alastair alberto aleksandra alex alexa alexander alexis alfie ali alice alicia alina alisha
    alison alistair amanda amara amelia amina amir amit amy ana anand andre andrea andreas
    andrew andy angela angelo anil anita anjali ann anna anne annie anthony anton antonio anya
    arjun arthur arun ashley ashok asif aurelie ayesha azra ben benjamin beth bethany bex
    bilal blessing brad bradley brandon brendan brian bridget brittany bruno bryony caitlin
    callum cameron camille carl carla carlos caroline carmen cassie catherine cathy charlie
    charlotte chidi chinedu chloe chris christina christine christopher ciara claire
    clara colin conor connor craig cristina dan daniel daniela danielle danny darius darren
    dave david declan deepak deepika dennis derek desmond diana diego dimitri
    dominic donna duncan dylan ebony eddie edward elena eleanor eli elif elijah ellie
    emeka emily emma emmanuel enrique eric erin ethan eva evan fabian farah fatima fatma
    federico felix fernando finn fiona francesca francesco freya gareth gary gavin george
    gemma gilles giulia giuseppe gordon graham greg gregory gurpreet hamza hannah
    harriet harvey hassan heather helen henry hiroshi hugo hussein ian ibrahim igor imran
    irene isaac isabel isabella isla ivan jacob jake james jamie jane janet jasmine jason
    javier jayden jeff jennifer jenny jeremy jess jessica jiho jin joanna joao joe joel john
    johnny jonathan jorge jose jordan joseph josh joshua juan julia julian julie justin kamal karen
    karim kasia katie kate katherine kayla keisha keith kelly ken kenji kevin khalid kieran
    kim kirsty kofi kwame kyle laila lakshmi lars laura lauren layla leah lee leila leo leon
    liam lina lindsay lisa lorenzo louis louise lucas lucia lucy luis luka lukas luke lydia
    madeleine magda mahmoud malik manoj marco marcus maria mariam marie marina mario marisol
    martin mary mateo matt matthew maya megan mehmet mei melissa mia michael michelle miguel
    mike mina mira mohammed mohammad mohamed molly monica mustafa nadia naomi nasser natalia
    natalie nathan neha neil nia nicola nicole nikhil nina noah noor nora olivia olu omar
    oscar owen pablo paolo patrick paul paula pedro peter philip pierre pooja priya rachel
    rafael rahul raj rajesh ravi rebecca reza rhys ricardo richard rico rob robert roberto
    rohan ryan sadia sahil sam samantha samir samuel sandra sanjay sara sarah saskia scott
    sean sebastian sergio shanice shauna sian simon siobhan sofia sophie stefan stephen
    steve steven stuart sunil sunita susan tanisha tanya tariq thomas tim timothy tobias tom
    tomasz tommy tony tyler usman valentina vanessa victor vikram vincent wei wojciech
    yasmin yusuf zainab zara zoe zoë
    """.split()  # noqa: SIM905 (a list of 400 names reads better as words)
)

# Given names that are also ordinary lower-case words: a name only when capitalised.
LOWER_CASE_WORDS = {
    "blessing",
    "molly",
    "ebony",
    "jasmine",
    "heather",
    "bruno",
    "rob",
    "max",
    "lee",
    "ken",
    "leo",
    "jin",
    "mei",
    "wei",
    "ana",
    "kim",
}
