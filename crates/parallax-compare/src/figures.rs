//! Figures side by side: which pairs can both hold, which is a later update of the other, and
//! which disagree.

use parallax_model::Date;

/// What the comparison needs of one figure: the interval its wording allows and when it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureValue {
    /// The caller's article index (figures of one article are never compared with each other).
    pub doc: usize,
    /// Smallest value allowed (`None`: unbounded).
    pub low: Option<f64>,
    /// Largest value allowed (`None`: unbounded).
    pub high: Option<f64>,
    /// The low bound itself is excluded ("more than 2,600").
    pub low_open: bool,
    /// The high bound itself is excluded ("fewer than 50").
    pub high_open: bool,
    /// The date it holds at.
    pub as_of: Option<Date>,
}

/// How two figures of the same measure relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// Both can hold: their intervals overlap ("at least 2,600" and "at least 2,700").
    Compatible,
    /// The later one lies wholly above the earlier one: a rising count, reported later.
    Update,
    /// They cannot both hold at the same time, and the difference is not a later rise.
    Conflict,
}

impl Relation {
    /// Its name in reports: `compatible`, `update`, `conflict`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Compatible => "compatible",
            Relation::Update => "update",
            Relation::Conflict => "conflict",
        }
    }
}

/// Two figures of different articles and how they relate; `a` is the earlier (or the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigurePair {
    /// Index of the first figure in the slice given to [`compare_figures`].
    pub a: usize,
    /// Index of the second.
    pub b: usize,
    /// How they relate.
    pub relation: Relation,
}

/// The larger of two lower bounds, and whether it is open.
fn tighter_low(a: &FigureValue, b: &FigureValue) -> Option<(f64, bool)> {
    match (a.low, b.low) {
        (Some(x), Some(y)) if (x - y).abs() < f64::EPSILON => Some((x, a.low_open || b.low_open)),
        (Some(x), Some(y)) if x > y => Some((x, a.low_open)),
        (Some(_), Some(y)) => Some((y, b.low_open)),
        (Some(x), None) => Some((x, a.low_open)),
        (None, Some(y)) => Some((y, b.low_open)),
        (None, None) => None,
    }
}

/// The smaller of two upper bounds, and whether it is open.
fn tighter_high(a: &FigureValue, b: &FigureValue) -> Option<(f64, bool)> {
    match (a.high, b.high) {
        (Some(x), Some(y)) if (x - y).abs() < f64::EPSILON => Some((x, a.high_open || b.high_open)),
        (Some(x), Some(y)) if x < y => Some((x, a.high_open)),
        (Some(_), Some(y)) => Some((y, b.high_open)),
        (Some(x), None) => Some((x, a.high_open)),
        (None, Some(y)) => Some((y, b.high_open)),
        (None, None) => None,
    }
}

/// Whether some value is allowed by both figures.
fn overlap(a: &FigureValue, b: &FigureValue) -> bool {
    match (tighter_low(a, b), tighter_high(a, b)) {
        (Some((low, low_open)), Some((high, high_open))) => {
            low < high || ((low - high).abs() < f64::EPSILON && !low_open && !high_open)
        }
        _ => true,
    }
}

/// Whether every value `later` allows is above every value `earlier` allows.
fn wholly_above(later: &FigureValue, earlier: &FigureValue) -> bool {
    match (later.low, earlier.high) {
        (Some(low), Some(high)) => low >= high,
        _ => false,
    }
}

/// How two figures of the same measure relate. Overlapping intervals are compatible. Otherwise,
/// when the two hold at different dates and the later lies wholly above the earlier, the later is
/// an update (tolls rise); anything else is a conflict, including a later, smaller count.
pub fn relate(a: &FigureValue, b: &FigureValue) -> Relation {
    if overlap(a, b) {
        return Relation::Compatible;
    }
    let (earlier, later) = match (a.as_of, b.as_of) {
        (Some(x), Some(y)) if x < y => (a, b),
        (Some(x), Some(y)) if y < x => (b, a),
        _ => return Relation::Conflict,
    };
    if wholly_above(later, earlier) { Relation::Update } else { Relation::Conflict }
}

/// Every pair of figures from different articles, related; the earlier-dated one first.
pub fn compare_figures(values: &[FigureValue]) -> Vec<FigurePair> {
    let mut out = Vec::new();
    for (i, a) in values.iter().enumerate() {
        for (j, b) in values.iter().enumerate().skip(i + 1) {
            if a.doc == b.doc {
                continue;
            }
            let (first, second) = match (a.as_of, b.as_of) {
                (Some(x), Some(y)) if y < x => (j, i),
                _ => (i, j),
            };
            out.push(FigurePair { a: first, b: second, relation: relate(a, b) });
        }
    }
    out
}

/// What a group of figures of one measure says as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Agreement {
    /// Only one article gives the measure.
    SingleArticle,
    /// Every pair can hold together.
    Compatible,
    /// Some figures are later updates, none conflict.
    Updated,
    /// At least one pair conflicts.
    Conflict,
    /// Several articles count a thing that names no event ("40 houses", "six miles") and do not
    /// all agree: the figures may count different things, so they are listed but not related.
    NotCompared,
}

impl Agreement {
    /// Its name in reports: `single-article`, `compatible`, `updated`, `conflict`,
    /// `not-compared`.
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::SingleArticle => "single-article",
            Agreement::Compatible => "compatible",
            Agreement::Updated => "updated",
            Agreement::Conflict => "conflict",
            Agreement::NotCompared => "not-compared",
        }
    }
}

/// The agreement of a group from its pairs (no pairs: one article).
pub fn agreement(pairs: &[FigurePair]) -> Agreement {
    if pairs.is_empty() {
        Agreement::SingleArticle
    } else if pairs.iter().any(|p| p.relation == Relation::Conflict) {
        Agreement::Conflict
    } else if pairs.iter().any(|p| p.relation == Relation::Update) {
        Agreement::Updated
    } else {
        Agreement::Compatible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(doc: usize, low: Option<f64>, high: Option<f64>, day: u32) -> FigureValue {
        FigureValue {
            doc,
            low,
            high,
            low_open: false,
            high_open: false,
            as_of: Date::from_ymd(2031, 5, day),
        }
    }

    #[test]
    fn overlapping_ranges_are_compatible() {
        // "at least 600" and "at least 640" can both hold; so can "about 600" and "612".
        let a = value(0, Some(600.0), None, 3);
        let b = value(1, Some(640.0), None, 3);
        assert_eq!(relate(&a, &b), Relation::Compatible);
        let about = value(0, Some(540.0), Some(660.0), 3);
        let exact = value(1, Some(612.0), Some(612.0), 3);
        assert_eq!(relate(&about, &exact), Relation::Compatible);
    }

    #[test]
    fn disjoint_values_at_the_same_time_conflict() {
        // "dozens" (24–99) and "at least 310" on the same day.
        let dozens = value(0, Some(24.0), Some(99.0), 3);
        let at_least = value(1, Some(310.0), None, 3);
        assert_eq!(relate(&dozens, &at_least), Relation::Conflict);
        // "more than 40" excludes 40 itself.
        let mut more_than = value(0, Some(40.0), None, 3);
        more_than.low_open = true;
        let forty = value(1, Some(40.0), Some(40.0), 3);
        assert_eq!(relate(&more_than, &forty), Relation::Conflict);
        assert_eq!(relate(&value(0, Some(40.0), None, 3), &forty), Relation::Compatible);
    }

    #[test]
    fn a_later_larger_count_is_an_update_and_a_later_smaller_one_a_conflict() {
        let early = value(0, Some(120.0), Some(120.0), 2);
        let later = value(1, Some(185.0), Some(185.0), 4);
        assert_eq!(relate(&early, &later), Relation::Update);
        assert_eq!(relate(&later, &early), Relation::Update);
        let smaller_later = value(1, Some(90.0), Some(90.0), 4);
        assert_eq!(relate(&early, &smaller_later), Relation::Conflict);
        // Undated figures cannot be updates.
        let mut undated = later;
        undated.as_of = None;
        assert_eq!(relate(&early, &undated), Relation::Conflict);
    }

    #[test]
    fn pairs_skip_one_article_and_put_the_earlier_first() {
        let values = [
            value(0, Some(185.0), Some(185.0), 4),
            value(0, Some(180.0), Some(190.0), 4),
            value(1, Some(120.0), Some(120.0), 2),
        ];
        let pairs = compare_figures(&values);
        assert_eq!(pairs.len(), 2);
        assert_eq!((pairs[0].a, pairs[0].b, pairs[0].relation), (2, 0, Relation::Update));
        assert_eq!(agreement(&pairs), Agreement::Updated);
        assert_eq!(agreement(&[]), Agreement::SingleArticle);
        let conflict = compare_figures(&[values[0], value(1, Some(10.0), Some(10.0), 4)]);
        assert_eq!(agreement(&conflict), Agreement::Conflict);
    }
}
