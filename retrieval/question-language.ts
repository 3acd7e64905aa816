import { detectLanguage, functionWordsOf, type DetectedLanguage } from './language.ts';

/** How a question not in English is handled: searched by the words it shares with English documents. */
export interface LanguagePlan {
  language: DetectedLanguage;
  english: boolean;
  /** The question without its own language's function words: names, tickers and figures remain. */
  searchText: string;
}

export function planLanguage(question: string): LanguagePlan {
  const language = detectLanguage(question);
  if (language.code === 'en') return { language, english: true, searchText: question };
  const skip = functionWordsOf(language.code);
  const kept = (question.normalize('NFC').match(/[\p{L}\p{N}$][\p{L}\p{N}.-]*/gu) ?? []).filter(
    (word) => !skip.has(word.toLowerCase()),
  );
  return { language, english: false, searchText: kept.join(' ') || question };
}

/** Goes above an extractive answer to a question in another language (offline, or the model failed). */
export function englishOnlyNote(language: DetectedLanguage): string {
  return `Without a language model I answer in English only (your question looks ${language.name}). From the documents:`;
}

export function englishOnlyDecline(language: DetectedLanguage): string {
  return (
    `Without a language model I read and answer English only, and your question looks ${language.name}: ` +
    "I couldn't match it to my documents. Please ask in English, for example 'How does Akash pricing work?'"
  );
}
