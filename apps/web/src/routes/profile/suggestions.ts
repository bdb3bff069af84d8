// The choices for the time zone and locale pickers; the API's schema still decides validity.

export type Choice = { value: string; label: string };

let timeZones: string[] | undefined;

/** Every IANA zone the browser knows, and UTC (which some browsers leave out of the list). */
export function timeZoneChoices(current: string): string[] {
  timeZones ??= (() => {
    try {
      return [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
    } catch {
      return ['UTC'];
    }
  })();
  // A stored zone this browser's list lacks (an alias, or a newer zone) stays selectable.
  return timeZones.includes(current) ? timeZones : [current, ...timeZones];
}

/** Zones grouped by region ("Europe", "America"), as the pickers people know show them. */
export function groupTimeZones(zones: string[]): [region: string, zones: Choice[]][] {
  const groups = new Map<string, Choice[]>();
  for (const zone of zones) {
    const slash = zone.indexOf('/');
    const region = slash === -1 ? 'Other' : zone.slice(0, slash);
    const label = (slash === -1 ? zone : zone.slice(slash + 1)).replaceAll('_', ' ').replaceAll('/', ' – ');
    groups.set(region, [...(groups.get(region) ?? []), { value: zone, label }]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The languages and regions Gatehouse's users most often pick; any stored value is kept. */
const commonLocales = [
  'ar-SA', 'cs-CZ', 'da-DK', 'de-AT', 'de-CH', 'de-DE', 'el-GR', 'en', 'en-AU', 'en-CA', 'en-GB',
  'en-IE', 'en-IN', 'en-NZ', 'en-US', 'en-ZA', 'es-AR', 'es-ES', 'es-MX', 'fi-FI', 'fr-BE', 'fr-CA',
  'fr-CH', 'fr-FR', 'he-IL', 'hi-IN', 'hu-HU', 'id-ID', 'it-IT', 'ja-JP', 'ko-KR', 'nb-NO', 'nl-BE',
  'nl-NL', 'pl-PL', 'pt-BR', 'pt-PT', 'ro-RO', 'ru-RU', 'sk-SK', 'sv-SE', 'th-TH', 'tr-TR', 'uk-UA',
  'vi-VN', 'zh-CN', 'zh-HK', 'zh-TW',
];

/** Locales labelled in words ("English (United Kingdom)"), sorted by that label. */
export function localeChoices(current: string): Choice[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    names = undefined;
  }
  const values = commonLocales.includes(current) ? commonLocales : [current, ...commonLocales];
  return values
    .map((value) => ({ value, label: `${names?.of(value) ?? value} · ${value}` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
