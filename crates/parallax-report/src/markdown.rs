use std::fmt::Write as _;

use crate::schema::v1::{
    ClaimDto, DiffPieceDto, FigureDto, FigureGroupDto, IndexReport, MentionDto, NameDto,
    OutletFramingDto, QuoteDto, QuoteGroupDto, RevisionDto, StoryReport, TimelineEntryDto,
};

fn or_dash(value: Option<&str>) -> &str {
    value.unwrap_or("–")
}

/// Markdown table cells must not break the table: pipes and newlines are escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Renders the story list as Markdown.
pub fn render_index_markdown(index: &IndexReport) -> String {
    let mut out = String::from(
        "# Stories\n\n| id | dates | title | articles | origins | outlets |\n|---|---|---|---|---|---|\n",
    );
    for story in &index.stories {
        let _ = writeln!(
            out,
            "| {} | {} – {} | {} | {} | {} | {} |",
            story.id,
            or_dash(story.first_date.as_deref()),
            or_dash(story.last_date.as_deref()),
            cell(&story.title),
            story.n_articles,
            story.n_origins,
            cell(&story.outlets.join(", "))
        );
    }
    if !index.set_aside.is_empty() {
        out.push_str("\n## Set aside\n\n| source | reason | detail |\n|---|---|---|\n");
        for item in &index.set_aside {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&item.source),
                item.reason,
                cell(&item.detail)
            );
        }
    }
    out
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// Items of a list section (entities, dates) shown in a story's Markdown; the JSON report has all.
const MARKDOWN_LIST_ITEMS: usize = 25;

/// A `## heading` with the first items as a list and how many more the JSON report holds;
/// nothing when there are no items.
fn push_list_section(out: &mut String, heading: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    for item in items.iter().take(MARKDOWN_LIST_ITEMS) {
        let _ = writeln!(out, "- {item}");
    }
    if items.len() > MARKDOWN_LIST_ITEMS {
        let _ = writeln!(
            out,
            "- … and {} more (all, with their spans, in the JSON report)",
            items.len() - MARKDOWN_LIST_ITEMS
        );
    }
    out.push('\n');
}

/// A timeline date as readers say it: the TimeML value with its part of day in words
/// (`2026-01-16TNI` is "2026-01-16 night") and its modifier ("2025-12 (end)").
///
/// ```
/// use parallax_report::{schema::v1::TimelineEntryDto, timeline_label};
/// let entry = |date: &str, modifier: Option<&str>| TimelineEntryDto {
///     date: date.to_owned(),
///     modifier: modifier.map(str::to_owned),
///     n_articles: 1,
///     events: Vec::new(),
/// };
/// assert_eq!(timeline_label(&entry("2026-01-16TNI", None)), "2026-01-16 night");
/// assert_eq!(timeline_label(&entry("2026-01-16T17:00", None)), "2026-01-16 17:00");
/// assert_eq!(timeline_label(&entry("2025-12", Some("END"))), "2025-12 (end)");
/// assert_eq!(timeline_label(&entry("2026-W02", None)), "2026-W02 (week 2 of 2026)");
/// ```
pub fn timeline_label(entry: &TimelineEntryDto) -> String {
    const PARTS: [(&str, &str); 4] =
        [("TMO", "morning"), ("TAF", "afternoon"), ("TEV", "evening"), ("TNI", "night")];
    let date = PARTS
        .iter()
        .find_map(|(code, words)| entry.date.strip_suffix(code).map(|day| format!("{day} {words}")))
        .unwrap_or_else(|| entry.date.replacen('T', " ", 1));
    let date = match value_words(&entry.date) {
        Some(words) => format!("{date} ({words})"),
        None => date,
    };
    match &entry.modifier {
        Some(modifier) => format!("{date} ({})", modifier.to_lowercase()),
        None => date,
    }
}

/// A TimeML value that is no calendar date in words, for readers: centuries (`19`, "20th
/// century"), decades (`199`, "1990s"), weeks, quarters, halves, seasons, weekends, the
/// present, past and future, durations (`P2Q`, "2 quarters"; `PXY`, "some years") and weekly
/// sets (`XXXX-WXX-2`, "every Tuesday"); `None` for a plain date, month or year, which read as
/// they are.
///
/// ```
/// use parallax_report::value_words;
/// assert_eq!(value_words("14").as_deref(), Some("15th century"));
/// assert_eq!(value_words("199").as_deref(), Some("1990s"));
/// assert_eq!(value_words("1989-Q3").as_deref(), Some("Q3 1989"));
/// assert_eq!(value_words("PT24H").as_deref(), Some("24 hours"));
/// assert_eq!(value_words("2026-01-16"), None);
/// ```
pub fn value_words(value: &str) -> Option<String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value {
        "PRESENT_REF" => return Some("the present".to_owned()),
        "PAST_REF" => return Some("the past".to_owned()),
        "FUTURE_REF" => return Some("the future".to_owned()),
        _ => {}
    }
    if digits(value) && value.len() == 2 {
        let n = value.parse::<u32>().ok()? + 1;
        return Some(format!("{n}{} century", parallax_text::ordinal_suffix(n)));
    }
    if digits(value) && value.len() == 3 {
        return Some(format!("{value}0s"));
    }
    if let Some(day) = value.strip_prefix("XXXX-WXX-") {
        const DAYS: [&str; 7] =
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        let n = day.get(..1)?.parse::<usize>().ok()?;
        return DAYS.get(n.checked_sub(1)?).map(|d| format!("every {d}"));
    }
    if let Some(rest) = value.strip_prefix('P') {
        let (time, rest) = match rest.strip_prefix('T') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let split = rest.find(|c: char| !c.is_ascii_digit() && c != '.' && c != 'X')?;
        let (count, unit) = rest.split_at(split);
        let unit = match (unit, time) {
            ("Y", false) => "year",
            ("M", false) => "month",
            ("W", false) => "week",
            ("D", false) => "day",
            ("Q", false) => "quarter",
            ("DE", false) => "decade",
            ("CE", false) => "century",
            ("H", true) => "hour",
            ("M", true) => "minute",
            ("S", true) => "second",
            _ => return None,
        };
        return Some(match count {
            "X" => format!("some {unit}s"),
            "1" => format!("1 {unit}"),
            n if !n.is_empty() => format!("{n} {unit}s"),
            _ => return None,
        });
    }
    let (year, part) = value.split_once('-')?;
    if !digits(year) || year.len() != 4 {
        return None;
    }
    let season = |code: &str| match code {
        "SP" => Some("spring"),
        "SU" => Some("summer"),
        "FA" => Some("autumn"),
        "WI" => Some("winter"),
        _ => None,
    };
    if let Some(name) = season(part) {
        return Some(format!("{name} {year}"));
    }
    if let Some(quarter) = part.strip_prefix('Q').filter(|q| digits(q)) {
        return Some(format!("Q{quarter} {year}"));
    }
    match part {
        "H1" => return Some(format!("first half of {year}")),
        "H2" => return Some(format!("second half of {year}")),
        _ => {}
    }
    let week = part.strip_prefix('W')?;
    let (number, weekend) = match week.strip_suffix("-WE") {
        Some(number) => (number, true),
        None => (week, false),
    };
    let number = number.parse::<u32>().ok()?;
    Some(if weekend {
        format!("weekend of week {number} of {year}")
    } else {
        format!("week {number} of {year}")
    })
}

/// [`value_words`] for a story's date of this TIMEX3 kind, with a space before it (empty when
/// the value reads as it is): a set's one unit is "every week", not "1 week".
pub(crate) fn date_words(value: &str, kind: &str) -> String {
    let words = value_words(value).map(|words| match words.strip_prefix("1 ") {
        Some(unit) if kind == "SET" => format!("every {unit}"),
        _ => words,
    });
    words.map(|w| format!(" {w}")).unwrap_or_default()
}

/// An outlet's labels grouped by what they name, in the report's order (the events, the people
/// taking part, then states): `(referent, labels)`.
pub fn names_by_referent(outlet: &OutletFramingDto) -> Vec<(&str, Vec<&NameDto>)> {
    let mut out: Vec<(&str, Vec<&NameDto>)> = Vec::new();
    for name in &outlet.names {
        match out.iter_mut().find(|(referent, _)| *referent == name.referent) {
            Some((_, names)) => names.push(name),
            None => out.push((name.referent.as_str(), vec![name])),
        }
    }
    out
}

/// How often an outlet uses a label against the story's other outlets: "4×, no other outlet"
/// or "2×, others 10×".
pub fn name_note(name: &NameDto) -> String {
    if name.others == 0 {
        format!("{}×, no other outlet", name.count)
    } else {
        format!("{}×, others {}×", name.count, name.others)
    }
}

/// The quotes that have content, direct quotes first, then partial, then indirect.
pub fn sorted_quotes(story: &StoryReport) -> Vec<&QuoteDto> {
    let mut quotes: Vec<&QuoteDto> =
        story.quotes.iter().filter(|q| !q.content.is_empty()).collect();
    quotes.sort_by_key(|q| match q.kind.as_str() {
        "direct" => 0,
        "partial" => 1,
        _ => 2,
    });
    quotes
}

/// The outlet of one of the story's articles (`unknown` for an id not in the story).
pub fn article_outlet<'s>(story: &'s StoryReport, doc_id: &str) -> &'s str {
    story.articles.iter().find(|a| a.doc_id == doc_id).map_or("unknown", |a| a.outlet.name.as_str())
}

/// A claim's other wordings: every sentence after the one that stands for it, with its outlet
/// (none for a claim of one origin).
pub fn claim_wordings<'s>(
    story: &'s StoryReport,
    claim: &'s ClaimDto,
) -> Vec<(&'s str, &'s MentionDto)> {
    if claim.n_origins < 2 {
        return Vec::new();
    }
    claim.sentences.iter().skip(1).map(|s| (article_outlet(story, &s.doc_id), s)).collect()
}

/// One quote as a line: speaker, outlet, kind and the words quoted; `strong` marks a speaker
/// resolved to a story entity.
pub(crate) fn quote_line(story: &StoryReport, quote: &QuoteDto, strong: bool) -> String {
    let outlet = article_outlet(story, &quote.doc_id);
    let words: Vec<&str> = quote.content.iter().map(|piece| piece.text.as_str()).collect();
    let speaker = quote.speaker.as_deref().unwrap_or("(no source)").replace('\n', " ");
    let speaker = if strong && quote.speaker_resolved { format!("**{speaker}**") } else { speaker };
    // A plural source with the people it stands for: "They (Vladimir Putin, Masoud Pezeshkian)".
    let speaker = if quote.speakers.is_empty() {
        speaker
    } else {
        format!("{speaker} ({})", quote.speakers.join(", "))
    };
    format!("{speaker} ({outlet}, {}): {}", quote.kind, words.join(" … ").replace('\n', " "))
}

/// A number for display: "2,700", "2.5", "1,000,000".
fn number(value: f64) -> String {
    // Up to four decimals, as many as the value has ("17.43", not "17.4"), digits grouped; a
    // fraction that is only floating-point noise on a large value (0.9 × $826.5 billion) is none.
    let noise = (value - value.round()).abs() < 1e-6 * value.abs().max(1.0);
    let value = if noise { value.round() } else { value };
    let written = format!("{:.4}", value.abs());
    let (whole, fraction) = written.split_once('.').unwrap_or((written.as_str(), ""));
    let fraction = fraction.trim_end_matches('0');
    let mut out = String::new();
    for (idx, ch) in whole.chars().enumerate() {
        if idx > 0 && (whole.len() - idx) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    let zero = out.chars().all(|c| matches!(c, '0' | '.' | ','));
    if value < 0.0 && !zero { format!("-{out}") } else { out }
}

/// The values a figure's wording allows: "2,700", "≥ 2,700", "> 2,600", "200–999".
pub fn figure_bounds(figure: &FigureDto) -> String {
    match (figure.qualifier.as_str(), figure.low, figure.high) {
        ("more-than", Some(low), _) => format!("> {}", number(low)),
        ("less-than", _, Some(high)) => format!("< {}", number(high)),
        (_, Some(low), Some(high)) if (low - high).abs() < 1e-9 => number(low),
        (_, Some(low), Some(high)) => format!("{}–{}", number(low), number(high)),
        (_, Some(low), None) => format!("≥ {}", number(low)),
        (_, None, Some(high)) => format!("≤ {}", number(high)),
        (_, None, None) => "?".to_owned(),
    }
}

/// One figure as a line: its words, outlet, bounds and qualifier, attribution and as-of date.
pub(crate) fn figure_line(figure: &FigureDto) -> String {
    let mut parts =
        vec![figure.outlet.clone(), format!("{} ({})", figure_bounds(figure), figure.qualifier)];
    if let Some(who) = &figure.attributed_to {
        parts.push(format!("per {}", who.replace('\n', " ")));
    }
    if let Some(date) = &figure.as_of {
        parts.push(format!("as of {date}"));
    }
    format!("“{}” ({})", figure.expression.text.replace('\n', " "), parts.join("; "))
}

/// A word diff in Markdown: removed words struck through, added words in bold.
pub(crate) fn diff_markdown(diff: &[DiffPieceDto]) -> String {
    let mut out = String::new();
    for (at, piece) in diff.iter().enumerate() {
        if crate::html::replaces(diff, at) {
            out.push(' ');
        }
        let text = piece.text.replace('\n', " ");
        let (lead, rest) = text.split_at(text.len() - text.trim_start().len());
        let (core, trail) = rest.split_at(rest.trim_end().len());
        out.push_str(lead);
        match piece.kind.as_str() {
            "removed" if !core.is_empty() => out.push_str(&format!("~~{core}~~")),
            "added" if !core.is_empty() => out.push_str(&format!("**{core}**")),
            _ => out.push_str(core),
        }
        out.push_str(trail);
    }
    out
}

/// One group of quotes as a line: voices, whether the words agree, and each outlet's words (a
/// variant as a diff against the first).
pub(crate) fn quote_group_line(group: &QuoteGroupDto) -> String {
    let status = if group.same_words { "same words" } else { "variants" };
    let members: Vec<String> = group
        .members
        .iter()
        .map(|member| {
            let words = if member.diff.is_empty() {
                member.text.replace('\n', " ")
            } else {
                diff_markdown(&member.diff)
            };
            format!("{}: “{}”", member.outlet, words)
        })
        .collect();
    format!(
        "**{}** in {} ({status}): {}",
        group.speakers.join(" / ").replace('\n', " "),
        plural(group.n_articles, "article"),
        members.join(" · ")
    )
}

/// The heading of a figure group: its measure and unit.
pub fn figure_group_label(group: &FigureGroupDto) -> String {
    let measure = group.measure.as_deref().unwrap_or("amount");
    match &group.unit {
        Some(unit) => format!("{measure} ({unit})"),
        None => measure.to_owned(),
    }
}

/// Renders one story as Markdown: header, articles with status and removals, and cleaned text.
pub fn render_story_markdown(story: &StoryReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", story.title.replace('\n', " "));
    let _ = writeln!(out, "- id: `{}`", story.id);
    let _ = writeln!(
        out,
        "- dates: {} – {}",
        or_dash(story.first_date.as_deref()),
        or_dash(story.last_date.as_deref())
    );
    let _ = writeln!(
        out,
        "- {}, {}",
        plural(story.n_articles, "article"),
        plural(story.n_origins, "independent origin")
    );
    let outlets: Vec<String> =
        story.outlets.iter().map(|o| format!("{} ({})", o.name, o.n_articles)).collect();
    let _ = writeln!(out, "- outlets: {}\n", outlets.join(", "));
    let mut summary: Vec<String> = story
        .summary
        .sentences
        .iter()
        .map(|item| {
            format!(
                "{} ({}, {}; {})",
                item.sentence.text.replace('\n', " "),
                item.outlet,
                span_ref(&item.sentence),
                plural(item.n_origins, "origin")
            )
        })
        .collect();
    summary.extend(story.summary.conflicts.iter().map(|c| format!("**Conflict:** {}", c.text)));
    push_list_section(&mut out, "Summary", &summary);
    let timeline: Vec<String> = story
        .timeline
        .iter()
        .flat_map(|entry| {
            let date = timeline_label(entry);
            entry.events.iter().map(move |event| {
                format!(
                    "**{date}** “{}”: {} ({}, {})",
                    event.expression.text.replace('\n', " "),
                    event.sentence.text.replace('\n', " "),
                    event.outlet,
                    span_ref(&event.sentence)
                )
            })
        })
        .collect();
    push_list_section(&mut out, "Timeline", &timeline);
    let entities: Vec<String> = story
        .entities
        .iter()
        .map(|entity| {
            let roles = if entity.roles.is_empty() {
                String::new()
            } else {
                format!(" — {}", entity.roles.join("; "))
            };
            format!(
                "**{}** ({}){roles}: {} in {}",
                entity.name.replace('\n', " "),
                entity.kind,
                plural(entity.mentions.len(), "mention"),
                plural(entity.n_articles, "article")
            )
        })
        .collect();
    push_list_section(&mut out, "Entities", &entities);
    let quotes: Vec<String> =
        sorted_quotes(story).into_iter().map(|quote| quote_line(story, quote, true)).collect();
    push_list_section(&mut out, "Quotes", &quotes);
    let figures: Vec<String> = story
        .figures
        .iter()
        .map(|group| {
            let lines: Vec<String> = group.figures.iter().map(figure_line).collect();
            format!(
                "**{}** in {} ({}): {}",
                figure_group_label(group),
                plural(group.n_articles, "article"),
                group.agreement,
                lines.join(" · ")
            )
        })
        .collect();
    push_list_section(&mut out, "Figures", &figures);
    for (class, heading) in [
        ("consensus", "Consensus"),
        ("partial", "Reported by several origins"),
        ("single-origin", "Only one origin"),
    ] {
        let lines: Vec<String> = story
            .claims
            .iter()
            .filter(|claim| claim.class == class)
            .map(|claim| {
                let words = claim.sentences.first().map_or("", |s| s.text.as_str());
                let mut line = format!(
                    "“{}” ({}; {})",
                    words.replace('\n', " "),
                    claim.outlets.join(", "),
                    plural(claim.n_origins, "origin")
                );
                // How the other outlets word it, one sentence a line.
                for (outlet, sentence) in claim_wordings(story, claim) {
                    let _ = write!(line, "\n  - {outlet}: “{}”", sentence.text.replace('\n', " "));
                }
                line
            })
            .collect();
        push_list_section(&mut out, heading, &lines);
    }
    let framing: Vec<String> = story
        .framing
        .iter()
        .map(|outlet| {
            let terms: Vec<String> = outlet
                .terms
                .iter()
                .map(|t| format!("“{}” ({}×, others {}×, z {:.1})", t.term, t.count, t.others, t.z))
                .collect();
            let mut parts: Vec<String> = names_by_referent(outlet)
                .into_iter()
                .map(|(referent, names)| {
                    let labels: Vec<String> =
                        names.iter().map(|n| format!("“{}” ({})", n.label, name_note(n))).collect();
                    format!("calls {referent} {}", labels.join(", "))
                })
                .collect();
            parts.push(format!("distinctive terms: {}", or_none(&terms)));
            let mut line = format!("**{}**: {}", outlet.outlet, parts.join("; "));
            let loaded: Vec<String> =
                outlet.loaded.iter().map(|t| format!("“{}” ({}×)", t.term, t.count)).collect();
            if !loaded.is_empty() {
                line.push_str(&format!("; loaded language: {}", loaded.join(", ")));
            }
            let voices: Vec<String> =
                outlet.voices.iter().map(|v| format!("{} ({})", v.speaker, v.quotes)).collect();
            if !voices.is_empty() {
                line.push_str(&format!("; quotes: {}", voices.join(", ")));
            }
            line
        })
        .collect();
    push_list_section(&mut out, "Framing by outlet", &framing);
    let variants: Vec<String> = story.quote_groups.iter().map(quote_group_line).collect();
    push_list_section(&mut out, "Quotes in several outlets", &variants);
    let dates: Vec<String> = story
        .dates
        .iter()
        .map(|date| {
            let mut forms: Vec<String> = Vec::new();
            for mention in &date.mentions {
                let form = format!("“{}”", mention.text.replace('\n', " "));
                if !forms.contains(&form) && forms.len() < 3 {
                    forms.push(form);
                }
            }
            let modifier = date.modifier.as_ref().map(|m| format!(" {m}")).unwrap_or_default();
            let words = date_words(&date.value, &date.kind);
            format!(
                "`{}`{words}{modifier} ({}): {} in {}",
                date.value,
                date.kind,
                forms.join(", "),
                plural(date.n_articles, "article")
            )
        })
        .collect();
    push_list_section(&mut out, "Dates", &dates);
    // Related stories link to their pages beside this one in the site's `stories/` folder.
    let related: Vec<String> = story
        .related
        .iter()
        .map(|other| format!("[{}]({}.md)", other.title.replace(['[', ']', '\n'], " "), other.id))
        .collect();
    push_list_section(&mut out, "Related stories", &related);
    for article in &story.articles {
        let title = article.title.as_ref().map_or("(untitled)", |t| t.text.as_str());
        let _ = writeln!(out, "## {} — {}\n", article.outlet.name, title.replace('\n', " "));
        let _ = writeln!(
            out,
            "- document: `{}` (`{}`, {})",
            article.external_id, &article.doc_id, article.source
        );
        let _ = writeln!(out, "- status: **{}** — {}", article.status, article.status_detail);
        let _ = writeln!(
            out,
            "- published: {} ({})",
            or_dash(article.published.date.as_deref()),
            article.published.kind
        );
        let _ = writeln!(out, "- outlet evidence: {}", article.outlet.evidence);
        if let Some(place) = &article.dateline {
            let _ = writeln!(out, "- dateline: {}", place.text);
        }
        let _ = writeln!(out, "- language: {}", or_dash(article.language.as_deref()));
        if let Some(origin) = &article.origin_id {
            let _ = writeln!(out, "- origin: `{origin}`");
        }
        for revision in &article.revisions {
            out.push_str(&revision_markdown(revision));
        }
        if !article.removals.is_empty() {
            let _ = writeln!(out, "\n| removed bytes | reason | text |\n|---|---|---|");
            for removal in &article.removals {
                let preview: String = removal.text.chars().take(80).collect();
                let _ = writeln!(
                    out,
                    "| {}..{} | {} | {} |",
                    removal.start,
                    removal.end,
                    removal.reason,
                    cell(&preview)
                );
            }
        }
        out.push('\n');
        for paragraph in &article.paragraphs {
            let _ = writeln!(out, "> {}\n>", paragraph.text.replace('\n', " "));
        }
        out.push('\n');
    }
    out
}

/// How many sentences the fetch after an earlier version changed, in words ("2 sentences
/// changed in the next fetch"), as every renderer says it.
pub fn revision_changes(revision: &RevisionDto) -> String {
    match revision.changes.len() {
        0 => "no sentence changed in the next fetch".to_owned(),
        n => format!("{} changed in the next fetch", plural(n, "sentence")),
    }
}

/// An earlier version of an article and what the next fetch changed, one change a line,
/// each citing its sentence.
fn revision_markdown(revision: &RevisionDto) -> String {
    let mut out = format!(
        "- earlier version `{}` ({}): {}\n",
        revision.external_id,
        revision.date.as_deref().unwrap_or("date unknown"),
        revision_changes(revision)
    );
    for change in &revision.changes {
        let line = match (&change.before, &change.after) {
            (Some(before), Some(after)) => format!(
                "reworded: {} ({} → {})",
                diff_markdown(&change.diff),
                span_ref(before),
                span_ref(after)
            ),
            (Some(before), None) => {
                format!("removed: ~~{}~~ ({})", before.text.replace('\n', " "), span_ref(before))
            }
            (None, Some(after)) => {
                format!("added: **{}** ({})", after.text.replace('\n', " "), span_ref(after))
            }
            (None, None) => continue,
        };
        let _ = writeln!(out, "  - {line}");
    }
    out
}

/// Items joined by commas, or "no distinctive terms".
fn or_none(items: &[String]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}

/// Characters of a document id that cite it in Markdown (as story and origin ids are cut); each
/// article's section below gives its whole id.
const SHORT_ID: usize = 12;

/// A mention's place as `doc-id-prefix@start-end`.
fn span_ref(mention: &MentionDto) -> String {
    let id = mention.doc_id.get(..SHORT_ID).unwrap_or(&mention.doc_id);
    format!("{id}@{}-{}", mention.start, mention.end)
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_keep_their_decimals_and_group_their_digits() {
        assert_eq!(number(17.43), "17.43");
        assert_eq!(number(185.25), "185.25");
        assert_eq!(number(0.3), "0.3");
        assert_eq!(number(2700.0), "2,700");
        assert_eq!(number(12_900_000_000.0), "12,900,000,000");
        assert_eq!(number(1234.5), "1,234.5");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(1.0 / 3.0), "0.3333");
        assert_eq!(number(826.5e9 * 1.1), "909,150,000,000");
        assert_eq!(number(46_200_000.000_000_01), "46,200,000");
    }
}
