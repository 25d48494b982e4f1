//! The web pages in a real browser: Debian's `chromium`, headless, driven through `chromedriver`
//! (WebDriver) with `fantoccini`, against a server over the sample store. Skipped, saying so,
//! when chromium or chromedriver is missing, unless `PARALLAX_BROWSER_TESTS=require` (CI sets it):
//! then a missing browser fails. Screenshots land in `target/screenshots/`.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::support::{get, root, server};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether the browser tests must run (the environment asks for them).
fn required() -> bool {
    std::env::vars().any(|(key, value)| key == "PARALLAX_BROWSER_TESTS" && value == "require")
}

fn browser_present() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            !required(),
            "PARALLAX_BROWSER_TESTS=require but {CHROMIUM} or {CHROMEDRIVER} is missing (apt install chromium chromium-driver)"
        );
        eprintln!(
            "SKIP browser tests: {CHROMIUM} or {CHROMEDRIVER} not installed (apt install chromium chromium-driver)"
        );
    }
    present
}

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_driver() -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver { child, port, _profile: tempfile::tempdir().unwrap() };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    driver
}

async fn browser(driver: &Driver, width: u32, height: u32) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", driver._profile.path().display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a chromium session")
}

fn screenshots() -> PathBuf {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn save_screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots().join(name), png).unwrap();
}

/// The whole page's height, to size a full-page screenshot.
async fn page_height(client: &Client) -> u32 {
    let height =
        client.execute("return document.documentElement.scrollHeight;", vec![]).await.unwrap();
    u32::try_from(height.as_u64().unwrap_or(1000)).unwrap_or(1000).min(6000)
}

fn story_id(addr: SocketAddr, query: &str) -> String {
    let list = get(addr, &format!("/api/v1/stories?q={query}")).json();
    list["stories"][0]["id"].as_str().unwrap().to_owned()
}

async fn run_in_browser(test: impl AsyncFnOnce(&Client, SocketAddr), width: u32, height: u32) {
    let driver = start_driver();
    let client = browser(&driver, width, height).await;
    test(&client, server()).await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_search_story_and_a_conflict_value_highlighted() {
    if !browser_present() {
        return;
    }
    run_in_browser(
        async |client: &Client, addr: SocketAddr| {
            let base = format!("http://{addr}");
            client.goto(&format!("{base}/")).await.unwrap();
            let stories = client.find_all(Locator::Css("li.story")).await.unwrap();
            assert_eq!(stories.len(), 3);
            save_screenshot(client, "list.png").await;

            // Search from the header box.
            let search = client.find(Locator::Css("header form.search input[name=q]")).await.unwrap();
            search.send_keys("manuscripts").await.unwrap();
            client.find(Locator::Css("header form.search button")).await.unwrap().click().await.unwrap();
            client.wait().for_url(&url(&format!("{base}/?q=manuscripts"))).await.unwrap();
            let found = client.find_all(Locator::Css("li.story a.title")).await.unwrap();
            assert_eq!(found.len(), 1);
            assert!(found[0].text().await.unwrap().contains("library"));

            // The pier story: its injury counts conflict (five hurt in the first report, three later).
            client.goto(&format!("{base}/?q=pier")).await.unwrap();
            client.find(Locator::Css("li.story a.title")).await.unwrap().click().await.unwrap();
            let heading = client.wait().for_element(Locator::Css("h1")).await.unwrap();
            assert!(heading.text().await.unwrap().contains("pier"));
            let value = client.find(Locator::Css("#conflicts td.value")).await.unwrap();
            let words = client.find(Locator::Css("#conflicts td.words")).await.unwrap();
            let quoted = words.text().await.unwrap();
            value.click().await.unwrap();
            client.wait().for_element(Locator::Css("article.column mark.hl")).await.unwrap();
            // The value cites the figure's words and who gives it: both are highlighted.
            let marks: Value = client
                .execute("return Array.from(document.querySelectorAll('mark.hl')).map(m => m.textContent);", vec![])
                .await
                .unwrap();
            let marks: Vec<&str> = marks.as_array().unwrap().iter().filter_map(Value::as_str).collect();
            let words = quoted.trim_matches(['“', '”']);
            assert!(marks.contains(&words), "the figure's words {words:?} are highlighted: {marks:?}");
            let selected = client.find_all(Locator::Css("td.value.selected")).await.unwrap();
            assert_eq!(selected.len(), 1, "the clicked value is marked as selected");
            let height = page_height(client).await;
            client.set_window_size(1280, height).await.unwrap();
            save_screenshot(client, "story.png").await;

            // Choosing outlets hides the other columns at once.
            let boxes = client.find_all(Locator::Css("form.chooser input[name=show]")).await.unwrap();
            assert!(boxes.len() >= 2);
            let hidden_outlet = boxes[0].attr("value").await.unwrap().unwrap();
            boxes[0].click().await.unwrap();
            let hidden = client.find_all(Locator::Css("article.column.hidden")).await.unwrap();
            assert!(!hidden.is_empty());
            for column in &hidden {
                assert_eq!(column.attr("data-outlet").await.unwrap().as_deref(), Some(hidden_outlet.as_str()));
            }
            assert!(client.current_url().await.unwrap().query().unwrap_or_default().contains("show="));
        },
        1280,
        1000,
    )
    .await;
}

fn url(text: &str) -> url::Url {
    url::Url::parse(text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_with_script_shows_it_as_text_and_never_runs_it() {
    if !browser_present() {
        return;
    }
    run_in_browser(
        async |client: &Client, addr: SocketAddr| {
            let id = story_id(addr, "ferry");
            client.goto(&format!("http://{addr}/stories/{id}")).await.unwrap();
            client.wait().for_element(Locator::Css("article.column")).await.unwrap();
            let pwned: Value =
                client.execute("return window.__parallaxPwned === true;", vec![]).await.unwrap();
            assert_eq!(pwned, Value::Bool(false), "the article's script did not run");
            let title = client.title().await.unwrap();
            assert!(title.contains("Dunmere ferry"), "{title}");
            let text = client.find(Locator::Css("#articles")).await.unwrap().text().await.unwrap();
            assert!(text.contains("<script>window.__parallaxPwned = true;"), "shown as text");
            assert!(text.contains("<img src=\"x\""));
            let images = client.find_all(Locator::Css("img")).await.unwrap();
            assert!(images.is_empty(), "no element was made from article text");
        },
        1280,
        1000,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_story_page_reads_at_phone_width() {
    if !browser_present() {
        return;
    }
    run_in_browser(
        async |client: &Client, addr: SocketAddr| {
            let id = story_id(addr, "pier");
            client.goto(&format!("http://{addr}/stories/{id}")).await.unwrap();
            client.wait().for_element(Locator::Css("article.column")).await.unwrap();
            let overflow: Value = client
                .execute(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(overflow, Value::Bool(true), "nothing overflows sideways at phone width");
            let columns: Value = client
                .execute(
                    "var c = document.querySelectorAll('article.column'); return c[1].getBoundingClientRect().top > c[0].getBoundingClientRect().bottom - 1;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(columns, Value::Bool(true), "articles stack at phone width");
            save_screenshot(client, "story-phone.png").await;
        },
        390,
        844,
    )
    .await;
}
