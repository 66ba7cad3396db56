//! Large input trees for the crash and concurrency tests, made of real text:
//! every file is one item of the bundled corpus's `current-events/*.jsonl`
//! (a dated, cited Wikipedia current-events entry) written as a plain-text
//! article. Nothing is invented; items are reused in order when more files
//! than items are asked for.

use std::fs;
use std::path::{Path, PathBuf};

use super::corpus;

/// One real corpus item.
#[derive(Debug, Clone)]
pub struct Item {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Headline, whitespace collapsed.
    pub title: String,
    /// Body text.
    pub body: String,
}

/// The items of the bundled corpus, in file and line order.
pub fn corpus_items() -> Vec<Item> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus().join("current-events"))
        .expect("corpus/current-events")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    files
        .iter()
        .flat_map(|f| {
            fs::read_to_string(f)
                .expect("readable corpus")
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).expect("corpus JSON");
            Item {
                date: v["date"].as_str().expect("date")[..10].to_string(),
                title: collapse(v["title"].as_str().expect("title")),
                body: v["body"].as_str().unwrap_or_default().trim().to_string(),
            }
        })
        .filter(|i| !i.title.is_empty() && !i.body.is_empty())
        .collect()
}

/// A folder of `len` one-article files, `NN/NNNNN.txt`, whose walk order
/// (sorted by name) is their number order.
pub struct Tree {
    /// The folder.
    pub dir: PathBuf,
    items: Vec<Item>,
    len: usize,
}

impl Tree {
    /// The arguments of a quiet `sitrep index` of this tree that commits
    /// every `commit_every` documents: the run the crash and disk-full tests
    /// interrupt and repeat.
    pub fn index_args(&self, commit_every: usize) -> Vec<String> {
        vec![
            "index".into(),
            "--quiet".into(),
            "--commit-every".into(),
            commit_every.to_string(),
            self.dir.display().to_string(),
        ]
    }

    /// Writes the tree under `dir` with every title tagged `version`.
    pub fn create(dir: &Path, len: usize, version: u32) -> Tree {
        let tree = Tree {
            dir: dir.to_path_buf(),
            items: corpus_items(),
            len,
        };
        tree.write(version);
        tree
    }

    /// [`Tree::create`] with only the first `distinct` items, reused in
    /// order: file `i` and file `i + distinct` hold the same text, copies
    /// that the index groups.
    pub fn create_repeating(dir: &Path, len: usize, version: u32, distinct: usize) -> Tree {
        let mut items = corpus_items();
        items.truncate(distinct);
        let tree = Tree {
            dir: dir.to_path_buf(),
            items,
            len,
        };
        tree.write(version);
        tree
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The path of file `i`.
    pub fn path(&self, i: usize) -> PathBuf {
        self.dir
            .join(format!("{:02}", i / 500))
            .join(format!("{i:05}.txt"))
    }

    /// The item behind file `i`.
    pub fn item(&self, i: usize) -> &Item {
        &self.items[i % self.items.len()]
    }

    /// The title file `i` has in `version`.
    pub fn title(&self, i: usize, version: u32) -> String {
        format!("{} v{version}", self.item(i).title)
    }

    /// The index of a file from its path as search prints it.
    pub fn number(&self, shown: &str) -> Option<usize> {
        let name = Path::new(shown).file_stem()?.to_str()?;
        let i: usize = name.parse().ok().filter(|&i| i < self.len)?;
        let relative = self.path(i).strip_prefix(&self.dir).ok()?.to_path_buf();
        Path::new(shown).ends_with(relative).then_some(i)
    }

    /// (Re)writes every file with titles tagged `version`.
    pub fn write(&self, version: u32) {
        (0..self.len).for_each(|i| self.write_file(i, version));
    }

    /// (Re)writes file `i` with its title tagged `version`.
    pub fn write_file(&self, i: usize, version: u32) {
        let path = self.path(i);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let item = self.item(i);
        let text = format!(
            " date {} {}\n\n{}\n",
            item.date,
            self.title(i, version),
            item.body
        );
        fs::write(&path, text).expect("write article");
    }
}
