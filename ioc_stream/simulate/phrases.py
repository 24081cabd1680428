"""Post templates in en/es/pt, paraphrasing how passengers really write about incidents (and about nothing).

Placeholders: {f} flight number as written ("flight 1019", "AA1019", "vuelo 1010"), {dest} a city,
{h} hours, {m} minutes. Onboard templates are written from inside the aircraft.
"""

from __future__ import annotations

# category -> lang -> (bystander/ground templates, onboard templates)
INCIDENT: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "DIVERSION": {
        "en": (
            [
                "my sister's {f} just got diverted to {dest}, anyone know why?",
                "{f} diverting to {dest}?? tracking it now",
            ],
            [
                "we're diverting to {dest} on {f}, captain says weather",
                "pilot just announced we are diverting to {dest} {f}",
            ],
        ),
        "es": (
            ["el {f} desviado a {dest}, alguien sabe algo?"],
            ["nos desviaron a {dest} en el {f}", "{f} desviado a {dest}, estamos en el avión sin información"],
        ),
        "pt": (
            ["{f} desviado para {dest}, alguém sabe?"],
            ["nosso {f} foi desviado para {dest}, estamos a bordo sem notícias"],
        ),
    },
    "TARMAC_HOLD": {
        "en": (
            ["friends stuck on the tarmac on {f} for {h} hours"],
            [
                "stuck on the tarmac {h} hours on {f}, no water, no updates",
                "sitting on the runway for {m} minutes on {f}, nobody tells us anything",
            ],
        ),
        "es": ([], ["llevamos {h} horas en la pista en el {f} sin agua"]),
        "pt": ([], ["estamos presos na pista há {h} horas no {f}"]),
    },
    "DELAY": {
        "en": (
            ["{f} delayed again, {h} hours now", "{f} delayed, missed my connection"],
            ["still at the gate on {f}, delayed {m} min and counting"],
        ),
        "es": (
            ["{f} retrasado {h} horas, perdí mi conexión"],
            ["seguimos en la puerta, {f} con retraso de {m} minutos"],
        ),
        "pt": (["{f} atrasado {h} horas, perdi a conexão"], ["ainda no portão, {f} atrasado {m} minutos"]),
    },
    "CANCELLATION": {
        "en": (["{f} cancelled with no explanation, now what", "just got the text, {f} canceled"], []),
        "es": (["cancelaron el {f} sin explicación", "{f} cancelado, nadie nos ayuda"], []),
        "pt": (["{f} cancelado, ninguém explica nada", "voo cancelado, {f}, e agora?"], []),
    },
    "GATE_RETURN": {
        "en": (
            [],
            [
                "we just went back to the gate on {f}, something about a warning light",
                "{f} returning to the gate after pushback",
            ],
        ),
        "es": ([], ["el {f} regresó a la puerta después de salir"]),
        "pt": ([], ["o {f} voltou para o portão depois do pushback"]),
    },
    "MEDICAL": {
        "en": (
            [],
            [
                "medical emergency on {f}, they asked if there's a doctor on board",
                "someone collapsed on {f}, crew working on him",
            ],
        ),
        "es": ([], ["emergencia médica en el {f}, piden un médico a bordo"]),
        "pt": ([], ["emergência médica no {f}, pediram um médico a bordo"]),
    },
    "MECHANICAL": {
        "en": (
            ["{f} has a mechanical issue, waiting on maintenance"],
            ["maintenance just came on board {f}, mechanical problem with the engine"],
        ),
        "es": ([], ["problema mecánico en el {f}, estamos esperando a mantenimiento"]),
        "pt": ([], ["problema mecânico no {f}, esperando a manutenção"]),
    },
    "DISRUPTIVE_PASSENGER": {
        "en": (
            [],
            [
                "they pulled a man off the plane on {f}, he was yelling at the crew",
                "unruly passenger on {f}, police waiting at the gate",
            ],
        ),
        "es": ([], ["bajaron a un pasajero agresivo del {f}"]),
        "pt": ([], ["tiraram um passageiro agressivo do {f}"]),
    },
    "CREW": {
        "en": (["{f} waiting for a crew, pilots timed out"], ["no crew for {f}, we've been sitting here {m} minutes"]),
        "es": (["el {f} no tiene tripulación, esperando"], []),
        "pt": (["o {f} está sem tripulação, aguardando"], []),
    },
    "AIRPORT_QUEUE": {
        "en": (
            [
                "security line at {st} is insane, {m} minutes and barely moved",
                "the check-in line at {st} wraps around the terminal",
            ],
            [],
        ),
        "es": (["la fila de seguridad en {st} es enorme, {m} minutos"], []),
        "pt": (["a fila da segurança em {st} está enorme, {m} minutos"], []),
    },
}

#: Posts that are not incidents: praise, service complaints, prices/times, other carriers.
NOISE: dict[str, list[str]] = {
    "en": [
        "great crew on {f} today, thanks!",
        "love the new lounge at {st}",
        "why is the fare to {dest} $412 now, it was $189 yesterday",
        "on hold with customer service for 45 minutes",
        "boarding at 7:45 for my 8:30 flight, see you {dest}",
        "@Delta flight 1019 delayed again lol",
        "@united ua 930 cancelled, at least it's not us",
        "they lost my bag again, third time this year",
        "can't change my seat online, app keeps crashing",
        "upgraded to first on {f}, best day",
    ],
    "es": [
        "excelente servicio en el {f}, gracias",
        "el precio a {dest} subió a 350 dólares",
        "la aplicación no me deja cambiar el asiento",
        "atendimento ao cliente... perdón, servicio al cliente no contesta",
    ],
    "pt": [
        "ótimo atendimento no {f}, obrigado",
        "a passagem para {dest} está 2.300 reais, absurdo",
        "o aplicativo não deixa marcar assento",
    ],
}

#: How each language writes a flight number (the carrier-less forms are the hard, common ones).
FLIGHT_FORMS: dict[str, list[str]] = {
    "en": ["flight {n}", "AA{n}", "AA {n}", "#AA{n}", "flight AA{n}"],
    "es": ["vuelo {n}", "vuelo AA{n}", "AA{n}"],
    "pt": ["voo {n}", "voo AA{n}", "AA{n}"],
}

#: Posts about a whole station under a ground stop or delay program (no flight named).
STATION_DELAY: dict[str, list[str]] = {
    "en": ["ground stop at {st}, nothing is moving", "every departure at {st} delayed, weather they say"],
    "es": ["todo retrasado en {st}, paralización por clima"],
    "pt": ["tudo atrasado em {st}, aeroporto parado"],
}
