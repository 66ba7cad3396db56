//! Stage 5: results -> text. `snippet` cuts and marks passages; `human`
//! prints for people (colour on a terminal, `[...]` markers otherwise);
//! `summary` writes the line `index`, `export` and `push` end with; `feed`
//! writes a watch's Atom feed. JSON output is the serde form of the result
//! types.

pub mod feed;
pub mod human;
pub mod snippet;
pub mod summary;
pub mod table;

/// How to decorate human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours and bold; when false, highlights become `[word]`.
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A matched word: bold red on a terminal, `[word]` otherwise.
    pub fn highlight(self, text: &str) -> String {
        if self.color {
            self.paint("1;31", text)
        } else {
            format!("[{text}]")
        }
    }

    /// Titles.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Dates.
    pub fn date(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Secondary information (paths, counts).
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Labels such as `regions:`.
    pub fn label(self, text: &str) -> String {
        self.paint("36", text)
    }
}
