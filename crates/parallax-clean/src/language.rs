//! Language identification of cleaned text, with `whatlang` restricted to the enabled languages.

use whatlang::{Detector, Lang};

/// Bytes of text read to identify its language: a few paragraphs suffice, and reading whole long
/// articles costs time for nothing.
const SAMPLE_BYTES: usize = 2000;

/// Languages Parallax identifies by default: the major languages of world news. English is the
/// one every later stage is built and measured for; the others are identified so that they are
/// grouped among themselves and never mixed into English stories.
pub const DEFAULT_LANGUAGES: &[&str] = &[
    "eng", "deu", "fra", "spa", "ita", "por", "nld", "swe", "dan", "nob", "fin", "pol", "ces",
    "hun", "ron", "ell", "tur", "rus", "ukr", "ara", "pes", "heb", "hin", "urd", "ben", "cmn",
    "jpn", "kor", "vie", "ind", "tha",
];

/// ISO 639-1 codes of the default languages, for inputs that declare a two-letter code.
const TWO_LETTER: &[(&str, &str)] = &[
    ("en", "eng"),
    ("de", "deu"),
    ("fr", "fra"),
    ("es", "spa"),
    ("it", "ita"),
    ("pt", "por"),
    ("nl", "nld"),
    ("sv", "swe"),
    ("da", "dan"),
    ("nb", "nob"),
    ("no", "nob"),
    ("fi", "fin"),
    ("pl", "pol"),
    ("cs", "ces"),
    ("hu", "hun"),
    ("ro", "ron"),
    ("el", "ell"),
    ("tr", "tur"),
    ("ru", "rus"),
    ("uk", "ukr"),
    ("ar", "ara"),
    ("fa", "pes"),
    ("he", "heb"),
    ("hi", "hin"),
    ("ur", "urd"),
    ("bn", "ben"),
    ("zh", "cmn"),
    ("ja", "jpn"),
    ("ko", "kor"),
    ("vi", "vie"),
    ("id", "ind"),
    ("th", "tha"),
];

/// A language identifier over a fixed list of languages.
#[derive(Debug, Clone)]
pub struct LanguageIdentifier {
    detector: Detector,
    /// Lowest whatlang confidence accepted when the guess is not marked reliable.
    min_confidence: f64,
}

impl LanguageIdentifier {
    /// An identifier over these ISO 639-3 codes; unknown codes are ignored. An empty list means
    /// every language whatlang knows.
    pub fn new(codes: &[String]) -> LanguageIdentifier {
        let langs: Vec<Lang> = codes.iter().filter_map(Lang::from_code).collect();
        let detector =
            if langs.is_empty() { Detector::new() } else { Detector::with_allowlist(langs) };
        LanguageIdentifier { detector, min_confidence: 0.5 }
    }

    /// The ISO 639-3 code of the text's language, or `None` when the text is too short or too
    /// mixed to tell.
    pub fn identify(&self, text: &str) -> Option<String> {
        let mut end = text.len().min(SAMPLE_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = text.get(..end)?;
        let info = self.detector.detect(sample)?;
        (info.is_reliable() || info.confidence() >= self.min_confidence)
            .then(|| info.lang().code().to_owned())
    }

    /// Like [`LanguageIdentifier::identify`] on the parts joined by line breaks, joining only as
    /// many as the sample reads.
    pub fn identify_parts<'p>(&self, parts: impl IntoIterator<Item = &'p str>) -> Option<String> {
        let mut sample = String::new();
        for part in parts {
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
            if !sample.is_empty() {
                sample.push('\n');
            }
            sample.push_str(part);
        }
        self.identify(&sample)
    }
}

/// A declared language code (`en`, `EN-us`, `eng`) as an ISO 639-3 code, when it names a
/// language Parallax knows.
pub fn normalise_language_code(code: &str) -> Option<String> {
    let lower = code.trim().to_ascii_lowercase();
    let primary = lower.split(['-', '_']).next().unwrap_or_default();
    if let Some((_, three)) = TWO_LETTER.iter().find(|(two, _)| *two == primary) {
        return Some((*three).to_owned());
    }
    Lang::from_code(primary).map(|lang| lang.code().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_identifier() -> LanguageIdentifier {
        let codes: Vec<String> = DEFAULT_LANGUAGES.iter().map(|c| (*c).to_owned()).collect();
        LanguageIdentifier::new(&codes)
    }

    #[test]
    fn identifies_news_languages() {
        let id = default_identifier();
        let cases = [
            (
                "The harbour council of Velmora voted on Friday to close the old pier after \
                 engineers found deep cracks in two of its supports.",
                "eng",
            ),
            (
                "Der Stadtrat von Velmora hat am Freitag beschlossen, den alten Steg zu schließen, \
                 nachdem Ingenieure tiefe Risse gefunden hatten.",
                "deu",
            ),
            (
                "Le conseil municipal de Velmora a voté vendredi la fermeture de la vieille jetée \
                 après que des ingénieurs ont découvert des fissures profondes.",
                "fra",
            ),
            (
                "El ayuntamiento de Velmora votó el viernes cerrar el viejo muelle después de que \
                 los ingenieros encontraran grietas profundas en sus pilares.",
                "spa",
            ),
            (
                "Городской совет Велморы в пятницу проголосовал за закрытие старого причала после \
                 того, как инженеры обнаружили глубокие трещины.",
                "rus",
            ),
        ];
        for (text, code) in cases {
            assert_eq!(id.identify(text).as_deref(), Some(code), "{text}");
        }
    }

    #[test]
    fn says_nothing_about_text_it_cannot_tell() {
        let id = default_identifier();
        assert_eq!(id.identify(""), None);
        assert_eq!(id.identify("2026 — 17:45 — 3,100"), None);
        // A long text cut inside a multi-byte character does not panic.
        let long = "é".repeat(SAMPLE_BYTES);
        let _ = id.identify(&long);
    }

    #[test]
    fn declared_codes_normalise_to_iso_639_3() {
        assert_eq!(normalise_language_code("en").as_deref(), Some("eng"));
        assert_eq!(normalise_language_code("EN-us").as_deref(), Some("eng"));
        assert_eq!(normalise_language_code("deu").as_deref(), Some("deu"));
        assert_eq!(normalise_language_code("zh_CN").as_deref(), Some("cmn"));
        assert_eq!(normalise_language_code("xx"), None);
    }
}
