"""Words that can signal events, and the words that change what they mean.

Tables only; the decisions are made by `triggers`, `status` and `roles`, which
read these tables together with the dependency parse. A word here is a
*candidate*: "strikes" may be air strikes or a labour strike, "fire" may be
gunfire or a dismissal, and the syntax decides.
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


def _cues(
    event_type: str, words: str, mode: str | None = None, strength: float = 0.7
) -> dict[str, Cue]:
    return {w: Cue(event_type, mode, strength) for w in words.split()}


#: Verb lemmas. Ambiguous verbs are listed with a low strength and refined in `triggers`.
VERBS: Final[dict[str, Cue]] = {
    **_cues(
        "ASSAULT",
        "attack assault ambush raid storm clash fight battle overrun invade hit pound target lynch stab",
    ),
    **_cues("ASSAULT", "kill murder slay execute behead wound injure maim"),
    **_cues("ASSAULT", "massacre slaughter", "massacre"),
    **_cues("ASSAULT", "shoot gun", "firearms"),
    **_cues("ASSAULT", "shell bombard", "heavy-weapons"),
    **_cues("ASSAULT", "bomb detonate", "explosives"),
    **_cues("ASSAULT", "assassinate", "assassinate"),
    **_cues("ASSAULT", "kidnap abduct hijack", "abduct"),
    **_cues("ASSAULT", "torture", "torture"),
    **_cues("ASSAULT", "rape", "sexual"),
    **_cues("ASSAULT", "beat", "beat", 0.5),
    **_cues("ASSAULT", "torch burn destroy raze demolish loot", "destroy", 0.55),
    **_cues("ASSAULT", "strike fire capture", None, 0.5),  # refined by context
    **_cues("PROTEST", "protest demonstrate rally picket", "demo"),
    **_cues("PROTEST", "riot", "riot"),
    **_cues("PROTEST", "march", "demo", 0.55),
    **_cues("PROTEST", "boycott", "boycott"),
    **_cues("PROTEST", "block barricade", "obstruct", 0.5),
    **_cues("COERCE", "arrest detain jail imprison", "arrest"),
    **_cues("COERCE", "charge", "arrest", 0.5),
    **_cues("COERCE", "deport", "deport"),
    **_cues("COERCE", "seize confiscate occupy annex", "seize", 0.6),
    **_cues("COERCE", "besiege blockade cordon", "restrict", 0.65),
    # the small model lemmatizes "cordoned" as "cordone"
    **_cues("COERCE", "cordone", "restrict", 0.65),
    **_cues("COERCE", "censor", "censor"),
    **_cues("COERCE", "disperse evict", None, 0.6),
    **_cues("MOBILIZE", "deploy mobilize mobilise dispatch", "troops"),
    **_cues("SANCTION", "sanction outlaw ban blacklist proscribe", "ban"),
    **_cues("SANCTION", "bar", "ban", 0.5),
    **_cues("SANCTION", "convict sentence", "convict"),
    **_cues("SANCTION", "expel", "expel", 0.6),
    **_cues("SANCTION", "suspend sever", "discontinue", 0.5),
    **_cues("THREATEN", "threaten", None),
    **_cues("THREATEN", "warn vow", None, 0.45),
    **_cues("ACCUSE", "accuse blame allege", "allege"),
    **_cues("ACCUSE", "condemn criticize criticise denounce decry slam", "disapprove"),
    **_cues("ACCUSE", "investigate probe", "investigate"),
    **_cues("ACCUSE", "sue", "lawsuit"),
    **_cues("REJECT", "reject refuse veto rebuff dismiss", None),
    **_cues("REJECT", "decline", None, 0.5),
    **_cues("REQUEST", "urge demand appeal request implore", None),
    **_cues("REQUEST", "ask press", None, 0.5),
    **_cues("AGREE", "agree", None, 0.65),
    **_cues("AGREE", "sign", "sign", 0.55),
    # Promises and offers are AGREE in PLOVER ("express intent to cooperate", CAMEO 03):
    # what is promised is embedded and not coded as an event of its own.
    **_cues("AGREE", "promise pledge offer commit", None, 0.6),
    **_cues("CONSULT", "meet negotiate", None),
    **_cues("CONSULT", "visit host", "visit", 0.6),
    **_cues("CONSULT", "mediate broker", "mediate"),
    **_cues("CONSULT", "talk", None, 0.55),
    **_cues("SUPPORT", "praise endorse commend hail welcome", "praise", 0.6),
    **_cues("SUPPORT", "back support", None, 0.5),
    **_cues("SUPPORT", "apologize apologise", "apologize"),
    **_cues("COOPERATE", "cooperate collaborate ally", None, 0.6),
    **_cues("AID", "donate", None, 0.6),
    **_cues("RETREAT", "withdraw retreat evacuate", "withdraw"),
    **_cues("RETREAT", "release free", "release", 0.6),
    **_cues("RETREAT", "surrender disarm demobilize", "disarm"),
    **_cues("RETREAT", "resign", "resign"),
    **_cues("CONCEDE", "concede relent", None, 0.6),
    **_cues("CONCEDE", "ease", None, 0.5),
    **_cues("CONCEDE", "allow permit", None, 0.45),
    **_cues("CONSULT", "telephone phone confer", "phone", 0.6),
    **_cues("CONSULT", "discuss", None, 0.45),
    **_cues("SUPPORT", "defend", "defend", 0.45),
    **_cues("SUPPORT", "forgive", "forgive", 0.6),
    **_cues("COOPERATE", "extradite", "legal", 0.6),
    **_cues("COOPERATE", "share", "intelligence", 0.4),
    **_cues("REJECT", "oppose", None, 0.55),
    **_cues("ACCUSE", "complain", "allege", 0.6),
    **_cues("ACCUSE", "indict", "allege", 0.6),
    **_cues("AID", "grant", None, 0.4),
}

#: Phrasal verbs (lemma, particle): "pulled out", "rounded up", "gunned down".
PHRASAL: Final[dict[tuple[str, str], Cue]] = {
    ("pull", "out"): Cue("RETREAT", "withdraw"),
    ("pull", "back"): Cue("RETREAT", "withdraw"),
    ("step", "down"): Cue("RETREAT", "resign"),
    ("round", "up"): Cue("COERCE", "arrest"),
    ("seal", "off"): Cue("COERCE", "restrict"),
    ("cordon", "off"): Cue("COERCE", "restrict"),
    ("lock", "down"): Cue("COERCE", "restrict", 0.6),
    ("crack", "down"): Cue("COERCE", None),
    ("gun", "down"): Cue("ASSAULT", "firearms"),
    ("blow", "up"): Cue("ASSAULT", "explosives"),
    ("shoot", "down"): Cue("ASSAULT", "firearms"),
    ("open", "fire"): Cue("ASSAULT", "firearms"),
    ("set", "fire"): Cue("ASSAULT", "destroy", 0.65),
    ("lay", "down"): Cue("RETREAT", "disarm", 0.5),
    ("hand", "over"): Cue("RETREAT", "release", 0.5),
    # stopping people's movement is coercion by whoever stops them, never a protest
    ("turn", "back"): Cue("COERCE", "restrict", 0.6),
    ("turn", "away"): Cue("COERCE", "restrict", 0.5),
}

#: Verb + preposition that changes the type: "called for talks", "fired on".
PREPOSITIONAL: Final[dict[tuple[str, str], Cue]] = {
    ("call", "for"): Cue("REQUEST", None),
    ("call", "on"): Cue("REQUEST", None, 0.6),
    ("call", "upon"): Cue("REQUEST", None, 0.6),
    ("fire", "on"): Cue("ASSAULT", "firearms"),
    ("fire", "at"): Cue("ASSAULT", "firearms"),
    ("fire", "into"): Cue("ASSAULT", "firearms"),
    ("break", "into"): Cue("ASSAULT", None, 0.5),
    ("pull", "out"): Cue("RETREAT", "withdraw"),
    ("pull", "back"): Cue("RETREAT", "withdraw"),
    ("take", "part"): Cue("PROTEST", "demo", 0.3),
}

#: Event nouns. Coded only when the syntax says the event took place (see triggers).
NOUNS: Final[dict[str, Cue]] = {
    **_cues(
        "ASSAULT",
        "attack assault offensive raid ambush clash fighting battle skirmish firefight incursion invasion violence",
        None,
    ),
    **_cues("ASSAULT", "shelling bombardment", "heavy-weapons"),
    **_cues("ASSAULT", "airstrike air-strike airstrikes", "aerial"),
    **_cues("ASSAULT", "bombing explosion blast", "explosives"),
    **_cues("ASSAULT", "shooting gunfire", "firearms"),
    **_cues("ASSAULT", "massacre killing murder homicide slaying", None),
    **_cues("ASSAULT", "assassination", "assassinate"),
    **_cues("ASSAULT", "kidnapping abduction", "abduct"),
    **_cues("ASSAULT", "strike", None, 0.5),
    **_cues("PROTEST", "protest demonstration rally march sit-in", "demo"),
    **_cues("PROTEST", "riot unrest", "riot", 0.6),
    **_cues("PROTEST", "boycott walkout", "boycott"),
    **_cues("PROTEST", "blockade", "obstruct", 0.4),
    **_cues("COERCE", "arrest crackdown detention", "arrest", 0.6),
    **_cues("COERCE", "curfew", "curfew"),
    **_cues("MOBILIZE", "alert", "troops", 0.45),
    **_cues("COERCE", "siege", "restrict", 0.6),
    **_cues("COERCE", "checkpoint roadblock cordon", "restrict", 0.5),  # PLACED_EVENTS
    **_cues("COERCE", "closure shutdown lockdown", "restrict", 0.5),
    **_cues("AID", "convoy shipment airdrop airlift", "humanitarian", 0.5),
    **_cues("CONSULT", "talk talks negotiation meeting summit visit", None, 0.6),
    **_cues("CONSULT", "mediation", "mediate", 0.6),
    **_cues("AGREE", "deal agreement accord treaty", "sign", 0.6),
    **_cues("RETREAT", "ceasefire cease-fire truce armistice", "ceasefire", 0.6),
    **_cues("RETREAT", "withdrawal pullout retreat", "withdraw", 0.6),
    **_cues("SANCTION", "sanction embargo", None, 0.6),
    **_cues("REQUEST", "appeal demand", None, 0.4),
    **_cues("THREATEN", "ultimatum threat", "ultimatum", 0.5),
    **_cues("AID", "aid assistance", "humanitarian", 0.5),
    **_cues("ACCUSE", "investigation probe inquiry", "investigate", 0.6),
    **_cues("ACCUSE", "complaint allegation accusation", "allege", 0.5),
    **_cues("CONSULT", "consultation", None, 0.55),
    **_cues("MOBILIZE", "deployment mobilization mobilisation", "troops", 0.6),
}

#: Event nouns that are also places an attack can be aimed at: "set up checkpoints" is
#: a restriction, "attacked the checkpoint" hit a place.
PLACED_EVENTS: Final = frozenset({"checkpoint", "roadblock", "cordon", "barricade"})

#: Verbs whose object or subject noun is an event that they assert took place.
LIGHT_VERBS: Final = frozenset(
    "launch carry conduct stage hold mount begin start resume continue intensify escalate "
    "wage step lead organize organise unleash sign reach declare announce impose agree "
    "conclude broker join observe undertake renew complete speed open lodge file order extend "
    "tighten reimpose maintain erect establish give issue present submit deliver "
    "enforce".split()
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
DENYING: Final = frozenset("deny".split())
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
}

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
    "representative spokesman spokeswoman envoy ambassador".split()
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
