//! What the gold readers need of XML markup (TimeML, ECB+'s CAT documents): attribute values.

/// The value of attribute `name` in a tag's text (`TIMEX3 tid="t1" type="DATE"`), as written
/// (entities not decoded). The name must follow white space, so `id` is not found in `t_id`.
pub(crate) fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let needle = format!("{name}=\"");
    let mut from = 0;
    while let Some(found) = tag.get(from..)?.find(&needle) {
        let at = from + found;
        let start = at + needle.len();
        if tag.get(..at).is_some_and(|before| before.ends_with(char::is_whitespace)) {
            let end = tag.get(start..)?.find('"')? + start;
            return tag.get(start..end);
        }
        from = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_attribute_names_only() {
        let tag = "token t_id=\"4\" sentence=\"1\" id=\"9\"";
        assert_eq!(attribute(tag, "t_id"), Some("4"));
        assert_eq!(attribute(tag, "id"), Some("9"));
        assert_eq!(attribute(tag, "sentence"), Some("1"));
        assert_eq!(attribute(tag, "number"), None);
    }
}
