use std::fmt::Write as _;

use crate::markdown::plural;
use crate::markdown::{date_words, name_note, names_by_referent, timeline_label};
use crate::schema::v1::{ArticleDto, IndexReport, MentionDto, RevisionDto, StoryReport};

/// Escapes text for HTML element content and quoted attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
.meta{color:#555;font-size:.9rem}.status{font-weight:600}article{border-top:2px solid #333;margin-top:2rem}\
.raw{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.85rem;background:#f7f7f7;padding:.5rem}\
mark.hl{background:#ffe066}[data-mentions]{cursor:pointer}.selected{outline:2px solid #f0b400}\
mark.removed{background:#fdd;text-decoration:line-through}mark.removed::after{content:' [' attr(data-reason) ']';color:#a00;font-size:.75rem;text-decoration:none}";

fn page(title: &str, body: &str) -> String {
    page_with(title, body, "")
}

/// A page whose head also holds `head` (already HTML).
fn page_with(title: &str, body: &str, head: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n{head}</head>\n<body>\n{body}</body>\n</html>\n",
        html_escape(title)
    )
}

/// The story page's script (click a statement, see its source spans highlighted), served or
/// written beside the pages as `parallax.js`; story pages load it from `../parallax.js`.
pub const STORY_SCRIPT: &str = include_str!("story.js");

fn dates(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(first), Some(last)) if first == last => first.to_owned(),
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => "undated".to_owned(),
    }
}

/// Renders `index.html`: the stories and what was set aside. Story pages are linked as
/// `stories/<id>.html`.
pub fn render_index_html(index: &IndexReport) -> String {
    let mut body = String::from(
        "<h1>Stories</h1>\n<table>\n<thead><tr><th>Story</th><th>Dates</th><th>Articles</th><th>Origins</th><th>Outlets</th></tr></thead>\n<tbody>\n",
    );
    for story in &index.stories {
        let _ = writeln!(
            body,
            "<tr><td><a href=\"stories/{id}.html\">{title}</a></td><td>{dates}</td><td>{}</td><td>{}</td><td>{outlets}</td></tr>",
            story.n_articles,
            story.n_origins,
            id = html_escape(&story.id),
            title = html_escape(&story.title),
            dates = html_escape(&dates(story.first_date.as_deref(), story.last_date.as_deref())),
            outlets = html_escape(&story.outlets.join(", ")),
        );
    }
    body.push_str("</tbody>\n</table>\n");
    if !index.set_aside.is_empty() {
        body.push_str("<h2>Set aside</h2>\n<table>\n<thead><tr><th>Source</th><th>Reason</th><th>Detail</th></tr></thead>\n<tbody>\n");
        for item in &index.set_aside {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                html_escape(&item.source),
                html_escape(&item.reason),
                html_escape(&item.detail)
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    page("Parallax stories", &body)
}

/// The article's raw text with removed spans marked, for the on-demand view.
fn raw_with_removals(article: &ArticleDto, raw_text: &str) -> String {
    let mut out = String::new();
    let mut cursor = 0;
    for removal in &article.removals {
        if removal.start < cursor {
            continue;
        }
        out.push_str(&html_escape(raw_text.get(cursor..removal.start).unwrap_or_default()));
        let _ = write!(
            out,
            "<mark class=\"removed\" data-reason=\"{}\" title=\"{}\">{}</mark>",
            html_escape(&removal.reason),
            html_escape(&removal.detail),
            html_escape(&removal.text)
        );
        cursor = removal.end;
    }
    out.push_str(&html_escape(raw_text.get(cursor..).unwrap_or_default()));
    out
}

/// Where the mentions are, as `doc_id:start-end` separated by spaces (a list item's
/// `data-mentions`).
fn mention_places(mentions: &[MentionDto]) -> String {
    let places: Vec<String> =
        mentions.iter().map(|m| format!("{}:{}-{}", m.doc_id, m.start, m.end)).collect();
    places.join(" ")
}

/// A clickable label citing its mentions, with a note after it: `label (note)`, escaped.
fn cited_span(class: &str, mentions: &[MentionDto], label: &str, note: &str) -> String {
    format!(
        "<span class=\"{class}\" data-mentions=\"{}\">{}</span> ({})",
        html_escape(&mention_places(mentions)),
        html_escape(label),
        html_escape(note)
    )
}

/// Whether diff piece `at` is added words right after removed ones (words replaced): renderers
/// put a space between the two.
pub fn replaces(diff: &[crate::schema::v1::DiffPieceDto], at: usize) -> bool {
    diff[at].kind == "added"
        && at.checked_sub(1).is_some_and(|before| diff[before].kind == "removed")
}

/// A word diff as HTML: removed words in `<del>`, added words in `<ins>`, all escaped.
fn diff_html(diff: &[crate::schema::v1::DiffPieceDto]) -> String {
    let mut out = String::new();
    for (at, piece) in diff.iter().enumerate() {
        let text = html_escape(&piece.text);
        match piece.kind.as_str() {
            "removed" => out.push_str(&format!("<del>{text}</del>")),
            "added" if replaces(diff, at) => out.push_str(&format!(" <ins>{text}</ins>")),
            "added" => out.push_str(&format!("<ins>{text}</ins>")),
            _ => out.push_str(&text),
        }
    }
    out
}

/// An earlier version of an article and what the next fetch changed: removed sentences
/// struck, added ones underlined, rewordings as word diffs, each item citing its sentences.
fn revision_html(revision: &RevisionDto) -> String {
    let mut out = format!(
        "<details class=\"revisions\" open>\n<summary>Earlier version {} ({}): {}</summary>\n<ul>\n",
        html_escape(&revision.external_id),
        html_escape(revision.date.as_deref().unwrap_or("date unknown")),
        crate::markdown::revision_changes(revision)
    );
    for change in &revision.changes {
        let cited: Vec<MentionDto> =
            change.before.iter().chain(change.after.iter()).cloned().collect();
        let text = match (&change.before, &change.after) {
            (Some(_), Some(_)) => diff_html(&change.diff),
            (Some(before), None) => format!("<del>{}</del>", html_escape(&before.text)),
            (None, Some(after)) => format!("<ins>{}</ins>", html_escape(&after.text)),
            (None, None) => continue,
        };
        let _ = writeln!(
            out,
            "<li data-mentions=\"{}\">{}: {}</li>",
            html_escape(&mention_places(&cited)),
            html_escape(&change.kind),
            text
        );
    }
    out.push_str("</ul>\n</details>\n");
    out
}

/// Renders one story page. `raw_texts` gives each article's raw text, in article order, for the
/// removed-spans view.
pub fn render_story_html(story: &StoryReport, raw_texts: &[&str]) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<p><a href=\"../index.html\">All stories</a></p>\n<h1>{}</h1>",
        html_escape(&story.title)
    );
    let outlets: Vec<String> =
        story.outlets.iter().map(|o| format!("{} ({})", o.name, o.n_articles)).collect();
    let _ = writeln!(
        body,
        "<p class=\"meta\">{} · {} · {} · outlets: {}</p>",
        html_escape(&dates(story.first_date.as_deref(), story.last_date.as_deref())),
        plural(story.n_articles, "article"),
        plural(story.n_origins, "independent origin"),
        html_escape(&outlets.join(", "))
    );
    let summary = &story.summary;
    if !summary.sentences.is_empty() || !summary.conflicts.is_empty() {
        body.push_str("<section class=\"summary\">\n<h2>Summary</h2>\n<ul>\n");
        for item in &summary.sentences {
            let mut places = vec![item.sentence.clone()];
            places.extend(item.backed_by.iter().cloned());
            let _ = writeln!(
                body,
                "<li data-mentions=\"{}\">{} <span class=\"meta\">({}; {})</span></li>",
                html_escape(&mention_places(&places)),
                html_escape(&item.sentence.text),
                html_escape(&item.outlet),
                plural(item.n_origins, "origin")
            );
        }
        for conflict in &summary.conflicts {
            let _ = writeln!(
                body,
                "<li class=\"conflict\" data-mentions=\"{}\"><strong>Conflict:</strong> {}</li>",
                html_escape(&mention_places(&conflict.figures)),
                html_escape(&conflict.text)
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    if !story.timeline.is_empty() {
        body.push_str("<section class=\"timeline\">\n<h2>Timeline</h2>\n<ul>\n");
        for entry in &story.timeline {
            for event in &entry.events {
                let places = [event.sentence.clone(), event.expression.clone()];
                let _ = writeln!(
                    body,
                    "<li data-mentions=\"{}\"><strong>{}</strong> “{}”: {} <span class=\"meta\">({})</span></li>",
                    html_escape(&mention_places(&places)),
                    html_escape(&timeline_label(entry)),
                    html_escape(&event.expression.text),
                    html_escape(&event.sentence.text),
                    html_escape(&event.outlet)
                );
            }
        }
        body.push_str("</ul>\n</section>\n");
    }
    if !story.entities.is_empty() {
        body.push_str("<section class=\"entities\">\n<h2>Entities</h2>\n<ul>\n");
        for entity in &story.entities {
            let roles = if entity.roles.is_empty() {
                String::new()
            } else {
                format!(" — {}", entity.roles.join("; "))
            };
            let _ = writeln!(
                body,
                "<li data-mentions=\"{}\"><strong>{}</strong> ({}){} · {} in {}</li>",
                html_escape(&mention_places(&entity.mentions)),
                html_escape(&entity.name),
                html_escape(&entity.kind),
                html_escape(&roles),
                plural(entity.mentions.len(), "mention"),
                plural(entity.n_articles, "article")
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    if story.quotes.iter().any(|q| !q.content.is_empty()) {
        body.push_str("<section class=\"quotes\">\n<h2>Quotes</h2>\n<ul>\n");
        for quote in crate::markdown::sorted_quotes(story) {
            let mut places: Vec<MentionDto> = quote.content.clone();
            places.extend(quote.source.iter().cloned());
            places.extend(quote.cue.iter().cloned());
            let _ = writeln!(
                body,
                "<li class=\"quote {}\" data-mentions=\"{}\">{}</li>",
                html_escape(&quote.kind),
                html_escape(&mention_places(&places)),
                html_escape(&crate::markdown::quote_line(story, quote, false))
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    if !story.figures.is_empty() {
        body.push_str("<section class=\"figures\">\n<h2>Figures</h2>\n<ul>\n");
        for group in &story.figures {
            let _ = writeln!(
                body,
                "<li class=\"{}\"><strong>{}</strong> · {} · {}<ul>",
                html_escape(&group.agreement),
                html_escape(&crate::markdown::figure_group_label(group)),
                plural(group.n_articles, "article"),
                html_escape(&group.agreement)
            );
            for figure in &group.figures {
                let mut places = vec![figure.expression.clone()];
                places.extend(figure.attribution.iter().cloned());
                let _ = writeln!(
                    body,
                    "<li class=\"figure {}\" data-mentions=\"{}\">{}</li>",
                    html_escape(&figure.qualifier),
                    html_escape(&mention_places(&places)),
                    html_escape(&crate::markdown::figure_line(figure))
                );
            }
            body.push_str("</ul></li>\n");
        }
        body.push_str("</ul>\n</section>\n");
    }
    for (class, heading) in [
        ("consensus", "Consensus"),
        ("partial", "Reported by several origins"),
        ("single-origin", "Only one origin"),
    ] {
        let claims: Vec<_> = story.claims.iter().filter(|c| c.class == class).collect();
        if claims.is_empty() {
            continue;
        }
        let _ = writeln!(body, "<section class=\"claims {class}\">\n<h2>{heading}</h2>\n<ul>");
        for claim in claims {
            let words = claim.sentences.first().map_or("", |s| s.text.as_str());
            let _ = write!(
                body,
                "<li data-mentions=\"{}\">“{}” ({}; {})",
                html_escape(&mention_places(&claim.sentences)),
                html_escape(words),
                html_escape(&claim.outlets.join(", ")),
                plural(claim.n_origins, "origin")
            );
            // How the other outlets word it, each sentence citing itself.
            let wordings = crate::markdown::claim_wordings(story, claim);
            if !wordings.is_empty() {
                body.push_str("<ul class=\"wordings\">");
                for (outlet, sentence) in wordings {
                    let _ = write!(
                        body,
                        "<li data-mentions=\"{}\">{}: “{}”</li>",
                        html_escape(&mention_places(std::slice::from_ref(sentence))),
                        html_escape(outlet),
                        html_escape(&sentence.text)
                    );
                }
                body.push_str("</ul>");
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n</section>\n");
    }
    if !story.framing.is_empty() {
        body.push_str("<section class=\"framing\">\n<h2>Framing by outlet</h2>\n<ul>\n");
        for outlet in &story.framing {
            let terms: Vec<String> = outlet
                .terms
                .iter()
                .map(|t| {
                    let note = format!("{}×, others {}×", t.count, t.others);
                    cited_span("term", &t.mentions, &t.term, &note)
                })
                .collect();
            let loaded: Vec<String> = outlet
                .loaded
                .iter()
                .map(|t| cited_span("loaded", &t.mentions, &t.term, &format!("{}×", t.count)))
                .collect();
            let voices: Vec<String> = outlet
                .voices
                .iter()
                .map(|v| cited_span("voice", &v.mentions, &v.speaker, &v.quotes.to_string()))
                .collect();
            let _ = write!(body, "<li><strong>{}</strong>:", html_escape(&outlet.outlet));
            for (referent, names) in names_by_referent(outlet) {
                let labels: Vec<String> = names
                    .iter()
                    .map(|n| cited_span("name", &n.mentions, &n.label, &name_note(n)))
                    .collect();
                let _ = write!(body, " calls {} {};<br>", html_escape(referent), labels.join(", "));
            }
            let _ = write!(
                body,
                " distinctive terms: {}",
                if terms.is_empty() { "none".to_owned() } else { terms.join(", ") }
            );
            if !loaded.is_empty() {
                let _ = write!(body, "<br>loaded language: {}", loaded.join(", "));
            }
            if !voices.is_empty() {
                let _ = write!(body, "<br>quotes: {}", voices.join(", "));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n</section>\n");
    }
    if !story.quote_groups.is_empty() {
        body.push_str(
            "<section class=\"quote-groups\">\n<h2>Quotes in several outlets</h2>\n<ul>\n",
        );
        for group in &story.quote_groups {
            let _ = writeln!(
                body,
                "<li><strong>{}</strong> · {} · {}<ul>",
                html_escape(&group.speakers.join(" / ")),
                plural(group.n_articles, "article"),
                if group.same_words { "same words" } else { "variants" }
            );
            for member in &group.members {
                let places = story
                    .quotes
                    .get(member.quote)
                    .map(|q| mention_places(&q.content))
                    .unwrap_or_default();
                let words = if member.diff.is_empty() {
                    html_escape(&member.text)
                } else {
                    diff_html(&member.diff)
                };
                let _ = writeln!(
                    body,
                    "<li data-mentions=\"{}\">{}: “{}”</li>",
                    html_escape(&places),
                    html_escape(&member.outlet),
                    words
                );
            }
            body.push_str("</ul></li>\n");
        }
        body.push_str("</ul>\n</section>\n");
    }
    if !story.dates.is_empty() {
        body.push_str("<section class=\"dates\">\n<h2>Dates</h2>\n<ul>\n");
        for date in &story.dates {
            let forms: Vec<&str> = date.mentions.iter().map(|m| m.text.as_str()).take(3).collect();
            let _ = writeln!(
                body,
                "<li data-mentions=\"{}\"><code>{}</code>{} {} ({}) · {}</li>",
                html_escape(&mention_places(&date.mentions)),
                html_escape(&date.value),
                html_escape(&date_words(&date.value, &date.kind)),
                html_escape(date.modifier.as_deref().unwrap_or("")),
                html_escape(&forms.join(", ")),
                plural(date.n_articles, "article")
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    if !story.related.is_empty() {
        body.push_str("<section class=\"related\">\n<h2>Related stories</h2>\n<ul>\n");
        for other in &story.related {
            let _ = writeln!(
                body,
                "<li><a href=\"{}.html\">{}</a></li>",
                html_escape(&other.id),
                html_escape(&other.title)
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    for (idx, article) in story.articles.iter().enumerate() {
        let title = article.title.as_ref().map_or("(untitled)", |t| t.text.as_str());
        let _ = writeln!(
            body,
            "<article id=\"doc-{}\">\n<h2>{} — {}</h2>",
            html_escape(&article.doc_id),
            html_escape(&article.outlet.name),
            html_escape(title)
        );
        let _ = writeln!(
            body,
            "<p class=\"meta\">{} · published {} ({}) · <span class=\"status\">{}</span>: {} · origin {}{} · language {}</p>",
            html_escape(&article.external_id),
            html_escape(article.published.date.as_deref().unwrap_or("unknown")),
            html_escape(&article.published.kind),
            html_escape(&article.status),
            html_escape(&article.status_detail),
            html_escape(article.origin_id.as_deref().unwrap_or("–")),
            article
                .dateline
                .as_ref()
                .map(|d| format!(" · dateline {}", html_escape(&d.text)))
                .unwrap_or_default(),
            html_escape(article.language.as_deref().unwrap_or("unknown")),
        );
        for revision in &article.revisions {
            body.push_str(&revision_html(revision));
        }
        for paragraph in &article.paragraphs {
            let _ = writeln!(
                body,
                "<p data-start=\"{}\" data-end=\"{}\">{}</p>",
                paragraph.start.unwrap_or(0),
                paragraph.end.unwrap_or(0),
                html_escape(&paragraph.text)
            );
        }
        if let Some(raw_text) = raw_texts.get(idx) {
            let _ = writeln!(
                body,
                "<details><summary>Show the {} removed spans in the raw text</summary>\n<div class=\"raw\">{}</div>\n</details>",
                article.removals.len(),
                raw_with_removals(article, raw_text)
            );
        }
        body.push_str("</article>\n");
    }
    page_with(&story.title, &body, "<script src=\"../parallax.js\" defer></script>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::v1::DiffPieceDto;

    #[test]
    fn replaced_words_are_set_apart_from_their_replacement() {
        let piece = |kind: &str, text: &str| DiffPieceDto { kind: kind.into(), text: text.into() };
        let diff = [
            piece("same", "the pier "),
            piece("removed", "closed"),
            piece("added", "shut <now>"),
            piece("same", " for repairs"),
            piece("added", "again"),
        ];
        assert_eq!(
            diff_html(&diff),
            "the pier <del>closed</del> <ins>shut &lt;now&gt;</ins> for repairs<ins>again</ins>"
        );
        assert_eq!(
            crate::markdown::diff_markdown(&diff),
            "the pier ~~closed~~ **shut <now>** for repairs**again**"
        );
    }
}
