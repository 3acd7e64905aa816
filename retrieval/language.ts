/**
 * A small offline language detector for chat questions. Packaged n-gram detectors (tinyld, eld) were
 * measured on English chat ("akash free gpus rn", "RNDR price pls", "render octane") and called
 * 14 and 6 of 40 such lines another language, so this one decides on evidence chat cannot fake:
 * a non-Latin script, or at least two different function words of one other language (or one plus
 * that language's marks, like ¿ or ñ) outnumbering the English ones. Tickers and network names
 * count for no language. `npm run bench:language` prints the measurement.
 */
export interface DetectedLanguage {
  /** ISO 639-1 code; 'en' when the evidence for another language is not there. */
  code: string;
  name: string;
}

/**
 * Function words and very common question words. Words that are also English ("a", "in", "is",
 * "die", "was", "no", "me", "per", "come", "do", "um", "to") are left out on purpose.
 */
const FUNCTION_WORDS: Record<string, string> = {
  es: 'el la los las del que qué cómo como cuál cuánto cuánta cuántos cuesta es está están hay una uno por para pero más muy funciona precio dónde cuándo porque sobre puedo tiene entre también esto este esta ganar dinero red yo tengo quién alguien sabe puede mucho',
  fr: 'le les des du est une un pour avec sur dans qui quoi comment combien quel quelle pourquoi où ce cette sont fonctionne prix réseau coûte je nous vous mais pas très qu c peut être quand quelqu sait peux beaucoup',
  de: 'der das und ist wie wer wo warum wieviel viel kostet ein eine einen nicht mit für auf bei ich wir sie funktioniert werden wird sind oder auch über preis netzwerk anbieter bezahlt wann jemand weiß kann mein meinem mehr',
  pt: 'os uma que não como quanto qual é são está da dos das em para com funciona preço rede custa ganhar dinheiro você o quando onde quem alguém sabe pode tem isso esse essa muito mais próximo',
  it: 'il lo gli di che è sono quanto costa cosa perché funziona prezzo rete una della del anche può si quando dove chi qualcuno sa questo questa molto più guadagna',
  nl: 'het een hoe wat werkt waarom prijs netwerk van voor met niet zijn ook kost hoeveel',
  tr: 'nasıl nedir ne bir için mi mı bu çalışır fiyat nerede neden kaç ağ',
  pl: 'jak jest się czy ile kosztuje działa dla nie cena wycena sieć',
  id: 'apa bagaimana cara kerja yang dan adalah berapa harga itu ini dengan untuk tidak bisa',
  vi: 'là gì của như thế nào và có không giá hoạt động bao nhiêu được cho',
};

/** Letters and marks that only some of these languages write. */
const MARKS: Record<string, RegExp> = {
  es: /[¿¡ñ]|[áéíóú]/,
  fr: /[àâçèêëîïôûœ]/,
  de: /[äöüß]/,
  pt: /[ãõç]|[áéíóúâêô]/,
  it: /[àèéìòù]/,
  tr: /[ğışçöü]/,
  pl: /[ąćęłńśźż]/,
  vi: /[ăđơư]|[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/,
};

const ENGLISH_WORDS = new Set(
  'the is are was were what how does do did of to and an in on for with it this that why when where who which can could i you my much many get there they will be has have about from or not any should would whats hows'.split(
    ' ',
  ),
);

const SCRIPTS: [RegExp, string][] = [
  [/[\u3040-\u30ff]/u, 'ja'], // kana first: Japanese also writes Han
  [/\p{Script=Hangul}/u, 'ko'],
  [/\p{Script=Han}/u, 'zh'],
  [/[іїєґ]/iu, 'uk'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Thai}/u, 'th'],
];

const NAMES: Record<string, string> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  pt: 'Portuguese',
  it: 'Italian',
  nl: 'Dutch',
  tr: 'Turkish',
  pl: 'Polish',
  id: 'Indonesian',
  vi: 'Vietnamese',
  ja: 'Japanese',
  ko: 'Korean',
  zh: 'Chinese',
  uk: 'Ukrainian',
  ru: 'Russian',
  ar: 'Arabic',
  he: 'Hebrew',
  el: 'Greek',
  hi: 'Hindi',
  th: 'Thai',
};

const LISTS = Object.entries(FUNCTION_WORDS).map(([code, list]) => [code, new Set(list.split(' '))] as const);

/** The function words of a language the detector knows by its words; empty for the others. */
export function functionWordsOf(code: string): Set<string> {
  return LISTS.find(([listed]) => listed === code)?.[1] ?? new Set();
}

export function detectLanguage(text: string): DetectedLanguage {
  const code = detectCode(text);
  return { code, name: NAMES[code] ?? code };
}

function detectCode(text: string): string {
  const letters = text.match(/\p{L}/gu) ?? [];
  const latin = letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length;
  // A quarter of the letters in another script: names like "Akash" or "Render" in Latin do not make it English.
  if (letters.length - latin >= 2 && (letters.length - latin) / letters.length >= 0.25) {
    const other = letters.filter((letter) => !/\p{Script=Latin}/u.test(letter)).join('');
    return SCRIPTS.find(([pattern]) => pattern.test(other))?.[1] ?? 'und';
  }
  const tokens = new Set(
    text
      .toLowerCase()
      .normalize('NFC')
      .match(/\p{L}{2,}/gu) ?? [],
  );
  const english = [...tokens].filter((token) => ENGLISH_WORDS.has(token)).length;
  let best = { code: 'en', score: 0 };
  for (const [code, list] of LISTS) {
    const found = [...tokens].filter((token) => list.has(token)).length;
    const marked = MARKS[code]?.test(text.toLowerCase()) ? 1 : 0;
    const score = found + (found > 0 ? marked : 0);
    if (score > best.score) best = { code, score };
  }
  return best.score >= 2 && best.score > english ? best.code : 'en';
}
