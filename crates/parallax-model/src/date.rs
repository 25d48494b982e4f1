use std::fmt;

/// A calendar date (proleptic Gregorian), years 1000 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

impl Date {
    /// A date, or `None` when it does not exist (30 February) or lies outside 1000..=9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1000..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, also accepting a longer ISO timestamp whose first ten bytes are a date.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let head = text.trim().get(..10)?;
        let mut parts = head.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::from_ymd(year, month, day)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01 (before, when negative); `None` outside 1000..=9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::from_ymd(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// The date `days` later (earlier, when negative); `None` outside 1000..=9999.
    pub fn add_days(&self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// The English name of the weekday.
    pub fn weekday_name(&self) -> &'static str {
        // 1970-01-01 was a Thursday (index 3).
        let idx = (self.days_since_epoch() + 3).rem_euclid(7);
        WEEKDAYS[usize::try_from(idx).unwrap_or(0)]
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(&self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What is known about when a document was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PublishedDate {
    /// Stated by the source (a feed field or a date line in the text).
    Exact(Date),
    /// Not stated, but the page was fetched on this date, so it was published on or before it.
    OnOrBefore(Date),
    /// Nothing supports a date.
    Unknown,
}

impl PublishedDate {
    /// The best single date for ordering and time windows: the exact date, else the bound.
    pub fn anchor(&self) -> Option<Date> {
        match self {
            PublishedDate::Exact(date) | PublishedDate::OnOrBefore(date) => Some(*date),
            PublishedDate::Unknown => None,
        }
    }

    /// Short machine name of the kind: `exact`, `on-or-before`, `unknown`.
    pub fn kind(&self) -> &'static str {
        match self {
            PublishedDate::Exact(_) => "exact",
            PublishedDate::OnOrBefore(_) => "on-or-before",
            PublishedDate::Unknown => "unknown",
        }
    }

    /// Rebuilds a value from [`PublishedDate::kind`] and an ISO date.
    pub fn from_parts(kind: &str, date: Option<&str>) -> PublishedDate {
        match (kind, date.and_then(Date::parse_iso)) {
            ("exact", Some(date)) => PublishedDate::Exact(date),
            ("on-or-before", Some(date)) => PublishedDate::OnOrBefore(date),
            _ => PublishedDate::Unknown,
        }
    }
}

impl fmt::Display for PublishedDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishedDate::Exact(date) => write!(f, "{date}"),
            PublishedDate::OnOrBefore(date) => write!(f, "≤ {date}"),
            PublishedDate::Unknown => f.write_str("unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_arithmetic() {
        assert!(Date::from_ymd(2025, 2, 29).is_none());
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        let epoch = Date::from_ymd(1970, 1, 1).unwrap();
        assert_eq!(epoch.days_since_epoch(), 0);
        assert_eq!(epoch.weekday_name(), "Thursday");
        let saturday = Date::parse_iso("2026-01-17T10:00:00Z").unwrap();
        assert_eq!(saturday.weekday_name(), "Saturday");
        assert_eq!(Date::from_ymd(2025, 12, 27).unwrap().days_until(saturday), 21);
        assert_eq!(saturday.add_days(-21), Date::from_ymd(2025, 12, 27));
        assert_eq!(Date::from_ymd(2024, 2, 28).unwrap().add_days(1), Date::from_ymd(2024, 2, 29));
        // Every day of four centuries round-trips through its day number.
        let start = Date::from_ymd(1900, 1, 1).unwrap().days_since_epoch();
        for days in start..start + 146_097 {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert!(Date::from_days_since_epoch(-800_000).is_none());
    }

    #[test]
    fn published_round_trips() {
        let date = Date::from_ymd(2026, 1, 18).unwrap();
        for value in
            [PublishedDate::Exact(date), PublishedDate::OnOrBefore(date), PublishedDate::Unknown]
        {
            let text = value.anchor().map(|d| d.to_string());
            assert_eq!(PublishedDate::from_parts(value.kind(), text.as_deref()), value);
        }
    }
}
