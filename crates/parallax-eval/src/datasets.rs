use std::path::Path;

use serde::Deserialize;

use crate::EvalError;

/// A clustering benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// ECB+: news articles grouped by seminal event (`ecbplus/ecbplus_docs.jsonl`).
    EcbPlus,
    /// NeuS: title and lead snippets grouped by story (`neus_allsides/neus_articles_for_clustering.jsonl`).
    Neus,
}

impl Dataset {
    /// Parses `ecbplus` or `neus`.
    pub fn parse(name: &str) -> Option<Dataset> {
        match name {
            "ecbplus" | "ecb+" => Some(Dataset::EcbPlus),
            "neus" => Some(Dataset::Neus),
            _ => None,
        }
    }

    /// The dataset's name.
    pub fn name(&self) -> &'static str {
        match self {
            Dataset::EcbPlus => "ecbplus",
            Dataset::Neus => "neus",
        }
    }

    fn relative_path(&self) -> &'static str {
        match self {
            Dataset::EcbPlus => "ecbplus/ecbplus_docs.jsonl",
            Dataset::Neus => "neus_allsides/neus_articles_for_clustering.jsonl",
        }
    }
}

/// One benchmark document with its gold cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldDoc {
    /// The benchmark's id.
    pub id: String,
    /// Gold cluster label.
    pub gold: String,
    /// Title.
    pub title: String,
    /// Body (ECB+) or lead (NeuS).
    pub text: String,
}

#[derive(Deserialize)]
struct Record {
    doc_id: String,
    #[serde(alias = "story")]
    cluster: String,
    split: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, alias = "lead")]
    text: Option<String>,
}

/// Reads one split (`train`, `dev`/`val`, `test`) of a dataset under `data_dir`, in file order.
pub fn read_dataset(
    data_dir: &Path,
    dataset: Dataset,
    split: &str,
) -> Result<Vec<GoldDoc>, EvalError> {
    let path = data_dir.join(dataset.relative_path());
    if !path.is_file() {
        return Err(EvalError::MissingData { path });
    }
    let text = fs_err::read_to_string(&path)
        .map_err(|source| EvalError::Read { path: path.clone(), source })?;
    let wanted: &[&str] = match split {
        "dev" | "val" => &["dev", "val"],
        other => &[other],
    };
    let mut docs = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(line).map_err(|source| EvalError::Record {
            path: path.clone(),
            line: idx + 1,
            source,
        })?;
        if wanted.contains(&record.split.as_str()) {
            docs.push(GoldDoc {
                id: record.doc_id,
                gold: record.cluster,
                title: record.title.unwrap_or_default(),
                text: record.text.unwrap_or_default(),
            });
        }
    }
    if docs.is_empty() {
        return Err(EvalError::EmptySplit { dataset: dataset.name(), split: split.to_owned() });
    }
    Ok(docs)
}

/// Keeps one report of about `percent` of the gold stories (those whose id hashes below it,
/// [`parallax_text::fnv1a_str`]): the first in `docs`' order. The benchmarks give every story
/// several reports, while most articles of a real feed have no other report of their event; a
/// clusterer tuned on the benchmarks alone never pays for joining a lone article to its nearest
/// neighbour. 0 keeps everything.
pub fn with_lone_stories(docs: Vec<GoldDoc>, percent: u8) -> Vec<GoldDoc> {
    let mut seen = std::collections::HashSet::new();
    docs.into_iter()
        .filter(|doc| {
            let lone = parallax_text::fnv1a_str(&doc.gold) % 100 < u64::from(percent);
            seen.insert(doc.gold.clone()) || !lone
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_stories_keep_their_first_report() {
        let doc = |id: &str, gold: &str| GoldDoc {
            id: id.to_owned(),
            gold: gold.to_owned(),
            title: String::new(),
            text: String::new(),
        };
        let docs: Vec<GoldDoc> =
            (0..400).map(|n| doc(&format!("d{n}"), &format!("story-{}", n / 4))).collect();
        assert_eq!(with_lone_stories(docs.clone(), 0), docs);
        let all_lone = with_lone_stories(docs.clone(), 100);
        assert_eq!(all_lone.len(), 100);
        assert!(
            all_lone
                .iter()
                .all(|d| d.id.trim_start_matches('d').parse::<usize>().unwrap() % 4 == 0)
        );
        // About half the stories shrink to one report; which ones depends on the id alone.
        let half = with_lone_stories(docs.clone(), 50);
        let lone = 400 - half.len();
        assert_eq!(lone % 3, 0);
        assert!((30..=70).contains(&(lone / 3)), "{} lone stories of 100", lone / 3);
        assert_eq!(half, with_lone_stories(docs, 50));
    }

    #[test]
    fn reads_a_split_and_reports_missing_data() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_dataset(dir.path(), Dataset::Neus, "test"),
            Err(EvalError::MissingData { .. })
        ));
        fs_err::create_dir_all(dir.path().join("neus_allsides")).unwrap();
        fs_err::write(
            dir.path().join(Dataset::Neus.relative_path()),
            "{\"doc_id\":\"a\",\"story\":\"s1\",\"split\":\"val\",\"title\":\"T\",\"lead\":\"L\"}\n\
             {\"doc_id\":\"b\",\"story\":\"s2\",\"split\":\"test\",\"title\":\"T\",\"lead\":\"L\"}\n",
        )
        .unwrap();
        let docs = read_dataset(dir.path(), Dataset::Neus, "dev").unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!((docs[0].gold.as_str(), docs[0].text.as_str()), ("s1", "L"));
        assert!(matches!(
            read_dataset(dir.path(), Dataset::Neus, "train"),
            Err(EvalError::EmptySplit { .. })
        ));
    }
}
