"""Weighted phrases that tell how a post speaks of what it mentions: first hand, relayed, or talk (en/es/pt).

Same dialect and scale as `lexicon` (lower-case regex fragments matching whole words; about 2 means
"this alone settles it", about 1 "suggestive"). Three keys:

- ``FIRST``: the poster is there or it is happening to them ("we're", "my flight", "right now").
- ``RELAY``: the poster passes on what others report now ("RT @x:", "breaking", "reports of",
  "my wife is on the flight", "police say").
- ``TALK``: the post talks about a topic instead of reporting an incident: job ads, policy and fee
  news, company results, strikes called off, rankings, hypotheticals, jokes, films, history, debates.
- ``QUERY``: an inquiry opener ("anyone know", "is flight 2390 cancelled", "¿alguien sabe"); with a
  "?" in the post it asks rather than tells.
"""

from __future__ import annotations

__all__ = ["FIRST", "QUERY", "RELAY", "REPORT_LEXICONS", "TALK"]

FIRST, RELAY, TALK, QUERY = "FIRST", "RELAY", "TALK", "QUERY"

ReportLexicon = dict[str, dict[str, float]]

_KIN_EN = (
    r"(?:wife|husband|mom|mum|mother|dad|father|son|daughter|brother|sister|friend|bf|gf|boyfriend|girlfriend|"
    r"cousin|aunt|uncle|colleague|coworker|co-worker|boss|parents|family|kids?|niece|nephew|grandma|grandpa|fiance|fiancee|"
    r"buddy|bro|mate|roommate|neighbor|neighbour|partner|spouse|teammates?)"
)
_MONTHS_EN = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"

EN: ReportLexicon = {
    QUERY: {
        r"(?:anyone|anybody|does anyone|any one|any1|is anyone|has anyone) (?:know|knows|else|here|on|seen|heard)": 1.0,
        r"(?:is|are|was|were|has|have|did|will|does|do) (?:\w+ ){0,3}(?:cancel\w*|delayed|late|divert\w*|on (?:a )?ground stop|closed|evacuated|on time|leaving|boarding|running)": 1.0,
        r"what(?:'s| is| was) (?:going on|happening|the holdup|up with|wrong)": 1.0,
        r"what (?:happened|happens)": 1.0,
        r"(?:is|was) (?:there|that|this|it) (?:a|an|any|really)": 1.0,
        r"(?:what|where|how|who) (?:do|can|should|would) (?:i|we)": 1.0,
        r"(?:can|should|do) (?:i|we) (?:still|get|make|expect)": 1.0,
        r"how (?:does|do|long|likely|come)": 1.0,
    },
    FIRST: {
        r"(?:i'm|im|i am|we're|we are|i've|ive|we've|i was|we were|i just|we just)": 1.0,
        r"(?:my|our) (?:flight|plane|bags?|luggage|suitcase|seat|connection|gate|pilot|captain|crew|row)": 1.0,
        r"(?:right )?now": 0.5,
        r"(?:here at|here in|at the gate|in the terminal)": 0.5,
        r"(?:stuck|sitting|waiting|trapped|hiding|running)": 0.5,
        r"(?:with|next to|in front of|behind) (?:me|us)": 1.0,
        r"(?:been|sat|sitting|waiting|stuck) (?:at|on|in|for|here) ": 1.0,
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
        r"my "
        + _KIN_EN
        + r" (?:is|was|are|were|just|got|'s) (?:on|at|in|stuck|sitting|texted|called|says|said|told)": 2.5,
        r"my " + _KIN_EN + r"(?:'s)? (?:flight|plane)": 2.0,
        r"my " + _KIN_EN + r"'s (?:been|on|at|in|stuck|sitting|just)": 2.5,
        r"my " + _KIN_EN + r" (?:\w+ ){1,4}(?:says|said|texted|told me|just texted|called me)": 2.5,
        _KIN_EN + r" (?:on|in) (?:the |his |her |their |same |a )*(?:flight|plane|[a-z]{2} ?\d+)": 2.0,
        _KIN_EN + r" (?:says|said|texted|told me|just texted|just called|called)": 2.0,
        r"(?:heard|hearing) from (?:my )?" + _KIN_EN: 2.5,
        r"(?:just )?(?:texted|called|messaged) me": 1.0,
        r"my " + _KIN_EN: 0.5,
        r"(?:urgent|alert|update):": 1.5,
        r"reported (?:on|at|in|near|aboard)": 1.5,
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
        r"(?:rankings?|ranked)": 2.0,
        r"(?:survey|study|awards?)": 1.0,
        r"strike (?:called off|averted|cancelled|canceled|suspended|ended|over)": 3.0,
        r"(?:unions?|negotiat\w*|labor deal|contract talks)": 1.5,
        # hypotheticals, jokes, media, history, debates
        r"what if": 2.0,
        r"imagine": 1.5,
        r"(?:would you|if i ever|if you ever|in case of)": 1.5,
        r"(?:lol|lmao|rofl|haha\w*|jk|just kidding)": 1.0,
        r"(?:movie|movies|film|documentary|episode|series|trailer|novel|video game|netflix|season finale|screenplay|studio|pitch)": 2.0,
        r"(?:fun fact|did you know|til)": 2.0,
        r"(?:anniversary|years ago|remember when|back in (?:19|20)\d\d|in (?:19|20)\d\d|history of)": 2.0,
        r"(?:debate|gun control|politic\w*|congress|senate|legislat\w*|lawmakers?|op-ed|opinion|podcast|article)": 1.5,
        r"(?:airlines|they|you|people) (?:should|need to|must|ought to)": 1.0,
        r"(?:fire|emergency|evacuation|security|safety|active shooter) (?:drills?|exercises?|training|simulation)": 3.0,
        r"(?:offer letter|got hired|got the job|new job|first day as|training starts|become an?|becoming an?)": 2.0,
        r"(?:i've been|i was|i am|i'm|im) an? (?:flight attendant|pilot|fa|gate agent|agent|mechanic|controller|air traffic controller)": 1.5,
        r"\d+ ?%": 1.0,
        r"(?:compared (?:to|with)|than|since|vs\.?) (?:19|20)\d\d": 1.5,
        r"compared (?:to|with)": 1.0,
        r"(?:forecast|statistics|stats|data shows|on the rise|record number)": 1.5,
        r"(?:fines?|penalt\w*)": 1.0,
        r"(?:rules?|regulations?|law|policy|policies) (?:explained|says|say|requires|require)": 2.5,
        r"explained": 1.0,
        r"(?:good|long|short|a) thread": 1.5,
        r"(?:pro tip|tip:|hot take|unpopular opinion|psa:|reminder:)": 2.0,
        r"(?:will|to|threaten\w*|threatens|vote to|voted to|plan to|planning to) strike": 2.5,
        r"strike (?:vote|authorization|threat|planned|set for|deadline)": 2.0,
        r"(?:unions?|workers?|pilots?|crews?|staff|attendants?|mechanics?) (?:\w+ )?(?:will |to |plan to |threaten to |vote to |could )?strike": 2.5,
        r"(?:could|might|may|would) (?:mean|cause|lead to|result in)": 2.0,
        r"(?:raises?|hikes?|increases?|cuts?|lowers?) (?:its |their |the )?(?:fees?|fares?|prices?)": 2.5,
        r"(?:fee|fare|price) (?:hike|increase|cut)s?": 2.0,
        r"new (?:[\w-]+ ){0,2}(?:tracking|feature|features|app|tool|service|option|lounge|terminal|nonstop|route|program|programme|card)s?": 2.0,
        r"(?:tells|told|telling) (?:this |the |a |that )?story": 2.0,
        r"story about": 1.5,
        r"9/11": 1.5,
        r"(?:fantasy (?:football|league|team)|football|soccer|nba|nfl|playoffs?|the game|my team)": 1.5,
        r"(?:call of duty|fortnite|warzone|video games?|gaming|gta|counter-?strike|valorant|minecraft)": 2.0,
        r"(?:open|available) positions?": 2.5,
        r"(?:full|part)[- ]time": 1.5,
        r"(?:new |proposed )?(?:law|bill|rule|regulation) (?:would|will|could)": 2.0,
        r"(?:explains|explainer)": 1.5,
        r"(?:\d+ )?million": 1.0,
        r"if (?:my|our|the|this) (?:flight|plane) (?:gets|is|goes|ever|were)": 2.0,
        r"watch(?:ed|ing) (?:\w+ ){0,2}(?:again|last night|tonight|on tv)": 2.0,
        r"(?:learned|learning|learnt) (?:in|at|about|how|today)": 2.0,
        r"(?:ground|flight) school": 2.0,
        r"(?:best|greatest|worst) (?:\$?\d+ |money |purchase |investment )(?:i )?(?:ever |i've ever |i have ever )?(?:spent|made|bought)": 2.5,
        r"my (?:brain|mind|life|love life|patience|heart|soul|sleep|weekend|motivation|social life|diet) (?:\w+ ){0,2}(?:delayed|cancelled|canceled|lost|diverted|grounded|on hold)": 2.5,
        r"my (?:cat|dog|kitten|puppy|pup|pets?)": 1.5,
        r"(?:rom-?com|musical|sitcom|show on)": 2.0,
        r"(?:tiktok|youtube|instagram|vlog|podcast episode|explaining how|video of|reels?)": 1.5,
        r"(?:is out|just dropped|now available|on sale now)": 1.0,
        r"(?:(?:plans|date|meeting|class|classes|party|concert|game|event|wedding|appointment)s? (?:for (?:the |this )?\w+ )?(?:got |were |was |have been |has been |is |are )?(?:cancelled|canceled|postponed))": 2.5,
        r"drills?": 1.5,
    },
}

_KIN_ES = (
    r"(?:esposa|esposo|mujer|marido|mamá|mama|madre|papá|papa|padre|hijo|hija|hermano|hermana|amigo|amiga|novio|novia|"
    r"primo|prima|tío|tía|jefe|jefa|compañero|compañera|familia|abuela|abuelo|sobrina|sobrino|nieto|nieta|cuñado|cuñada|"
    r"suegra|suegro|pareja)"
)
_MONTHS_ES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"

ES: ReportLexicon = {
    QUERY: {
        r"(?:alguien|alguno|alguna) (?:sabe|sabía|iba|vio|más|que sepa)": 1.0,
        r"(?:saben|sabes|sabe) si": 1.0,
        r"(?:qué|que) (?:pasó|pasa|está pasando|sucede|sucedió|onda con)": 1.0,
        r"(?:está|estará|viene|sale|va|fue|están) (?:\w+ )?(?:cancelad\w*|retrasad\w*|demorad\w*|desviad\w*|cerrad\w*)": 1.0,
        r"(?:dónde|donde|cómo|como|a quién|a quien) (?:hago|puedo|pongo|está|reclamo|me quejo)": 1.0,
        r"(?:por qué|porqué)": 1.0,
        r"¿": 1.0,
    },
    FIRST: {
        r"(?:estoy|estamos|llevo|llevamos|seguimos|sigo|acabo de|acabamos de)": 1.0,
        r"(?:capitán|capitan|piloto|comandante|tripulación) (?:\w+ )?anunci\w*": 1.0,
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
        r"(?:me escribió|me dijo|me avisó|me cuenta|me escribe|me avisa|me dice) que": 1.5,
        r"(?:me escribió|me dijo|me avisó|me cuenta|me escribe|me avisa)": 1.0,
        r"mi " + _KIN_ES: 1.0,
        r"urgente:": 2.0,
    },
    TALK: {
        r"(?:estamos contratando|contratando|buscamos personal)": 3.0,
        r"vacantes?": 2.5,
        r"(?:empleos?|trabajo para|oferta laboral|bolsa de trabajo)": 2.0,
        r"(?:trabaja con nosotros|únete a (?:nuestro|el) equipo|unete a nuestro equipo|postúlate|postulate|convocatoria)": 3.0,
        r"(?:requisitos|envía tu (?:cv|currículum|curriculum)|manda tu cv)": 2.0,
        r"nueva (?:política|politica|norma|normativa|regla|tarifa|ruta|ley|terminal)s?": 2.0,
        r"(?:me aceptaron|me contrataron|primer día como|empiezo el curso|curso de|capacitación|entrenamiento)": 2.0,
        r"(?:multas?|sanciones|sanciona)": 1.5,
        r"(?:anuncian|convocan|amenazan con|amenaza de|aprueban) (?:una )?huelga": 2.5,
        r"huelga para": 2.5,
        r"(?:se )?desconvoca\w* (?:la )?huelga": 3.0,
        r"(?:podría|podrían|puede|pueden) (?:haber|causar|provocar)": 2.0,
        r"(?:suben|bajan|aumentan|aumenta|sube) (?:las |los |la |el )?(?:tarifas?|precios?|cuotas?|cargos?)": 2.5,
        r"(?:consejo|dato curioso|opinión impopular|tip):": 2.0,
        r"(?:ofertas?|promoción|promo)(?: de temporada)?": 1.5,
        r"(?:mis |los |nuestros )?planes (?:\w+ ){0,2}se (?:cancelaron|cancelan|suspendieron)": 2.5,
        r"(?:más|menos) \w+ (?:que|q) (?:un |el |una )?(?:vuelo|avión)": 2.5,
        r"(?:gol|golazo|partido|fútbol|futbol|liga|mundial)": 1.5,
        r"(?:control de armas|porte de armas)": 2.0,
        r"explica\w*": 1.5,
        r"si (?:me|mi|el|nos) (?:\w+ ){0,2}(?:desvían|desvian|cancelan|retrasan|pierden)": 2.0,
        r"(?:política|politica)s?": 1.0,
        r"a partir de(?:l)? (?:\d+|" + _MONTHS_ES + r"|próximo|proximo|mañana|la próxima)": 2.0,
        r"(?:el|la) (?:próximo|proximo|próxima|proxima) (?:semana|mes|año)": 1.0,
        r"anunci\w*": 1.5,
        r"(?:comunicado|boletín|boletin)": 1.5,
        r"(?:ganancias|utilidades|ingresos|acciones|inversionistas|fusión|fusion|resultados)": 2.0,
        r"huelga (?:desconvocada|suspendida|cancelada|levantada)": 3.0,
        r"(?:sindicato|negociaci\w*)": 1.5,
        r"(?:ranking|encuesta|estudio|premio)s?": 2.0,
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
    r"filha|amiga|namorada|prima|tia|chefe|colega|família|familia|avó|avo|sobrinha|cunhada|sogra))"
)
_MONTHS_PT = r"(?:janeiro|fevereiro|março|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)"

PT: ReportLexicon = {
    QUERY: {
        r"(?:alguém|alguem) (?:sabe|viu|tava|estava|mais|aí|ai)": 1.0,
        r"(?:sabem|sabe) se": 1.0,
        r"(?:o que|oq|oque) (?:tá|está|houve|aconteceu|rolou)": 1.0,
        r"(?:tá|está|foi|vai ser|será|estão|tá sendo|está sendo) (?:atrasad\w*|cancelad\w*|desviad\w*|fechad\w*)": 1.0,
        r"(?:onde|como|pra quem) (?:eu )?(?:faço|posso|reclamo)": 1.0,
        r"(?:pq|por que|porque) (?:o|a|os|as)": 1.0,
        r"é verdade": 1.0,
    },
    FIRST: {
        r"(?:estou|estamos|tô|to aqui|tamo|continuamos|acabei de|acabamos de)": 1.0,
        r"(?:comandante|piloto|tripulação|comissári\w*) (?:\w+ )?anunci\w*": 1.0,
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
        r"(?:disse|falou|contou|avisou|diz|mandou mensagem dizendo) que": 1.5,
        _KIN_PT: 1.0,
        r"urgente:": 2.0,
    },
    TALK: {
        r"(?:estamos contratando|contratando)": 3.0,
        r"vagas?": 2.5,
        r"(?:trabalhe conosco|venha fazer parte|processo seletivo|inscrições|inscricoes)": 3.0,
        r"(?:envie (?:seu )?currículo|envie (?:seu )?curriculo|requisitos)": 2.0,
        r"(?:emprego|empregos|oportunidade de trabalho)": 2.0,
        r"nov[oa] (?:política|politica|regra|norma|tarifa|rota|lei|terminal)s?": 2.0,
        r"(?:passei no processo|fui contratad\w*|primeiro dia como|começo o curso|curso de|sonho de)": 2.0,
        r"(?:multas?|sanç\w*)": 1.5,
        r"(?:marca|marcam|anuncia|anunciam|aprovam|ameaça de|ameaçam) greve": 2.5,
        r"greve (?:para|marcada)": 2.5,
        r"(?:pode|podem|poderá|poderão) (?:ter|causar|haver)": 2.0,
        r"(?:aumenta|aumentam|sobe|sobem|reajust\w*) (?:as |a |o |os )?(?:tarifas?|taxas?|preços?)": 2.5,
        r"(?:dica|curiosidade|opinião impopular|opinião):": 2.0,
        r"(?:promoção|promo|oferta)(?: relâmpago)?": 1.5,
        r"(?:meus |os |nossos )?planos (?:\w+ ){0,2}(?:foram |forão )?cancelados": 2.5,
        r"(?:mais|menos) \w+ (?:que|do que) (?:um |o |uma )?(?:voo|avião)": 2.5,
        r"(?:gol|golaço|jogo|futebol|campeonato|chute)": 1.5,
        r"(?:porte de armas|controle de armas|armas de fogo)": 2.0,
        r"projeto de lei": 2.5,
        r"explica\w*": 1.5,
        r"se (?:meu|o|nosso) voo (?:for|fosse|atrasar|cancelar)": 2.0,
        r"(?:suspendem|suspende|suspensa|cancelam|cancelada|encerram) (?:a )?greve": 3.0,
        r"(?:política|politica)s?": 1.0,
        r"a partir de (?:\d+|" + _MONTHS_PT + r"|amanhã|amanha|próxim\w*|proxim\w*)": 2.0,
        r"(?:na|no) (?:próxima|proxima|próximo|proximo) (?:semana|mês|mes|ano)": 1.0,
        r"anunci\w*": 1.5,
        r"(?:comunicado|nota oficial)": 1.5,
        r"(?:lucro|prejuízo|prejuizo|receita|ações|acoes|investidores|fusão|fusao|resultados?)": 2.0,
        r"greve (?:suspensa|cancelada|encerrada|desmarcada|adiada)": 3.0,
        r"(?:sindicato|negociaç\w*|negociac\w*)": 1.5,
        r"(?:ranking|pesquisa|estudo|prêmio|premio)s?": 2.0,
        r"(?:e se|imagina|imagine)": 1.5,
        r"(?:kkk\w*|rsrs\w*|haha\w*)": 1.0,
        r"(?:filme|série|serie|documentário|documentario|episódio|episodio|trailer)": 2.0,
        r"(?:treinamento|exercício simulado|simulação)": 2.0,
        r"(?:marcad|programad|agendad)[oa]s? (?:pra|para)": 1.5,
        r"semana que vem": 1.0,
        r"(?:aniversário|aniversario|há \d+ anos|ha \d+ anos|em (?:19|20)\d\d)": 2.0,
        r"(?:debate|opinião|opiniao|coluna|artigo|lei|congresso|senado)": 1.5,
        r"simulados?": 3.0,
    },
}

REPORT_LEXICONS: dict[str, ReportLexicon] = {"en": EN, "es": ES, "pt": PT}
