//! The JSON API and the pages over the sample store, through a real server on loopback.

use parallax_server::ServeConfig;
use serde_json::{Value, json};

use crate::openapi::{check, document};
use crate::support::{get, request, sample_store, server, start};

fn titles(list: &Value) -> Vec<String> {
    list["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn stories_are_listed_newest_first_and_undated_last() {
    let list = get(server(), "/api/v1/stories").json();
    assert_eq!(list["total"], 3, "{list}");
    let dates: Vec<Value> =
        list["stories"].as_array().unwrap().iter().map(|s| s["last_date"].clone()).collect();
    assert_eq!(dates, [json!("2031-04-03"), json!("2031-03-17"), Value::Null], "undated last");
    let paged = get(server(), "/api/v1/stories?limit=1&offset=1").json();
    assert_eq!(titles(&paged), [titles(&list)[1].clone()]);
}

#[test]
fn full_text_search_and_filters_narrow_the_list() {
    let addr = server();
    let search = |query: &str| titles(&get(addr, &format!("/api/v1/stories?{query}")).json());
    assert_eq!(search("q=manuscripts"), ["Fire guts historic library in Ardun; manuscripts saved"]);
    assert_eq!(search("q=pilings+fishermen").len(), 1);
    assert_eq!(search("q=harbour&sort=relevance").len(), search("q=harbour").len());
    assert_eq!(get(addr, "/api/v1/stories?q=x&sort=best").status, 400);
    assert_eq!(search("q=ferr*"), ["Dunmere ferry fares rise <b>by a third</b> from May"]);
    assert!(search("q=%22pier%22+OR+(library").is_empty(), "FTS5 syntax is taken as words");
    assert_eq!(search("outlet=hhn").len(), 1, "outlet names match case-insensitively");
    assert_eq!(search("language=eng").len(), 3);
    assert_eq!(search("from=2031-04-01"), search("from=2031-04-01&to=2031-12-31"));
    assert_eq!(search("from=2031-04-01").len(), 1);
    assert_eq!(search("to=2031-03-31").len(), 1);
    let entities = get(addr, "/api/v1/entities?prefix=Ilse").json();
    let name = entities["entities"][0]["name"].as_str().unwrap().to_owned();
    assert_eq!(name, "Ilse Corvane");
    assert_eq!(search("entity=ilse+corvane").len(), 1);
}

#[test]
fn bad_parameters_get_clear_json_errors() {
    let addr = server();
    for (path, status, words) in [
        ("/api/v1/stories?from=2031-4-1", 400, "from must be a date"),
        ("/api/v1/stories?to=2031-13-01", 400, "to must be a date"),
        ("/api/v1/stories?limit=500", 400, "limit must be between 1 and 200"),
        ("/api/v1/stories?offset=-3", 400, "offset"),
        ("/api/v1/stories/st-unknown", 404, "no story st-unknown"),
        ("/api/v1/nothing", 404, "no such path"),
    ] {
        let answer = get(addr, path);
        assert_eq!(answer.status, status, "{path}");
        assert_eq!(answer.header("content-type"), Some("application/json"), "{path}");
        let message = answer.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(words), "{path}: {message}");
    }
    let wrong_method = request(addr, "DELETE", "/api/v1/stories", &[], b"");
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.json()["error"]["code"], "method_not_allowed");
}

#[test]
fn one_story_resolves_by_prefix_and_its_articles_spans_slice_their_text() {
    let addr = server();
    let list = get(addr, "/api/v1/stories?q=pier").json();
    let id = list["stories"][0]["id"].as_str().unwrap().to_owned();
    let by_prefix = get(addr, &format!("/api/v1/stories/{}", id.get(..10).unwrap())).json();
    assert_eq!(by_prefix["id"], id.as_str());
    assert_eq!(by_prefix["schema"], "parallax.story.v1");
    let conflicts: Vec<&Value> = by_prefix["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["agreement"] == "conflict")
        .collect();
    assert!(!conflicts.is_empty(), "the pier story's injury counts conflict");
    let mut checked = 0;
    for entry in by_prefix["articles"].as_array().unwrap() {
        let doc_id = entry["doc_id"].as_str().unwrap();
        let article = get(addr, &format!("/api/v1/articles/{}", doc_id.get(..12).unwrap())).json();
        assert_eq!(article["story_id"], id.as_str());
        let text = article["text"].as_str().unwrap().as_bytes();
        for mention in article["entities"]
            .as_array()
            .unwrap()
            .iter()
            .chain(article["dates"].as_array().unwrap())
        {
            let (start, end) =
                (mention["start"].as_u64().unwrap(), mention["end"].as_u64().unwrap());
            let slice = &text[usize::try_from(start).unwrap()..usize::try_from(end).unwrap()];
            assert_eq!(std::str::from_utf8(slice).unwrap(), mention["text"].as_str().unwrap());
            checked += 1;
        }
        for figure in article["figures"].as_array().unwrap() {
            assert_eq!(figure["doc_id"], doc_id);
        }
    }
    assert!(checked > 10, "{checked} spans checked");
}

#[test]
fn pages_escape_article_text_and_send_a_strict_policy() {
    let addr = server();
    let list = get(addr, "/");
    assert_eq!(list.status, 200);
    assert_eq!(
        list.header("content-security-policy"),
        Some(parallax_server::CONTENT_SECURITY_POLICY)
    );
    assert_eq!(list.header("x-content-type-options"), Some("nosniff"));
    let html = list.text();
    assert!(
        html.contains("Dunmere ferry fares rise &lt;b&gt;by a third&lt;/b&gt; from May"),
        "{html}"
    );
    assert!(!html.contains("<b>by a third"));
    let hostile = get(addr, "/api/v1/stories?q=ferry").json();
    let id = hostile["stories"][0]["id"].as_str().unwrap().to_owned();
    let page = get(addr, &format!("/stories/{id}"));
    let html = page.text();
    assert!(html.contains("&lt;script&gt;window.__parallaxPwned"), "the script is shown as text");
    assert!(!html.contains("<script>window"), "and never as markup");
    assert!(!html.contains("<img src=\"x\""));
    assert!(!html.contains("style="), "no inline style: the policy would block it");
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert_eq!(scripts.len(), 2, "only the two served scripts");
    assert!(scripts.iter().all(|s| s.starts_with(" src=\"/static/")));
    let redirect = get(addr, &format!("/stories/{}?show=x", id.get(..9).unwrap()));
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some(format!("/stories/{id}?show=x").as_str()));
    let missing = get(addr, "/stories/st-none");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("no story st-none"));
    for asset in ["/static/parallax.css", "/static/story.js", "/static/serve.js"] {
        assert_eq!(get(addr, asset).status, 200, "{asset}");
    }
}

#[test]
fn ingest_needs_the_token_and_new_stories_appear_without_a_restart() {
    let doc = document();
    let db = sample_store();
    let mut config = ServeConfig::new(db.clone());
    config.token = Some("s3cret-token".to_owned());
    config.max_body_bytes = 64 * 1024;
    let addr = start(config);
    let json = [("Content-Type", "application/json")];
    let auth =
        |token: &'static str| [("Content-Type", "application/json"), ("Authorization", token)];
    let batch = serde_json::json!({ "documents": [{
        "name": "velmora-post-bridge.txt",
        "text": "Velmora opens its new swing bridge\nThe new swing bridge over the Vell in Velmora opened to traffic on Monday after three years of work, the city said, and the old ferry will stop running at the end of the month.\nMayor Tomas Brenn said the bridge \"joins the two halves of the city again\" and thanked the engineers."
    }]});
    let body = batch.to_string();

    let open = request(server(), "POST", "/api/v1/documents", &json, body.as_bytes());
    assert_eq!(open.status, 403, "no token configured: ingest is off");
    check(&doc, "/api/v1/documents", "post", open.status, &open.json());
    let wrong = request(addr, "POST", "/api/v1/documents", &auth("Bearer nope"), body.as_bytes());
    assert_eq!(wrong.status, 401);
    check(&doc, "/api/v1/documents", "post", wrong.status, &wrong.json());

    let created =
        request(addr, "POST", "/api/v1/documents", &auth("Bearer s3cret-token"), body.as_bytes());
    assert_eq!(created.status, 201, "{}", created.text());
    let summary = created.json();
    check(&doc, "/api/v1/documents", "post", 201, &summary);
    assert_eq!((summary["new"].as_u64(), summary["stories"].as_u64()), (Some(1), Some(4)));
    assert_eq!(summary["unchanged"], false);
    let again =
        request(addr, "POST", "/api/v1/documents", &auth("Bearer s3cret-token"), body.as_bytes());
    assert_eq!(again.status, 200, "a re-run is idempotent");
    assert_eq!(again.json()["stories"], 4);
    let again = again.json();
    assert_eq!(again["articles_taken_over"], again["articles"], "nothing changed: nothing re-read");
    assert_eq!(again["reports_taken_over"], again["stories"], "nothing changed: nothing rebuilt");
    assert_eq!(again["unchanged"], true, "nothing changed: the last rebuild is kept whole");
    let listed = get(addr, "/api/v1/stories?q=swing+bridge").json();
    assert_eq!(listed["total"], 1, "the new story is served at once");

    // A raw upload names its file; binary junk is set aside with its reason, not an error.
    let raw =
        [("Authorization", "Bearer s3cret-token"), ("Content-Type", "application/octet-stream")];
    let junk = request(
        addr,
        "POST",
        "/api/v1/documents?name=junk.txt",
        &raw,
        &[0, 159, 146, 150, 0, 0, 1],
    );
    assert_eq!(junk.status, 200, "nothing new stored: {}", junk.text());
    assert_eq!(junk.json()["set_aside"], 1);
    assert_eq!(junk.json()["unchanged"], true, "a rejected input changes no story");
    let unnamed = request(addr, "POST", "/api/v1/documents", &raw, b"text");
    assert_eq!(unnamed.status, 400);
    let malformed = request(
        addr,
        "POST",
        "/api/v1/documents",
        &auth("Bearer s3cret-token"),
        b"{\"documents\": 3}",
    );
    assert_eq!(malformed.status, 400);
    check(&doc, "/api/v1/documents", "post", 400, &malformed.json());
    let huge = vec![b'a'; 100 * 1024];
    let too_large = request(addr, "POST", "/api/v1/documents?name=big.txt", &raw, &huge);
    assert_eq!(too_large.status, 413);
    check(&doc, "/api/v1/documents", "post", 413, &too_large.json());

    // `parallax ingest` writing beside the server: its stories appear on the next request.
    let mut writer = parallax::Store::open(&db).unwrap();
    let text = "Dunmere lighthouse keeper retires\nThe last keeper of the Dunmere lighthouse retired on Friday after forty-one years, and the light will now be run from the harbour office, the coastguard said.\nShe climbed the hundred and twelve steps every evening, logged every passing ship by hand, and twice rowed out in a storm to help fishermen whose boats had lost their engines, the island council recalled.";
    parallax::ingest_bytes(
        &mut writer,
        &[("cli.txt", text.as_bytes())],
        &parallax::PipelineConfig::default(),
    )
    .unwrap();
    let listed = get(addr, "/api/v1/stories?q=lighthouse").json();
    assert_eq!(listed["total"], 1);
}

#[test]
fn reads_can_require_the_token() {
    let mut config = ServeConfig::new(sample_store());
    config.token = Some("t0ken".to_owned());
    config.reads_need_token = true;
    let addr = start(config);
    assert_eq!(get(addr, "/api/v1/stories").status, 401);
    assert_eq!(get(addr, "/").status, 401);
    let allowed =
        request(addr, "GET", "/api/v1/stories", &[("Authorization", "Bearer t0ken")], b"");
    assert_eq!(allowed.status, 200);
}

#[test]
fn a_store_without_views_gets_them_when_the_server_starts() {
    // As a store written before views existed: stories, but no views of them.
    let db = sample_store();
    let mut store = parallax::Store::open(&db).unwrap();
    store.replace_views(&[]).unwrap();
    assert!(store.views_missing().unwrap());
    drop(store);
    let addr = start(ServeConfig::new(db.clone()));
    assert_eq!(get(addr, "/api/v1/stories").json()["total"], 3);
    assert!(!parallax::Store::open(&db).unwrap().views_missing().unwrap());
}

/// A page fetched on two days (`examples/revisions`): the story page shows the article's earlier
/// version with the sentences changed, and the story and article JSON fit the OpenAPI document.
#[test]
fn an_article_s_earlier_version_is_shown_and_documented() {
    let dir = tempfile::tempdir().unwrap().keep();
    let db = dir.join("parallax.db");
    let mut store = parallax::Store::open(&db).unwrap();
    let paths = [crate::support::root().join("examples/revisions")];
    parallax::ingest(&mut store, &paths, &parallax::PipelineConfig::default(), &mut |_| {})
        .unwrap();
    drop(store);
    let addr = start(ServeConfig::new(db));
    let doc = document();
    let list = get(addr, "/api/v1/stories").json();
    assert_eq!(list["total"], 1, "{list}");
    let id = list["stories"][0]["id"].as_str().unwrap().to_owned();
    let story = get(addr, &format!("/api/v1/stories/{id}")).json();
    check(&doc, "/api/v1/stories/{id}", "get", 200, &story);
    let courier = story["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["external_id"] == "courier-storm-0503")
        .unwrap();
    assert_eq!(courier["revisions"][0]["external_id"], "courier-storm-0502");
    let article = get(addr, &format!("/api/v1/articles/{}", courier["doc_id"].as_str().unwrap()));
    check(&doc, "/api/v1/articles/{id}", "get", 200, &article.json());
    let page = get(addr, &format!("/stories/{id}")).text();
    assert!(
        page.contains(
            "Earlier version courier-storm-0502 (2031-05-02): 2 sentences changed in the next fetch"
        ),
        "{page}"
    );
    assert!(page.contains("<del>12</del> <ins>19</ins>"), "{page}");
    assert!(
        page.contains("<strong>added</strong>: <ins>On Saturday, rescue teams searched"),
        "{page}"
    );
}
