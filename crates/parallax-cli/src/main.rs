//! `parallax`: the command-line shell over the `parallax` library. It parses arguments, resolves
//! settings (flags, then environment, then defaults), calls the library and prints: data to stdout,
//! messages to stderr. Exit codes: 0 all fine, 1 some documents were set aside, 2 usage or fatal.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use parallax::{Dataset, EvalOptions, PipelineConfig, Progress, RemovalReason, Store, StoryId};

/// Parallax turns crawled news articles into stories you can trust: cleaned, de-duplicated,
/// grouped, and traced to the words they came from.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, propagate_version = true)]
struct Cli {
    /// The SQLite store.
    #[arg(long, global = true, env = "PARALLAX_DB", default_value = "parallax.db")]
    db: PathBuf,
    /// No progress bars or summaries on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// The models folder the set-up step fills.
    #[arg(long, global = true, env = "PARALLAX_MODELS", default_value = "models")]
    models: PathBuf,
    /// Sentence embeddings for grouping: off (words only, the default: see README "Quality"),
    /// minilm (all-MiniLM-L6-v2), or static (a token table distilled from it, fast).
    #[arg(long, global = true, env = "PARALLAX_EMBEDDING", default_value = "off")]
    embedding: String,
    /// The loaded-language tagger: plain (words, the default), or contextual (adds MiniLM's
    /// word vectors: better, README "Comparing", but MiniLM reads every sentence).
    #[arg(long, global = true, env = "PARALLAX_LOADED", default_value = "plain")]
    loaded: String,
    /// How each story's claims are aligned: static (words and the static table's sentence
    /// vectors, the default; words alone when the table is not installed) or words.
    #[arg(long, global = true, env = "PARALLAX_CLAIMS", default_value = "static")]
    claims: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The main job: ingest files or folders, group them into stories, and write the static site.
    Run {
        #[command(flatten)]
        inputs: Inputs,
        /// Folder for the static site (index.html, stories/*.html, .json and .md).
        #[arg(long, default_value = "site")]
        site: PathBuf,
    },
    /// Add documents to the store incrementally, grouping them into stories.
    Ingest {
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Serve the JSON API (/api/v1) and the web pages over the store until Ctrl-C. `parallax
    /// ingest` may run beside it: new stories appear on the next request.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// The token POST /api/v1/documents requires (Authorization: Bearer <token>); better
        /// given through the environment or --token-file. Without one, ingest over HTTP is off.
        #[arg(long, env = "PARALLAX_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// A file whose first line is the token.
        #[arg(long, conflicts_with = "token")]
        token_file: Option<PathBuf>,
        /// On a non-loopback address reads need the token too, unless this is given.
        #[arg(long)]
        open_reads: bool,
    },
    /// List the stories: id, dates, title, articles, origins, outlets.
    Stories {
        /// Print the versioned JSON index instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one story: its articles, statuses, removals and cleaned text.
    Show {
        /// Story id (or a unique prefix of it).
        id: String,
        /// Print the versioned JSON report instead of Markdown.
        #[arg(long)]
        json: bool,
    },
    /// List everything set aside, with its reason.
    Rejects {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Describe the cleaning rules (one per removal reason).
    Rules,
    /// Measure the pipeline on a corpus: documents/second per stage and peak memory. Uses an
    /// in-memory store and a temporary site folder; nothing is kept. `bench cluster` measures
    /// grouping alone on a long replayed stream.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Bench {
        #[command(subcommand)]
        what: Option<BenchCommand>,
        #[command(flatten)]
        inputs: Inputs,
        /// Also build one story's report from the first N articles of the stories, as if they
        /// were one story, and time its comparison (0: skip).
        #[arg(long, default_value_t = 50)]
        one_story: usize,
    },
    /// The embedding models: what is installed, distil the static table, embed texts.
    Models {
        #[command(subcommand)]
        what: ModelsCommand,
    },
    /// Score a stage against gold benchmark data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Train a model from gold data.
    Train {
        #[command(subcommand)]
        what: TrainCommand,
    },
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Grouping on a stream of at least 100,000 articles replayed from the benchmark texts
    /// (ECB+ and NeuS, dates shifted per replay): articles/s for term statistics, embedding,
    /// assignment and merging, peak memory, and the stream's B3 against the replayed gold.
    Cluster {
        /// The shared data folder holding `ecbplus/` and `neus_allsides/`.
        #[arg(long, default_value = "../shared/data")]
        data_dir: PathBuf,
        /// Articles in the stream.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Days between two replays of the sources.
        #[arg(long, default_value_t = 30)]
        days_per_replay: i64,
    },
}

#[derive(Debug, Args)]
struct Inputs {
    /// Files or folders (walked recursively): text articles (any other extension), .jsonl/.ndjson
    /// feeds, .html/.htm pages, .warc archives, .rss/.atom/.xml feeds; each may be gzipped (.gz).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Inputs larger than this many bytes are set aside as too-large.
    #[arg(long)]
    max_document_bytes: Option<u64>,
    /// Articles with fewer kept words than this are set aside as too-short (default 40; lower it
    /// for feeds of title-and-lead snippets).
    #[arg(long)]
    min_article_words: Option<usize>,
}

#[derive(Debug, Subcommand)]
enum ModelsCommand {
    /// Say which models are installed under --models.
    Status,
    /// Distil the static token table from MiniLM (the set-up step runs this once).
    Distil {
        /// Output dimension after PCA.
        #[arg(long, default_value_t = 256)]
        dim: usize,
    },
    /// Cluster the vocabulary's words on the static table (spherical k-means at 32, 128, 512 and
    /// 2,048 clusters) and write the table the taggers' cluster features read (entities, loaded
    /// language). Retrain them (`parallax train ner`, `parallax train loaded`) after it.
    Clusters {
        /// Where to write the table.
        #[arg(long, default_value = "crates/parallax-extract/data/word-clusters.bin")]
        out: PathBuf,
    },
    /// Write one of the gazetteers the entity tagger's features read (place names, given names,
    /// surnames) from a file of names, one per line (`scripts/gazetteers.sh` makes all three
    /// from PyPI packages). Retrain the tagger (`parallax train ner`) after it.
    Names {
        /// The names, one per line.
        #[arg(long)]
        names: PathBuf,
        /// Where to write the list (e.g. crates/parallax-extract/data/place-names.bin).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print one JSON line per text: its MiniLM token ids and its vector under --embedding.
    Embed {
        /// The texts.
        #[arg(required = true)]
        texts: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum EvalCommand {
    /// Story clustering: B-cubed, pairwise F1, ARI and AMI against gold clusters, on a benchmark
    /// split (--dataset) or on a stream file of a published protocol (--input).
    Cluster(Box<ClusterArgs>),
    /// Time expressions: span F1 (relaxed and strict) and normalised-value F1 on TimeML files,
    /// each read against its document creation time.
    Dates(DatesArgs),
    /// Named entities: entity-level precision, recall and F1 (conlleval) of the tagger on a
    /// CoNLL-format file (`token ... TAG` per line, a blank line between sentences), and tokens/s.
    Ner {
        /// The CoNLL file.
        #[arg(long, default_value = "../shared/data/conll2003/valid.txt")]
        data: PathBuf,
        /// A tagger model file (default: the bundled model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Exit 1 when F1 (percent) is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Quotes and attributions: exact-span precision, recall and F1 of sources, cues and contents
    /// on a PolNeAR split folder, on all attributions and on those whose content holds quotation
    /// marks.
    Quotes {
        /// The PolNeAR split folder (`text/` and `attributions/`).
        #[arg(long, default_value = "../shared/data/polnear/data/dev")]
        data: PathBuf,
        /// An attribution model file (default: the bundled model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Exit 1 when the source F1 on quoted attributions (percent) is below this.
        #[arg(long)]
        min_quoted_source_f1: Option<f64>,
        /// Write every disagreement (missed or spurious piece, with its paragraph) to this TSV file.
        #[arg(long)]
        errors: Option<PathBuf>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Claim alignment: pairwise precision, recall and F1 of the claims of each ECB+ gold story
    /// against its cross-document event coreference (two sentences of different articles report
    /// the same thing when they mention one event). Claims are aligned as `--claims` says.
    Claims {
        /// The ECB+ folder (`xml/` and `ECBplus_coreference_sentences.csv`).
        #[arg(long, default_value = "../shared/data/ecbplus")]
        data: PathBuf,
        /// The split (train, dev or test: topics 36–45).
        #[arg(long, default_value = "dev")]
        split: String,
        /// The mean similarity at which groups join (default: the one for words, or for
        /// sentence vectors).
        #[arg(long)]
        threshold: Option<f64>,
        /// Exit 1 when F1 (percent) is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The story summary: ROUGE-1/2/L F1 (rouge-score's tokens, no stemming) of the extractive
    /// summary on a NeuS split against its neutral references, beside two lead baselines.
    Summary {
        /// The NeuS folder (`<split>.source`, `<split>.target`).
        #[arg(long, default_value = "../shared/data/neus_allsides")]
        data: PathBuf,
        /// The split.
        #[arg(long, default_value = "test")]
        split: String,
        /// Word budget of a summary.
        #[arg(long)]
        max_words: Option<usize>,
        /// Exit 1 unless our ROUGE-1, ROUGE-2 and ROUGE-L all beat the lead baseline's.
        #[arg(long)]
        beat_lead: bool,
    },
    /// Main-text extraction from HTML: the Zyte/ScrapingHub article-extraction benchmark's metric
    /// (shingles of 4 `\w+` tokens; per-page precision and recall averaged; F1 of the means),
    /// for Parallax and for every reference output in `output_reference/`.
    Extract {
        /// The benchmark folder (`ground-truth.json`, `html/`, `output_reference/`).
        #[arg(long, alias = "data-dir", default_value = "../shared/data/scrapinghub-aeb")]
        data: PathBuf,
        /// Times to extract every page (for a steadier pages/s figure).
        #[arg(long, default_value_t = 1)]
        rounds: usize,
        /// Write our article bodies here, in the benchmark's output format.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Also score these outputs (the benchmark's format), such as a fresh trafilatura run.
        #[arg(long)]
        compare: Vec<PathBuf>,
        /// Exit 1 when our F1 is below this (0 to 1).
        #[arg(long)]
        min_f1: Option<f64>,
    },
    /// Loaded language: k-fold cross-validation of the loaded-language tagger on the Propaganda
    /// Techniques Corpus (Loaded_Language and Name_Calling spans), scored with SemEval-2020
    /// Task 11's span-identification precision, recall and F1. Trains one model per fold.
    Loaded {
        /// The PTC folder (`train-articles/` and `train-task2-TC.labels`).
        #[arg(long, default_value = "../shared/data/ptc-semeval2020-t11/datasets")]
        data: PathBuf,
        /// Folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Most passes over each fold's training articles.
        #[arg(long, default_value_t = LOADED_EPOCHS)]
        epochs: usize,
        /// Feature table size as a power of two.
        #[arg(long, default_value_t = LOADED_HASH_BITS)]
        hash_bits: u32,
        /// Exit 1 when the pooled span F1 (percent) is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Add the contextual regression over MiniLM's word vectors (needs the model files;
        /// embedding the corpus takes minutes on two cores).
        #[arg(long)]
        contextual: bool,
        /// Keep the contextual vectors in this file between runs (about 600 MB for PTC).
        #[arg(long)]
        vector_cache: Option<PathBuf>,
        /// The MiniLM layers run for the contextual vectors (the hidden states after them).
        #[arg(long, default_value_t = CONTEXTUAL_LAYERS)]
        layers: usize,
    },
}

/// Training settings of the loaded-language tagger, shared by `eval loaded` and `train loaded`.
const LOADED_EPOCHS: usize = 12;
const LOADED_HASH_BITS: u32 = 20;
/// MiniLM layers run for the contextual loaded-language vectors: PTC 5-fold span F1 with the
/// hidden states after the first 2, 3, 4 and all 6 layers: 41.4, 42.9, 42.5, 40.1 (README
/// "Comparing").
const CONTEXTUAL_LAYERS: usize = 3;

#[derive(Debug, Args)]
struct DatesArgs {
    /// A TimeML file or a folder of them (`.tml`, with a DCT).
    #[arg(long, default_value = "../shared/data/tempeval3")]
    data: PathBuf,
    /// Exit 1 when the value F1 (percent) is below this.
    #[arg(long)]
    min_value_f1: Option<f64>,
    /// Write every disagreement (missed, spurious, wrong value) to this TSV file.
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ClusterArgs {
    /// ecbplus or neus.
    #[arg(long, required_unless_present = "input")]
    dataset: Option<String>,
    /// A JSON list of {id, date, title, text, story} (News14, WCEP18/19) or {id, date, lang,
    /// title, text, cluster} (Miranda et al. 2018), clustered in date order with dates.
    #[arg(long, conflicts_with = "dataset")]
    input: Option<PathBuf>,
    /// With --input: whole (whole-stream scores, Miranda et al.) or window7 (means over 7-day
    /// sliding windows, SCStory).
    #[arg(long, default_value = "whole")]
    protocol: String,
    /// train, dev or test.
    #[arg(long, default_value = "test")]
    split: String,
    /// The shared benchmark data folder.
    #[arg(long, env = "PARALLAX_DATA_DIR", default_value = "../shared/data")]
    data_dir: PathBuf,
    /// Exit 1 when B-cubed F1 falls below this floor.
    #[arg(long)]
    min_b3_f1: Option<f64>,
    /// With --dataset: cut this percentage of the gold stories down to one report each, as most
    /// articles of a real feed have no other report of their event (the benchmarks give every
    /// story several).
    #[arg(long, default_value_t = 0)]
    lone_stories: u8,
    /// Also write each document's gold cluster and predicted story to this TSV file.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Override the online join threshold (cosine to a story centroid).
    #[arg(long)]
    join_threshold: Option<f64>,
    /// Override the merge threshold (average-link similarity between stories).
    #[arg(long)]
    merge_threshold: Option<f64>,
    /// Override the weight of title words.
    #[arg(long)]
    title_weight: Option<f64>,
    /// Override the number of text words used.
    #[arg(long)]
    text_words: Option<usize>,
    /// Override the number of background documents in the IDF prior.
    #[arg(long)]
    background_docs: Option<u32>,
    /// Override the number of terms used to look up candidate stories.
    #[arg(long)]
    lookup_terms: Option<usize>,
    /// Override the share of the embedding similarity in the score.
    #[arg(long)]
    embedding_weight: Option<f64>,
    /// Override the embedding cosine that counts as unrelated.
    #[arg(long)]
    embedding_floor: Option<f64>,
    /// Override the weight of name-like words.
    #[arg(long)]
    name_weight: Option<f64>,
    /// Override the lookup terms a candidate story must share.
    #[arg(long)]
    min_shared_terms: Option<usize>,
    /// Override the share of the merge threshold a lone report needs to join its best story
    /// in the rescue pass (0: off).
    #[arg(long)]
    rescue_share: Option<f64>,
    /// Override the share of the best story's score that the runner-up must stay under in the
    /// rescue pass.
    #[arg(long)]
    rescue_margin: Option<f64>,
    /// A file of embeddings read and appended to (with --embedding), so that later evaluations
    /// embed nothing twice. Created when missing.
    #[arg(long)]
    embedding_cache: Option<PathBuf>,
    /// Also write each document's id, gold cluster and the text the embedder reads of it as
    /// JSON Lines (--dataset only): the training data of scripts/train_minilm_adapter.py.
    #[arg(long)]
    embedding_texts: Option<PathBuf>,
    /// Override the neighbours of local scaling in the merge pass (0: off).
    #[arg(long)]
    local_scale_neighbours: Option<usize>,
    /// Override the exponent of local scaling.
    #[arg(long)]
    local_scale_power: Option<f64>,
    /// Override the floor of local scales.
    #[arg(long)]
    local_scale_floor: Option<f64>,
    /// Override the plain (unscaled) mean cosine two stories need to merge (0: off).
    #[arg(long)]
    min_plain_cosine: Option<f64>,
    /// Override the penalty for naming different weekdays (0: off).
    #[arg(long)]
    weekday_penalty: Option<f64>,
    /// Override the text words read for weekdays.
    #[arg(long)]
    weekday_words: Option<usize>,
    /// Override the penalty for groups that each agree on terms the other never uses (0: off).
    #[arg(long)]
    distinct_penalty: Option<f64>,
    /// Override the fewest terms each group must agree on alone.
    #[arg(long)]
    distinct_terms: Option<usize>,
    /// Override the share of a group's members that must use a term.
    #[arg(long)]
    distinct_share: Option<f64>,
    /// Override the share of agreed terms the other group must never use.
    #[arg(long)]
    distinct_fraction: Option<f64>,
}

#[derive(Debug, Subcommand)]
enum TrainCommand {
    /// The named-entity tagger (structured averaged perceptron) on CoNLL-format data: every
    /// tenth sentence is held out to choose the number of passes, then all are trained on.
    Ner {
        /// Training data.
        #[arg(long, default_value = "../shared/data/conll2003/train.txt")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/parallax-extract/data/ner-conll2003.bin")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Feature table size as a power of two.
        #[arg(long, default_value_t = 20)]
        hash_bits: u32,
    },
    /// The attribution tagger (source, cue, content) on a PolNeAR training folder: every tenth
    /// article is held out to choose the number of passes, then all are trained on.
    Quotes {
        /// Training data.
        #[arg(long, default_value = "../shared/data/polnear/data/train")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/parallax-extract/data/attribution-polnear.bin.gz")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 14)]
        epochs: usize,
        /// Feature table size as a power of two.
        #[arg(long, default_value_t = 17)]
        hash_bits: u32,
    },
    /// The loaded-language tagger on the Propaganda Techniques Corpus: every fifth article is
    /// held out to choose the number of passes and the shift of the loaded tags, then all are
    /// trained on.
    Loaded {
        /// Training data.
        #[arg(long, default_value = "../shared/data/ptc-semeval2020-t11/datasets")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/parallax-extract/data/loaded-ptc.bin.gz")]
        out: PathBuf,
        /// Most passes over the training data.
        #[arg(long, default_value_t = LOADED_EPOCHS)]
        epochs: usize,
        /// Feature table size as a power of two.
        #[arg(long, default_value_t = LOADED_HASH_BITS)]
        hash_bits: u32,
        /// Also train the contextual regression over MiniLM's word vectors (needs the model
        /// files) and write it to `--contextual-out`.
        #[arg(long)]
        contextual: bool,
        /// Where to write the contextual regression.
        #[arg(long, default_value = "crates/parallax-extract/data/loaded-contextual-ptc.bin")]
        contextual_out: PathBuf,
        /// Keep the contextual vectors in this file between runs (about 600 MB for PTC).
        #[arg(long)]
        vector_cache: Option<PathBuf>,
        /// The MiniLM layers run for the contextual vectors (the hidden states after them).
        #[arg(long, default_value_t = CONTEXTUAL_LAYERS)]
        layers: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let quiet = cli.quiet;
    let flags = PipelineFlags {
        models: cli.models.clone(),
        embedding: cli.embedding.clone(),
        loaded: cli.loaded.clone(),
        claims: cli.claims.clone(),
    };
    match cli.command {
        Command::Run { inputs, site } => {
            check_inputs(&inputs)?;
            let mut store = open_store(&cli.db)?;
            let code = ingest(&mut store, &inputs, pipeline_config(&flags)?, quiet)?;
            let reports = parallax::reports(&store)?;
            parallax::write_site(&reports, &site)?;
            if !quiet {
                eprintln!("site written to {}", site.join("index.html").display());
            }
            Ok(code)
        }
        Command::Ingest { inputs } => {
            check_inputs(&inputs)?;
            let mut store = open_store(&cli.db)?;
            ingest(&mut store, &inputs, pipeline_config(&flags)?, quiet)
        }
        Command::Serve { addr, token, token_file, open_reads } => {
            let token = match token_file {
                Some(path) => {
                    let text = fs_err::read_to_string(&path)?;
                    let line = text.lines().next().unwrap_or_default().trim().to_owned();
                    anyhow::ensure!(!line.is_empty(), "{} holds no token", path.display());
                    Some(line)
                }
                None => token.filter(|t| !t.is_empty()),
            };
            let pipeline = pipeline_config(&flags)?;
            let mut config = parallax_server::ServeConfig::new(cli.db.clone());
            config.reads_need_token = !addr.ip().is_loopback() && !open_reads;
            anyhow::ensure!(
                !config.reads_need_token || token.is_some(),
                "{addr} is not a loopback address: give a token (reads will need it) or --open-reads"
            );
            config.token = token;
            config.pipeline = pipeline;
            let ingest = if config.token.is_some() { "on (token)" } else { "off (no token)" };
            parallax_server::serve_blocking(config, addr, |bound| {
                // The address is printed even with --quiet: scripts read it to find the port.
                eprintln!(
                    "parallax serve: http://{bound}/ (API http://{bound}/api/v1/stories; ingest over HTTP {ingest}); Ctrl-C stops"
                );
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stories { json } => {
            let index = parallax::story_index(&open_existing_store(&cli.db)?)?;
            if json {
                out(&parallax::render_json(&index))?;
            } else {
                let mut table = String::from("id\tdates\tarticles\torigins\toutlets\ttitle\n");
                for story in &index.stories {
                    let dates = match (&story.first_date, &story.last_date) {
                        (Some(first), Some(last)) if first == last => first.clone(),
                        (Some(first), Some(last)) => format!("{first}..{last}"),
                        _ => "undated".to_owned(),
                    };
                    table.push_str(&format!(
                        "{}\t{}\t{}\t{}\t{}\t{}\n",
                        story.id,
                        dates,
                        story.n_articles,
                        story.n_origins,
                        story.outlets.join(", "),
                        story.title.replace(['\t', '\n'], " ")
                    ));
                }
                out(&table)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let store = open_existing_store(&cli.db)?;
            // An id that was merged or regrouped away resolves to the story holding its documents.
            let resolved = match StoryId::parse(&id) {
                Some(old) => store.resolve_story(&old)?.filter(|live| *live != old),
                None => None,
            };
            let story = match resolved {
                Some(live) => {
                    if !cli.quiet {
                        eprintln!("{id} now belongs to story {live}");
                    }
                    parallax::story_report(&store, live.as_str())?
                }
                None => parallax::story_report(&store, &id)?,
            };
            if json {
                out(&parallax::render_json(&story))?;
            } else {
                out(&parallax::render_story_markdown(&story))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rejects { json } => {
            let index = parallax::story_index(&open_existing_store(&cli.db)?)?;
            if json {
                out(&parallax::render_json(&index.set_aside))?;
            } else {
                let mut table = String::from("source\treason\tdetail\n");
                for item in &index.set_aside {
                    table.push_str(&format!("{}\t{}\t{}\n", item.source, item.reason, item.detail));
                }
                out(&table)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules => {
            let mut text = String::new();
            for reason in RemovalReason::ALL {
                text.push_str(&format!("{:<20} {}\n", reason.as_str(), reason.describe()));
            }
            out(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { what: EvalCommand::Cluster(args) } => {
            let setting = embedding_setting(&cli.models, &cli.embedding)?;
            let embedder = load_embedder(setting.as_ref(), quiet);
            let setting = setting.filter(|_| embedder.is_some());
            eval_cluster(*args, setting.as_ref(), embedder.as_deref())
        }
        Command::Eval { what: EvalCommand::Dates(args) } => eval_dates(&args),
        Command::Eval { what: EvalCommand::Ner { data, model, min_f1, json } } => {
            eval_ner(&data, model.as_deref(), min_f1, json)
        }
        Command::Eval {
            what: EvalCommand::Quotes { data, model, min_quoted_source_f1, errors, json },
        } => eval_quotes(&data, model.as_deref(), min_quoted_source_f1, errors.as_deref(), json),
        Command::Train { what: TrainCommand::Quotes { data, out, epochs, hash_bits } } => {
            let config =
                parallax::TrainConfig { epochs, hash_bits, ..parallax::TrainConfig::default() };
            train_model(&out, "quoted source F1", quiet, |pass| {
                let trained = parallax::train_quotes(&data, &config, &mut |epoch| {
                    pass(epoch.epoch, epoch.held_out_source_f1);
                })?;
                Ok((trained.model.to_bytes(), trained.epochs, trained.held_out_source_f1))
            })
        }
        Command::Eval { what: EvalCommand::Claims { data, split, threshold, min_f1, json } } => {
            let vectors = parallax::ClaimVectors::load(&pipeline_config(&flags)?);
            let mut config = parallax::ClaimConfig::default();
            if let Some(threshold) = threshold {
                config.words_threshold = threshold;
                config.vectors_threshold = threshold;
            }
            eval_claims(&data, &split, &vectors, &config, min_f1, json)
        }
        Command::Eval { what: EvalCommand::Summary { data, split, max_words, beat_lead } } => {
            let mut config = parallax::SummaryConfig::default();
            if let Some(words) = max_words {
                config.max_words = words;
            }
            eval_summary(&data, &split, &config, beat_lead)
        }
        Command::Eval { what: EvalCommand::Extract { data, rounds, output, compare, min_f1 } } => {
            eval_extract(&data, rounds, output.as_deref(), &compare, min_f1)
        }
        Command::Eval {
            what:
                EvalCommand::Loaded {
                    data,
                    folds,
                    epochs,
                    hash_bits,
                    min_f1,
                    json,
                    contextual,
                    vector_cache,
                    layers,
                },
        } => {
            let config =
                parallax::TrainConfig { epochs, hash_bits, ..parallax::TrainConfig::default() };
            let source = contextual.then(|| parallax::ContextualSource {
                minilm: parallax::ModelDir::new(&cli.models).minilm(),
                cache: vector_cache,
                layers,
            });
            eval_loaded(&data, folds, &config, source.as_ref(), min_f1, json, quiet)
        }
        Command::Train {
            what:
                TrainCommand::Loaded {
                    data,
                    out,
                    epochs,
                    hash_bits,
                    contextual,
                    contextual_out,
                    vector_cache,
                    layers,
                },
        } => {
            let config =
                parallax::TrainConfig { epochs, hash_bits, ..parallax::TrainConfig::default() };
            let source = contextual.then(|| parallax::ContextualSource {
                minilm: parallax::ModelDir::new(&cli.models).minilm(),
                cache: vector_cache,
                layers,
            });
            let mut regression = None;
            let bar = progress_bar(quiet, "embedding lines");
            train_model(&out, "span F1", quiet, |pass| {
                let trained = parallax::train_loaded_model(
                    &data,
                    &config,
                    source.as_ref(),
                    &mut |done, total| tick(bar.as_ref(), done, total),
                    &mut |epoch, f1| pass(epoch, f1),
                )?;
                regression = trained.contextual;
                Ok((trained.model.to_bytes(), trained.epochs, trained.held_out_f1))
            })?;
            if let Some(regression) = regression {
                fs_err::write(&contextual_out, regression.to_bytes())?;
                if !quiet {
                    eprintln!(
                        "wrote {} (scale {}, extra shift {})",
                        contextual_out.display(),
                        regression.scale,
                        regression.shift
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train { what: TrainCommand::Ner { data, out, epochs, hash_bits } } => {
            let config =
                parallax::TrainConfig { epochs, hash_bits, ..parallax::TrainConfig::default() };
            train_model(&out, "entity F1", quiet, |pass| {
                let trained = parallax::train_ner(&data, &config, &mut |epoch| {
                    pass(epoch.epoch, epoch.held_out_f1);
                })?;
                Ok((trained.model.to_bytes(), trained.epochs, trained.held_out_f1))
            })
        }
        Command::Models { what } => models(&cli.models, &cli.embedding, quiet, what),
        Command::Bench { what: None, inputs, one_story } => {
            bench(&inputs, pipeline_config(&flags)?, one_story)
        }
        Command::Bench {
            what: Some(BenchCommand::Cluster { data_dir, articles, days_per_replay }),
            ..
        } => {
            let setting = embedding_setting(&cli.models, &cli.embedding)?;
            let embedder = load_embedder(setting.as_ref(), quiet);
            let setting = setting.filter(|_| embedder.is_some());
            let options = parallax::ClusterBenchOptions { data_dir, articles, days_per_replay };
            bench_cluster(&options, setting.as_ref(), embedder.as_deref(), quiet)
        }
    }
}

fn models(
    root: &Path,
    embedding: &str,
    quiet: bool,
    what: ModelsCommand,
) -> anyhow::Result<ExitCode> {
    let dir = parallax::ModelDir::new(root);
    match what {
        ModelsCommand::Status => {
            let mut report = String::new();
            for (name, kind) in
                [("minilm", parallax::ModelKind::MiniLm), ("static", parallax::ModelKind::Static)]
            {
                match dir.load(kind) {
                    Ok(model) => {
                        let what = match model.name() {
                            "minilm-news" => ", with the bundled news adapter",
                            _ => "",
                        };
                        report.push_str(&format!(
                            "{name}\tready\t{} dimensions{what}\n",
                            model.dim()
                        ));
                    }
                    Err(error) => report.push_str(&format!("{name}\tmissing\t{error}\n")),
                }
            }
            out(&report)?;
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::Distil { dim } => {
            let model = parallax::MiniLm::load(&dir.minilm())?;
            let config = parallax::DistilConfig { dim, ..parallax::DistilConfig::default() };
            let bar = progress_bar(quiet, "distilling");
            let started = std::time::Instant::now();
            let table = parallax::StaticEmbedding::distil(&model, &config, &mut |done, total| {
                if let Some(bar) = &bar {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            })?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            let path = dir.static_table();
            table.save(&path)?;
            if !quiet {
                eprintln!(
                    "static table ({dim} dimensions) written to {} in {:.1} s",
                    path.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::Clusters { out } => {
            let table = dir.static_embedding()?;
            let started = std::time::Instant::now();
            let clusters = parallax::word_clusters(&table, &parallax::CLUSTER_SIZES, &mut |size| {
                if !quiet {
                    eprintln!("clustering into {size} clusters");
                }
            });
            fs_err::write(&out, clusters.to_bytes())?;
            if !quiet {
                eprintln!(
                    "{} words clustered, written to {} in {:.1} s",
                    clusters.len(),
                    out.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::Names { names, out } => {
            let text = fs_err::read_to_string(&names)?;
            let lines: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).collect();
            let table = parallax::NameList::new(&lines);
            fs_err::write(&out, table.to_bytes())?;
            if !quiet {
                eprintln!(
                    "{} names ({} distinct) written to {}",
                    lines.len(),
                    table.len(),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::Embed { texts } => {
            let Some(kind) = parallax::ModelKind::parse(embedding) else {
                anyhow::bail!("--embedding must be static or minilm here, not {embedding:?}");
            };
            // MiniLM (with the news adapter that grouping uses) gives the token ids in any case;
            // the static table is loaded only when asked.
            let minilm = parallax::MiniLm::load_news(&dir.minilm())?;
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let vectors = match kind {
                parallax::ModelKind::MiniLm => parallax::Embedder::embed(&minilm, &refs)?,
                parallax::ModelKind::Static => dir.load(kind)?.embed(&refs)?,
            };
            let mut lines = String::new();
            for (text, vector) in texts.iter().zip(vectors) {
                let line = serde_json::json!({
                    "text": text,
                    "ids": minilm.token_ids(text)?,
                    "vector": vector,
                });
                lines.push_str(&line.to_string());
                lines.push('\n');
            }
            out(&lines)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The global flags that choose pipeline settings.
struct PipelineFlags {
    models: PathBuf,
    embedding: String,
    loaded: String,
    claims: String,
}

/// The pipeline settings the global flags choose (`--embedding`, `--loaded`, `--claims`).
fn pipeline_config(cli: &PipelineFlags) -> anyhow::Result<PipelineConfig> {
    let (models, embedding) = (&cli.models, &cli.embedding);
    let contextual_loaded = match cli.loaded.as_str() {
        "plain" => None,
        "contextual" => Some(parallax::ModelDir::new(models).minilm()),
        other => anyhow::bail!("--loaded must be plain or contextual, not {other:?}"),
    };
    let claim_vectors = match cli.claims.as_str() {
        "words" => None,
        "static" => Some(models.clone()),
        other => anyhow::bail!("--claims must be static or words, not {other:?}"),
    };
    Ok(PipelineConfig {
        embedding: embedding_setting(models, embedding)?,
        contextual_loaded,
        claim_vectors,
        ..PipelineConfig::default()
    })
}

/// The embedding setting `--embedding` names; `None` for `off`.
fn embedding_setting(
    models: &Path,
    embedding: &str,
) -> anyhow::Result<Option<parallax::EmbeddingConfig>> {
    if embedding == "off" {
        return Ok(None);
    }
    let Some(kind) = parallax::ModelKind::parse(embedding) else {
        anyhow::bail!("--embedding must be off, minilm or static, not {embedding:?}");
    };
    Ok(Some(parallax::EmbeddingConfig { models: models.to_owned(), kind }))
}

/// Loads the model of `setting`. A model that is not installed gives one line on stderr and
/// `None`: grouping then runs on words alone.
fn load_embedder(
    setting: Option<&parallax::EmbeddingConfig>,
    quiet: bool,
) -> Option<Box<dyn parallax::Embedder>> {
    let setting = setting?;
    match parallax::ModelDir::new(&setting.models).load(setting.kind) {
        Ok(model) => Some(model),
        Err(error) => {
            if !quiet {
                eprintln!("note: embeddings unavailable: {error}; grouping on words only");
            }
            None
        }
    }
}

fn eval_cluster(
    what: ClusterArgs,
    setting: Option<&parallax::EmbeddingConfig>,
    embedder: Option<&dyn parallax::Embedder>,
) -> anyhow::Result<ExitCode> {
    let ClusterArgs {
        dataset,
        input,
        protocol,
        split,
        data_dir,
        min_b3_f1,
        predictions,
        join_threshold,
        merge_threshold,
        title_weight,
        text_words,
        background_docs,
        lookup_terms,
        embedding_weight,
        embedding_floor,
        name_weight,
        min_shared_terms,
        rescue_share,
        rescue_margin,
        local_scale_neighbours,
        local_scale_power,
        local_scale_floor,
        min_plain_cosine,
        weekday_penalty,
        weekday_words,
        distinct_penalty,
        distinct_terms,
        distinct_share,
        distinct_fraction,
        embedding_cache,
        embedding_texts,
        lone_stories,
    } = what;
    let mut config = PipelineConfig::default().cluster;
    if let Some(setting) = setting {
        config = setting.tune(&config);
    }
    config.join_threshold = join_threshold.unwrap_or(config.join_threshold);
    config.merge_threshold = merge_threshold.unwrap_or(config.merge_threshold);
    config.title_weight = title_weight.unwrap_or(config.title_weight);
    config.text_words = text_words.unwrap_or(config.text_words);
    config.background_docs = background_docs.unwrap_or(config.background_docs);
    config.lookup_terms = lookup_terms.unwrap_or(config.lookup_terms);
    config.embedding_weight = embedding_weight.unwrap_or(config.embedding_weight);
    config.embedding_floor = embedding_floor.unwrap_or(config.embedding_floor);
    config.name_weight = name_weight.unwrap_or(config.name_weight);
    config.min_shared_terms = min_shared_terms.unwrap_or(config.min_shared_terms);
    config.rescue_share = rescue_share.unwrap_or(config.rescue_share);
    config.rescue_margin = rescue_margin.unwrap_or(config.rescue_margin);
    config.local_scale_neighbours = local_scale_neighbours.unwrap_or(config.local_scale_neighbours);
    config.local_scale_power = local_scale_power.unwrap_or(config.local_scale_power);
    config.local_scale_floor = local_scale_floor.unwrap_or(config.local_scale_floor);
    config.min_plain_cosine = min_plain_cosine.unwrap_or(config.min_plain_cosine);
    config.weekday_penalty = weekday_penalty.unwrap_or(config.weekday_penalty);
    config.weekday_words = weekday_words.unwrap_or(config.weekday_words);
    config.distinct_penalty = distinct_penalty.unwrap_or(config.distinct_penalty);
    config.distinct_terms = distinct_terms.unwrap_or(config.distinct_terms);
    config.distinct_share = distinct_share.unwrap_or(config.distinct_share);
    config.distinct_fraction = distinct_fraction.unwrap_or(config.distinct_fraction);

    let (heading, scores, window, assignments) = match (input, dataset) {
        (Some(path), _) => {
            let window7 = match protocol.as_str() {
                "whole" => false,
                "window7" => true,
                other => anyhow::bail!("unknown protocol {other:?}: use whole or window7"),
            };
            let outcome =
                parallax::eval_stream(&path, &config, embedder, embedding_cache.as_deref())?;
            let heading = format!("stream {}", path.display());
            (heading, outcome.whole, window7.then_some(outcome.window7), outcome.assignments)
        }
        (None, Some(dataset)) => {
            let Some(dataset) = Dataset::parse(&dataset) else {
                anyhow::bail!("unknown dataset {dataset:?}: use ecbplus or neus");
            };
            if !data_dir.is_dir() {
                anyhow::bail!(
                    "benchmark data folder {} not found: pass --data-dir (or PARALLAX_DATA_DIR) pointing at the shared data",
                    data_dir.display()
                );
            }
            if lone_stories > 100 {
                anyhow::bail!("--lone-stories is a percentage: 0 to 100, not {lone_stories}");
            }
            let options = EvalOptions {
                data_dir,
                dataset,
                split: split.clone(),
                embedding_cache,
                lone_stories,
                embedding_texts,
            };
            let outcome = parallax::eval_cluster(&options, &config, embedder)?;
            let heading = format!("dataset {} split {split}", dataset.name());
            (heading, outcome.scores, None, outcome.assignments)
        }
        (None, None) => anyhow::bail!("pass --dataset ecbplus|neus or --input FILE.json"),
    };
    if let Some(path) = predictions {
        let mut tsv = String::from("doc\tgold\tstory\n");
        for row in &assignments {
            tsv.push_str(&format!("{}\t{}\t{}\n", row.doc, row.gold, row.story));
        }
        fs_err::write(&path, tsv)?;
    }
    let mut text = format!(
        "{heading}: {} documents, {} predicted clusters, {} gold clusters\n\
         B3 P {:.4} R {:.4} F1 {:.4}\npairwise P {:.4} R {:.4} F1 {:.4}\nARI {:.4}\nAMI {:.4}\n",
        scores.n_items,
        scores.n_predicted,
        scores.n_gold,
        scores.b3_precision,
        scores.b3_recall,
        scores.b3_f1,
        scores.pair_precision,
        scores.pair_recall,
        scores.pair_f1,
        scores.ari,
        scores.ami,
    );
    // The last line holds B3-F1, pairwise F1, ARI and AMI: whole-stream, or the 7-day window
    // means (pairwise F1 stays whole-stream: SCStory reports no windowed pairwise score).
    let b3_f1 = match window {
        Some(window) => {
            text.push_str(&format!(
                "window7 ({} windows): B3-F1 {:.4} AMI {:.4} ARI {:.4}\n\
                 summary window7 B3-F1 {:.4} pairwise-F1 {:.4} ARI {:.4} AMI {:.4}\n",
                window.n_windows,
                window.b3_f1,
                window.ami,
                window.ari,
                window.b3_f1,
                scores.pair_f1,
                window.ari,
                window.ami
            ));
            window.b3_f1
        }
        None => {
            text.push_str(&format!(
                "summary B3-F1 {:.4} pairwise-F1 {:.4} ARI {:.4} AMI {:.4}\n",
                scores.b3_f1, scores.pair_f1, scores.ari, scores.ami
            ));
            scores.b3_f1
        }
    };
    out(&text)?;
    Ok(floor_check("B3 F1", b3_f1, min_b3_f1))
}

/// Pipeline stages as the progress events delimit them, in order.
const BENCH_STAGES: [&str; 8] = [
    "read",
    "store inputs",
    "learn boilerplate",
    "clean",
    "group (origins + stories)",
    "extract (entities, quotes, figures)",
    "save derived",
    "server views (reports, search index)",
];

fn bench_stage(progress: Progress) -> Option<usize> {
    match progress {
        Progress::Reading { .. } => Some(0),
        Progress::StoringInputs => Some(1),
        Progress::LearningBoilerplate => Some(2),
        Progress::Cleaning { .. } => Some(3),
        Progress::Grouping | Progress::Embedding { .. } => Some(4),
        Progress::Extracting => Some(5),
        Progress::Saving => Some(6),
        Progress::WritingViews => Some(7),
        Progress::Finished => Some(8),
    }
}

fn bench(inputs: &Inputs, base: PipelineConfig, one_story: usize) -> anyhow::Result<ExitCode> {
    use std::time::Instant;
    let mut config = base;
    if let Some(max) = inputs.max_document_bytes {
        config.ingest.max_document_bytes = max;
    }
    if let Some(min) = inputs.min_article_words {
        config.clean.min_article_words = min;
    }
    let mut store = Store::open_in_memory()?;
    let mut entered: Vec<Option<Instant>> = vec![None; BENCH_STAGES.len() + 1];
    let start = Instant::now();
    entered[0] = Some(start);
    let summary = parallax::ingest(&mut store, &inputs.paths, &config, &mut |progress| {
        if let Some(stage) = bench_stage(progress) {
            entered[stage].get_or_insert_with(Instant::now);
        }
    })?;
    let report_start = Instant::now();
    let reports = parallax::built_reports(&store, &config)?;
    let site = std::env::temp_dir().join(format!("parallax-bench-{}", std::process::id()));
    parallax::write_site(&reports, &site)?;
    let _ = fs_err::remove_dir_all(&site);
    let end = Instant::now();
    let n_docs = summary.n_read.max(1);
    let mut text = format!(
        "{summary}\ngrouping: {}; loaded language: {}; claims: {}\n{:<36} {:>10} {:>14}\n",
        summary.grouping, summary.loaded, summary.claims, "stage", "seconds", "documents/s"
    );
    let mut times: Vec<(&str, f64)> = Vec::new();
    for (idx, name) in BENCH_STAGES.iter().enumerate() {
        if let (Some(from), Some(to)) = (entered[idx], entered[idx + 1]) {
            times.push((name, to.duration_since(from).as_secs_f64()));
        }
    }
    times.push(("report + site", end.duration_since(report_start).as_secs_f64()));
    times.push(("total", end.duration_since(start).as_secs_f64()));
    for (name, seconds) in times {
        #[expect(clippy::cast_precision_loss, reason = "a rate")]
        let rate = n_docs as f64 / seconds.max(1e-9);
        text.push_str(&format!("{name:<36} {seconds:>10.3} {rate:>14.0}\n"));
    }
    if let Some((idx, story)) =
        reports.stories.iter().enumerate().max_by_key(|(_, story)| story.n_articles)
    {
        let seconds = reports.build_seconds.get(idx).copied().unwrap_or_default();
        text.push_str(&format!(
            "largest story: {} articles, {} sentences compared; report with comparison built in {:.3} s\n",
            story.n_articles,
            story.claims.iter().map(|c| c.sentences.len()).sum::<usize>(),
            seconds
        ));
    }
    if one_story > 0 {
        let bench = parallax::one_story_report(&store, one_story, &config)?;
        text.push_str(&format!(
            "one story of the first {} articles: {} sentences compared; report with comparison built in {:.3} s\n",
            bench.n_articles, bench.n_sentences, bench.seconds
        ));
    }
    text.push_str(&format!("peak memory {}\n", peak_memory()));
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn bench_cluster(
    options: &parallax::ClusterBenchOptions,
    setting: Option<&parallax::EmbeddingConfig>,
    embedder: Option<&dyn parallax::Embedder>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let base = PipelineConfig::default().cluster;
    let config = setting.map_or_else(|| base.clone(), |setting| setting.tune(&base));
    let bar = progress_bar(quiet, "grouping").unwrap_or_else(indicatif::ProgressBar::hidden);
    let report = parallax::bench_cluster(options, &config, embedder, &mut |progress| {
        bar.set_length(progress.total as u64);
        bar.set_position(progress.done as u64);
        bar.set_message(progress.stage);
    })?;
    bar.finish_and_clear();
    let grouping =
        embedder.map_or("words".to_owned(), |e| format!("words + {} embeddings", e.name()));
    #[expect(clippy::cast_precision_loss, reason = "a rate")]
    let n = report.articles.max(1) as f64;
    let mut text = format!(
        "stream: {} articles replayed from {} benchmark texts, grouping by {grouping}\n{:<28} {:>10} {:>14}\n",
        report.articles, report.sources, "stage", "seconds", "articles/s"
    );
    let mut grouping_seconds = 0.0;
    for stage in &report.stages {
        if stage.name != "build stream" {
            grouping_seconds += stage.seconds;
        }
        let rate = n / stage.seconds.max(1e-9);
        text.push_str(&format!("{:<28} {:>10.3} {rate:>14.0}\n", stage.name, stage.seconds));
    }
    let rate = n / f64::max(grouping_seconds, 1e-9);
    text.push_str(&format!(
        "{:<28} {grouping_seconds:>10.3} {rate:>14.0}\n",
        "grouping end to end"
    ));
    let scores = &report.scores;
    text.push_str(&format!(
        "{} stories; against the replayed gold: B3 P {:.4} R {:.4} F1 {:.4}, pairwise F1 {:.4}\n",
        report.stories, scores.b3_precision, scores.b3_recall, scores.b3_f1, scores.pair_f1
    ));
    text.push_str(&format!("peak memory {}\n", peak_memory()));
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process, from Linux's `/proc/self/status` (`VmHWM`).
fn peak_memory() -> String {
    fs_err::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown (no /proc/self/status)".to_owned())
}

fn out_line(line: &str) -> anyhow::Result<()> {
    out(&format!("{line}\n"))
}

fn eval_dates(args: &DatesArgs) -> anyhow::Result<ExitCode> {
    let outcome = parallax::eval_dates(&args.data)?;
    let (scores, n_docs, docs_per_second) =
        (outcome.scores, outcome.n_docs, outcome.docs_per_second);
    if let Some(path) = &args.errors {
        let mut tsv =
            String::from("file\terror\tgold_text\tgold_value\tpredicted_text\tpredicted_value\n");
        for row in &outcome.errors {
            tsv.push_str(&row.join("\t"));
            tsv.push('\n');
        }
        fs_err::write(path, tsv)?;
    }
    let row = |s: &parallax::SpanScores| serde_json::json!({"f1": s.f1, "precision": s.precision, "recall": s.recall});
    if args.json {
        let value = serde_json::json!({
            "data": args.data.display().to_string(),
            "documents": n_docs,
            "gold": scores.relaxed.n_gold,
            "predicted": scores.relaxed.n_predicted,
            "relaxed_span": row(&scores.relaxed),
            "strict_span": row(&scores.strict),
            "value": row(&scores.value),
            "documents_per_second": docs_per_second,
        });
        out_line(&serde_json::to_string_pretty(&value)?)?;
    } else {
        out_line(&format!(
            "{}: {n_docs} documents, {} gold expressions, {} predicted; {docs_per_second:.0} documents/s\n\
             span (relaxed) F1 {:.2} P {:.2} R {:.2}\nspan (strict) F1 {:.2} P {:.2} R {:.2}\n\
             value F1 {:.2} P {:.2} R {:.2}",
            args.data.display(),
            scores.relaxed.n_gold,
            scores.relaxed.n_predicted,
            scores.relaxed.f1,
            scores.relaxed.precision,
            scores.relaxed.recall,
            scores.strict.f1,
            scores.strict.precision,
            scores.strict.recall,
            scores.value.f1,
            scores.value.precision,
            scores.value.recall,
        ))?;
    }
    Ok(floor_check("value F1", scores.value.f1, args.min_value_f1))
}

fn eval_ner(
    data: &Path,
    model_path: Option<&Path>,
    min_f1: Option<f64>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let model = match model_path {
        Some(path) => parallax::NerModel::from_bytes(&fs_err::read(path)?)
            .with_context(|| format!("reading the tagger model {}", path.display()))?,
        None => parallax::NerModel::bundled()?,
    };
    let (scores, tokens_per_second) = parallax::eval_ner(&model, data)?;
    if json {
        let value = serde_json::json!({
            "data": data.display().to_string(),
            "f1": scores.f1,
            "precision": scores.precision,
            "recall": scores.recall,
            "gold": scores.n_gold,
            "predicted": scores.n_predicted,
            "correct": scores.n_correct,
            "tokens_per_second": tokens_per_second,
        });
        out_line(&serde_json::to_string_pretty(&value)?)?;
    } else {
        out_line(&format!(
            "{}: {} gold entities, {} predicted, {} correct; {tokens_per_second:.0} tokens/s\nF1 {:.2} P {:.2} R {:.2}",
            data.display(),
            scores.n_gold,
            scores.n_predicted,
            scores.n_correct,
            scores.f1,
            scores.precision,
            scores.recall
        ))?;
    }
    Ok(floor_check("entity F1", scores.f1, min_f1))
}

/// Trains a model, reporting each pass's held-out `measure` on stderr unless quiet, then writes
/// it and says what it is. `train` gets the per-pass reporter and returns the model's bytes, its
/// passes and its held-out score.
fn train_model(
    out: &Path,
    measure: &str,
    quiet: bool,
    train: impl FnOnce(&mut dyn FnMut(usize, f64)) -> anyhow::Result<(Vec<u8>, usize, f64)>,
) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let (bytes, epochs, held_out) = train(&mut |epoch, value| {
        if !quiet {
            eprintln!("pass {}: held-out {measure} {value:.2}", epoch + 1);
        }
    })?;
    fs_err::write(out, &bytes)?;
    out_line(&format!(
        "wrote {} ({} bytes) in {:.0} s: {epochs} passes (held-out {measure} {held_out:.2})",
        out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// An evaluation's exit: 1 (saying so) when `value` is below the `floor` given, else success.
fn floor_check(measure: &str, value: f64, floor: Option<f64>) -> ExitCode {
    match floor.filter(|floor| value < *floor) {
        Some(floor) => {
            eprintln!("{measure} {value:.4} is below the floor {floor:.4}");
            ExitCode::from(1)
        }
        None => ExitCode::SUCCESS,
    }
}

fn eval_extract(
    data: &Path,
    rounds: usize,
    output: Option<&Path>,
    compare: &[PathBuf],
    min_f1: Option<f64>,
) -> anyhow::Result<ExitCode> {
    let outcome = parallax::eval_extract(data, rounds, compare)?;
    let row = |name: &str, s: &parallax::ExtractScores| {
        format!("{name:<24} | {:>6.4} {:>9.4} {:>6.4}\n", s.f1, s.precision, s.recall)
    };
    let mut text = format!(
        "{}: {} pages; Parallax extracts {:.0} pages/s ({} round(s), one thread)\n\n{:<24} | {:>6} {:>9} {:>6}\n",
        data.display(),
        outcome.n_pages,
        outcome.pages_per_second(),
        outcome.rounds,
        "extractor",
        "F1",
        "precision",
        "recall"
    );
    text.push_str(&row("parallax", &outcome.ours));
    for (name, scores) in &outcome.references {
        text.push_str(&row(name, scores));
    }
    out_line(text.trim_end())?;
    if let Some(path) = output {
        let value: serde_json::Map<String, serde_json::Value> = outcome
            .predictions
            .iter()
            .map(|(id, body)| (id.clone(), serde_json::json!({ "articleBody": body })))
            .collect();
        fs_err::write(path, serde_json::to_string_pretty(&value)?)?;
    }
    Ok(floor_check("extraction F1", outcome.ours.f1, min_f1))
}

fn eval_claims(
    data: &Path,
    split: &str,
    vectors: &parallax::ClaimVectors,
    config: &parallax::ClaimConfig,
    min_f1: Option<f64>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if vectors.description().starts_with("words only") {
        eprintln!("claims: {}", vectors.description());
    }
    let outcome = parallax::eval_claims(data, split, vectors, config)?;
    let scores = outcome.scores;
    let pairs = |s: &parallax::PairScores| {
        serde_json::json!({
            "f1": s.f1, "precision": s.precision, "recall": s.recall,
            "true_pairs": s.true_pairs, "false_pairs": s.false_pairs, "missed_pairs": s.missed_pairs,
        })
    };
    if json {
        let value = serde_json::json!({
            "data": data.display().to_string(),
            "split": split,
            "stories": outcome.n_stories,
            "sentences": outcome.n_sentences,
            "annotated": outcome.n_annotated,
            "alignment": outcome.alignment,
            "claims": pairs(&scores),
            "one_claim_per_story": pairs(&outcome.one_claim),
            "seconds": outcome.seconds,
        });
        out_line(&serde_json::to_string_pretty(&value)?)?;
    } else {
        let one = outcome.one_claim;
        out_line(&format!(
            "{} {split}: {} stories, {} sentences ({} annotated); claims aligned on {} in {:.2} s\n\
             for scale, one claim per story: F1 {:.1} P {:.1} R {:.1}\n\
             claims: pairs right {}, wrong {}, missed {}\n\
             F1 {:.1} P {:.1} R {:.1}",
            data.display(),
            outcome.n_stories,
            outcome.n_sentences,
            outcome.n_annotated,
            outcome.alignment,
            outcome.seconds,
            one.f1,
            one.precision,
            one.recall,
            scores.true_pairs,
            scores.false_pairs,
            scores.missed_pairs,
            scores.f1,
            scores.precision,
            scores.recall,
        ))?;
    }
    if min_f1.is_some_and(|min| scores.f1 < min) {
        eprintln!("claim F1 {:.1} is under {:.1}", scores.f1, min_f1.unwrap_or_default());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_summary(
    data: &Path,
    split: &str,
    config: &parallax::SummaryConfig,
    beat_lead: bool,
) -> anyhow::Result<ExitCode> {
    let outcome = parallax::eval_summary(data, split, config)?;
    let row = |name: &str, s: &parallax::RougeScores| {
        format!("{name:<28} | {:>7.2} {:>7.2} {:>7.2}\n", s.rouge1, s.rouge2, s.rouge_l)
    };
    let mut text = format!(
        "{} {split}: {} stories, our summaries {:.0} words on average; ROUGE F1, percent\n\
         system                       | ROUGE-1 ROUGE-2 ROUGE-L\n",
        data.display(),
        outcome.n_stories,
        outcome.mean_words,
    );
    text.push_str(&row("parallax summary", &outcome.ours));
    text.push_str(&row(&format!("lead ({} words)", config.max_words), &outcome.lead));
    text.push_str(&row("first sentence of each", &outcome.lead_each));
    out(&text)?;
    let (ours, lead) = (outcome.ours, outcome.lead);
    if beat_lead
        && !(ours.rouge1 > lead.rouge1 && ours.rouge2 > lead.rouge2 && ours.rouge_l > lead.rouge_l)
    {
        eprintln!("the summary does not beat the lead baseline on every ROUGE measure");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_loaded(
    data: &Path,
    folds: usize,
    config: &parallax::TrainConfig,
    contextual: Option<&parallax::ContextualSource>,
    min_f1: Option<f64>,
    json: bool,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let bar = progress_bar(quiet, "embedding lines");
    let outcome = parallax::eval_loaded(
        data,
        folds,
        config,
        contextual,
        &mut |done, total| tick(bar.as_ref(), done, total),
        &mut |fold| {
            if !quiet {
                eprintln!(
                    "fold {}: {} articles, {} passes, span F1 {:.1}",
                    fold.fold + 1,
                    fold.n_docs,
                    fold.epochs,
                    fold.scores.f1
                );
            }
        },
    )?;
    let pooled = outcome.pooled;
    if json {
        let part = |s: &parallax::SiScores| {
            serde_json::json!({
                "f1": s.f1, "precision": s.precision, "recall": s.recall,
                "gold": s.n_gold, "predicted": s.n_predicted,
            })
        };
        let value = serde_json::json!({
            "data": data.display().to_string(),
            "contextual": contextual.is_some(),
            "articles": outcome.n_docs,
            "articles_per_second": outcome.docs_per_second,
            "pooled": part(&pooled),
            "folds": outcome.folds.iter().map(|f| {
                serde_json::json!({"fold": f.fold, "articles": f.n_docs, "passes": f.epochs,
                    "scores": part(&f.scores)})
            }).collect::<Vec<_>>(),
        });
        out_line(&serde_json::to_string_pretty(&value)?)?;
    } else {
        let mut text = format!(
            "{}: {} articles in {} folds{}, tagging {:.0} articles/s; span-identification \
             scores (SemEval-2020 Task 11), percent\n\
             fold   | articles passes |    F1     P     R  (gold) (predicted)\n",
            data.display(),
            outcome.n_docs,
            outcome.folds.len(),
            if contextual.is_some() { " with contextual vectors" } else { "" },
            outcome.docs_per_second,
        );
        let row = |name: &str, docs: usize, passes: String, s: &parallax::SiScores| {
            format!(
                "{name:<6} | {docs:>8} {passes:>6} | {:>5.1} {:>5.1} {:>5.1} {:>6} {:>11}\n",
                s.f1, s.precision, s.recall, s.n_gold, s.n_predicted
            )
        };
        for fold in &outcome.folds {
            text.push_str(&row(
                &(fold.fold + 1).to_string(),
                fold.n_docs,
                fold.epochs.to_string(),
                &fold.scores,
            ));
        }
        text.push_str(&row("pooled", outcome.n_docs, String::new(), &pooled));
        out(&text)?;
    }
    Ok(floor_check("span F1", pooled.f1, min_f1))
}

fn eval_quotes(
    data: &Path,
    model_path: Option<&Path>,
    min_quoted_source_f1: Option<f64>,
    errors: Option<&Path>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let model = match model_path {
        Some(path) => parallax::AttributionModel::from_bytes(&fs_err::read(path)?)
            .with_context(|| format!("reading the attribution model {}", path.display()))?,
        None => parallax::AttributionModel::bundled()?,
    };
    let outcome = parallax::eval_quotes(&model, data)?;
    let (scores, n_docs, docs_per_second) =
        (&outcome.scores, outcome.n_docs, outcome.docs_per_second);
    if let Some(path) = errors {
        let mut tsv = String::from("article\trole\terror\tsubset\tpiece\tparagraph\n");
        for row in &outcome.errors {
            let cells: Vec<String> =
                row.iter().map(|cell| cell.replace(['\t', '\n'], " ")).collect();
            tsv.push_str(&cells.join("\t"));
            tsv.push('\n');
        }
        fs_err::write(path, tsv)?;
    }
    let quoted_source_f1 = scores.first().map_or(0.0, |role| role.quoted.f1);
    if json {
        let part = |s: &parallax::SpanScores| {
            serde_json::json!({
                "f1": s.f1, "precision": s.precision, "recall": s.recall,
                "gold": s.n_gold, "predicted": s.n_predicted, "correct": s.n_correct,
            })
        };
        let roles: serde_json::Map<String, serde_json::Value> = scores
            .iter()
            .map(|role| {
                let value =
                    serde_json::json!({"all": part(&role.all), "quoted": part(&role.quoted)});
                (role.role.as_str().to_owned(), value)
            })
            .collect();
        let value = serde_json::json!({
            "data": data.display().to_string(),
            "articles": n_docs,
            "articles_per_second": docs_per_second,
            "roles": roles,
        });
        out_line(&serde_json::to_string_pretty(&value)?)?;
    } else {
        let mut text = format!(
            "{}: {n_docs} articles, {docs_per_second:.0} articles/s; exact-span scores, percent\n\
             role      | all: F1     P     R  (gold) | quoted: F1     P     R  (gold)\n",
            data.display()
        );
        for role in scores {
            text.push_str(&format!(
                "{:<9} | {:>10.1} {:>5.1} {:>5.1} {:>6} | {:>13.1} {:>5.1} {:>5.1} {:>6}\n",
                role.role.as_str(),
                role.all.f1,
                role.all.precision,
                role.all.recall,
                role.all.n_gold,
                role.quoted.f1,
                role.quoted.precision,
                role.quoted.recall,
                role.quoted.n_gold,
            ));
        }
        out(&text)?;
    }
    Ok(floor_check("quoted source F1", quoted_source_f1, min_quoted_source_f1))
}

fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening the store {}", path.display()))
}

fn open_existing_store(path: &Path) -> anyhow::Result<Store> {
    if !path.is_file() {
        anyhow::bail!(
            "no store at {}: run `parallax run <paths>` first, or pass --db",
            path.display()
        );
    }
    open_store(path)
}

/// Refuses missing input paths before a store is created for them.
fn check_inputs(inputs: &Inputs) -> anyhow::Result<()> {
    for path in &inputs.paths {
        if !path.exists() {
            anyhow::bail!("cannot read input path {}: no such file or folder", path.display());
        }
    }
    Ok(())
}

fn ingest(
    store: &mut Store,
    inputs: &Inputs,
    base: PipelineConfig,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let mut config = base;
    if let Some(max) = inputs.max_document_bytes {
        config.ingest.max_document_bytes = max;
    }
    if let Some(min) = inputs.min_article_words {
        config.clean.min_article_words = min;
    }
    let bar = progress_bar(quiet, "reading").unwrap_or_else(indicatif::ProgressBar::hidden);
    let mut on_progress = |progress: Progress| match progress {
        Progress::Reading { done, total } | Progress::Cleaning { done, total } => {
            bar.set_length(u64::try_from(total).unwrap_or(0));
            bar.set_position(u64::try_from(done).unwrap_or(0));
            bar.set_message(if matches!(progress, Progress::Reading { .. }) {
                "reading"
            } else {
                "cleaning"
            });
        }
        Progress::StoringInputs => bar.set_message("storing"),
        Progress::LearningBoilerplate => bar.set_message("learning boilerplate"),
        Progress::Grouping => bar.set_message("grouping"),
        Progress::Embedding { done, total } => {
            bar.set_length(u64::try_from(total).unwrap_or(0));
            bar.set_position(u64::try_from(done).unwrap_or(0));
            bar.set_message("embedding");
        }
        Progress::Extracting => bar.set_message("reading entities"),
        Progress::Saving => bar.set_message("saving"),
        Progress::WritingViews => bar.set_message("writing the server's views"),
        Progress::Finished => {}
    };
    let summary = parallax::ingest(store, &inputs.paths, &config, &mut on_progress)?;
    bar.finish_and_clear();
    if !quiet {
        eprintln!("{summary}");
        if summary.loaded != "plain" {
            eprintln!("loaded language: {}", summary.loaded);
        }
        if summary.grouping != "words" {
            eprintln!("grouping: {}", summary.grouping);
        }
        // Said when the configured table could not be used.
        if summary.claims.starts_with("words only") {
            eprintln!("claims: {}", summary.claims);
        }
        if summary.unchanged {
            eprintln!(
                "nothing the stories are made from changed since the last run: stories, readings and reports kept"
            );
        } else if summary.n_reading_reused > 0 {
            eprintln!(
                "reading: {} of {} articles unchanged since the last run, taken over",
                summary.n_reading_reused, summary.n_cleaned
            );
        }
        if summary.n_reports_reused > 0 && !summary.unchanged {
            eprintln!(
                "reports: {} of {} stories unchanged since the last run, taken over",
                summary.n_reports_reused, summary.n_stories
            );
        }
        let reasons: Vec<String> =
            summary.removals_by_reason.iter().map(|(reason, n)| format!("{reason} {n}")).collect();
        if !reasons.is_empty() {
            eprintln!("removals: {}", reasons.join(", "));
        }
        if !summary.skipped.is_empty() {
            let skipped: Vec<String> =
                summary.skipped.iter().map(|(kind, n)| format!("{kind} {n}")).collect();
            eprintln!("skipped (not articles): {}", skipped.join(", "));
        }
        if summary.n_rejected > 0 {
            eprintln!("{} set aside: see `parallax rejects`", summary.n_rejected);
        }
    }
    Ok(if summary.n_rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A progress bar on an interactive terminal; `None` when quiet, in CI, or piped.
/// Moves a progress bar (when shown) to `done` of `total`, clearing it at the end.
fn tick(bar: Option<&indicatif::ProgressBar>, done: usize, total: usize) {
    if let Some(bar) = bar {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done >= total {
            bar.finish_and_clear();
        }
    }
}

fn progress_bar(quiet: bool, message: &'static str) -> Option<indicatif::ProgressBar> {
    let show = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    show.then(|| indicatif::ProgressBar::new(0).with_message(message))
}
