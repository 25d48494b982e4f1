use crate::{DocId, Piece, Span};

/// The measures that name what an event did to people (its tolls): a count of one of them means
/// the same thing in every article of a story, so figures of it can agree or conflict.
pub const EVENT_MEASURES: [&str; 7] =
    ["deaths", "injuries", "arrests", "executions", "displaced", "missing", "casualties"];

/// Whether figures of a measure from different articles count the same thing and can be
/// compared: an event's toll (`EVENT_MEASURES`) or a size ("crowd size" for "million-strong
/// rallies"). A bare counted noun is not, with or without a unit ("40 houses", "six miles", "50
/// people", "a 15 percent rate", "a $2 billion package"): two sentences counting houses may count
/// different houses, and two rates may be two taxes.
pub fn is_comparable_measure(measure: Option<&str>) -> bool {
    measure.is_some_and(|measure| EVENT_MEASURES.contains(&measure) || measure.ends_with(" size"))
}

/// How a figure's number is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Qualifier {
    /// Stated as is ("2,700 people").
    Exact,
    /// "about", "around", "nearly", "some", "an estimated", "or so".
    Approximate,
    /// "at least", "no fewer than", "or more", "2,000-plus".
    AtLeast,
    /// "more than", "over", "surpassed", "exceeded".
    MoreThan,
    /// "up to", "at most", "as many as", "no more than".
    AtMost,
    /// "fewer than", "less than", "under", "below".
    LessThan,
    /// Two numbers: "between 10 and 15", "10 to 15", "10-15", "two or three".
    Range,
    /// A word for an order of magnitude ("hundreds", "dozens", "tens of thousands").
    Vague,
}

impl Qualifier {
    /// All qualifiers.
    pub const ALL: [Qualifier; 8] = [
        Qualifier::Exact,
        Qualifier::Approximate,
        Qualifier::AtLeast,
        Qualifier::MoreThan,
        Qualifier::AtMost,
        Qualifier::LessThan,
        Qualifier::Range,
        Qualifier::Vague,
    ];

    /// Its name in reports and the store (`exact`, `at-least`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximate => "approximate",
            Qualifier::AtLeast => "at-least",
            Qualifier::MoreThan => "more-than",
            Qualifier::AtMost => "at-most",
            Qualifier::LessThan => "less-than",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
        }
    }

    /// The qualifier named by [`Qualifier::as_str`].
    pub fn parse(name: &str) -> Option<Qualifier> {
        Qualifier::ALL.into_iter().find(|q| q.as_str() == name)
    }
}

/// A number in a document with what it counts and how it is hedged: "at least 2,700 people have
/// been killed", "hundreds of deaths", "a 25% tariff".
///
/// `low..=high` is the interval of values the wording allows (`None`: unbounded on that side):
/// exact 2,700 is 2700..=2700, "at least 2,700" is 2700.., "more than 2,600" is 2600.. (the bound
/// itself excluded, see the qualifier), "about 300" is 270..=330, "nearly 300" is 270..=300, and
/// a vague word maps to a documented range ("hundreds" is 200..=999).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The document.
    pub doc_id: DocId,
    /// The whole expression: qualifier, number, unit, what it counts and the event.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// The number words alone ("2,700", "hundreds", "a dozen").
    pub number: Piece,
    /// The number stated; `None` for a vague word. For a range, its lower end.
    pub value: Option<f64>,
    /// The smallest value the wording allows.
    pub low: Option<f64>,
    /// The largest value the wording allows.
    pub high: Option<f64>,
    /// How the number is hedged.
    pub qualifier: Qualifier,
    /// `percent` or a currency code (`USD`, `EUR`, `GBP`, `RUB`, …).
    pub unit: Option<String>,
    /// What is counted ("people", "deaths", "tariff", "rallies").
    pub object: Option<Piece>,
    /// What happened to what is counted ("killed", "arrested or injured").
    pub event: Option<Piece>,
    /// A comparable key for what is measured (`deaths`, `arrests`, `injuries`, or the counted
    /// noun's singular), so that figures from different outlets can be set side by side.
    pub measure: Option<String>,
    /// Who the figure is attributed to, as written ("monitors", "the agency").
    pub attribution: Option<Piece>,
    /// The name that attribution resolves to inside the article, when one does.
    pub attributed_to: Option<Piece>,
    /// The date the figure holds at (ISO): a date it is given "as of", else the article's date.
    pub as_of: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolls_and_sizes_compare_and_bare_nouns_do_not() {
        assert!(is_comparable_measure(Some("deaths")));
        assert!(is_comparable_measure(Some("crowd size")));
        assert!(!is_comparable_measure(Some("rate")));
        assert!(!is_comparable_measure(Some("house")));
        assert!(!is_comparable_measure(Some("mile")));
        assert!(!is_comparable_measure(None));
    }
}
