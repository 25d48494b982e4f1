//! Prints how a page was read: the container chosen, its path, and each body block.
//! `cargo run --release -p parallax-html --example explain -- page.html`
#![expect(clippy::print_stdout, reason = "a developer's tool")]

use parallax_html::{Dom, body, page_meta};

fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = fs_err::read(&path)?;
    let html = String::from_utf8_lossy(&bytes);
    let dom = Dom::parse(&html);
    let meta = page_meta(&dom, None, None);
    println!("meta: {meta:?}");
    let found = body(&dom, meta.title.as_deref());
    if let Some(container) = found.container {
        let mut path: Vec<String> = std::iter::once(container)
            .chain(dom.ancestors(container))
            .map(|id| {
                let node = dom.node(id);
                format!(
                    "{}.{}#{}",
                    node.tag().unwrap_or("root"),
                    node.attr("class").unwrap_or_default(),
                    node.attr("id").unwrap_or_default()
                )
            })
            .collect();
        path.reverse();
        println!("container: {}", path.join(" > "));
    }
    if let Some(needle) = std::env::args().nth(2) {
        for id in 0..dom.nodes.len() {
            if dom.node(id).text().is_some_and(|text| text.contains(&needle)) {
                let path: Vec<String> = dom
                    .ancestors(id)
                    .map(|a| {
                        let node = dom.node(a);
                        format!(
                            "{}.{}",
                            node.tag().unwrap_or("root"),
                            node.attr("class").unwrap_or_default()
                        )
                    })
                    .collect();
                println!("text node {id} under: {}", path.join(" < "));
            }
        }
    }
    for block in &found.blocks {
        let text: String = block.text.chars().take(100).collect();
        println!("[{:.2}] {text}", block.link_density());
    }
    Ok(())
}
