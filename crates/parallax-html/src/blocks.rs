//! Text blocks: the runs of text between block-level boundaries, each with its raw span.

use parallax_model::Span;

use crate::dom::{Dom, NodeId, NodeKind, push_collapsed};

/// Elements whose start or end breaks the text into a new block.
const BLOCK_TAGS: [&str; 44] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "hgroup",
];
/// Elements whose content is never text of the page.
const SKIP_TAGS: [&str; 19] = [
    "script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "embed",
    "canvas", "button", "select", "input", "textarea", "title", "noembed", "noframes", "audio",
];

/// One run of text between block boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, whitespace collapsed.
    pub text: String,
    /// Raw bytes from the first to the last text node of the run.
    pub span: Span,
    /// The nearest block-level element around the run.
    pub element: NodeId,
    /// Characters of the text inside links.
    pub link_chars: usize,
    /// Characters of the text.
    pub n_chars: usize,
}

impl Block {
    /// Share of the text inside links.
    pub fn link_density(&self) -> f64 {
        let n = self.n_chars.max(1);
        #[expect(clippy::cast_precision_loss, reason = "a share of counts")]
        let share = self.link_chars as f64 / n as f64;
        share
    }
}

/// True for elements whose content is never page text.
pub(crate) fn is_skipped_tag(tag: &str) -> bool {
    SKIP_TAGS.contains(&tag)
}

/// True when the element is hidden by attribute or inline style.
pub(crate) fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    let node = dom.node(id);
    if node.attr("hidden").is_some() || node.attr("aria-hidden") == Some("true") {
        return true;
    }
    node.attr("style").is_some_and(|style| {
        let style: String =
            style.chars().filter(|ch| !ch.is_whitespace()).collect::<String>().to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// The page's text blocks in document order; `skip` says which elements to leave out entirely.
pub fn blocks(dom: &Dom, skip: &dyn Fn(NodeId) -> bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current = Run::default();
    // (node, entering); block elements are entered and left.
    let mut stack: Vec<(NodeId, bool)> = vec![(0, true)];
    let mut block_stack: Vec<NodeId> = vec![0];
    let mut link_depth = 0usize;
    while let Some((id, entering)) = stack.pop() {
        let node = dom.node(id);
        match &node.kind {
            NodeKind::Text(text) => {
                current.push(text, node.span, link_depth > 0);
            }
            NodeKind::Root => {
                stack.extend(node.children.iter().rev().map(|&child| (child, true)));
            }
            NodeKind::Element { tag, .. } => {
                let is_block = BLOCK_TAGS.contains(&tag.as_str());
                let is_link = tag == "a";
                if entering {
                    if is_skipped_tag(tag) || is_hidden(dom, id) || skip(id) {
                        continue;
                    }
                    if is_block {
                        current.flush(&mut out, block_stack.last().copied().unwrap_or(0));
                        block_stack.push(id);
                    }
                    if is_link {
                        link_depth += 1;
                    }
                    stack.push((id, false));
                    stack.extend(node.children.iter().rev().map(|&child| (child, true)));
                } else {
                    if is_link {
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if is_block {
                        current.flush(&mut out, id);
                        block_stack.pop();
                    }
                }
            }
        }
    }
    current.flush(&mut out, 0);
    out
}

#[derive(Default)]
struct Run {
    text: String,
    start: Option<usize>,
    end: usize,
    link_chars: usize,
}

impl Run {
    fn push(&mut self, text: &str, span: Span, in_link: bool) {
        let pushed = push_collapsed(&mut self.text, text);
        if text.trim().is_empty() {
            return;
        }
        if self.start.is_none() {
            // The raw span starts at the first non-space character.
            let lead = text.len() - text.trim_start().len();
            self.start = Some(span.start() + lead.min(span.len()));
        }
        let trail = text.len() - text.trim_end().len();
        self.end = span.end().saturating_sub(trail).max(span.start());
        if in_link {
            self.link_chars += pushed;
        }
    }

    fn flush(&mut self, out: &mut Vec<Block>, element: NodeId) {
        let run = std::mem::take(self);
        let text = run.text.trim();
        let Some(start) = run.start else { return };
        if text.is_empty() {
            return;
        }
        let span = Span::new(start, run.end.max(start)).expect("invariant: ordered");
        let n_chars = text.chars().count();
        out.push(Block {
            text: text.to_owned(),
            span,
            element,
            link_chars: run.link_chars,
            n_chars,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_block_boundaries_with_raw_spans() {
        let html = "<div>Lead <a href=x>link</a><p> First &amp; para. </p>Tail<br>After</div>";
        let dom = Dom::parse(html);
        let found = blocks(&dom, &|_| false);
        let texts: Vec<_> = found.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Lead link", "First & para.", "Tail", "After"]);
        assert_eq!(found[1].span.slice(html), Some("First &amp; para."));
        assert_eq!(found[0].link_chars, 4);
        assert_eq!(found[0].span.slice(html), Some("Lead <a href=x>link"));
    }

    #[test]
    fn scripts_hidden_and_skipped_elements_give_no_text() {
        let html =
            "<p>a</p><script>x</script><p hidden>b</p><p style='display: none'>c</p><nav>d</nav>";
        let dom = Dom::parse(html);
        let nav = dom.elements("nav").next().unwrap();
        let found = blocks(&dom, &|id| id == nav);
        let texts: Vec<_> = found.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["a"]);
    }
}
