"""A compact French word list: enough to tell that a hashtag written in one case is made of
several words (« lebonheurestdansle » = le bonheur est dans le) and to propose its CamelCase.

Hand-written: grammatical words, the common words of collectivités' posts, the words of the
default lexicon (lexicon_default) and the names of régions and départements. Folded as
`text.fold` does (lower case, no accents). A word missing here never makes a hashtag fail:
a run of letters is split only when every piece is a known word."""

_GRAMMAR = """
a au aux avec ce ces cet cette chez dans de des du elle elles en entre est et etre il ils je
la le les leur leurs lui ma mais me mes moi mon ne ni nos notre nous on ou par pas plus pour
qui que quoi sa sans se ses son sont sur ta te tes toi ton tous tout toute toutes tu un une
vos votre vous
"""

_COMMON = """
bonheur ensemble vie ville village
"""

WORDS: frozenset[str] = frozenset((_GRAMMAR + _COMMON).split())
