"""The phrase lists of the crisis cues (``crisis.py``), version 2, and the folding they match on.

Three lists per language, written from the labelling rules of
``tests/moderation/evaluation/README.md`` (never from its rows) and checked against
``data/crisis_train_v2.tsv``:

- ``CUES``: a cue on its own (danger now; a wish to die or to self-harm now, said plainly or
  indirectly; the same about someone the writer is with or trying to reach);
- ``WEAK``: words that count only beside another cue, or two together ("I'm so scared",
  "I can't take any more": fear or exhaustion alone is not a crisis);
- ``OVER``: signs that the danger is over, that a threat is conditional or an idiom, or that
  the text is advice to others ("years ago", "I'm fine now", "if you are having…").

Text and patterns are both folded (``fold``) before matching, so one spelling of a pattern
matches the spellings people type: Latin accents dropped ("esta" and "está", "securite"),
Devanagari nukta dropped and candrabindu written as anusvara ("ज़िंदगी" and "जिंदगी",
"हूँ" and "हूं"), Arabic diacritics and tatweel dropped and the alef, yeh and teh marbuta
variants merged ("أريد" and "اريد", "خائفة" written with a final heh). Dialect forms are listed where
they are common in writing (Egyptian and Levantine Arabic; Hinglish is not covered: Hindi
written in Latin letters is read with the English list only).
"""

from __future__ import annotations

import re
import unicodedata

# alef maksura → yeh, teh marbuta → heh, tatweel dropped
_ARABIC = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647", "\u0640": None})


def fold(text: str) -> str:
    """Lower case; Latin accents, Devanagari nukta and Arabic diacritics dropped (NFD then
    the combining marks of those scripts removed); candrabindu → anusvara; alef maksura → yeh,
    teh marbuta → heh, tatweel dropped."""
    out = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        code = ord(ch)
        if 0x0300 <= code <= 0x036F or code == 0x093C:  # Latin combining marks, nukta
            continue
        if 0x064B <= code <= 0x065F or code == 0x0670:  # harakat, hamza and madda marks
            continue
        out.append("\u0902" if code == 0x0901 else ch)
    return "".join(out).translate(_ARABIC)


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{fold(p)})" for p in phrases), re.IGNORECASE)


CUES = {
    "es": _any(
        r"\bno quiero (?:vivir|seguir(?: viviendo| aquí| así)?|estar (?:viv[oa]|aquí)|despertar|existir)",
        r"\bno quiere (?:vivir|seguir viviendo|seguir aquí|estar viv[oa])",
        r"\bya no (?:quiero|puedo) (?:vivir|seguir|estar aquí)",
        r"(?:quiero|quisiera|ganas de|pienso en|pensando en|voy a) (?:morir|morirme|matarme|suicidarme|desaparecer|quitarme la vida|acabar con todo|terminar con todo|hacerme daño|cortarme|lastimarme)",
        r"\bme quiero (?:morir|matar|suicidar|hacer daño|cortar|lastimar)",
        r"\bno despertar(?:me)?\b|\bojalá no (?:despertara|despierte|amaneciera)|\bno volver a despertar",
        r"\bquitarme la vida\b|\bacabar con (?:todo|mi vida)\b|\bterminar con (?:todo|mi vida)|\bsuicid",
        r"\bhacerme daño\b|\bme (?:quiero |voy a |puedo |pueda )?hacer (?:a mí misma |a mí mismo )?daño",
        r"\bme (?:pueda|pueden) hacer a mí mism|\bme (?:volví|vuelvo) a (?:cortar|lastimar|hacer daño)",
        r"\bcortarme\b|\blastimarme\b|\bautolesi",
        r"\bmejor(?:es)? sin mí\b|\bsi (?:yo )?no (?:estuviera|existiera)\b|\bsoy una carga\b",
        r"\bme despido de (?:todos|ustedes)|\b(?:les )?dejo mis cosas|\bregal(?:o|ando|é) mis cosas",
        r"\besto es (?:un )?adiós\b|\badiós a todos\b|\bgracias por todo,? adiós",
        r"\bno (?:le )?(?:encuentro|veo) sentido\b|\bno hay razón para (?:vivir|seguir)",
        r"\b(?:está|sigue|anda) (?:afuera|fuera|abajo|en la puerta|frente a|detrás|en el edificio|en mi casa|en el pasillo|rondando)",
        r"\bme (?:está |sigue |anda )?(?:siguiendo|persiguiendo|esperando|buscando|vigilando)\b|\bme (?:sigue|persigue)\b",
        r"\b(?:estacionado|aparcado|parado) (?:afuera|enfrente|frente|abajo|en la esquina)",
        r"\b(?:viene|va|está) (?:para acá|para aquí|hacia aquí|en camino|para mi casa|a mi casa)|\ben camino\b",
        r"\bya viene\b|\bdijo que (?:vendría|viene|volvería|va a venir)|\b(?:vuelve|regresa|viene) esta noche",
        r"\bme encerr|\bestoy encerrad|\bescondid[ao]\b|\bme escond",
        r"\bme (?:echó|sacó|corrió) de (?:la |mi )?casa|\bno tengo (?:dónde|a dónde|adónde) (?:dormir|ir|pasar la noche|quedarme)",
        r"\bno (?:estoy|me siento) (?:a salvo|segura?)\b|\bme va a matar\b|\bmiedo por mi vida|\bme quiere matar",
        r"\b(?:intentando|tratando de|quiere) (?:abrir|entrar|romper|tirar) (?:la|mi) puerta|\b(?:tocando|golpeando|pateando) (?:la puerta|mi puerta|el timbre)",
        r"\brondando\b",
        r"\bestá en (?:mi puerta|la entrada|el portal|mi edificio|la escalera)|\ben el portal de mi\b",
        r"\bno (?:voy a estar|estaré|puedo estar) a salvo|\bme estoy despidiendo\b|\bdespedirme de (?:todos|ustedes)",
        r"\bme (?:hago|hice|he hecho) daño\b|\besperándome (?:afuera|abajo|en)",
        r"\bque todo (?:se acabe|termine|pare)\b|\bmi(?:s)? últim[oa]s? (?:mensaje|carta|palabras)|\b(?:irme|desaparecer) para siempre",
        r"\b(?:dice|diciendo|escribió|avisó) que (?:ya )?(?:viene|va a venir|está afuera|está abajo)|\bya está aquí\b|\bestá aquí afuera",
        r"\bno me deja(?:n)? salir\b|\bquiere (?:matarse|morirse|suicidarse|hacerse daño)",
        r"\b(?:ahora mismo|en este momento|esta noche)\b.{0,80}\b(?:miedo|ayuda|aterrad)|\b(?:miedo|aterrad)\w*\b.{0,80}\b(?:ahora mismo|en este momento)\b",
    ),
    "fr": _any(
        r"\bje (?:ne )?veux plus (?:vivre|être là|me réveiller|exister|continuer)|\bplus envie de (?:vivre|continuer)",
        r"\b(?:ne )?(?:veut|voulait) plus vivre\b|\bveut mourir\b",
        r"\b(?:envie de|veux|voudrais|pense à|penser à|vais) (?:mourir|disparaître|me tuer|en finir|me suicider|me faire du mal|me couper|mettre fin)",
        r"\ben finir\b|\bmettre fin à (?:mes jours|ma vie)|\bsuicid",
        r"\b(?:plus|pas|jamais) me réveiller\b|\bdormir pour toujours\b|\bm'endormir pour toujours",
        r"\bme faire du mal\b|\bme couper\b|\bme blesser\b|\bme mutiler\b|\bscarifi|\bautomutil",
        r"\bmieux sans moi\b|\bun poids pour (?:tout le monde|les autres|ma famille)|\bun fardeau\b",
        r"\bje (?:vous )?dis (?:adieu|au revoir à tous)|\bje (?:donne|vous laisse|laisse) mes affaires|\badieu\b",
        r"\bplus la force de (?:continuer|vivre|tenir)|\bje veux disparaître|\bdisparaître pour (?:toujours|de bon)",
        r"\b(?:il|elle) est (?:devant|derrière|dans l'immeuble|en bas|à la porte|dans le hall|chez moi)",
        r"\b(?:il|elle) m(?:e |')(?:suit|poursuit|guette|attend|cherche|surveille|observe)\b",
        r"\bgarée? (?:devant|en bas|en face)|\b(?:est|sont) là maintenant\b",
        r"\b(?:il|elle|qu'il|qu'elle) (?:arrive|revient|débarque)\b(?! (?:que|souvent|parfois|à|au|de|pas))",
        r"\b(?:vient|va venir|revient|passe) (?:ce soir|maintenant|tout de suite|chez moi)|\b(?:est|suis) en (?:route|chemin)\b",
        r"\benfermée?\b|\bje me (?:suis )?cachée?\b|\bcachée? (?:dans|sous|chez)",
        r"\bmise? (?:à la porte|dehors)\b|\bnulle part (?:où|pour) (?:dormir|aller)|\boù dormir (?:ce soir|cette nuit)",
        r"\bpas en sécurité\b|\bva me tuer\b|\bpeur pour ma vie|\bveut me tuer",
        r"\b(?:essaie|essaye|tente) d'(?:ouvrir|entrer|enfoncer|forcer)|\b(?:tape|frappe|cogne) (?:à|sur|contre) (?:la|ma) porte|\bdéfoncer",
        r"\brôde\b",
        r"\bdans (?:mon |l')immeuble|\bdans (?:le|mon) (?:hall|couloir|escalier|bâtiment)\b",
        r"\bme (?:suit|poursuit|guette|surveille)\b|\bm'attend (?:en bas|dehors|devant)|\bsera là dans\b",
        r"\bveux plus être (?:en vie|là)|\bplus envie d'être (?:là|en vie)|\bque tout s'arrête\b",
        r"\bplus simple (?:pour tout le monde )?sans moi|\bsi je n'étais plus là\b|\bsi je disparaissais\b",
        r"\bmon dernier message\b|\bvous dire au revoir\b|\b(?:j'ai donné|je distribue) mes affaires",
        r"\bme (?:fais|suis fait|suis encore fait) du mal\b|\bje suis à la rue\b|\bje dors dehors\b",
        r"\bme laisse pas sortir\b|\bque (?:ça|tout) s'arrête\b|\b(?:plus de|aucune) raison de vivre",
        r"\bme vois pas (?:continuer|vivre)|\bveut se (?:tuer|suicider|faire du mal)|\b(?:me|se) foutre en l'air",
        r"\b(?:maintenant|en ce moment|ce soir|cette nuit|tout de suite)\b.{0,80}\b(?:peur|aidez|au secours)|\b(?:peur|au secours)\b.{0,80}\b(?:maintenant|en ce moment|cette nuit)\b",
    ),
    "hi": _any(
        r"जीना नहीं चाह|जीने का (?:मन|इरादा|दिल) नहीं|जीने की (?:कोई )?(?:वजह|इच्छा|उम्मीद)",
        r"मर जाना चाह|मरना चाह|मर जाऊं|मर जाऊँ|मौत (?:चाह|आ जाए)",
        r"आत्महत्या|खुदकुशी|ख़ुदकुशी|जान दे (?:दूं|दूंगी|दूंगा)|अपनी जान (?:ले|दे)",
        r"(?:खुद|अपने आप) को (?:नुकसान|चोट|खत्म|ख़त्म|मार|काट)",
        r"सब (?:कुछ )?(?:खत्म|ख़त्म) कर (?:दूं|दूंगी|दूंगा|लूं)|(?:ज़िंदगी|ज़िन्दगी) (?:खत्म|ख़त्म) कर",
        r"कभी न (?:उठूं|उठूँ|जागूं|जागूँ)|फिर कभी न|हमेशा के लिए सो",
        r"मेरे बिना (?:बेहतर|खुश)|मेरे न रहने से|(?:सबके लिए|सब पर) बोझ",
        r"अलविदा|अपना सामान (?:दे|बाँट|बांट)|मेरा सामान .{0,30}दे देना",
        r"अब और नहीं जी (?:सकती|सकता)|ज़िंदा नहीं रहना",
        r"(?:दरवाज़े|घर|गेट|बिल्डिंग|खिड़की|ऑफ़िस|दफ़्तर)(?: के)? (?:बाहर|नीचे|सामने|पर) (?:खड़ा|बैठा|है)",
        r"(?:बाहर|नीचे|सामने) खड़ा|के बाहर .{0,20}इंतज़ार|इंतज़ार कर रहा",
        r"पीछा कर (?:रहा|रही)|बाहर (?:गाड़ी|कार)",
        r"रास्ते में है|(?:घर|पास|यहाँ|इधर|मेरी तरफ़) आ रहा|अभी आ रहा|आज रात (?:वापस )?आ|आने वाला है",
        r"बंद कर (?:दिया|रखा)|कमरे में बंद",
        r"(?:छिपी|छुपी|छिपा|छुपा) (?:हूँ|हुई|हुआ)|(?:छिप|छुप) (?:गई|गया)|(?:छिप|छुप)कर",
        r"घर से निकाल|सोने की (?:कोई )?जगह नहीं|कहाँ जाऊँ",
        r"सुरक्षित नहीं|मार डालेगा|जान से मार|मार देगा",
        r"दरवाज़ा (?:तोड़|पीट|खटखटा)|अंदर घुसने की कोशिश",
        r"पीछे-?पीछे|पीछे (?:आ रहा|लगा)|(?:बिल्डिंग|घर|कमरे) में घुस|घंटी बजा रहा",
        r"आज रात .{0,20}(?:आएगा|आने वाला)|ताला लगा दिया|(?:छिपी|छुपी|छिपा|छुपा) (?:बैठी|बैठा)",
        r"(?:रात बिताने|रहने|सोने|जाने) की (?:कोई )?जगह नहीं|कहाँ सोऊँ",
        r"जीना नहीं (?:है|चाह)|मेरे बिना .{0,20}(?:बेहतर|खुश)|मेरे जाने के बाद .{0,20}(?:बेहतर|खुश)|मैं न रहूँ",
        r"(?:फिर|कभी) (?:न|ना) (?:उठूँ|जागूँ)|अपनी चीज़ें .{0,20}दे (?:रही|रहा|दी)",
        r"(?:खुद|अपने आप) को .{0,15}(?:चोट|नुकसान) पहुँचा",
        r"(?:फ्लैट|घर|कमरे|दरवाज़े|गेट|बिल्डिंग|ऑफ़िस|हॉस्टल)(?: के)? (?:बाहर|नीचे|सामने).{0,20}(?:है|खड़ा|बैठा|घूम|इंतज़ार)",
        r"अभी (?:भी )?बाहर|पहुँचने वाला|पहुँच रहा|बंद कर लिया|नहीं जीना (?:चाह|है)|और नहीं जीना",
        r"(?:सब|सबकुछ|सब कुछ) (?:खत्म|ख़त्म) करना|हमेशा के लिए (?:चली|चला) जा|आखिरी (?:मैसेज|संदेश)",
        r"(?:अभी|आज रात|इस वक़्त|इस समय).{0,80}डर|डर.{0,80}(?:अभी|आज रात)",
    ),
    "ar": _any(
        r"لا (?:أريد|ابغي|بدي) (?:أن )?(?:أعيش|العيش|الحياة|أستيقظ|أصحو|أكمل)",
        r"لا (?:تريد|يريد) (?:أن )?(?:تعيش|يعيش)|ما (?:بدي|بدها) (?:عيش|أعيش)",
        r"(?:أريد|بدي|عايزة|عايز|ابغي|نفسي) (?:أن )?(?:أموت|موت|الموت|أنتحر|أختفي)",
        r"أتمنى (?:الموت|لو مت|أن أموت)|ياريتني مت",
        r"(?:أنهي|إنهاء) (?:حياتي|كل شيء|كل شي)|الانتحار|أنتحر|انتحار|أخلص من حياتي",
        r"أنام ولا (?:أستيقظ|أصحو|أصحى|أقوم)|لا (?:أستيقظ|أصحو) أبدا",
        r"(?:أؤذي|إيذاء|أجرح|جرحت|أذيت|أضر) نفسي",
        r"(?:أفضل|أحسن) بدوني|سيرتاحون|يرتاحوا مني|عبء على",
        r"أودعكم|وداعا|أوزع أغراضي|أغراضي ل",
        r"لم يعد (?:لي|هناك) (?:سبب|معنى)|ما عاد فيني|ما عاد (?:لي|في) (?:سبب|معنى)",
        r"(?:أمام|خارج|عند|تحت|قدام|برا) (?:بابي|الباب|المنزل|البيت|بيتي|شقتي|العمارة|الشقة|نافذتي|الشغل|العمل)",
        r"يلاحقني|يتبعني|يطاردني|يراقبني|ينتظرني|يستناني|ماشي ورايا",
        r"سيارته (?:أمام|خارج|تحت|قدام)",
        r"(?:قادم|آت|جاي|راجع|سيعود|سيأتي|يجي) (?:الليلة|الآن|هلا|دلوقتي)|في (?:الطريق|طريقه)",
        r"حبسني|محبوسة|محبوس|مختبئة|مختبئ|أختبئ|مستخبية|(?:قفل|أغلق|أقفل) (?:علي|عليا)",
        r"طردني|لا (?:يوجد|مكان) (?:لي )?(?:مكان )?(?:أنام|للنوم|أبيت)|ليس لدي مكان|ما عندي مكان",
        r"لست (?:بأمان|آمنة|في أمان)|مش في أمان|سيقتلني|هيقتلني|راح يقتلني|حيقتلني|يريد قتلي",
        r"يحاول (?:أن )?(?:يكسر|يفتح|يدخل)|يكسر الباب|يطرق الباب|يدق (?:على )?الباب|يخبط",
        r"واقف (?:قدام|أمام|عند|برا|خارج|تحت)",
        r"على (?:الباب|بابي)|يقف (?:أمام|عند|خارج|تحت)|يمشي ورائي|سيارته .{0,15}(?:أمام|خارج|تحت|قدام)",
        r"في (?:المبنى|العمارة|البناية)|داخل (?:المبنى|العمارة|البيت)|(?:قفل|أغلق|أقفل) الباب علي",
        r"(?:أين|وين|فين) (?:أنام|سأنام|أبات)|لن أكون (?:بأمان|آمنة|في أمان)|لا أستطيع .{0,15}(?:آمنة|بأمان)",
        r"(?:لا|لم) .{0,20}على قيد الحياة|لم أعد (?:أريد|أرغب في) (?:أن )?(?:أعيش|العيش|الحياة)",
        r"(?:أعطيت|أوزع|وزعت|أعطي) (?:أشيائي|أغراضي)|(?:تريد|يريد|بدها|عايزة) (?:أن )?(?:تموت|يموت)",
        r"أفكر (?:في|ب) (?:الموت|الانتحار|إنهاء)",
        r"(?:إنه|هو) (?:قادم|آت|جاي) (?:إلي|إلى|لعندي|علي)|لا أشعر بالأمان|(?:ما|مش) حاسة ب(?:ال)?أمان",
        r"(?:أرتاح|أنام) (?:للأبد|إلى الأبد)|أقتل نفسي|قتل نفسي|آخر رسالة|رسالتي الأخيرة",
        r"(?:الآن|الليلة|دلوقتي|هلق).{0,80}(?:خائفة|خايفة|خائف|خايف|ساعدوني)|(?:خائفة|خايفة).{0,80}(?:الآن|الليلة)",
    ),
}
WEAK = {
    "es": _any(
        r"\btengo (?:mucho )?miedo\b|\bno (?:aguanto|puedo) más\b|\bestoy aterrad|\bno (?:le )?veo salida\b|\bno contesta\b"
    ),
    "fr": _any(
        r"\bj'ai (?:très |tellement |si )?peur\b|\bje n'en peux plus\b|\bidées noires\b|\bne répond plus\b"
    ),
    "hi": _any(r"डर लग रहा|बहुत डर|और नहीं सह (?:सकती|सकता)|फ़ोन नहीं उठा|जवाब नहीं दे रही|हमेशा के लिए"),
    "ar": _any(
        r"خائفة جدا|خايفة|تعبت|مع السلامة|(?:تعبت|تعبانة|مليت|زهقت) من الحياة|سامحوني|لا ترد|ما بترد|مش بترد"
    ),
}
OVER = {
    "es": _any(
        r"\bhace (?:\w+ )?(?:años|meses|mucho)\b|\bcuando tenía\b|\bya pasó\b",
        r"\b(?:ahora|hoy) (?:estoy|vivo) (?:bien|mejor|tranquila|mucho mejor)|\bestoy (?:mucho )?mejor\b",
        r"\bme muero (?:de|por)\b|\bcasi me muero\b|\bme está matando\b|\bme va a matar si\b",
        r"\bsi (?:tienes|piensas|estás pensando)\b|\bbusca ayuda\b|\bllama a (?:la|una) línea|\blínea de ayuda\b",
        r"\bplan de seguridad\b|\bbloquead",
    ),
    "fr": _any(
        r"\bil y a (?:\w+ )?(?:ans|années|mois)\b|\bà l'époque\b|\bquand j'avais\b",
        r"\bje vais (?:bien|mieux|beaucoup mieux)\b|\bça va (?:mieux|maintenant)\b|\baujourd'hui ça va\b",
        r"\bmourir de (?:honte|rire)|\bmorte? de rire\b|\bfailli mourir\b|\bme tue\b|\bva me tuer si\b",
        r"\bsi (?:tu as|vous avez) des (?:pensées|idées)|\bappelez le\b|\bparlez-en\b|\bparles-en\b",
        r"\bplan de sécurité\b|\bje le bloque\b",
    ),
    "hi": _any(
        r"साल पहले|महीने पहले|जब मैं .{0,12}(?:साल|की थी|का था)|अब (?:मैं )?(?:ठीक|बेहतर)|मैं ठीक हूँ|मर गए यार|मार रही है",
        r"हँसी|मज़ा|शर्म से|अगर आप|किसी से बात कर|हेल्पलाइन|ब्लॉक",
    ),
    "ar": _any(
        r"قبل (?:\S+ )?(?:سنوات|سنين|سنة|أشهر)|عندما كنت|لما كنت|(?:أنا|الآن|صرت|أصبحت) بخير|أفضل الآن",
        r"من الضحك|من الخجل|كدت أموت|(?:العمل|الشغل|الدوام|الوضع) يقتلني",
        r"اتصلي ب|خط المساعدة|إذا كانت? لديك|إذا تأخرت|تحدثي مع|حظرته",
    ),
}
