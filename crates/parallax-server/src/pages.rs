//! The web pages, rendered on the server with `maud` (which escapes every value it prints: article
//! text is hostile input). No inline script or style: the pages load `/static/parallax.css`,
//! `/static/story.js` (click a statement, see its source spans) and `/static/serve.js` (choose
//! the outlets shown side by side).

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, html};
use parallax::schema::v1::{
    ArticleDto, ClaimDto, DiffPieceDto, FigureDto, FigureGroupDto, MentionDto, QuoteDto,
    StoryReport,
};
use parallax_store::{Facet, StoryPage};

use crate::ApiError;
use crate::api::{ListParams, query_params};
use crate::state::{AppState, ListFacets};

/// Where mentions are, as `doc_id:start-end` separated by spaces: what `story.js` highlights.
fn places<'a>(mentions: impl IntoIterator<Item = &'a MentionDto>) -> String {
    let places: Vec<String> =
        mentions.into_iter().map(|m| format!("{}:{}-{}", m.doc_id, m.start, m.end)).collect();
    places.join(" ")
}

fn dates(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(first), Some(last)) if first == last => first.to_owned(),
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => "undated".to_owned(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

fn layout(title: &str, search: &str, story_scripts: bool, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · Parallax" }
                    link rel="stylesheet" href="/static/parallax.css";
                    @if story_scripts {
                        script src="/static/story.js" defer {}
                        script src="/static/serve.js" defer {}
                    }
                }
                body {
                    header.top {
                        a.brand href="/" { "Parallax" }
                        form.search action="/" method="get" role="search" {
                            input type="search" name="q" value=(search) placeholder="Search stories" aria-label="Search stories";
                            button type="submit" { "Search" }
                        }
                    }
                    main { (body) }
                }
            }
        }
        .into_string(),
    )
}

/// An error as a page.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Html<String> {
    layout(
        status.canonical_reason().unwrap_or("Error"),
        "",
        false,
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("Error")) }
            p { (message) }
            p { a href="/" { "All stories" } }
        },
    )
}

/// The list page's link to another page of the same list.
fn page_link(params: &ListParams, offset: usize) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (key, value) in [
        ("q", &params.q),
        ("from", &params.from),
        ("to", &params.to),
        ("outlet", &params.outlet),
        ("entity", &params.entity),
        ("language", &params.language),
        ("sort", &params.sort),
    ] {
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((key, value.clone()));
        }
    }
    pairs.push(("offset", offset.to_string()));
    let query: Vec<String> =
        pairs.iter().map(|(key, value)| format!("{key}={}", percent_encode(value))).collect();
    format!("/?{}", query.join("&"))
}

/// Everything but letters, digits and `-_.~` is percent-encoded in a link's query value.
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// `GET /`: the story list, newest first, with search and filters.
pub(crate) async fn index(
    State(state): State<Arc<AppState>>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Html<String>, ApiError> {
    let params = query_params(params).map_err(ApiError::as_html)?;
    let query = params.query().map_err(ApiError::as_html)?;
    // The filters' choices change only with the views: kept per generation.
    let known = state.list_facets.lock().ok().and_then(|facets| facets.clone());
    let (page, facets) = state
        .read(move |store| {
            let generation = store.views_generation()?;
            let page = store.query_stories(&query)?;
            let facets = match known {
                Some(facets) if facets.generation == generation => facets,
                _ => Arc::new(ListFacets {
                    generation,
                    outlets: store.facet_counts(Facet::Outlet, None, 500)?,
                    languages: store.facet_counts(Facet::Language, None, 100)?,
                    entities: store.facet_counts(Facet::Entity, None, 300)?,
                }),
            };
            Ok((page, facets))
        })
        .await
        .map_err(ApiError::as_html)?;
    if let Ok(mut known) = state.list_facets.lock() {
        *known = Some(Arc::clone(&facets));
    }
    let (outlets, languages, entities) = (&facets.outlets, &facets.languages, &facets.entities);
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let offset = params.offset.unwrap_or(0);
    let limit = params.limit.unwrap_or(crate::api::DEFAULT_LIMIT);
    let body = html! {
        h1 { "Stories" }
        form.filters action="/" method="get" {
            label { "Words " input type="search" name="q" value=(value(&params.q)); }
            label { "Outlet "
                select name="outlet" {
                    option value="" { "any" }
                    @for outlet in outlets {
                        option value=(outlet.value) selected[params.outlet.as_deref() == Some(outlet.value.as_str())] {
                            (outlet.value) " (" (outlet.n_stories) ")"
                        }
                    }
                }
            }
            label { "Entity " input type="text" name="entity" list="entity-names" value=(value(&params.entity)) placeholder="a name"; }
            datalist #entity-names {
                @for entity in entities { option value=(entity.value) {} }
            }
            label { "Language "
                select name="language" {
                    option value="" { "any" }
                    @for language in languages {
                        option value=(language.value) selected[params.language.as_deref() == Some(language.value.as_str())] {
                            (language.value)
                        }
                    }
                }
            }
            label { "Order "
                select name="sort" {
                    option value="newest" { "newest first" }
                    option value="relevance" selected[params.sort.as_deref() == Some("relevance")] { "best match first" }
                }
            }
            label { "From " input type="date" name="from" value=(value(&params.from)); }
            label { "To " input type="date" name="to" value=(value(&params.to)); }
            button type="submit" { "Apply" }
            " " a href="/" { "clear" }
        }
        (story_list(&page, &params, offset, limit))
    };
    Ok(layout("Stories", &value(&params.q), false, body))
}

fn story_list(page: &StoryPage, params: &ListParams, offset: usize, limit: usize) -> Markup {
    html! {
        p.count { (plural(page.total, "story").replace("storys", "stories")) }
        ol.stories {
            @for row in &page.rows {
                li.story {
                    a.title href={ "/stories/" (row.story_id) } { (row.title) }
                    span.meta {
                        (dates(row.first_date.as_deref(), row.last_date.as_deref()))
                        " · " (plural(row.n_articles, "article"))
                        " · " (plural(row.n_origins, "origin"))
                    }
                    span.outlets { (row.outlets.join(", ")) }
                }
            }
        }
        nav.pager {
            @if offset > 0 {
                a rel="prev" href=(page_link(params, offset.saturating_sub(limit))) { "← newer" }
            }
            @if offset + limit < page.total {
                a rel="next" href=(page_link(params, offset + limit)) { "older →" }
            }
        }
    }
}

/// `GET /stories/{id}`: one story. An old id or a prefix redirects to the live id.
pub(crate) async fn story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw_query): RawQuery,
) -> Result<Response, ApiError> {
    let lookup = id.clone();
    let (generation, live) = state
        .read(move |store| Ok((store.views_generation()?, store.story_view_id(&lookup)?)))
        .await
        .map_err(ApiError::as_html)?;
    let Some(live) = live else {
        return Err(ApiError::not_found(format!("no story {id}")).as_html());
    };
    if live != id {
        let query = raw_query.map(|q| format!("?{q}")).unwrap_or_default();
        return Ok(Redirect::permanent(&format!("/stories/{live}{query}")).into_response());
    }
    let shown = shown_outlets(raw_query.as_deref().unwrap_or_default());
    let key = format!("{live}?{}", shown.iter().cloned().collect::<Vec<_>>().join("\u{1f}"));
    let cached = state.pages.lock().ok().and_then(|mut cache| cache.get(generation, &key));
    let page = match cached {
        Some(page) => page,
        None => {
            let lookup = live.clone();
            let found = state
                .read(move |store| Ok(store.story_report(&lookup)?))
                .await
                .map_err(ApiError::as_html)?;
            let Some((_, report)) = found else {
                return Err(ApiError::not_found(format!("no story {id}")).as_html());
            };
            let report: StoryReport = serde_json::from_str(&report)
                .map_err(|error| ApiError::internal(&error).as_html())?;
            let Html(page) = layout(&report.title, "", true, story_body(&report, &shown));
            let page = Bytes::from(page);
            if let Ok(mut cache) = state.pages.lock() {
                cache.put(generation, key, page.clone());
            }
            page
        }
    };
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
}

/// The outlets chosen with `?show=…` (repeated); empty: all.
fn shown_outlets(raw_query: &str) -> BTreeSet<String> {
    raw_query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("show="))
        .map(|value| percent_decode(&value.replace('+', " ")))
        .collect()
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn story_body(story: &StoryReport, shown: &BTreeSet<String>) -> Markup {
    let conflicts: Vec<&FigureGroupDto> =
        story.figures.iter().filter(|g| g.agreement == "conflict").collect();
    let claims = |class: &str| -> Vec<&ClaimDto> {
        story.claims.iter().filter(|c| c.class == class).collect()
    };
    let (consensus, single, partial) =
        (claims("consensus"), claims("single-origin"), claims("partial"));
    let outlets: Vec<String> =
        story.outlets.iter().map(|o| format!("{} ({})", o.name, o.n_articles)).collect();
    html! {
        p.back { a href="/" { "← All stories" } }
        h1 { (story.title) }
        p.meta {
            (dates(story.first_date.as_deref(), story.last_date.as_deref()))
            " · " (plural(story.n_articles, "article"))
            " · " (plural(story.n_origins, "independent origin"))
            " · " (outlets.join(", "))
        }
        p.hint { "Click any statement to highlight the words it comes from in the articles below." }
        nav.toc {
            a href="#summary" { "Summary" }
            a href="#conflicts" { "Conflicts" }
            a href="#consensus" { "Consensus" }
            a href="#only-one" { "Only one origin" }
            a href="#quotes" { "Quotes" }
            a href="#framing" { "Framing" }
            a href="#timeline" { "Timeline" }
            a href="#articles" { "Articles" }
        }
        section #summary {
            h2 { "Summary" }
            @if story.summary.sentences.is_empty() && story.summary.conflicts.is_empty() {
                p.empty { "No summary: no sentence is reported widely enough." }
            }
            ul.statements {
                @for item in &story.summary.sentences {
                    li data-mentions=(places(std::iter::once(&item.sentence).chain(&item.backed_by))) {
                        (item.sentence.text)
                        " " span.meta { "(" (item.outlet) "; " (plural(item.n_origins, "origin")) ")" }
                    }
                }
                @for conflict in &story.summary.conflicts {
                    li.conflict data-mentions=(places(&conflict.figures)) {
                        strong { "Conflict: " } (conflict.text)
                    }
                }
            }
        }
        section #conflicts {
            h2 { "Conflicts" }
            @if conflicts.is_empty() {
                p.empty { "No figures conflict between outlets." }
            }
            @for group in &conflicts {
                (figure_table(group))
            }
        }
        section #consensus {
            h2 { "Consensus" }
            (claim_list(story, &consensus, "No statement is reported by most origins."))
        }
        section #only-one {
            h2 { "Only one origin" }
            (claim_list(story, &single, "Every statement is reported by more than one origin."))
        }
        @if !partial.is_empty() {
            section #several {
                details {
                    summary { h2 { "Reported by several origins (" (partial.len()) ")" } }
                    (claim_list(story, &partial, ""))
                }
            }
        }
        section #quotes {
            h2 { "Quotes" }
            @if story.quote_groups.is_empty() {
                p.empty { "No quote is reported by more than one article." }
            }
            ul.quote-groups {
                @for group in &story.quote_groups {
                    li.quote-group.variants[!group.same_words] {
                        strong { (group.speakers.join(" / ")) }
                        " · " (plural(group.n_articles, "article")) " · "
                        @if group.same_words { "same words" } @else { span.badge { "variants" } }
                        ul {
                            @for member in &group.members {
                                li data-mentions=(story.quotes.get(member.quote).map(|q| places(&q.content)).unwrap_or_default()) {
                                    span.outlet { (member.outlet) } ": “"
                                    @if member.diff.is_empty() { (member.text) } @else { (diff(&member.diff)) }
                                    "”"
                                }
                            }
                        }
                    }
                }
            }
            @let quotes = parallax_report::sorted_quotes(story);
            @if !quotes.is_empty() {
                details {
                    summary { "All " (quotes.len()) " quotes" }
                    ul.statements {
                        @for quote in quotes { (quote_item(story, quote)) }
                    }
                }
            }
        }
        section #framing {
            h2 { "Framing by outlet" }
            @if story.framing.is_empty() { p.empty { "Too few articles to compare word choices." } }
            ul.framing {
                @for outlet in &story.framing {
                    li {
                        strong { (outlet.outlet) } ": "
                        @for (referent, names) in parallax_report::names_by_referent(outlet) {
                            "calls " (referent) " "
                            (cited("name", names.iter().map(|n| (n.label.as_str(), n.mentions.as_slice(), parallax_report::name_note(n)))))
                            "; " br;
                        }
                        "distinctive terms: "
                        @if outlet.terms.is_empty() { "none" }
                        (cited("term", outlet.terms.iter().map(|t| (t.term.as_str(), t.mentions.as_slice(), format!("{}×, others {}×", t.count, t.others)))))
                        @if !outlet.loaded.is_empty() {
                            br; "loaded language: "
                            (cited("loaded", outlet.loaded.iter().map(|t| (t.term.as_str(), t.mentions.as_slice(), format!("{}×", t.count)))))
                        }
                        @if !outlet.voices.is_empty() {
                            br; "quotes: "
                            (cited("voice", outlet.voices.iter().map(|v| (v.speaker.as_str(), v.mentions.as_slice(), v.quotes.to_string()))))
                        }
                    }
                }
            }
        }
        section #timeline {
            h2 { "Timeline" }
            @if story.timeline.is_empty() { p.empty { "No dated events." } }
            ol.timeline {
                @for entry in &story.timeline {
                    @for event in &entry.events {
                        li data-mentions=(places([&event.sentence, &event.expression])) {
                            strong { (parallax_report::timeline_label(entry)) }
                            " “" (event.expression.text) "”: " (event.sentence.text)
                            " " span.meta { "(" (event.outlet) ")" }
                        }
                    }
                }
            }
        }
        @if !story.entities.is_empty() {
            section #entities {
                details {
                    summary { h2 { "Entities (" (story.entities.len()) ")" } }
                    ul.statements {
                        @for entity in &story.entities {
                            li data-mentions=(places(&entity.mentions)) {
                                strong { (entity.name) } " (" (entity.kind) ")"
                                @if !entity.roles.is_empty() { " — " (entity.roles.join("; ")) }
                                " · " (plural(entity.mentions.len(), "mention")) " in " (plural(entity.n_articles, "article"))
                            }
                        }
                    }
                }
            }
        }
        @if !story.figures.is_empty() {
            section #figures {
                details {
                    summary { h2 { "All figures (" (story.figures.len()) " groups)" } }
                    @for group in &story.figures { (figure_table(group)) }
                }
            }
        }
        @if !story.related.is_empty() {
            section #related {
                h2 { "Related stories" }
                ul {
                    @for other in &story.related {
                        li { a href={ "/stories/" (other.id) } { (other.title) } }
                    }
                }
            }
        }
        (articles(story, shown))
    }
}

/// Clickable labels citing their mentions, each with a note: `label (note), …`.
fn cited<'a>(
    class: &str,
    items: impl Iterator<Item = (&'a str, &'a [MentionDto], String)>,
) -> Markup {
    html! {
        @for (idx, (label, mentions, note)) in items.enumerate() {
            @if idx > 0 { ", " }
            span class=(class) data-mentions=(places(mentions)) { (label) }
            " (" (note) ")"
        }
    }
}

fn claim_list(story: &StoryReport, claims: &[&ClaimDto], empty: &str) -> Markup {
    html! {
        @if claims.is_empty() && !empty.is_empty() { p.empty { (empty) } }
        ul.statements {
            @for claim in claims {
                li data-mentions=(places(&claim.sentences)) {
                    "“" (claim.sentences.first().map_or("", |s| s.text.as_str())) "”"
                    " " span.meta { "(" (claim.outlets.join(", ")) "; " (plural(claim.n_origins, "origin")) ")" }
                    @let wordings = parallax_report::claim_wordings(story, claim);
                    @if !wordings.is_empty() {
                        ul.wordings {
                            @for (outlet, sentence) in wordings {
                                li data-mentions=(places([sentence])) {
                                    span.meta { (outlet) ": " } "“" (sentence.text) "”"
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn figure_table(group: &FigureGroupDto) -> Markup {
    html! {
        div.figure-group {
            h3 {
                (parallax_report::figure_group_label(group))
                " " span.badge.(group.agreement) { (group.agreement) }
            }
            table.figures {
                thead { tr { th { "Outlet" } th { "Value" } th { "Words" } th { "According to" } } }
                tbody {
                    @for figure in &group.figures { (figure_row(figure)) }
                }
            }
        }
    }
}

fn figure_row(figure: &FigureDto) -> Markup {
    let mut cited = vec![&figure.expression];
    cited.extend(figure.attribution.iter());
    html! {
        tr {
            td { (figure.outlet) }
            td.value data-mentions=(places(cited.iter().copied())) {
                (parallax_report::figure_bounds(figure)) " " span.meta { (figure.qualifier) }
            }
            td.words data-mentions=(places([&figure.expression])) { "“" (figure.expression.text) "”" }
            td { (figure.attributed_to.as_deref().unwrap_or("–"))
                @if let Some(date) = &figure.as_of { " " span.meta { "as of " (date) } }
            }
        }
    }
}

fn diff(pieces: &[DiffPieceDto]) -> Markup {
    html! {
        @for (at, piece) in pieces.iter().enumerate() {
            @if parallax_report::replaces(pieces, at) { " " }
            @match piece.kind.as_str() {
                "removed" => del { (piece.text) },
                "added" => ins { (piece.text) },
                _ => (piece.text),
            }
        }
    }
}

fn quote_item(story: &StoryReport, quote: &QuoteDto) -> Markup {
    let outlet = parallax_report::article_outlet(story, &quote.doc_id);
    let words: Vec<&str> = quote.content.iter().map(|piece| piece.text.as_str()).collect();
    let cited = quote.content.iter().chain(&quote.source).chain(&quote.cue);
    html! {
        li.quote.(quote.kind) data-mentions=(places(cited)) {
            strong { (quote.speaker.as_deref().unwrap_or("(no source)")) }
            @if !quote.speakers.is_empty() {
                " " span.speakers { "(" (quote.speakers.join(", ")) ")" }
            }
            " " span.meta { "(" (outlet) ", " (quote.kind) ")" } ": “" (words.join(" … ")) "”"
        }
    }
}

fn articles(story: &StoryReport, shown: &BTreeSet<String>) -> Markup {
    let names: Vec<&str> = story.outlets.iter().map(|o| o.name.as_str()).collect();
    let visible = |name: &str| shown.is_empty() || shown.contains(name);
    html! {
        section #articles {
            h2 { "Articles side by side" }
            form.chooser action="" method="get" {
                span { "Outlets shown: " }
                @for name in &names {
                    label {
                        input type="checkbox" name="show" value=(name) checked[visible(name)];
                        " " (name)
                    }
                }
                button type="submit" { "Show" }
            }
            div.side-by-side {
                @for article in &story.articles {
                    (article_column(article, !visible(&article.outlet.name)))
                }
            }
        }
    }
}

fn article_column(article: &ArticleDto, hidden: bool) -> Markup {
    html! {
        article.column.hidden[hidden] id={ "doc-" (article.doc_id) } data-outlet=(article.outlet.name) {
            h3 {
                span.outlet { (article.outlet.name) }
                br;
                (article.title.as_ref().map_or("(untitled)", |t| t.text.as_str()))
            }
            p.meta {
                "published " (article.published.date.as_deref().unwrap_or("unknown"))
                " · " (article.external_id)
                @if let Some(dateline) = &article.dateline { " · dateline " (dateline.text) }
                @if let Some(duplicate) = &article.duplicate_of { " · copy of " (duplicate.get(..12).unwrap_or(duplicate)) }
            }
            @for revision in &article.revisions {
                details.revisions open {
                    summary {
                        "Earlier version " (revision.external_id) " ("
                        (revision.date.as_deref().unwrap_or("date unknown")) "): "
                        (parallax_report::revision_changes(revision))
                    }
                    ul {
                        @for change in &revision.changes {
                            li data-mentions=(places(change.before.iter().chain(&change.after))) {
                                strong { (change.kind) } ": "
                                @match (&change.before, &change.after) {
                                    (Some(_), Some(_)) => (diff(&change.diff)),
                                    (Some(before), None) => del { (before.text) },
                                    (_, after) => ins { (after.as_ref().map_or("", |a| a.text.as_str())) },
                                }
                            }
                        }
                    }
                }
            }
            @for paragraph in &article.paragraphs {
                p data-start=(paragraph.start.unwrap_or(0)) data-end=(paragraph.end.unwrap_or(0)) { (paragraph.text) }
            }
            @if !article.removals.is_empty() {
                details.removals {
                    summary { (plural(article.removals.len(), "removed span")) }
                    ul {
                        @for removal in &article.removals {
                            li { strong { (removal.reason) } " " span.meta { (removal.detail) } ": " code { (removal.text) } }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_outlets_are_decoded_from_the_query() {
        let shown = shown_outlets("show=Ardun+Post&x=1&show=Velmora%20Daily&show=%C3%89cho");
        assert_eq!(shown.into_iter().collect::<Vec<_>>(), ["Ardun Post", "Velmora Daily", "Écho"]);
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn a_story_page_links_its_related_stories() {
        let report: StoryReport = serde_json::from_value(serde_json::json!({
            "schema": "parallax.story.v1", "id": "st-0123456789ab", "title": "Tram strike <ends>",
            "first_date": null, "last_date": null, "n_articles": 0, "n_origins": 0,
            "outlets": [], "entities": [], "dates": [], "quotes": [], "claims": [],
            "summary": {"sentences": [], "conflicts": []}, "timeline": [], "framing": [],
            "quote_groups": [], "figures": [], "articles": [],
            "related": [{"id": "st-ba9876543210", "title": "Pay <deal> agreed"}],
        }))
        .unwrap();
        let page = story_body(&report, &BTreeSet::new()).into_string();
        assert!(
            page.contains("<a href=\"/stories/st-ba9876543210\">Pay &lt;deal&gt; agreed</a>"),
            "{page}"
        );
        let alone = StoryReport { related: Vec::new(), ..report };
        assert!(!story_body(&alone, &BTreeSet::new()).into_string().contains("Related stories"));
    }

    #[test]
    fn page_links_keep_the_filters() {
        let params = ListParams {
            q: Some("tram strike".to_owned()),
            outlet: Some("Ardun & Co".to_owned()),
            ..ListParams::default()
        };
        assert_eq!(page_link(&params, 50), "/?q=tram%20strike&outlet=Ardun%20%26%20Co&offset=50");
    }
}
