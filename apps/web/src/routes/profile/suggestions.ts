// Suggestions for the free-text time zone and locale fields; the schema still decides validity.

let timeZones: string[] | undefined;

export function timeZoneSuggestions(): string[] {
  timeZones ??= (() => {
    try {
      return [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
    } catch {
      return ['UTC'];
    }
  })();
  return timeZones;
}

const commonLocales = [
  'en-GB', 'en-US', 'en-AU', 'en-CA', 'en-IE', 'en-IN', 'fr-FR', 'fr-CA', 'de-DE', 'de-CH',
  'es-ES', 'es-MX', 'it-IT', 'nl-NL', 'pt-PT', 'pt-BR', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI',
  'pl-PL', 'cs-CZ', 'tr-TR', 'ja-JP', 'ko-KR', 'zh-CN', 'zh-TW',
];

export function localeSuggestions(): { value: string; label: string }[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    names = undefined;
  }
  return commonLocales.map((value) => ({ value, label: names?.of(value) ?? value }));
}
