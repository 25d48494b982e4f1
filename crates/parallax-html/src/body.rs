//! Main-text selection: which blocks of a page are the article body.
//!
//! 1. Elements whose tag (`nav`, `footer`, `aside`, `form` controls) or class/id tokens (`share`,
//!    `related`, `comments`, `newsletter`, …) mark page furniture are flagged, unless a flagged
//!    element holds most of the page's prose (a `class="main has-sidebar"` wrapper).
//! 2. Each block is weighed: prose (long, few links) counts for, link lists count against, other
//!    text a little for; an ancestor gets the weight decayed by its distance.
//! 3. The container is the element whose blocks weigh most; marked article bodies
//!    (`itemprop=articleBody`, `class=article-body` …) get a bonus.
//! 4. The body is the container's blocks minus furniture, link lists, escaped markup, stock lines,
//!    the title, and teaser cards (other `<article>`s beside the one with the most prose).

use std::collections::HashMap;

use parallax_text::match_key;

use crate::blocks::{Block, blocks};
use crate::dom::{Dom, NodeId};

/// Tags of page furniture.
const FURNITURE_TAGS: [&str; 5] = ["nav", "footer", "aside", "menu", "figcaption"];
/// Class/id tokens (split on spaces, `-` and `_`) that mark furniture.
const FURNITURE_TOKENS: [&str; 61] = [
    "ad",
    "ads",
    "advert",
    "advertisement",
    "adslot",
    "adunit",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "disqus",
    "dropdown",
    "footer",
    "masthead",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "popular",
    "popup",
    "promo",
    "recirc",
    "recommended",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "toolbar",
    "trending",
    "widget",
    "author",
    "caption",
    "credit",
    "dateline",
    "timestamp",
    "meta",
    "tools",
    "print",
    "login",
    "more",
    "next",
    "prev",
    "pagination",
    "topics",
    "hidden",
];
/// Class/id substrings that mark an article body.
const BODY_MARKS: [&str; 12] = [
    "articlebody",
    "article-body",
    "article_body",
    "articletext",
    "article-text",
    "story-body",
    "storybody",
    "post-content",
    "entry-content",
    "article-content",
    "story-content",
    "body-text",
];
/// Shortest block that counts as prose.
const PROSE_CHARS: usize = 60;
/// Link density above which a block is a link list.
const LINK_LIST_DENSITY: f64 = 0.5;
/// Share of the page's prose a flagged element must hold to be kept as the article after all.
const FLAG_OVERRIDE_SHARE: f64 = 0.5;
/// Prose blocks a flagged element must hold to be kept as the article after all.
const FLAG_OVERRIDE_BLOCKS: usize = 3;
/// Weight of link-list text against the container.
const LINK_PENALTY: f64 = 0.5;
/// Weight of short text (headings, short paragraphs) towards its container.
const SHORT_TEXT_WEIGHT: f64 = 0.1;
/// Each level up, a block counts this much less towards an ancestor: the article's own container
/// beats the page wrapper that also holds the teasers below it.
const ANCESTOR_DECAY: f64 = 0.85;
/// Bonus factor for elements marked as the article body.
const BODY_MARK_BONUS: f64 = 1.5;

/// Stock lines that are never article text, compared as `match_key`s.
const STOCK_LINES: [&str; 14] = [
    "advertisement",
    "advertisements",
    "story continues below advertisement",
    "continue reading below",
    "read more",
    "share this article",
    "share",
    "related",
    "related articles",
    "sponsored",
    "supported by",
    "click here",
    "view comments",
    "sign up",
];

/// The blocks chosen as the article body, in document order, plus the container chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The article's blocks.
    pub blocks: Vec<Block>,
    /// Every text block of the page (for page classification).
    pub all_blocks: Vec<Block>,
    /// The element chosen as the container; `None` when the page has no prose.
    pub container: Option<NodeId>,
}

fn tokens_of(dom: &Dom, id: NodeId) -> impl Iterator<Item = String> + '_ {
    let node = dom.node(id);
    let class = node.attr("class").unwrap_or_default();
    let ident = node.attr("id").unwrap_or_default();
    [class, ident]
        .into_iter()
        .flat_map(|value| value.split(|ch: char| ch.is_whitespace() || ch == '-' || ch == '_'))
        .filter(|token| !token.is_empty())
        .map(str::to_ascii_lowercase)
}

/// True when the element looks like page furniture by its tag, class or id.
fn is_furniture(dom: &Dom, id: NodeId) -> bool {
    let node = dom.node(id);
    if node.tag().is_some_and(|tag| FURNITURE_TAGS.contains(&tag)) {
        return true;
    }
    if node.attr("role").is_some_and(|role| {
        matches!(role, "navigation" | "complementary" | "banner" | "contentinfo")
    }) {
        return true;
    }
    tokens_of(dom, id).any(|token| FURNITURE_TOKENS.contains(&token.as_str()))
}

fn body_mark(dom: &Dom, id: NodeId) -> bool {
    let node = dom.node(id);
    if node.attr("itemprop").is_some_and(|prop| prop.eq_ignore_ascii_case("articleBody")) {
        return true;
    }
    let class = node.attr("class").unwrap_or_default().to_ascii_lowercase();
    let ident = node.attr("id").unwrap_or_default().to_ascii_lowercase();
    BODY_MARKS.iter().any(|mark| class.contains(mark) || ident.contains(mark))
}

fn is_prose(block: &Block) -> bool {
    block.n_chars >= PROSE_CHARS && block.link_density() < 0.3
}

/// Openings of reader prompts (newsletter, tips, follow) that close many articles.
const PROMPT_OPENINGS: [&str; 9] = [
    "have a tip",
    "get the latest",
    "sign up for",
    "subscribe to our",
    "follow us on",
    "click here to",
    "don't miss",
    "don’t miss",
    "download our app",
];
/// Longest prompt line, in words.
const PROMPT_WORDS: usize = 40;

fn is_stock_prompt(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    text.split_whitespace().count() <= PROMPT_WORDS
        && PROMPT_OPENINGS.iter().any(|opening| lower.starts_with(opening))
}

fn in_blockquote(dom: &Dom, block: &Block, container: NodeId) -> bool {
    std::iter::once(block.element)
        .chain(dom.ancestors(block.element))
        .take_while(|&id| id != container)
        .any(|id| dom.node(id).tag() == Some("blockquote"))
}

/// Escaped markup shown as text (`<img src=…>`), which is never article text.
fn looks_like_markup(text: &str) -> bool {
    text.starts_with('<')
        && text.chars().nth(1).is_some_and(|ch| ch.is_ascii_alphabetic())
        && text.contains('=')
}

/// Chooses the article body of a parsed page; `title` (when known) is left out of the body.
pub fn body(dom: &Dom, title: Option<&str>) -> Body {
    let all_blocks = blocks(dom, &|_| false);
    let flagged: Vec<bool> = (0..dom.nodes.len()).map(|id| is_furniture(dom, id)).collect();
    #[expect(clippy::cast_precision_loss, reason = "character counts")]
    let len = |block: &Block| block.n_chars as f64;

    // Prose under each flagged element, to lift the flag from one that holds the article.
    let total_prose: f64 = all_blocks.iter().filter(|b| is_prose(b)).map(len).sum();
    let mut flagged_prose: Vec<(f64, usize)> = vec![(0.0, 0); dom.nodes.len()];
    for block in all_blocks.iter().filter(|b| is_prose(b)) {
        for id in std::iter::once(block.element).chain(dom.ancestors(block.element)) {
            if flagged[id] {
                flagged_prose[id].0 += len(block);
                flagged_prose[id].1 += 1;
            }
        }
    }
    let is_flagged = |id: NodeId| {
        let (prose, n_prose) = flagged_prose[id];
        flagged[id] && (prose < FLAG_OVERRIDE_SHARE * total_prose || n_prose < FLAG_OVERRIDE_BLOCKS)
    };
    let kept = blocks(dom, &is_flagged);

    // Weigh containers.
    // Dense by node id: `None` for elements no block reached.
    let mut score: Vec<Option<f64>> = vec![None; dom.nodes.len()];
    for block in &kept {
        let weight = if is_prose(block) {
            len(block)
        } else if block.link_density() > LINK_LIST_DENSITY {
            -LINK_PENALTY * len(block)
        } else {
            SHORT_TEXT_WEIGHT * len(block)
        };
        if weight == 0.0 {
            continue;
        }
        let mut share = weight;
        for id in std::iter::once(block.element).chain(dom.ancestors(block.element)) {
            *score[id].get_or_insert(0.0) += share;
            share *= ANCESTOR_DECAY;
        }
    }
    let mut best: Option<(NodeId, f64)> = None;
    for (id, value) in score.iter().enumerate() {
        let Some(mut value) = *value else { continue };
        if value > 0.0 && body_mark(dom, id) {
            value *= BODY_MARK_BONUS;
        }
        // Ties go to the deeper element (later in document order is deeper among ancestors).
        if best.is_none_or(|(_, top)| value >= top) {
            best = Some((id, value));
        }
    }
    let Some((container, _)) = best.filter(|(_, value)| *value > 0.0) else {
        return Body { blocks: vec![], all_blocks, container: None };
    };
    // Teasers: when two or more `<article>` elements inside the container hold prose, only the one
    // with the most is the article; the others are other stories' cards.
    let inside = |block: &Block| {
        block.element == container || dom.ancestors(block.element).any(|id| id == container)
    };
    let nested_article = |block: &Block| {
        std::iter::once(block.element)
            .chain(dom.ancestors(block.element))
            .take_while(|&id| id != container)
            .find(|&id| dom.node(id).tag() == Some("article"))
    };
    let mut nested_prose: HashMap<NodeId, f64> = HashMap::new();
    for block in kept.iter().filter(|b| inside(b) && is_prose(b)) {
        if let Some(article) = nested_article(block) {
            *nested_prose.entry(article).or_default() += len(block);
        }
    }
    let main_article = (nested_prose.len() >= 2)
        .then(|| {
            let mut ranked: Vec<(NodeId, f64)> =
                nested_prose.iter().map(|(k, v)| (*k, *v)).collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.first().map(|(id, _)| *id)
        })
        .flatten();
    let title_key = title.map(match_key);
    let chosen = kept
        .into_iter()
        .filter(|block| inside(block))
        .filter(|block| {
            main_article.is_none_or(|main| nested_article(block).is_none_or(|a| a == main))
        })
        .filter(|block| {
            // Quoted posts (embedded tweets) are mostly links and still part of the story.
            let limit = if in_blockquote(dom, block, container) { 0.9 } else { LINK_LIST_DENSITY };
            block.link_density() <= limit
        })
        .filter(|block| !looks_like_markup(&block.text))
        .filter(|block| !is_stock_prompt(&block.text))
        .filter(|block| {
            let key = match_key(&block.text);
            !key.is_empty()
                && !STOCK_LINES.contains(&key.as_str())
                && title_key.as_deref() != Some(key.as_str())
        })
        .collect();
    Body { blocks: chosen, all_blocks, container: Some(container) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<html><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="main has-sidebar">
 <article>
  <h1>Storm closes the harbour</h1>
  <div class="share"><a href="#">Share on the social network of your choice</a></div>
  <div class="article-body">
   <p>The harbour at Wexmouth closed on Tuesday as a storm pushed waves over the sea wall, the port authority said.</p>
   <p>Advertisement</p>
   <p>Fishing boats were moved to the inner basin, and the ferry to the islands was cancelled until Thursday at the earliest.</p>
   <h2>What comes next</h2>
   <p>Engineers will inspect the wall once the wind drops, which forecasters expect late on Wednesday night.</p>
  </div>
 </article>
 <aside class="sidebar"><p>Most read: a long teaser about an entirely different story that happened elsewhere today.</p></aside>
 <ul class="related"><li><a href="/a">A related story with a long headline about the council</a></li></ul>
</div>
<footer>Copyright Wexmouth Gazette. All rights reserved by the company that owns it.</footer>
</body></html>"##;

    #[test]
    fn picks_the_article_and_drops_furniture() {
        let dom = Dom::parse(PAGE);
        let found = body(&dom, Some("Storm closes the harbour"));
        let texts: Vec<_> = found.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(texts[0].starts_with("The harbour at Wexmouth"));
        assert_eq!(texts[2], "What comes next");
        assert!(texts[3].starts_with("Engineers"));
        for block in &found.blocks {
            assert_eq!(block.span.slice(PAGE), Some(block.text.as_str()));
        }
    }

    #[test]
    fn a_page_without_prose_has_no_body() {
        let dom = Dom::parse("<ul><li><a href=a>One</a></li><li><a href=b>Two</a></li></ul>");
        assert!(body(&dom, None).blocks.is_empty());
    }
}
