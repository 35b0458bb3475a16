import {
  languageOf,
  loadOnesLoginStrings,
  ONES_LOGIN_STRINGS,
  type OnesLoginStrings,
} from './widget-strings.js';

/**
 * The built-in language of one `<ones-login>`: English at once; another (German) once its file has
 * loaded, which it asks for the first time the widget's locale names it, then tells `loaded`.
 *
 * @example
 * const language = new WidgetLanguage(() => render());
 * const strings = language.stringsFor('de'); // English until German is here; then render() again
 */
export class WidgetLanguage {
  #loaded: readonly ['de' | 'en', OnesLoginStrings] | undefined;
  #loading: string | undefined;
  readonly #onLoaded: () => void;

  constructor(onLoaded: () => void) {
    this.#onLoaded = onLoaded;
  }

  /** The strings for `locale`, as far as they are here. */
  stringsFor(locale: string): OnesLoginStrings {
    const language = languageOf(locale);
    if (this.#loaded?.[0] === language) return this.#loaded[1];
    if (language !== 'en' && this.#loading !== language) {
      this.#loading = language;
      void loadOnesLoginStrings(language).then((strings) => {
        this.#loaded = [language, strings];
        this.#onLoaded();
      });
    }
    return ONES_LOGIN_STRINGS.en;
  }
}
