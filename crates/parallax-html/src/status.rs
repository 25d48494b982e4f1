//! Page status: is this page an article, and if not, what stands in its place.

use parallax_model::PageStatus;

use crate::blocks::Block;
use crate::dom::Dom;
use crate::meta::PageMeta;

/// Fewer body words than this, and the page may be something other than an article.
const SHORT_BODY_WORDS: usize = 150;
/// Fewer page words than this, and a script-heavy page is a shell.
const SHELL_WORDS: usize = 40;
/// Fewer body words than this beside a consent notice, and the notice is all there is.
const CONSENT_BODY_WORDS: usize = 60;
/// Link-list blocks on a page without an article body that make it an index page.
const INDEX_LINK_BLOCKS: usize = 15;

const SOFT_404: [&str; 8] = [
    "404",
    "page not found",
    "not found",
    "no longer available",
    "doesn't exist",
    "does not exist",
    "can't be found",
    "cannot be found",
];
const CONSENT: [&str; 8] = [
    "we use cookies",
    "use of cookies",
    "cookie policy",
    "cookie settings",
    "accept all",
    "manage consent",
    "your consent",
    "privacy settings",
];
const PAYWALL: [&str; 9] = [
    "subscribe to continue",
    "to continue reading",
    "subscribers only",
    "subscriber-only",
    "already a subscriber",
    "for subscribers",
    "subscribe now",
    "create a free account to continue",
    "sign in to continue reading",
];
const SHELL: [&str; 3] = ["enable javascript", "javascript is disabled", "javascript enabled"];
const INDEX_TYPES: [&str; 5] =
    ["WebSite", "CollectionPage", "ItemList", "SearchResultsPage", "website"];

fn words(blocks: &[Block]) -> usize {
    blocks.iter().map(|block| block.text.split_whitespace().count()).sum()
}

fn mentions(blocks: &[Block], phrases: &[&str]) -> Option<String> {
    blocks.iter().find_map(|block| {
        let lower = block.text.to_lowercase();
        phrases.iter().find(|phrase| lower.contains(**phrase)).map(|phrase| (*phrase).to_owned())
    })
}

/// Classifies a page from its body, all its blocks, metadata and fetch status.
pub fn classify(
    html: &str,
    dom: &Dom,
    body: &[Block],
    all: &[Block],
    meta: &PageMeta,
    http_status: Option<u16>,
) -> (PageStatus, String) {
    let body_words = words(body);
    let page_words = words(all);
    let short = body_words < SHORT_BODY_WORDS;
    if let Some(code) = http_status.filter(|code| *code >= 400) {
        if short {
            return (PageStatus::HttpError, format!("HTTP {code}; {body_words} words of text"));
        }
    }
    let title = meta.title.as_deref().unwrap_or_default().to_lowercase();
    let heading = dom.elements("h1").next().map(|id| dom.text_of(id).to_lowercase());
    if short {
        let said = [Some(title.as_str()), heading.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|text| SOFT_404.iter().find(|phrase| text.contains(**phrase)));
        if let Some(phrase) = said {
            return (PageStatus::ErrorPage, format!("soft 404: the title says \"{phrase}\""));
        }
        if body_words < CONSENT_BODY_WORDS
            && let Some(phrase) = mentions(all, &CONSENT)
        {
            return (
                PageStatus::ConsentWall,
                format!("{body_words} words of text and a consent notice (\"{phrase}\")"),
            );
        }
    }
    if body_words < 2 * SHORT_BODY_WORDS {
        if let Some(phrase) = mentions(all, &PAYWALL) {
            return (PageStatus::PaywallStub, format!("{body_words} words before \"{phrase}\""));
        }
        if meta.paywalled && short {
            return (
                PageStatus::PaywallStub,
                format!("{body_words} words; JSON-LD says not accessible for free"),
            );
        }
    }
    if page_words < SHELL_WORDS {
        let scripts = dom.elements("script").count();
        let noscript = dom.elements("noscript").any(|id| {
            let text = dom.text_of(id).to_lowercase();
            SHELL.iter().any(|phrase| text.contains(phrase))
        });
        let app_root = dom.elements("div").any(|id| {
            dom.node(id).attr("id").is_some_and(|ident| matches!(ident, "root" | "app" | "__next"))
        });
        if noscript || (scripts >= 2 && (app_root || page_words < 10)) {
            return (
                PageStatus::JsShell,
                format!("{page_words} words without scripts, {scripts} scripts"),
            );
        }
    }
    if short {
        let link_lists = all.iter().filter(|block| block.link_density() > 0.5).count();
        let index_type = meta.page_type.as_deref().is_some_and(|ty| INDEX_TYPES.contains(&ty));
        if link_lists >= INDEX_LINK_BLOCKS || (index_type && body_words < SHELL_WORDS) {
            return (
                PageStatus::NotArticle,
                format!("{body_words} words of prose among {link_lists} link lists"),
            );
        }
    }
    let tail = html.get(html.len().saturating_sub(2048)..).unwrap_or(html).to_ascii_lowercase();
    let closed = tail.contains("</html") || tail.contains("</body");
    if !closed && html.len() > 1024 && body_words > 0 {
        let ends_sentence = body
            .last()
            .is_some_and(|block| block.text.trim_end().ends_with(['.', '!', '?', '"', '”', ')']));
        if !ends_sentence {
            return (
                PageStatus::Truncated,
                format!("the page stops without </html>, mid-sentence after {body_words} words"),
            );
        }
    }
    (PageStatus::Ok, format!("{body_words} words"))
}
