//! Tests on the installed models (`./setup.sh` or `scripts/fetch-models.sh` puts them in
//! `models/`); each says so and passes when they are absent.
#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::PathBuf;

use parallax_embed::{EmbedError, Embedder, ModelDir, ModelKind, cosine};

fn models() -> Option<ModelDir> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
    if root.join("all-minilm-l6-v2/model.safetensors").is_file() {
        Some(ModelDir::new(&root))
    } else {
        eprintln!("SKIP: no models in {} (run scripts/fetch-models.sh)", root.display());
        None
    }
}

const TEXTS: [&str; 3] = [
    "Storm waves tore a section out of the Velmora harbour pier on Sunday night.",
    "The old pier at Velmora harbour partly collapsed after a night of heavy storms.",
    "Volunteers carried manuscripts out of the burning town library in Ardun.",
];

fn check_related_pair_scores_highest(model: &dyn Embedder) {
    let vectors = model.embed(&TEXTS).unwrap();
    assert_eq!(vectors.len(), 3);
    for vector in &vectors {
        assert_eq!(vector.len(), model.dim());
        let norm: f32 = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
    let related = cosine(&vectors[0], &vectors[1]);
    assert!(related > cosine(&vectors[0], &vectors[2]) + 0.2, "{related}");
    assert!(related > cosine(&vectors[1], &vectors[2]) + 0.2, "{related}");
}

#[test]
fn minilm_puts_paraphrases_together() {
    let Some(models) = models() else { return };
    let model = models.load(ModelKind::MiniLm).unwrap();
    check_related_pair_scores_highest(model.as_ref());
}

#[test]
fn the_news_adapter_changes_the_vectors_under_its_own_name() {
    let Some(models) = models() else { return };
    let news = parallax_embed::MiniLm::load_news(&models.minilm()).unwrap();
    let plain = parallax_embed::MiniLm::load(&models.minilm()).unwrap();
    assert_eq!((news.name(), plain.name()), ("minilm-news", "minilm"));
    let (a, b) = (news.embed(&TEXTS).unwrap(), plain.embed(&TEXTS).unwrap());
    for (news, plain) in a.iter().zip(&b) {
        let agreement = cosine(news, plain);
        assert!(agreement > 0.5 && agreement < 0.999, "{agreement}");
    }
    check_related_pair_scores_highest(&plain);
}

#[test]
fn minilm_batches_give_the_same_vectors_as_single_inputs() {
    let Some(models) = models() else { return };
    let model = models.load(ModelKind::MiniLm).unwrap();
    let together = model.embed(&TEXTS).unwrap();
    for (text, vector) in TEXTS.iter().zip(&together) {
        let alone = model.embed(&[text]).unwrap();
        assert!(cosine(&alone[0], vector) > 0.9999, "padding changed {text:?}");
    }
}

#[test]
fn static_table_puts_paraphrases_together() {
    let Some(models) = models() else { return };
    if !models.static_table().is_file() {
        eprintln!("SKIP: no static table (run parallax models distil)");
        return;
    }
    let model = models.load(ModelKind::Static).unwrap();
    check_related_pair_scores_highest(model.as_ref());
}

#[test]
fn a_missing_model_names_the_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let error = ModelDir::new(dir.path()).load(ModelKind::MiniLm).unwrap_err();
    assert!(matches!(error, EmbedError::Missing { .. }), "{error}");
    assert!(error.to_string().contains("setup.sh"), "{error}");
}

#[test]
fn token_states_cover_each_piece_and_pool_to_the_sentence_vector() {
    let Some(models) = models() else { return };
    let model = parallax_embed::MiniLm::load(&models.minilm()).unwrap();
    let states = model.token_states(&TEXTS, 0).unwrap();
    assert_eq!(model.n_layers(), 6);
    let middle = model.token_states(&TEXTS, 4).unwrap();
    assert_eq!(middle[0].len(), states[0].len());
    assert_ne!(middle[0][1].vector, states[0][1].vector, "layer 4 is not the last");
    let pooled = model.embed(&TEXTS).unwrap();
    for ((text, pieces), sentence) in TEXTS.iter().zip(&states).zip(&pooled) {
        // Every piece points at its own bytes, in order, and none is a special token.
        assert!(pieces.windows(2).all(|pair| pair[0].end <= pair[1].start), "{text}");
        for piece in pieces {
            assert!(text.get(piece.start..piece.end).is_some_and(|s| !s.trim().is_empty()));
            assert_eq!(piece.vector.len(), model.dim());
        }
        let has_pier = pieces.iter().any(|p| text.get(p.start..p.end) == Some("pier"));
        assert_eq!(has_pier, text.contains(" pier "), "{text}");
        // The sentence vector pools the special tokens too, so the pieces' mean is close, not
        // equal.
        let mut mean = vec![0.0f32; model.dim()];
        for piece in pieces {
            for (m, v) in mean.iter_mut().zip(&piece.vector) {
                *m += v;
            }
        }
        parallax_embed::normalise(&mut mean);
        assert!(cosine(&mean, sentence) > 0.95, "{text}");
    }
}
