"""Spanish and Portuguese phrases for the English cues, so each shares its cue's fitted weight.

The fitted weights (``data/incident_weights.json``) are learned on English posts; a phrase here
counts as the English cue it translates, so "vuelo retrasado" and "voo atrasado" weigh exactly
what "delayed" weighs. Keys are English cues of `lexicon.EN`, values the phrases per language
(same regex dialect as the lexicon).
"""

from __future__ import annotations

__all__ = ["EQUIVALENTS", "TRANSLATIONS"]

#: English cue -> (Spanish phrases, Portuguese phrases).
EQUIVALENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # delay
    r"delay\w*": ((r"retras\w*", r"demora\w*"), (r"atras\w*", r"demora\w*")),
    r"late": ((r"tarde",), (r"tarde",)),
    r"delayed again": ((r"retrasado (?:otra vez|de nuevo)",), (r"atrasado (?:de novo|outra vez)",)),
    r"still waiting": ((r"seguimos esperando", r"sigo esperando"), (r"continuamos esperando", r"ainda esperando")),
    r"been waiting": ((r"llevamos esperando", r"llevo esperando"), (r"estamos esperando há", r"esperando há")),
    r"missed (?:my|our|the) connect\w*": (
        (r"perd\w* (?:mi|la|nuestra) conexión",),
        (r"perd\w* (?:minha|a|nossa) conexão",),
    ),
    r"stranded": ((r"varad\w*", r"atrapad\w* en"), (r"pres[oa]s? (?:no|em)", r"ilhad\w*")),
    r"(?:\d+|an?|one|two|three|four|five|several) ?(?:hours?|hrs?|mins?|minutes) late": (
        (r"(?:horas|minutos) de retraso",),
        (r"(?:horas|minutos) de atraso",),
    ),
    # cancellation
    r"cancel\w*": ((r"cancel\w*", r"suspendid\w*"), (r"cancel\w*", r"suspens\w*")),
    r"rebook\w*": ((r"reprogram\w*", r"reubica\w*"), (r"remarc\w*", r"realoca\w*")),
    # baggage
    r"luggage": ((r"equipaje\w*", r"maletas?", r"valijas?"), (r"bagage\w*", r"malas?")),
    r"lost my (?:bags?|luggage|suitcases?)": (
        (r"(?:perdieron|extraviaron) (?:mi|mis|nuestra|nuestras) (?:maletas?|equipaje|valijas?)",),
        (r"(?:perderam|extraviaram) (?:a|as|minha|minhas|nossa|nossas) (?:malas?|bagage\w*)",),
    ),
    r"(?:lost|missing|damaged|broken|destroyed|delayed|misplaced) (?:my |our |checked |the )?(?:bags?|luggage|baggage|suitcases?)": (
        (
            r"(?:perdieron|perdid\w*|extraviad\w*|dañad\w*|rot\w*) (?:mi |mis |la |las |el |nuestr\w* )?(?:maletas?|equipaje|valijas?)",
        ),
        (
            r"(?:perderam|perdid\w*|extraviad\w*|danificad\w*|quebrad\w*) (?:a |as |minha |minhas |nossa |nossas )?(?:malas?|bagage\w*)",
        ),
    ),
    r"where (?:is|are) (?:my|our) (?:bags?|luggage|suitcases?)": (
        (r"dónde (?:está|están) (?:mi|mis) (?:maletas?|equipaje)",),
        (r"cadê (?:minha|a|as|minhas) (?:malas?|bagage\w*)",),
    ),
    # crew
    r"flight attendants?": (
        (r"azafat\w*", r"sobrecargos?", r"auxiliar(?:es)? de vuelo"),
        (r"comissári\w*", r"aeromoças?"),
    ),
    r"rude\w*": ((r"groser\w*", r"maleducad\w*"), (r"grosseir\w*", r"mal[- ]educad\w*")),
    r"staff": ((r"personal", r"emplead\w*"), (r"funcionári\w*",)),
    r"crew": ((r"tripulación", r"tripulantes?"), (r"tripulação", r"tripulantes?")),
    # queues
    r"lines?": ((r"filas?", r"colas?"), (r"filas?",)),
    r"(?:long|huge|massive|ridiculous|insane|crazy|endless|giant) (?:lines?|queues?|wait)": (
        (r"(?:fila|cola)s? (?:larga|enorme|eterna|interminable|gigante)s?",),
        (r"filas? (?:enorme|gigante|imensa|longa|interminável|quilométrica)s?",),
    ),
    r"in line": ((r"(?:haciendo|hacer|en la) (?:fila|cola)",), (r"(?:na|em|enfrentando) fila",)),
    r"only (?:one|two|three|\d) (?:agent|agents|employee|employees|people|person|rep|reps)": (
        (r"(?:solo|sólo) (?:un|una|dos|tres|\d) (?:agente|agentes|persona|personas|empleado|empleados)",),
        (
            r"(?:só|apenas) (?:um|uma|dois|duas|três|\d) (?:atendente|atendentes|funcionário|funcionários|pessoa|pessoas)",
        ),
    ),
    # customer service
    r"customer service": ((r"servicio al cliente", r"atención al cliente"), (r"atendimento", r"sac")),
    r"on hold": ((r"en espera",), (r"em espera",)),
    r"hung up": ((r"(?:me )?colgaron",), (r"desligaram",)),
    # praise and complaint
    r"thanks?": ((r"gracias",), (r"obrigad\w*", r"valeu")),
    r"thank you": ((r"muchas gracias",), (r"muito obrigad\w*",)),
    r"found (?:my|our) (?:bags?|luggage|suitcases?)": (
        (r"encontraron mi (?:maleta|equipaje)",),
        (r"(?:acharam|encontraram) (?:minha|a) (?:mala|bagagem)",),
    ),
    r"on time": ((r"a tiempo", r"puntual\w*"), (r"no horário", r"pontual\w*")),
    r"worst": ((r"(?:peor|peores)",), (r"pior\w*",)),
    r"terrible": ((r"terrible", r"pésim\w*"), (r"terrível", r"péssim\w*")),
    r"again": ((r"otra vez", r"de nuevo"), (r"de novo", r"outra vez")),
    r"still": ((r"todavía", r"aún"), (r"ainda",)),
}


def _by_language() -> dict[str, dict[str, str]]:
    es: dict[str, str] = {}
    pt: dict[str, str] = {}
    for english, (spanish, portuguese) in EQUIVALENTS.items():
        es.update(dict.fromkeys(spanish, english))
        pt.update(dict.fromkeys(portuguese, english))
    return {"es": es, "pt": pt}


#: Per language: phrase -> the English cue whose weight it takes.
TRANSLATIONS: dict[str, dict[str, str]] = _by_language()
