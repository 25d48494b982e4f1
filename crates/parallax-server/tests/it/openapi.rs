//! The OpenAPI document is kept true: its paths are exactly the API routes the router declares,
//! and real answers of every documented endpoint validate against its schemas.

use serde_json::Value;

use crate::support::{get, server};

/// Checks `value` against `schema` (the subset of JSON Schema the document uses: `$ref`, `type`
/// with `null`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`,
/// `oneOf`); returns every violation with its JSON path.
pub fn violations(doc: &Value, schema: &Value, value: &Value, path: &str) -> Vec<String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        return violations(doc, &doc["components"]["schemas"][name], value, path);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = options.iter().filter(|o| violations(doc, o, value, path).is_empty()).count();
        return if fits == 1 { vec![] } else { vec![format!("{path}: fits {fits} of oneOf")] };
    }
    let mut found = Vec::new();
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = names.iter().any(|name| match *name {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !fits {
            return vec![format!("{path}: {value} is not {names:?}")];
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            found.push(format!("{path}: {value} not in {allowed:?}"));
        }
    }
    if let Some(constant) = schema.get("const") {
        if constant != value {
            found.push(format!("{path}: {value} is not {constant}"));
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let name = name.as_str().unwrap();
            if !object.contains_key(name) {
                found.push(format!("{path}: missing {name}"));
            }
        }
        for (name, item) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(property) => {
                    found.extend(violations(doc, property, item, &format!("{path}.{name}")))
                }
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        found.push(format!("{path}: undocumented field {name}"))
                    }
                    Some(extra @ Value::Object(_)) => {
                        found.extend(violations(doc, extra, item, &format!("{path}.{name}")));
                    }
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (idx, item) in array.iter().enumerate() {
            found.extend(violations(doc, items, item, &format!("{path}[{idx}]")));
        }
    }
    found
}

pub fn document() -> Value {
    serde_json::from_str(parallax_server::OPENAPI).unwrap()
}

/// Asserts that an answer's status is documented for the operation and its body fits the
/// documented schema.
pub fn check(doc: &Value, path: &str, method: &str, status: u16, body: &Value) {
    let operation = &doc["paths"][path][method];
    assert!(operation.is_object(), "{method} {path} is not documented");
    let mut response = &operation["responses"][status.to_string()];
    assert!(response.is_object(), "{method} {path} answered {status}, which is not documented");
    if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
        response = &doc["components"]["responses"]
            [reference.trim_start_matches("#/components/responses/")];
    }
    let schema = &response["content"]["application/json"]["schema"];
    let problems = violations(doc, schema, body, "$");
    assert!(problems.is_empty(), "{method} {path} {status}: {problems:#?}");
}

#[test]
fn the_documented_paths_are_exactly_the_routes() {
    let doc = document();
    let documented: std::collections::BTreeSet<String> =
        doc["paths"].as_object().unwrap().keys().cloned().collect();
    let source = include_str!("../../src/lib.rs");
    let routed: std::collections::BTreeSet<String> = source
        .split(".route(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|path| path.starts_with("/api/"))
        .map(str::to_owned)
        .collect();
    assert!(routed.len() >= 8, "{routed:?}");
    assert_eq!(documented, routed);
}

#[test]
fn every_documented_read_answers_as_documented() {
    let doc = document();
    let addr = server();
    let list = get(addr, "/api/v1/stories?limit=100");
    assert_eq!(list.status, 200);
    let list = list.json();
    check(&doc, "/api/v1/stories", "get", 200, &list);
    let story_id = list["stories"][0]["id"].as_str().unwrap().to_owned();
    let story = get(addr, &format!("/api/v1/stories/{story_id}")).json();
    check(&doc, "/api/v1/stories/{id}", "get", 200, &story);
    let doc_id = story["articles"][0]["doc_id"].as_str().unwrap().to_owned();
    let article = get(addr, &format!("/api/v1/articles/{doc_id}")).json();
    check(&doc, "/api/v1/articles/{id}", "get", 200, &article);
    for (path, name) in [
        ("/api/v1/entities", "entities"),
        ("/api/v1/outlets", "outlets"),
        ("/api/v1/languages", "languages"),
    ] {
        let answer = get(addr, path);
        assert_eq!(answer.status, 200, "{path}");
        let body = answer.json();
        assert!(!body[name].as_array().unwrap().is_empty(), "{path}: {body}");
        check(&doc, path, "get", 200, &body);
        let bad = get(addr, &format!("{path}?limit=0"));
        check(&doc, path, "get", bad.status, &bad.json());
    }
    let served = get(addr, "/api/v1/openapi.json").json();
    assert_eq!(served, doc);
    for (path, template) in [
        ("/api/v1/stories/st-nothing-here", "/api/v1/stories/{id}"),
        ("/api/v1/articles/0000000000000000", "/api/v1/articles/{id}"),
    ] {
        let missing = get(addr, path);
        check(&doc, template, "get", missing.status, &missing.json());
    }
    let bad = get(addr, "/api/v1/stories?from=yesterday");
    check(&doc, "/api/v1/stories", "get", bad.status, &bad.json());
}

#[test]
fn the_validator_catches_what_it_should() {
    let doc = document();
    let schema = serde_json::json!({ "$ref": "#/components/schemas/StoryList" });
    let good = serde_json::json!({ "total": 0, "limit": 1, "offset": 0, "stories": [] });
    assert!(violations(&doc, &schema, &good, "$").is_empty());
    let extra = serde_json::json!({ "total": 0, "limit": 1, "offset": 0, "stories": [], "x": 1 });
    assert_eq!(violations(&doc, &schema, &extra, "$"), ["$: undocumented field x"]);
    let wrong = serde_json::json!({ "total": "0", "limit": 1, "offset": 0 });
    assert_eq!(violations(&doc, &schema, &wrong, "$").len(), 2);
}
