//! The word lists the figure reader uses: number, scale and vague words, qualifiers, units,
//! events and the measures they name, and the words that end or block a figure.

use parallax_model::Qualifier;

/// Number words and their values.
pub(crate) const WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// Scale words and abbreviations after a number.
pub(crate) const SCALES: &[(&str, f64)] = &[
    ("dozen", 12.0),
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Abbreviated scales, written after digits ("5m", "1.2bn", "$3 bn").
pub(crate) const SCALE_ABBREVIATIONS: &[(&str, f64)] = &[
    ("k", 1e3),
    ("m", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("b", 1e9),
    ("bn", 1e9),
    ("bln", 1e9),
    ("tn", 1e12),
    ("trn", 1e12),
];

/// Vague words and the range each stands for.
pub(crate) const VAGUE: &[(&str, f64, f64)] = &[
    ("dozens", 24.0, 99.0),
    ("scores", 40.0, 99.0),
    ("hundreds", 200.0, 999.0),
    ("thousands", 2e3, 9_999.0),
    ("millions", 2e6, 999_999_999.0),
    ("billions", 2e9, 999_999_999_999.0),
];

/// Qualifiers before a number, longest first within each word count.
pub(crate) const BEFORE: &[(&[&str], Qualifier)] = &[
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["at", "least"], Qualifier::AtLeast),
    (&["more", "than"], Qualifier::MoreThan),
    (&["greater", "than"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["less", "than"], Qualifier::LessThan),
    (&["just", "under"], Qualifier::Approximate),
    (&["close", "to"], Qualifier::Approximate),
    (&["an", "estimated"], Qualifier::Approximate),
    (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan),
    (&["beyond"], Qualifier::MoreThan),
    (&["exceeding"], Qualifier::MoreThan),
    (&["surpassing"], Qualifier::MoreThan),
    (&["topping"], Qualifier::MoreThan),
    (&["surpassed"], Qualifier::MoreThan),
    (&["surpass"], Qualifier::MoreThan),
    (&["exceeded"], Qualifier::MoreThan),
    (&["exceed"], Qualifier::MoreThan),
    (&["topped"], Qualifier::MoreThan),
    (&["passed"], Qualifier::MoreThan),
    (&["crossed"], Qualifier::MoreThan),
    (&["under"], Qualifier::LessThan),
    (&["below"], Qualifier::LessThan),
    (&["nearly"], Qualifier::Approximate),
    (&["almost"], Qualifier::Approximate),
    (&["approaching"], Qualifier::Approximate),
    (&["about"], Qualifier::Approximate),
    (&["around"], Qualifier::Approximate),
    (&["roughly"], Qualifier::Approximate),
    (&["approximately"], Qualifier::Approximate),
    (&["some"], Qualifier::Approximate),
    (&["estimated"], Qualifier::Approximate),
    (&["circa"], Qualifier::Approximate),
];

/// Qualifiers that allow only values below the number ("nearly 3,000" is 2,700–3,000).
pub(crate) const BELOW_WORDS: &[&str] = &["nearly", "almost", "approaching", "just", "close"];

/// Qualifiers after a number.
pub(crate) const AFTER: &[(&[&str], Qualifier)] = &[
    (&["or", "more"], Qualifier::AtLeast),
    (&["or", "over"], Qualifier::AtLeast),
    (&["plus"], Qualifier::AtLeast),
    (&["+"], Qualifier::AtLeast),
    (&["or", "so"], Qualifier::Approximate),
    (&["or", "fewer"], Qualifier::AtMost),
    (&["or", "less"], Qualifier::AtMost),
];

/// Currency signs before a number.
pub(crate) const SIGNS: &[(&str, &str)] =
    &[("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₽", "RUB"), ("₹", "INR")];

/// Units after a number (each a sequence of lowercase tokens).
pub(crate) const UNITS: &[(&[&str], &str)] = &[
    (&["percentage", "points"], "percentage points"),
    (&["percentage", "point"], "percentage points"),
    (&["per", "cent"], "percent"),
    (&["%"], "percent"),
    (&["percent"], "percent"),
    (&["us", "dollars"], "USD"),
    (&["dollars"], "USD"),
    (&["euros"], "EUR"),
    (&["pounds", "sterling"], "GBP"),
    (&["rubles"], "RUB"),
    (&["roubles"], "RUB"),
    (&["rials"], "IRR"),
    (&["yuan"], "CNY"),
    (&["yen"], "JPY"),
    (&["rupees"], "INR"),
    (&["shekels"], "ILS"),
];

/// Words for what happened to what is counted, and the measure each gives.
pub(crate) const EVENTS: &[(&str, &str)] = &[
    ("killed", "deaths"),
    ("dead", "deaths"),
    ("died", "deaths"),
    ("slain", "deaths"),
    ("perished", "deaths"),
    ("injured", "injuries"),
    ("wounded", "injuries"),
    ("hurt", "injuries"),
    ("arrested", "arrests"),
    ("detained", "arrests"),
    ("jailed", "arrests"),
    ("imprisoned", "arrests"),
    ("executed", "executions"),
    ("displaced", "displaced"),
    ("evacuated", "displaced"),
    ("missing", "missing"),
];

/// Verbs before a number that name what happened ("killing at least 20").
pub(crate) const EVENTS_BEFORE: &[(&str, &str)] = &[
    ("killing", "deaths"),
    ("killed", "deaths"),
    ("wounding", "injuries"),
    ("wounded", "injuries"),
    ("injuring", "injuries"),
    ("injured", "injuries"),
    ("arresting", "arrests"),
    ("arrested", "arrests"),
    ("detaining", "arrests"),
    ("detained", "arrests"),
    ("executing", "executions"),
    ("executed", "executions"),
    ("displacing", "displaced"),
    ("displaced", "displaced"),
];

/// Nouns that name a measure ("2,700 deaths", "the death toll rose to").
pub(crate) const MEASURE_NOUNS: &[(&str, &str)] = &[
    ("deaths", "deaths"),
    ("death", "deaths"),
    ("fatalities", "deaths"),
    ("toll", "deaths"),
    ("dead", "deaths"),
    ("lives", "deaths"),
    ("bodies", "deaths"),
    ("casualties", "casualties"),
    ("injuries", "injuries"),
    ("arrests", "arrests"),
    ("detentions", "arrests"),
    ("detainees", "arrests"),
    ("executions", "executions"),
];

/// Gatherings whose "-strong" size is a crowd's.
pub(crate) const CROWD_NOUNS: [&str; 14] = [
    "rally",
    "rallies",
    "march",
    "marches",
    "protest",
    "protests",
    "demonstration",
    "demonstrations",
    "crowd",
    "crowds",
    "presence",
    "gathering",
    "gatherings",
    "turnout",
];

/// Verbs of change between a subject and its number ("has risen to 41"); they may stand
/// between them as [`LINKS`] do.
pub(crate) const CHANGE_VERBS: &[&str] = &[
    "rose",
    "risen",
    "climbed",
    "reached",
    "stood",
    "stands",
    "hit",
    "jumped",
    "increased",
    "grew",
    "surpassed",
    "topped",
    "exceeded",
];

/// Words that may stand between a measure noun and its number ("fatalities have surpassed"),
/// with the [`CHANGE_VERBS`].
pub(crate) const LINKS: &[&str] = &[
    "have",
    "has",
    "had",
    "been",
    "is",
    "was",
    "are",
    "were",
    "now",
    "already",
    "reportedly",
    "to",
    "at",
    "of",
    "has",
    "is",
    "was",
    "estimated",
    "put",
    "reaching",
];

/// Words skipped between what is counted and its event ("have been killed").
pub(crate) const AUXILIARIES: &[&str] = &[
    "have",
    "has",
    "had",
    "been",
    "were",
    "was",
    "are",
    "is",
    "be",
    "being",
    "reportedly",
    "allegedly",
    "also",
    "already",
    "now",
    "were",
    "reported",
    "confirmed",
];

/// Words after a number that do not start what it counts.
pub(crate) const NOT_OBJECTS: &[&str] = &[
    "said", "says", "say", "told", "added", "per", "percent", "times", "fold", "plus", "struck",
    "hit", "left", "took", "came", "went", "fell", "rose", "got", "gave", "held", "met", "won",
    "ran", "saw", "fled", "shot", "caught", "brought", "built", "sent", "spent", "set", "put",
    "led", "kept", "found", "stood", "began", "became", "broke", "drove", "flew", "fought", "grew",
    "knew", "paid", "sold", "thought", "wrote", "remain", "remained", "face", "faced", "took",
];

/// Adjectives that only modify what a number counts: a phrase that ends on one never reached its
/// noun ("seven current and former Velmor and Port Authority aides" is not "seven current").
pub(crate) const MODIFIERS_ONLY: &[&str] = &[
    "current",
    "former",
    "senior",
    "junior",
    "other",
    "additional",
    "new",
    "top",
    "retired",
    "active",
    "young",
    "old",
    "local",
    "foreign",
    "federal",
    "top-level",
    "high-ranking",
];

/// Prepositions and other words that end what a number counts.
pub(crate) const PREPOSITIONS: &[&str] = &[
    "across",
    "among",
    "amid",
    "within",
    "without",
    "toward",
    "towards",
    "via",
    "including",
    "near",
    "following",
    "despite",
    "inside",
    "outside",
    "throughout",
    "along",
    "around",
    "behind",
    "beyond",
    "onto",
    "upon",
    "versus",
    "last",
    "this",
    "next",
    "ago",
    "apiece",
    "each",
    "according",
];

/// Words after a number that are part of the figure but not of what it counts.
pub(crate) const MORE: &[&str] = &["more", "other", "additional", "further", "extra", "new"];

/// Labels before a number that make it a name, not a figure ("Article 5"), and words that make it
/// an age ("voters aged 18-34"), as "25-year-old" is.
pub(crate) const LABELS: &[&str] = &[
    "age",
    "aged",
    "ages",
    "article",
    "section",
    "chapter",
    "resolution",
    "flight",
    "no",
    "number",
    "page",
    "room",
    "route",
    "highway",
    "phase",
    "season",
    "episode",
    "vol",
    "volume",
    "level",
    "grade",
    "category",
    "paragraph",
    "item",
    "version",
    "model",
    "code",
    "line",
];

/// Words before a small written number that make it a reference, not a count ("the two
/// countries", "no one").
pub(crate) const REFERRING: &[&str] =
    &["the", "these", "those", "both", "this", "that", "which", "every", "any", "no", "each"];

/// Irregular plurals that end what a number counts.
pub(crate) const IRREGULAR_PLURALS: &[&str] =
    &["people", "police", "children", "men", "women", "personnel", "staff", "cattle", "troops"];
