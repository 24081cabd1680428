"""Weighted phrases that tell how a post speaks of what it mentions: first hand, relayed, or talk (en/es/pt).

Same dialect and scale as `lexicon` (lower-case regex fragments matching whole words; about 2 means
"this alone settles it", about 1 "suggestive"). Three keys:

- ``FIRST``: the poster is there or it is happening to them ("we're", "my flight", "right now").
- ``RELAY``: the poster passes on what others report now ("RT @x:", "breaking", "reports of",
  "my wife is on the flight", "police say").
- ``TALK``: the post talks about a topic instead of reporting an incident: job ads, policy and fee
  news, company results, strikes called off, rankings, hypotheticals, jokes, films, history, debates.
"""

from __future__ import annotations

__all__ = ["FIRST", "RELAY", "REPORT_LEXICONS", "TALK"]

FIRST, RELAY, TALK = "FIRST", "RELAY", "TALK"

ReportLexicon = dict[str, dict[str, float]]

_KIN_EN = (
    r"(?:wife|husband|mom|mum|mother|dad|father|son|daughter|brother|sister|friend|bf|gf|boyfriend|girlfriend|"
    r"cousin|aunt|uncle|colleague|coworker|co-worker|boss|parents|family|kids?|niece|nephew|grandma|grandpa|fiance|fiancee)"
)
_MONTHS_EN = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"

EN: ReportLexicon = {
    FIRST: {
        r"(?:i'm|im|i am|we're|we are|i've|ive|we've|i was|we were|i just|we just)": 1.0,
        r"(?:my|our) (?:flight|plane|bags?|luggage|suitcase|seat|connection|gate|pilot|captain|crew|row)": 1.0,
        r"(?:right )?now": 0.5,
        r"(?:here at|here in|at the gate|in the terminal)": 0.5,
        r"(?:stuck|sitting|waiting|trapped|hiding|running)": 0.5,
        r"(?:with|next to|in front of|behind) (?:me|us)": 1.0,
        r"(?:captain|pilot|they|gate agent|agents?|crew|fa|flight attendant) (?:just )?announc\w*": 1.0,
        r"(?:good|great|nice|terrible|awful|bad|poor|horrible|lousy) job": 0.5,
    },
    RELAY: {
        r"rt @\w+": 2.0,
        r"via @\w+": 1.5,
        r"breaking(?: news)?": 2.0,
        r"just in": 1.5,
        r"developing(?: story)?": 1.5,
        r"happening now": 1.5,
        r"(?:unconfirmed )?reports? (?:of|that)": 2.0,
        r"reportedly": 2.0,
        r"(?:police|officials|authorities|witnesses|passengers|people|sources|airport|faa|tsa) (?:say|said|says|report|reported|confirm|confirmed|are reporting)": 2.0,
        r"according to": 1.5,
        r"my " + _KIN_EN + r" (?:is|was|are|were|just|got|'s) (?:on|at|in|stuck|sitting|texted|called|says|said|told)": 2.5,
        r"my " + _KIN_EN + r"(?:'s)? (?:flight|plane)": 2.0,
        r"(?:she|he|they) (?:says|said|texted|told me|just texted|just called)": 1.0,
        r"(?:live|video|footage|watch|update|alert):": 1.0,
        r"(?:scanner|dispatch)": 1.0,
    },
    TALK: {
        # job ads
        r"(?:we're|we are|now|is|are) hiring": 3.0,
        r"hiring": 2.0,
        r"jobs?": 1.0,
        r"job (?:openings?|fair|offers?|postings?|opportunit\w*)": 2.5,
        r"apply (?:now|today|here|online|at)": 2.5,
        r"careers?": 1.5,
        r"recruit\w*": 2.0,
        r"join (?:our|the) (?:team|crew|family)": 2.5,
        r"vacanc\w*": 2.0,
        r"intern(?:s|ship|ships)?": 1.5,
        r"(?:send|submit) (?:your|a) (?:cv|resume|résumé|application)": 2.5,
        # policy, fees, business news
        r"new (?:policy|policies|rules?|fees?|routes?|service|uniforms?|lounge|livery|app|program)": 2.0,
        r"new (?:\w+ )?(?:bag|baggage|luggage|carry-on|pet|seating|boarding|refund|change) (?:policy|policies|rules?|fees?)": 2.5,
        r"polic(?:y|ies)": 1.0,
        r"(?:will|to) (?:start|begin) (?:charging|offering|flying|requiring)": 2.0,
        r"starting (?:in|on|next|this|" + _MONTHS_EN + r")": 1.0,
        r"(?:next|coming) (?:week|month|year|season|spring|summer|fall|winter)": 1.0,
        r"announc\w*": 1.0,
        r"press release": 2.0,
        r"(?:earnings|profits?|revenue|shares|stocks?|investors?|merger|quarterly|dividend|ipo)": 2.0,
        r"(?:ceo|cfo|executives?)": 1.0,
        r"(?:rankings?|ranked|survey|study|awards?)": 1.0,
        r"strike (?:called off|averted|cancelled|canceled|suspended|ended|over)": 3.0,
        r"(?:unions?|negotiat\w*|labor deal|contract talks)": 1.5,
        # hypotheticals, jokes, media, history, debates
        r"what if": 2.0,
        r"imagine": 1.5,
        r"(?:would you|if i ever|if you ever|in case of)": 1.5,
        r"(?:lol|lmao|rofl|haha\w*|jk|just kidding)": 1.0,
        r"(?:movie|movies|film|documentary|episode|series|trailer|novel|video game|netflix|season finale)": 2.0,
        r"(?:anniversary|years ago|remember when|back in (?:19|20)\d\d|in (?:19|20)\d\d|history of)": 2.0,
        r"(?:debate|gun control|politic\w*|congress|senate|legislat\w*|lawmakers?|op-ed|opinion|podcast|article)": 1.5,
        r"(?:airlines|they|you|people) (?:should|need to|must|ought to)": 1.0,
        r"(?:fire|emergency|evacuation|security|safety|active shooter) (?:drills?|exercises?|training|simulation)": 3.0,
        r"drills?": 1.5,
    },
}

_KIN_ES = (
    r"(?:esposa|esposo|mujer|marido|mamá|mama|madre|papá|papa|padre|hijo|hija|hermano|hermana|amigo|amiga|novio|novia|"
    r"primo|prima|tío|tía|jefe|jefa|compañero|compañera|familia)"
)
_MONTHS_ES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"

ES: ReportLexicon = {
    FIRST: {
        r"(?:estoy|estamos|llevo|llevamos|seguimos|sigo|acabo de|acabamos de)": 1.0,
        r"(?:mi|nuestro|nuestra) (?:vuelo|avión|maleta|maletas|equipaje|asiento|conexión|puerta)": 1.0,
        r"(?:ahora|ahorita|en este momento)": 0.5,
        r"(?:aquí en|aqui en|en la puerta|en la terminal)": 0.5,
        r"(?:atrapados|esperando|escondidos|corriendo|varados)": 0.5,
    },
    RELAY: {
        r"rt @\w+": 2.0,
        r"vía @\w+": 1.5,
        r"via @\w+": 1.5,
        r"última hora": 2.0,
        r"ultima hora": 2.0,
        r"urgente": 1.5,
        r"en vivo": 1.0,
        r"(?:reportan|se reporta|se reportan|informan|reportes de|reportes que)": 2.0,
        r"según (?:testigos|la policía|las autoridades|medios|reportes|pasajeros)": 2.0,
        r"(?:la policía|las autoridades|testigos|pasajeros) (?:dicen|confirman|informan|reportan)": 2.0,
        r"mi " + _KIN_ES + r" (?:está|estaba|va|iba|viaja|me dice|me escribió|dice)": 2.5,
        r"(?:me escribió|me dijo|me avisó|me cuenta)": 1.0,
    },
    TALK: {
        r"(?:estamos contratando|contratando|buscamos personal)": 3.0,
        r"vacantes?": 2.5,
        r"(?:empleos?|trabajo para|oferta laboral|bolsa de trabajo)": 2.0,
        r"(?:trabaja con nosotros|únete a (?:nuestro|el) equipo|unete a nuestro equipo|postúlate|postulate|convocatoria)": 3.0,
        r"(?:requisitos|envía tu (?:cv|currículum|curriculum)|manda tu cv)": 2.0,
        r"nueva (?:política|politica|norma|regla|tarifa|ruta)s?": 2.0,
        r"(?:política|politica)s?": 1.0,
        r"a partir de(?:l)? (?:\d+|" + _MONTHS_ES + r"|próximo|proximo|mañana|la próxima)": 2.0,
        r"(?:el|la) (?:próximo|proximo|próxima|proxima) (?:semana|mes|año)": 1.0,
        r"anunci\w*": 1.5,
        r"(?:comunicado|boletín|boletin)": 1.5,
        r"(?:ganancias|utilidades|ingresos|acciones|inversionistas|fusión|fusion|resultados)": 2.0,
        r"huelga (?:desconvocada|suspendida|cancelada|levantada)": 3.0,
        r"(?:sindicato|negociaci\w*)": 1.5,
        r"(?:ranking|encuesta|estudio|premio)s?": 1.5,
        r"(?:qué pasaría si|que pasaria si|imagina|imagínate|imaginate)": 2.0,
        r"(?:jaja\w*|jeje\w*|xd)": 1.0,
        r"(?:película|pelicula|serie|documental|capítulo|capitulo|tráiler|trailer)": 2.0,
        r"(?:aniversario|hace \d+ años|en (?:19|20)\d\d)": 2.0,
        r"(?:debate|opinión|opinion|columna|artículo|articulo|ley|congreso|senado)": 1.5,
        r"simulacros?": 3.0,
    },
}

_KIN_PT = (
    r"(?:meu (?:marido|pai|irmão|irmao|filho|amigo|namorado|primo|tio|chefe|colega)|minha (?:esposa|mulher|mãe|mae|irmã|irma|"
    r"filha|amiga|namorada|prima|tia|chefe|colega|família|familia))"
)
_MONTHS_PT = r"(?:janeiro|fevereiro|março|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)"

PT: ReportLexicon = {
    FIRST: {
        r"(?:estou|estamos|tô|to aqui|tamo|continuamos|acabei de|acabamos de)": 1.0,
        r"(?:meu|nosso|minha|nossa) (?:voo|vôo|avião|aviao|mala|malas|bagagem|assento|conexão|conexao|portão|portao)": 1.0,
        r"(?:agora|neste momento|nesse momento)": 0.5,
        r"(?:aqui no|aqui em|no portão|no terminal)": 0.5,
        r"(?:presos|esperando|escondidos|correndo|parados)": 0.5,
    },
    RELAY: {
        r"rt @\w+": 2.0,
        r"via @\w+": 1.5,
        r"urgente": 1.5,
        r"última hora": 2.0,
        r"ultima hora": 2.0,
        r"ao vivo": 1.0,
        r"(?:relatos de|há relatos|ha relatos|informações de|segundo relatos)": 2.0,
        r"segundo (?:testemunhas|a polícia|a policia|as autoridades|passageiros|a imprensa)": 2.0,
        r"(?:a polícia|a policia|testemunhas|passageiros) (?:dizem|confirmam|informam|relatam)": 2.0,
        _KIN_PT + r" (?:está|esta|tá|estava|diz|disse|falou|mandou)": 2.5,
        r"(?:me mandou mensagem|me disse|me avisou|me contou)": 1.0,
    },
    TALK: {
        r"(?:estamos contratando|contratando)": 3.0,
        r"vagas?": 2.5,
        r"(?:trabalhe conosco|venha fazer parte|processo seletivo|inscrições|inscricoes)": 3.0,
        r"(?:envie (?:seu )?currículo|envie (?:seu )?curriculo|requisitos)": 2.0,
        r"(?:emprego|empregos|oportunidade de trabalho)": 2.0,
        r"nova (?:política|politica|regra|norma|tarifa|rota)s?": 2.0,
        r"(?:política|politica)s?": 1.0,
        r"a partir de (?:\d+|" + _MONTHS_PT + r"|amanhã|amanha|próxim\w*|proxim\w*)": 2.0,
        r"(?:na|no) (?:próxima|proxima|próximo|proximo) (?:semana|mês|mes|ano)": 1.0,
        r"anunci\w*": 1.5,
        r"(?:comunicado|nota oficial)": 1.5,
        r"(?:lucro|prejuízo|prejuizo|receita|ações|acoes|investidores|fusão|fusao|resultados?)": 2.0,
        r"greve (?:suspensa|cancelada|encerrada|desmarcada|adiada)": 3.0,
        r"(?:sindicato|negociaç\w*|negociac\w*)": 1.5,
        r"(?:ranking|pesquisa|estudo|prêmio|premio)s?": 1.5,
        r"(?:e se|imagina|imagine)": 1.5,
        r"(?:kkk\w*|rsrs\w*|haha\w*)": 1.0,
        r"(?:filme|série|serie|documentário|documentario|episódio|episodio|trailer|novela)": 2.0,
        r"(?:aniversário|aniversario|há \d+ anos|ha \d+ anos|em (?:19|20)\d\d)": 2.0,
        r"(?:debate|opinião|opiniao|coluna|artigo|lei|congresso|senado)": 1.5,
        r"simulados?": 3.0,
    },
}

REPORT_LEXICONS: dict[str, ReportLexicon] = {"en": EN, "es": ES, "pt": PT}
