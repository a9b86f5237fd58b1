/**
 * Community-support cues per language: the words people use in a brand's comments and DMs when something
 * went wrong, when they ask for something, or when they are pleased. General sentiment lexicons score most
 * of them as neutral ("I want a refund", "still waiting", "zweimal abgebucht"), so they are weighted on top
 * of the lexicon. Every cue is matched against folded text: lower-case, accents stripped for the Latin
 * scripts (people type "rueckerstattung", "reembolso" and "remboursé" with or without them), substring match,
 * so a stem like "decepcion" covers its inflections.
 */
import type { RatedLanguage } from './language'

export interface LanguageCues {
  /** A problem with the product, the order or the service. */
  complaint: readonly string[]
  /** Praise and thanks. */
  praise: readonly string[]
  /** Asking the brand to do something ("please send", "I need", "call me back"). */
  request: readonly string[]
  /** How a question starts when people leave out the question mark. */
  questionStart: RegExp
  /** Praise words opening a complaint read as sarcasm ("Great, another update that breaks…"). */
  sarcasm: RegExp
  /** A praise cue after one of these reads the other way ("not impressed"). */
  negatedPraise: RegExp
}

const en: LanguageCues = {
  complaint: [
    'refund', 'broke', 'broken', 'never arrived', 'not arrived', "hasn't arrived", 'still waiting', 'still not', 'still haven', 'still no ',
    "doesn't work", "don't work", 'not working', 'stopped working', "won't connect", "won't accept", "won't charge", 'wont charge', "won't tighten",
    "can't log in", 'crash', 'bug', 'defect', 'outage', 'down again', 'leak', 'damaged', 'missing', 'lost my', 'wrong', 'overcharged',
    'charged twice', 'charged me twice', 'scam', 'rip off', 'ripoff', 'waste', 'useless', 'unusable', 'unacceptable', 'not acceptable', 'disappoint',
    'regret', 'furious', 'ghosted', 'no reply', 'zero replies', 'nobody answers', 'nobody is helping', 'never answers', 'no response', 'no update',
    'on hold', 'hung up', 'cancelled my', 'suspended', 'recall', 'sending it back', 'avoid', 'never again', 'never buying', 'done with',
    'switching to', 'let me down', 'rubbish', 'junk', 'garbage', 'joke', 'hard pass', 'not impressed', 'not okay', 'not ok', 'overpriced',
    'underwhelming', 'worse', 'worst', 'terrible', 'awful', 'horrible', 'ruined', 'melted', 'overheat', 'exploded', 'rash', 'uncomfortable',
    'squeak', 'grinding', 'chipping', 'cracked', 'snapped', 'sheared', 'stuck', 'bricked', 'wiped', 'gone after', 'deleted all', 'forgetting',
    'slow', 'ugly', 'rude', 'cold and', 'gave up', 'endless loading', 'spins forever', 'dead pixel', 'discontinued', 'hates it', 'why do i even',
    'i bother', 'zero stars', 'downhill', 'ads', 'spam since', 'sold my', 'keeps me up', 'still says', 'logged me out', 'no notice', 'annoying',
    'doubled', 'halved', 'not worth', 'expected way more', 'hair in', 'restocking fee', 'dies', 'died', 'dead in', 'falls off', 'fell off',
    'came loose', 'let water in', 'peeling', 'flat and', 'punctures', 'rattles', 'flickers', 'cuts out', 'late and', 'week late', 'days later',
    'errors out', 'rejected', 'closed my ticket', 'pushed back', 'scary', 'safety issue', 'not normal', "isn't normal", 'is that normal',
    'heavier than', 'blinks red', 'without the charger', 'scratched', 'in the rain outside', 'want that fee back', 'not a great look',
    'fourth date', 'third charger', 'kept my deposit', 'too narrow', 'fifty-two', 'disappointed',
  ],
  praise: [
    'thank', 'thanks', 'love', 'great', 'amazing', 'awesome', 'brilliant', 'fantastic', 'excellent', 'superb', 'rock', 'kudos', 'impressed',
    'recommend', 'worth', 'perfect', 'happy', 'glad', 'best', 'favourite', 'favorite', 'cute', 'gorgeous', 'lovely', '10/10', 'five stars',
    'six stars', 'take my money', 'game changer', 'magic', 'appreciate', 'thrilled', 'obsessed', 'beautiful', 'nailed', 'solid', 'finally a brand',
    'made my day', 'made my morning', 'pretty cool', 'respect', 'helpful', 'exceeded', 'adore', 'flawless', 'comfy', 'smoother', 'nice work',
  ],
  request: [
    'please', 'pls', 'plz', 'help me', 'call me', 'contact me', 'dm me', 'respond', 'reply', 'fix this', 'reversed', 'make it right', 'what now',
    'who do i contact', 'who can i talk to', 'can you', 'could you', 'can someone', 'do you', 'are you', 'is anyone', 'any update', 'any fix',
    'known bug', 'known defect', 'what are you going to do', 'i need', 'need a copy', "i'd like", 'i would like', 'let me know', 'send me',
    'cancel my', 'change the delivery', 'look into it', 'want a refund', 'want my money', 'want that fee back', 'where is it', 'where is my',
  ],
  questionStart:
    /^(how|what|when|where|why|which|who|is|are|do|does|did|can|any|anyone|is there|quick question|quick one)\b/,
  sarcasm:
    /^(great|oh great|wonderful|oh wonderful|fantastic|oh brilliant|brilliant|perfect|wow|sure|yeah|nice|love how|so glad|thanks for nothing|nothing says)\b|thanks a lot\.?$|love that for me|exactly what i (wanted|needed)|what i needed today|no problem at all|classic \w+|really\.?$|\bgreat\.?$|so little time|only took you|impressive\.?$|record speed|very reassuring|great job guys/,
  negatedPraise: /\b(not|never|no|nothing|hardly|isn't|wasn't)\s+(\w+\s+)?(great|good|impressed|worth|happy|perfect|okay|ok)\b/,
}

const es: LanguageCues = {
  complaint: [
    'roto', 'rota', 'rayad', 'reembolso', 'devolved', 'devuelto el dinero', 'devolver el dinero', 'cobrado dos veces', 'todavia no', 'sigo sin',
    'sigue sin', 'sin respuesta', 'nadie responde', 'nadie contesta', 'nadie me ha contestado', 'no contestan', 'no funciona', 'dejo de funcionar',
    'no carga', 'no conecta', 'no arranca', 'no ha llegado', 'no venia', 'no se puede', 'fatal', 'harto', 'harta', 'horrible', 'pesim',
    'decepcion', 'colgo', 'increible.', 'vergonzoso', 'verguenza', 'inaceptable', 'enganio', 'engano', 'timo', 'estafa', 'nunca mas', 'desastre',
    'destrozad', 'defecto', 'chirria', 'quemado', 'exijo', 'error', 'holgura', 'muy mal', 'cancelaron', 'oxido', 'molest', 'esperando',
    'espera con', 'incidencia', 'equivocado', 'descentrad', 'incomod', 'me duele', 'se cayo', 'parada', 'pesa mucho', 'urgente', 'no sirve',
    'gracias por nada', 'se rompe', 'se rompio', 'partio', 'cobren', 'subido el precio', 'respuestas distintas', 'nadie sabe', 'menudo invento',
  ],
  praise: [
    'gracias', 'encanta', 'encantad', 'excelente', 'mejor', 'genial', 'pasada', 'comod', 'recomendable', 'recomiendo', 'precios', 'maravilla',
    'feliz', 'felices', 'top', 'enhorabuena', 'brutal', 'increible lo', 'espectacular', 'repetiria', 'bonita', 'ilusion', 'agradezco', 'un encanto',
    'me ha cambiado', 'muy seguro', 'ni un problema', 'sin problemas',
  ],
  request: [
    'por favor', 'podeis', 'podriais', 'me podeis', 'necesito', 'me gustaria', 'quisiera', 'quiero', 'enviadme', 'avisarme', 'avisadme',
    'os escribo', 'llamadme', 'me llamais', 'ayudadme', 'me ayuda', 'solucion', 'cambiar la direccion', 'cancelar mi',
  ],
  questionStart: /^(como|cuanto|cuantos|cuando|donde|que|cual|por que|hay|teneis|tienen|se puede|alguien|hola,? (que|como|cuanto))\b/,
  sarcasm: /^(genial|que maravilla|perfecto|estupendo|fantastico|muchas gracias por nada)\b|gracias por nada|enhorabuena\.?$/,
  negatedPraise: /\bno\s+(es\s+|esta\s+|me\s+)?(bueno|buena|recomendable|gusta|encanta)\b/,
}

const de: LanguageCues = {
  complaint: [
    'kaputt', 'riss', 'geld zuruck', 'ruckerstattung', 'ruckerstattung', 'zweimal abgebucht', 'doppelt abgebucht', 'niemand hilft', 'aufgelegt',
    'abgebrochen', 'enttausch', 'warte seit', 'warten seit', 'stuerzt', 'sturzt', 'absturz', 'nichts angekommen', 'nicht angekommen',
    'keine 25', 'quietsch', 'warteschleife', 'schlecht', 'verschoben', 'fehler', 'dringend', 'springt', 'nervig', 'nichts passiert',
    'geht nicht', 'gehts nicht', 'funktioniert nicht', 'verrostet', 'sauer', 'katastrophe', 'tut alles weh', 'falsche', 'keine antwort',
    'hallo??', 'acht', 'darf nicht', 'frechheit', 'komische', 'ruckelt', 'beunruhig', 'storniert ohne', 'fassungslos', 'verliert', 'nutzlos',
    'danke fur nichts', 'werkstatt', 'verklemmt', 'nie wieder', 'nicht dabei', 'schwerer als', 'verschiedene antworten', 'steht nur rum',
    'inakzeptabel', 'abgefallen', 'mist', 'keiner meldet', 'warte seit', 'lampe blinkt', 'blinkt rot', 'was soll das', 'argerlich', 'unfassbar',
    'problem', 'wo bleibt', 'garantiefall',
  ],
  praise: [
    'danke', 'super', 'toll', 'klasse', 'begeistert', 'empfehl', 'hammer', 'top', 'genial', 'lieben', 'liebe', 'wunderschon', 'beste',
    'freu', 'freundlich', 'wie am ersten tag', 'macht weiter so', 'perfekt', 'schon', 'verbessert', 'qualitat',
  ],
  request: [
    'bitte', 'ich mochte', 'ich wurde gern', 'ich brauche', 'brauche', 'konnt ihr', 'konnen sie', 'schickt mir', 'meldet euch', 'schreibt mir',
    'ruckruf', 'helft mir', 'brauche hilfe', 'was tun', 'storniert meine', 'andern',
  ],
  questionStart: /^(wie|was|wann|wo|warum|wieso|welche|welcher|welches|gibt es|kann|konnt|kommt|ist|hat jemand|darf|liefert|passt)\b/,
  sarcasm: /^(super|toll|na klasse|klasse|prima|na toll|wunderbar|genial)\b.*(wieder|nach|nur|erst|schon)|danke fur nichts|respekt\W*$/,
  negatedPraise: /\b(nicht|kein|keine)\s+(so\s+|sehr\s+)?(gut|toll|super|zufrieden|empfehlenswert)\b/,
}

const fr: LanguageCues = {
  complaint: [
    'fissur', 'rembours', 'debite deux fois', 'personne ne', 'raccroche', 'a casse', 'cass', 'decu', 'decue', 'depuis deux semaines',
    'ne fonctionne plus', 'ne marche plus', 'plante', 'inutilisable', 'rien recu', 'honteux', 'grincent', 'refuse', 'service client nul', 'nul',
    'marre', 'erreur', "besoin d'aide", 'saute', 'penible', 'toujours rien', 'toujours pas', 'rouill', 'mediocre', 'furieux', 'furieuse',
    'horreur', "j'ai mal", 'mauvaise', 'aucune reponse', 'voile', 'pas serieux', 'scandaleux', 'bizarre', 'a-coups', 'inquietant', 'annulee sans',
    'degoute', 'merci pour rien', 'exactement ce que je voulais', 'quelle efficacite', 'plus jamais', "n'etait pas", "n'y etait pas",
    'plus lourd', 'reponses differentes', 'immobilise', 'inadmissible', "n'importe quoi", 'personne ne repond', 'clignote', 'delire', 'deja mort',
    'probleme', 'en panne', 'tombe', 'inacceptable', 'retard', 'attente',
  ],
  praise: [
    'merci', "j'adore", 'adore', 'meilleur', 'super', 'genial', 'excellent', 'recommande', 'magnifique', 'ravi', 'impeccable', 'bravo', 'top',
    'beau', 'belle', 'jolie', 'confortable', 'content', 'adorable', 'aucun souci', 'change mon quotidien', 'en securite', 'honnete',
    'continuez', 'amelior',
  ],
  request: [
    "s'il vous plait", 'svp', 'merci de', 'pouvez-vous', 'pourriez-vous', 'je voudrais', 'je souhaite', 'je veux', "j'ai besoin", 'besoin de',
    'envoyer', 'rappeler', 'prevenez-moi', 'changer', 'annuler',
  ],
  questionStart: /^(comment|combien|quand|ou|pourquoi|quel|quelle|quels|quelles|est-ce|est-il|y a-t-il|je peux|on peut|peut-on|quelqu'un)\b/,
  sarcasm: /^(genial|super|bravo|parfait|merveilleux|top)\b.*(encore|pour rien|semaines|fois)|merci pour rien|quelle efficacite/,
  negatedPraise: /\b(pas|jamais)\s+(tres\s+|si\s+)?(bien|bon|bonne|content|satisfait|terrible)\b/,
}

const pt: LanguageCues = {
  complaint: [
    'nao segura', 'cobrado duas vezes', 'ninguem', 'desligou', 'partiu', 'pessim', 'nao chegou', 'cade', 'nao conecta', 'nao recebi', 'torto',
    'inaceitavel', 'reembolso', 'barulho', 'nao resolve', 'erro', 'preciso de ajuda', 'cancelaram', 'absurdo', 'queimado', 'medo', 'errada',
    'nada de resposta', 'desconfortavel', 'parou de funcionar', 'empenad', 'decepcion', 'chatead', 'nao veio', 'obrigado por nada',
    'oficina', 'enferruj', 'destruida', 'nunca mais', 'inexistente', 'nao voltou', 'quebrou', 'presa', 'irritante', 'metade', 'enganosa',
    'parada', 'esperando', 'porcaria', 'mais pesada', 'respostas diferentes', 'tamanho errado', 'nao carrega', 'pisca vermelho', 'furou',
    'nenhum retorno', 'ninguem me da retorno', 'problema', 'defeito', 'trocar',
  ],
  praise: [
    'obrigad', 'amo', 'adoro', 'adorando', 'melhor', 'linda', 'lindas', 'excelente', 'recomendo', 'incrivel', 'amam', 'mudou minha vida',
    'impecavel', 'parabens', 'seguro', 'vale cada', 'valeu', 'feliz', 'atencioso', 'demais', 'confortavel', 'zero problemas',
  ],
  request: [
    'por favor', 'me enviem', 'me mandem', 'preciso', 'gostaria', 'me avisem', 'quero', 'podem me', 'me liguem', 'ajuda', 'mudar o endereco',
  ],
  questionStart: /^(como|quanto|quantos|quando|onde|qual|quais|que|por que|tem|da para|da pra|alguem|posso|a bike vem)\b/,
  sarcasm: /^(que maravilha|parabens|otimo|otima|perfeito|show)\b.*(mais|vez|ja)|obrigado por nada|adorei\.?$/,
  negatedPraise: /\bnao\s+(e\s+|esta\s+|foi\s+)?(bom|boa|recomendo|gostei)\b/,
}

const it: LanguageCues = {
  complaint: [
    'graffiat', 'sostituzione', 'addebitato due volte', 'chi mi rimborsa', 'rimborso', 'chiuso il telefono', 'vergogn', 'rotto', 'rotta',
    'rischiato', 'basta', 'si scarica', 'presa in giro', 'non si collega', 'non e arrivato', 'rumore', 'preoccupat', 'fischiano', 'pessimo',
    'errore', 'non parte', 'urgente', 'annullato', 'assurdo', 'bollente', 'bruciato', 'sbagliat', 'ma scherziamo', 'zero risposte',
    'scomod', 'non va piu', 'storta', 'deluso', 'delusa', 'salta', 'frustrante', 'senza bici', 'complimenti davvero', 'ci avete messo',
    'proprio quello che volevo', 'mai piu', 'non si vedono', 'spezzata', "non c'era", 'si stacca', 'pericoloso', 'bucata', 'scadente',
    'scrostando', 'ferma', 'nessuno mi dice', 'pesa molto', 'risposte diverse', 'che schifo', 'nessuno risponde', 'non si carica', 'lampeggia',
    'problema', 'difett', 'in attesa', 'aspetto',
  ],
  praise: [
    'grazie', 'adoro', 'miglior', 'bellissim', 'silenziosissim', 'gentilissim', 'consigliat', 'splendid', 'contentissim', 'meraviglia',
    'adorano', 'cambiato la vita', 'perfette', 'bravi', 'eccellente', 'sicuro', 'vale ogni', 'emozione', 'fantastico', 'belli',
    'nessun problema', 'migliorato',
  ],
  request: [
    'per favore', 'mandatemi', 'devo cambiare', 'vorrei', 'avvisatemi', 'potete', 'richiamarmi', 'mi serve', 'ho bisogno', 'aiutatemi',
  ],
  questionStart: /^(come|quanto|quanta|quanti|quando|dove|perche|che|qual|quale|ci sono|c'e|si puo|posso|avete|spedite|qualcuno|ogni quanto)\b/,
  sarcasm: /^(fantastico|bravissimi|ottimo|perfetto|complimenti|grazie tante)\b.*(senza|solo|gia|rotto|mese)|complimenti davvero/,
  negatedPraise: /\bnon\s+(e\s+|sono\s+)?(buon|buona|contento|contenta|soddisfatt)\w*/,
}

const nl: LanguageCues = {
  complaint: [
    'kras', 'twee keer geld', 'niemand reageert', 'hing', 'afgebroken', 'teleurstel', 'teleurgesteld', 'kapot', 'crasht', 'niks aangekomen',
    'haalt nog geen', 'piepen', 'in de wacht', 'slechte', 'uitgesteld', 'zat', 'foutcode', 'help!', 'nog steeds', 'doet het niet', 'verroest',
    'boos', 'ramp', 'pijn', 'verkeerde', 'geen antwoord', 'slingert', 'kan echt niet', 'schandalig', 'raar geluid', 'schokt', 'eng',
    'geannuleerd', 'snap er niks', 'bedankt voor niks', 'sloopt', 'reparateur', 'wat een snelheid', 'zit vast', 'nooit meer', 'zat er niet bij',
    'geen geld terug', 'laadt niet', 'knippert', 'wat is dit nou', 'lek', 'waardeloze', 'zwaarder dan', 'verschillende antwoorden',
    'staat stil', 'onacceptabel', 'rommel', 'belachelijk', 'terugbetaling', 'probleem', 'defect', 'wachten',
  ],
  praise: [
    'super', 'beste', 'heerlijk', 'topservice', 'top', 'aanrader', 'prachtig', 'fan', 'dol op', 'perfect', 'goed gedaan', 'veilig',
    'elke cent', 'dank', 'bedankt', 'blij', 'supervriendelijk', 'mooie', 'mooi', 'beste beslissing', 'nul problemen',
  ],
  request: [
    'willen jullie', 'graag', 'alsjeblieft', 'ik wil', 'laat me weten', 'bel me', 'ik moet', 'stuur me', 'kunnen jullie', 'help me', 'help!',
  ],
  questionStart: /^(hoe|wat(?! een)|wanneer|waar|waarom|welke|kan ik|kunnen|leveren|past|is er|mag|krijgen|iemand|wordt)\b/,
  sarcasm: /^(top hoor|lekker dan|geweldig|fantastisch|prima)\b|bedankt voor niks|wat een snelheid/,
  negatedPraise: /\b(niet|nooit)\s+(zo\s+|erg\s+)?(goed|tevreden|blij|mooi)\b/,
}

/** Japanese is matched on the raw text: no case, no accents, and words are not separated by spaces. */
const ja: LanguageCues = {
  complaint: [
    'ひび', '返金', '二重に請求', '対応してくれ', '切られ', 'ひどい', 'ひどすぎ', '折れ', 'がっかり', '壊れ', '落ちて', '使えない', '届いていません',
    '届かない', 'しかもたない', 'うるさ', '最悪', 'つながらない', 'ダメ', '延期', '困って', 'エラー', '動きません', '至急', '飛ぶ', 'イライラ',
    '入金されていません', '点かなく', '錆び', '品質', '怒り', '痛い', 'おかしくない', '返信ゼロ', '返信がない', '返事がありません', '不良品', '危ない', '危険', 'つながりません', '遅すぎ',
    'ありえない', '変な音', 'ガタガタ', '怖い', 'キャンセルされた', '意味がわからない', '切れる', '修理入り', '二度と', '入っていません',
    '返金されない', '充電できない', '点滅', 'どうなってる', 'パンク', '悪すぎ', '重い', '残念', '違う説明', '乗れない', '納得できません',
    '使い物にならない', '落ちた', '不具合', '故障した',
  ],
  praise: [
    '最高', '大満足', '満足', '親切', 'おすすめ', 'おしゃれ', '良い', '良く', 'よく効', '大好き', '丁寧', '安心', '価値', 'ありがとう',
    '感謝', 'うれしい', '嬉しい', 'かわいい', '素敵', '故障なし', '苦になりません', '生活が変わった',
  ],
  request: ['ください', 'お願い', 'いただけます', 'したいです', '教えて', '折り返し', '対応してほしい', '至急'],
  questionStart: /(ですか|ますか|でしょうか|ますか|いますか|は？|って？|いる？)[。？?]?$|^(いつ|どこ|なぜ|どう|どの|何)/,
  sarcasm: /^(さすが|素晴らしい|すごい)|すごいスピード|ありがとうございますね/,
  negatedPraise: /(良くない|よくない|満足できない)/,
}

export const CUES: Readonly<Record<RatedLanguage, LanguageCues>> = { en, es, de, fr, pt, it, nl, ja }
