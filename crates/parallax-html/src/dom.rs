//! A forgiving HTML parser that keeps byte offsets.
//!
//! It follows the HTML tokenizer closely enough for real pages (comments, CDATA, raw-text elements
//! such as `<script>`, quoted and unquoted attributes, character references) and builds a tree with
//! the few implied-end rules that matter for text (`<p>`, `<li>`, table cells, options). Nothing in
//! it recurses: nesting deeper than [`MAX_DEPTH`] is flattened into the deepest open element, as
//! browsers do, so a page of 100,000 nested `<div>`s costs no stack.

use std::borrow::Cow;

use parallax_model::Span;

/// Deepest element nesting kept; deeper start tags attach their content to the element at this depth.
pub const MAX_DEPTH: usize = 512;
/// How far up the open elements an end tag looks for its start tag before it is ignored.
const END_TAG_SEARCH: usize = 64;
/// How far up the open elements an implied end (`<p>` closing a `<p>`) looks.
const IMPLIED_END_SEARCH: usize = 16;

/// Index of a node in [`Dom::nodes`].
pub type NodeId = usize;

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// The document root (no tag).
    Root,
    /// An element: lower-case tag name and attributes (names lower-cased, values decoded).
    Element {
        /// Lower-case tag name.
        tag: String,
        /// Attributes in source order.
        attrs: Vec<(String, String)>,
    },
    /// Text: the decoded characters; the node's span covers the raw source.
    Text(String),
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Element, text or root.
    pub kind: NodeKind,
    /// The parent; `None` only for the root.
    pub parent: Option<NodeId>,
    /// Children in document order.
    pub children: Vec<NodeId>,
    /// Source bytes covered: from the start tag's `<` to the end of its end tag (or to where it was
    /// implicitly closed); for text, the raw characters.
    pub span: Span,
}

impl Node {
    /// The tag name, for elements.
    pub fn tag(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Element { tag, .. } => Some(tag),
            _ => None,
        }
    }

    /// The value of attribute `name` (lower-case), for elements.
    pub fn attr(&self, name: &str) -> Option<&str> {
        match &self.kind {
            NodeKind::Element { attrs, .. } => {
                attrs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
            }
            _ => None,
        }
    }

    /// The decoded text, for text nodes.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// A parsed page: node 0 is the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dom {
    /// All nodes; children always come after their parent.
    pub nodes: Vec<Node>,
}

/// Elements that never have content.
const VOID: [&str; 16] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "keygen",
];
/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: [&str; 10] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];
/// Raw-text elements whose character references are decoded (RCDATA).
const RCDATA: [&str; 2] = ["title", "textarea"];
/// Start tags that close an open `<p>`.
const CLOSES_P: [&str; 32] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
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
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
];
/// Inline elements that an implied `</p>` may close on its way to the `<p>`.
const PHRASING: [&str; 20] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "font", "i", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u",
];

/// One token of the source.
#[derive(Debug)]
enum Token<'h> {
    Start { name: String, attrs: Vec<(String, String)>, self_closing: bool, span: Span },
    End { name: String, span: Span },
    Text { raw: &'h str, span: Span, decode: bool },
}

impl Dom {
    /// Parses `html`; never fails (broken markup is repaired the way browsers roughly would).
    pub fn parse(html: &str) -> Dom {
        Dom::parse_with(html, false)
    }

    /// Parses XML such as an RSS or Atom feed: no void, raw-text or implied-end rules of HTML
    /// (`<link>` holds text, `<title>` may hold CDATA); tag names are still lower-cased.
    pub fn parse_xml(xml: &str) -> Dom {
        Dom::parse_with(xml, true)
    }

    fn parse_with(html: &str, xml: bool) -> Dom {
        let mut builder = Builder::new(html.len(), xml);
        let mut tokens = Tokenizer { html, pos: 0, raw_until: None, xml };
        while let Some(token) = tokens.next_token() {
            builder.push(token);
        }
        builder.finish(html.len())
    }

    /// The root node.
    pub fn root(&self) -> &Node {
        &self.nodes[0]
    }

    /// Node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Every element with tag `tag`, in document order.
    pub fn elements<'d>(&'d self, tag: &'d str) -> impl Iterator<Item = NodeId> + 'd {
        (0..self.nodes.len()).filter(move |&id| self.nodes[id].tag() == Some(tag))
    }

    /// Ids of `id` and all its descendants, in document order (iterative).
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(next) = stack.pop() {
            out.push(next);
            stack.extend(self.nodes[next].children.iter().rev());
        }
        out
    }

    /// The decoded text under `id`, whitespace collapsed to single spaces.
    pub fn text_of(&self, id: NodeId) -> String {
        let mut out = String::new();
        for node in self.descendants(id) {
            if let Some(text) = self.nodes[node].text() {
                push_collapsed(&mut out, text);
            }
        }
        out.trim().to_owned()
    }

    /// The ancestors of `id`, nearest first (not including `id`).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id].parent, move |&node| self.nodes[node].parent)
    }
}

/// Appends `text` to `out` with runs of whitespace collapsed to one space; returns the number of
/// characters appended.
pub(crate) fn push_collapsed(out: &mut String, text: &str) -> usize {
    let mut space = out.ends_with(' ') || out.is_empty();
    let mut pushed = 0;
    for ch in text.chars() {
        if ch.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
                pushed += 1;
            }
        } else {
            out.push(ch);
            space = false;
            pushed += 1;
        }
    }
    pushed
}

/// Decodes character references (`&amp;`, `&#8217;`); text without `&` is borrowed.
pub fn decode_entities(raw: &str) -> Cow<'_, str> {
    if raw.contains('&') { html_escape::decode_html_entities(raw) } else { Cow::Borrowed(raw) }
}

struct Tokenizer<'h> {
    html: &'h str,
    pos: usize,
    /// Inside a raw-text element: its name, whose end tag ends the text.
    raw_until: Option<(String, bool)>,
    /// XML mode: no raw-text elements.
    xml: bool,
}

impl<'h> Tokenizer<'h> {
    fn rest(&self) -> &'h str {
        self.html.get(self.pos..).unwrap_or_default()
    }

    fn span(start: usize, end: usize) -> Span {
        Span::new(start, end).expect("invariant: the tokenizer only moves forward")
    }

    fn next_token(&mut self) -> Option<Token<'h>> {
        if let Some((name, decode)) = self.raw_until.take() {
            let start = self.pos;
            let end = find_end_tag(self.rest(), &name).map_or(self.html.len(), |at| start + at);
            self.pos = end;
            if end > start {
                let raw = self.html.get(start..end).unwrap_or_default();
                return Some(Token::Text { raw, span: Self::span(start, end), decode });
            }
        }
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return None;
            }
            let start = self.pos;
            let Some(lt) = rest.find('<') else {
                self.pos = self.html.len();
                return Some(Token::Text {
                    raw: rest,
                    span: Self::span(start, self.pos),
                    decode: true,
                });
            };
            if lt > 0 {
                self.pos = start + lt;
                let raw = rest.get(..lt).unwrap_or_default();
                return Some(Token::Text { raw, span: Self::span(start, self.pos), decode: true });
            }
            let after = rest.get(1..).unwrap_or_default();
            if let Some(body) = after.strip_prefix("!--") {
                // A comment: skipped.
                self.pos = body.find("-->").map_or(self.html.len(), |at| start + 4 + at + 3);
                continue;
            }
            if let Some(body) = after.strip_prefix("![CDATA[") {
                let text_start = start + 9;
                let text_end = body.find("]]>").map_or(self.html.len(), |at| text_start + at);
                self.pos = (text_end + 3).min(self.html.len());
                let raw = self.html.get(text_start..text_end).unwrap_or_default();
                return Some(Token::Text {
                    raw,
                    span: Self::span(text_start, text_end),
                    decode: false,
                });
            }
            if after.starts_with('!') || after.starts_with('?') {
                // Doctype, processing instruction or bogus comment.
                self.pos = after.find('>').map_or(self.html.len(), |at| start + 1 + at + 1);
                continue;
            }
            if let Some(body) = after.strip_prefix('/') {
                if body.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
                    let name_len = body
                        .find(|ch: char| ch.is_ascii_whitespace() || ch == '/' || ch == '>')
                        .unwrap_or(body.len());
                    let name = body.get(..name_len).unwrap_or_default().to_ascii_lowercase();
                    self.pos = body.find('>').map_or(self.html.len(), |at| start + 2 + at + 1);
                    return Some(Token::End { name, span: Self::span(start, self.pos) });
                }
                // `</>` or `</ 3`: a bogus comment up to `>`.
                self.pos = body.find('>').map_or(self.html.len(), |at| start + 2 + at + 1);
                continue;
            }
            if after.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
                return Some(self.start_tag(start));
            }
            // A lone `<` is text.
            self.pos = start + 1;
            return Some(Token::Text {
                raw: "<",
                span: Self::span(start, start + 1),
                decode: false,
            });
        }
    }

    /// Reads a start tag whose `<` is at `start`.
    fn start_tag(&mut self, start: usize) -> Token<'h> {
        let bytes = self.html.as_bytes();
        let mut i = start + 1;
        while i < bytes.len() && !is_tag_break(bytes[i]) {
            i += 1;
        }
        let name = self.html.get(start + 1..i).unwrap_or_default().to_ascii_lowercase();
        let mut attrs: Vec<(String, String)> = Vec::new();
        let mut self_closing = false;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                self_closing = bytes[i] == b'/';
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            self_closing = false;
            let name_start = i;
            i += 1;
            while i < bytes.len() && !is_tag_break(bytes[i]) && bytes[i] != b'=' {
                i += 1;
            }
            let attr_name = self.html.get(name_start..i).unwrap_or_default().to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (value_start, value_end, next) = match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let close = bytes
                            .get(i + 1..)
                            .and_then(|tail| tail.iter().position(|&b| b == quote))
                            .map_or(bytes.len(), |at| i + 1 + at);
                        (i + 1, close, (close + 1).min(bytes.len()))
                    }
                    _ => {
                        let mut end = i;
                        while end < bytes.len()
                            && !bytes[end].is_ascii_whitespace()
                            && bytes[end] != b'>'
                        {
                            end += 1;
                        }
                        (i, end, end)
                    }
                };
                value = decode_entities(self.html.get(value_start..value_end).unwrap_or_default())
                    .into_owned();
                i = next;
            }
            if !attr_name.is_empty() && !attrs.iter().any(|(key, _)| *key == attr_name) {
                attrs.push((attr_name, value));
            }
        }
        self.pos = i.min(self.html.len());
        if !self.xml && RAW_TEXT.contains(&name.as_str()) && !self_closing {
            self.raw_until = Some((name.clone(), RCDATA.contains(&name.as_str())));
        }
        Token::Start { name, attrs, self_closing, span: Self::span(start, self.pos) }
    }
}

fn is_tag_break(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'/' || byte == b'>'
}

/// Offset of the first `</name` (any case) in `text` that is followed by a tag break.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|tail| tail.find("</")) {
        let tag_start = from + at + 2;
        let candidate = bytes.get(tag_start..tag_start + name.len());
        let follows = bytes.get(tag_start + name.len()).is_none_or(|&b| is_tag_break(b));
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) && follows {
            return Some(from + at);
        }
        from = tag_start;
    }
    None
}

struct Builder {
    nodes: Vec<Node>,
    open: Vec<NodeId>,
    xml: bool,
}

impl Builder {
    fn new(len: usize, xml: bool) -> Builder {
        let root = Node {
            kind: NodeKind::Root,
            parent: None,
            children: vec![],
            span: Span::new(0, len).expect("invariant: 0 <= len"),
        };
        Builder { nodes: vec![root], open: vec![0], xml }
    }

    fn current(&self) -> NodeId {
        *self.open.last().expect("invariant: the root stays open")
    }

    fn add(&mut self, kind: NodeKind, span: Span) -> NodeId {
        let parent = self.current();
        let id = self.nodes.len();
        self.nodes.push(Node { kind, parent: Some(parent), children: vec![], span });
        self.nodes[parent].children.push(id);
        id
    }

    fn tag_at(&self, depth_from_top: usize) -> Option<&str> {
        let idx = self.open.len().checked_sub(1 + depth_from_top)?;
        self.nodes[self.open[idx]].tag()
    }

    /// Closes the open elements down to and including the one `depth_from_top` below the top.
    fn pop_to(&mut self, depth_from_top: usize, end: usize) {
        for _ in 0..=depth_from_top {
            if self.open.len() <= 1 {
                return;
            }
            let id = self.open.pop().expect("invariant: checked above");
            let start = self.nodes[id].span.start();
            self.nodes[id].span = Span::new(start, end.max(start)).expect("invariant: ordered");
        }
    }

    /// Finds an open `target` above any element in `barriers`, within `limit` levels.
    fn find_open(&self, targets: &[&str], barriers: &[&str], limit: usize) -> Option<usize> {
        for depth in 0..limit.min(self.open.len() - 1) {
            let tag = self.tag_at(depth)?;
            if targets.contains(&tag) {
                return Some(depth);
            }
            if barriers.contains(&tag) {
                return None;
            }
        }
        None
    }

    fn push(&mut self, token: Token<'_>) {
        match token {
            Token::Text { raw, span, decode } => {
                let text = if decode { decode_entities(raw).into_owned() } else { raw.to_owned() };
                self.add(NodeKind::Text(text), span);
            }
            Token::Start { name, attrs, self_closing, span } => {
                if !self.xml {
                    self.implied_ends(&name, span.start());
                }
                let void = !self.xml && VOID.contains(&name.as_str());
                let raw = !self.xml && RAW_TEXT.contains(&name.as_str());
                let id = self.add(NodeKind::Element { tag: name, attrs }, span);
                let closes_at_once = void || (self_closing && !raw);
                if !closes_at_once && self.open.len() < MAX_DEPTH {
                    self.open.push(id);
                }
            }
            Token::End { name, span } => {
                if name == "br" && !self.xml {
                    let attrs = vec![];
                    self.add(NodeKind::Element { tag: name, attrs }, span);
                    return;
                }
                let limit = END_TAG_SEARCH.min(self.open.len() - 1);
                if let Some(depth) =
                    (0..limit).find(|&depth| self.tag_at(depth) == Some(name.as_str()))
                {
                    self.pop_to(depth, span.end());
                }
            }
        }
    }

    fn implied_ends(&mut self, name: &str, at: usize) {
        if CLOSES_P.contains(&name) {
            let found = (0..IMPLIED_END_SEARCH.min(self.open.len() - 1)).find_map(|depth| {
                let tag = self.tag_at(depth)?;
                if tag == "p" {
                    return Some(Some(depth));
                }
                (!PHRASING.contains(&tag)).then_some(None)
            });
            if let Some(Some(depth)) = found {
                self.pop_to(depth, at);
            }
        }
        let (targets, barriers): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu", "table", "body"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl", "table", "body"]),
            "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "tbody" | "thead" | "tfoot" => (&["tbody", "thead", "tfoot"], &["table"]),
            "option" => (&["option"], &["select", "datalist", "body"]),
            _ => return,
        };
        if let Some(depth) = self.find_open(targets, barriers, IMPLIED_END_SEARCH) {
            self.pop_to(depth, at);
        }
    }

    fn finish(mut self, len: usize) -> Dom {
        let depth = self.open.len().saturating_sub(2);
        self.pop_to(depth, len);
        Dom { nodes: self.nodes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(dom: &Dom, id: NodeId) -> Vec<String> {
        dom.node(id)
            .children
            .iter()
            .map(|&c| dom.node(c).tag().map_or_else(|| "#text".to_owned(), str::to_owned))
            .collect()
    }

    #[test]
    fn parses_elements_text_and_spans() {
        let html = "<html><body><p class=x>One &amp; <b>two</b></p><p>Three</body></html>";
        let dom = Dom::parse(html);
        let body = dom.elements("body").next().unwrap();
        assert_eq!(tags(&dom, body), ["p", "p"]);
        let first = dom.node(body).children[0];
        assert_eq!(dom.node(first).attr("class"), Some("x"));
        assert_eq!(dom.text_of(first), "One & two");
        assert_eq!(dom.node(first).span.slice(html), Some("<p class=x>One &amp; <b>two</b></p>"));
        let text = dom.node(first).children[0];
        assert_eq!(dom.node(text).span.slice(html), Some("One &amp; "));
    }

    #[test]
    fn implied_ends_close_paragraphs_and_items() {
        let dom = Dom::parse("<div><p>a<p>b<ul><li>c<li>d</ul></div>");
        let div = dom.elements("div").next().unwrap();
        assert_eq!(tags(&dom, div), ["p", "p", "ul"]);
        let ul = dom.elements("ul").next().unwrap();
        assert_eq!(tags(&dom, ul), ["li", "li"]);
    }

    #[test]
    fn script_and_comments_are_not_markup() {
        let html =
            "<p>a<!-- <p>no --><script>if (a < b) { x = '</p>'; }</script>b</p><![CDATA[c&d]]>";
        let dom = Dom::parse(html);
        let script = dom.elements("script").next().unwrap();
        assert_eq!(dom.text_of(script), "if (a < b) { x = '</p>'; }");
        let p = dom.elements("p").next().unwrap();
        assert_eq!(dom.elements("p").count(), 1);
        assert!(dom.text_of(p).ends_with('b'));
        assert!(dom.text_of(0).ends_with("c&d"));
    }

    #[test]
    fn broken_markup_is_repaired() {
        for html in
            ["<p", "<p class='x", "</", "<a href=", "<<>>", "<div></span></div>text", "&#xD800;"]
        {
            let dom = Dom::parse(html);
            assert!(!dom.nodes.is_empty(), "{html}");
        }
        let dom = Dom::parse("<div><span>a</div>b");
        assert_eq!(dom.text_of(0), "ab");
    }

    #[test]
    fn xml_mode_keeps_link_text_and_cdata() {
        let dom = Dom::parse_xml(
            "<item><title><![CDATA[A & B]]></title><link>https://x.example/1</link></item>",
        );
        let link = dom.elements("link").next().unwrap();
        assert_eq!(dom.text_of(link), "https://x.example/1");
        let title = dom.elements("title").next().unwrap();
        assert_eq!(dom.text_of(title), "A & B");
    }

    #[test]
    fn deep_nesting_is_flattened_without_recursion() {
        let html = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        let dom = Dom::parse(&html);
        let depth = dom.ancestors(dom.nodes.len() - 1).count();
        assert!(depth <= MAX_DEPTH);
        assert_eq!(dom.text_of(0), "deep");
    }
}
