"""Words that change what trigger words mean, and the words of roles and attribution.

The trigger words themselves (which verbs, nouns and phrasal verbs can report
which events) are data: `sitrep/data/coding_rules.tsv`, read by `rulebook`.
Tables only; the decisions are made by `triggers`, `status` and `roles`, which
read these tables together with the dependency parse. A word is a *candidate*:
"strikes" may be air strikes or a labour strike, "fire" may be gunfire or a
dismissal, and the syntax decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Cue:
    """What a trigger word means when the syntax allows it."""

    type: str
    mode: str | None = None
    strength: float = 0.7  # prior that the word marks an event of this type
    cameo: str | None = None  # a CAMEO code instead of the one type and mode map to


#: Event nouns that are also places an attack can be aimed at: "set up checkpoints" is
#: a restriction, "attacked the checkpoint" hit a place.
PLACED_EVENTS: Final = frozenset({"checkpoint", "roadblock", "cordon", "barricade"})

#: Verbs whose object or subject noun is an event that they assert took place.
LIGHT_VERBS: Final = frozenset(
    "launch carry conduct stage hold mount begin start resume continue intensify escalate "
    "wage step lead organize organise unleash sign reach declare announce impose agree "
    "conclude broker join observe undertake renew complete speed open lodge file order extend "
    "tighten reimpose maintain erect establish give issue present submit deliver "
    "enforce lay perpetrate commit".split()
)
#: Nouns that carry an event noun compounded with them: "launched a mediation effort",
#: "survived an assassination attempt", "the shooting death of a boy".
VEHICLE_NOUNS: Final = frozenset(
    "mission effort bid initiative campaign operation drive death attempt".split()
)
#: Nouns that count events in their "of" phrase: "launched a series of attacks".
SERIES_NOUNS: Final = frozenset(
    "series wave spate string round barrage volley flurry number succession list set".split()
)
#: Verb + particle that assert the event noun they carry: "set up checkpoints".
LIGHT_PHRASALS: Final = frozenset({("set", "up"), ("put", "up"), ("carry", "out")})
#: Verbs whose subject noun is an event that they assert took place.
OCCURRENCE_VERBS: Final = frozenset(
    "erupt break occur happen rage continue kill wound injure hit target destroy damage leave "
    "claim rock shake take spread intensify escalate resume begin start flare displace "
    "force drive uproot cross arrive reach enter".split()
)
#: Verbs whose object, or "from" phrase, is an attack their subject lived through
#: ("survived an attack", "emerged unscathed from a dynamite attack"): it took place.
SURVIVING: Final = frozenset("survive escape emerge".split())
#: Prepositions that put an event noun beside a verb ("killed in an air strike").
CIRCUMSTANCE_PREPS: Final = frozenset({"in", "during", "amid", "after", "following", "since"})

# ------------------------------------------------------------------ status

#: Governing verbs and the status they give an event below them.
PLANNING: Final = frozenset(
    "plan intend aim prepare schedule propose expect decide pledge promise seek want hope "
    "consider mull set willing ready prepared determined eager".split()
)
THREATENING: Final = frozenset("threaten warn vow".split())
CANCELLING: Final = frozenset(
    "cancel abandon scrap prevent foil thwart avert postpone suspend halt stop drop "
    "ban forbid prohibit".split()
)
#: Of those, the verbs by which one side stops another's event ("police prevented the
#: march"): their subject is not the event's actor, as in "the union called off the strike".
PREVENTING: Final = frozenset("prevent foil thwart avert ban forbid prohibit block stop".split())
DENYING: Final = frozenset("deny".split())
#: Verbs whose object is an act they take as done, by someone else: "police
#: investigated the shooting", "condemned the attack", "blamed the bombing on the MRTA".
REACTING: Final = frozenset(
    "investigate probe condemn denounce mourn decry blame attribute ascribe".split()
)
#: Words by which someone answers for an act: "claimed responsibility for", "was
#: responsible for", "took credit for".
RESPONSIBILITY: Final = frozenset({"responsibility", "responsible", "credit"})
SPECULATING: Final = frozenset("fear speculate".split())
#: Speech acts that embed what they ask, refuse or promise: the embedded action is
#: not an event of its own (PLOVER codes the request, refusal or threat).
EMBEDDING_TYPES: Final = frozenset({"REQUEST", "REJECT", "THREATEN", "AGREE", "CONSULT", "ACCUSE"})
FUTURE_AUX: Final = frozenset({"will", "shall", "'ll"})
MODAL_AUX: Final = frozenset({"may", "might", "could", "would", "can", "should", "must"})
NEGATIONS: Final = frozenset({"not", "n't", "never", "no"})
PLANNED_MODIFIERS: Final = frozenset(
    {
        "planned",
        "proposed",
        "scheduled",
        "draft",
        "upcoming",
        "possible",
        "potential",
        "expected",
        "announced",
    }
)

# ------------------------------------------------------------------ attribution

SPEECH_VERBS: Final = frozenset(
    "say tell report state add announce claim confirm insist note explain write quote "
    "allege acknowledge admit declare assert reveal testify".split()
)
OUTLET_WORDS: Final = frozenset(
    "agency newspaper paper daily broadcaster television tv radio channel outlet network "
    "website magazine wire press media".split()
)
KNOWN_OUTLETS: Final = frozenset(
    """reuters ap afp xinhua tass ria bbc cnn aljazeera al-jazeera jazeera bernama irna isna
    anadolu yonhap kyodo dpa efe ansa upi sana wafa interfax bloomberg guardian times post
    independent telegraph france24 dw nhk""".split()
)

# ------------------------------------------------------------------ mode cues

#: Words anywhere near an ASSAULT trigger that reveal how force was used.
MODE_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(
        "airstrike warplane jet helicopter drone aircraft bomber airforce air".split(), "aerial"
    ),
    **dict.fromkeys(
        "artillery mortar rocket shell shelling tank missile howitzer".split(), "heavy-weapons"
    ),
    **dict.fromkeys("gunman gunfire rifle pistol sniper gun shooting bullet".split(), "firearms"),
    **dict.fromkeys(
        "bomb ied explosive explosion blast landmine grenade dynamite detonator".split(),
        "explosives",
    ),
    "suicide": "suicide-attack",
    "sexually": "sexual",  # "sexually abused", "sexually assaulted"
    "sexual": "sexual",  # "sexual violence"
}

#: Nouns that measure or hold what a verb is really done to: "sent 25,000 tons of
#: food", "lifted a state of emergency".
MEASURE_NOUNS: Final = frozenset(
    "state ton tonne kilogram kg pound litre liter barrel shipment consignment batch "
    "amount quantity load cargo package".split()
)

#: Objects that show a verb like "capture" or "seize" took territory, not people.
TERRITORY_WORDS: Final = frozenset(
    "town city village area district territory region base airport airfield border "
    "crossing hill road bridge port province capital neighbourhood neighborhood camp".split()
)
PEOPLE_WORDS: Final = frozenset(
    "people person fighter militant soldier civilian rebel hostage prisoner man woman child "
    "worker member officer troop insurgent guerrilla commander leader student".split()
)
#: Subjects that make "blocked" or "dispersed" an act of authority, not protest.
AUTHORITY_WORDS: Final = frozenset(
    "police army troop soldier force authority government military gendarme officer "
    "regime guard".split()
)
LABOUR_WORDS: Final = frozenset(
    "worker union employee teacher doctor nurse miner driver staff labour labor general hunger".split()
)

#: Nouns that name a party an event can be done to: institutions, groups and
#: people, as against things ("lifted the ban", "offered concessions").
PARTY_NOUNS: Final = frozenset(
    "government ministry administration cabinet parliament assembly congress senate council "
    "court tribunal party opposition coalition union group movement organization organisation "
    "agency alliance bloc faction militia rebel army navy force troop police authority regime "
    "embassy delegation commission committee league state country nation community people "
    "population refugee civilian protester demonstrator supporter official diplomat envoy "
    "minister president premier king leader inspector peacekeeper observer mission "
    "contingent unit battalion brigade division junta ally neighbour neighbor partner "
    "company firm bank newspaper station network media journalist reporter activist "
    "student worker farmer villager resident settler tribe clan family mediator negotiator "
    "representative spokesman spokeswoman envoy ambassador governor prosecutor chairman "
    "chairwoman chancellor secretary general colonel captain lieutenant emir sheikh imam "
    "cleric bishop archbishop ruler".split()
)

#: Pronouns that refer to an actor named elsewhere; not "we", "I" or "you" (the
#: speaker and the addressee), which a quotation's speaker resolves.
REFERRING_PRONOUNS: Final = frozenset("he him his she her they them their it its".split())

#: Singular nouns that name one person.
PERSON_NOUNS: Final = frozenset(
    "man woman boy girl teen teenager child baby toddler officer soldier policeman "
    "policewoman student driver resident civilian father mother son daughter brother sister "
    "husband wife victim suspect person individual worker journalist farmer shopkeeper "
    "guard priest leader commander mayor judge lawyer activist doctor nurse teacher pastor "
    "motorist pedestrian passenger youth gunman friend roommate neighbor neighbour "
    "boyfriend girlfriend fiance fiancee cousin uncle aunt nephew niece grandfather "
    "grandmother grandson granddaughter stepfather stepson infant kid hunter bystander "
    "clerk cashier customer employee homeowner tenant deputy trooper sergeant cop "
    "shooter robber inmate patient relative juvenile mom dad stepmother stepdaughter "
    "partner spouse owner manager senior junior sophomore freshman official minister "
    "councilman councilwoman".split()
)
