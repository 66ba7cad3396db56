//! Groups of reprints on Quickwit. Documents carry their `copy` id (grouped
//! by `export`/`push` as the local index groups them), but Quickwit 0.8 has
//! no collapsing: `--collapse copies` ranks a window of the first
//! [`COLLAPSE_WINDOW`] matches and groups them here, as the local
//! [`GroupCollector`](crate::groups) does over every match; the groups of a
//! page (members, lead, other members) come from one more request for their
//! documents, oldest first.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::client::Quickwit;
use crate::error::Result;
use crate::groups::{group_id_text, preference, CopyGroup, GroupMember, Source, MAX_OTHERS};
use crate::index::{copy_key, FieldName};
use crate::search::SearchHit;

/// Matches a collapsed Quickwit search groups: pages of groups beyond them
/// are not shown, and a note says when matches were left out.
pub(super) const COLLAPSE_WINDOW: usize = 1_000;
/// Members fetched for the groups of one page; a note says when a group's
/// count is of these only.
const MEMBER_WINDOW: usize = 500;

/// One group of a ranked window of hits: the member shown (its earliest
/// from the first preferred source it holds, else its earliest; then the
/// smallest fingerprint key, as the local index chooses a lead) and how
/// many of the window's hits are in it.
pub(super) struct WindowGroup {
    pub hit: SearchHit,
    pub copy: u64,
    pub matched: usize,
}

/// Groups `hits` (in rank order, each with its `copy` id) by group, a group
/// ranked where its best-ranked hit is.
pub(super) fn collapse(hits: Vec<(SearchHit, u64)>, prefer: &[Source]) -> Vec<WindowGroup> {
    let mut groups: Vec<WindowGroup> = Vec::new();
    let mut at: HashMap<u64, usize> = HashMap::new();
    for (hit, copy) in hits {
        match at.get(&copy) {
            Some(&i) => {
                let group = &mut groups[i];
                group.matched += 1;
                if lead_order(&hit, prefer) < lead_order(&group.hit, prefer) {
                    group.hit = hit;
                }
            }
            None => {
                at.insert(copy, groups.len());
                groups.push(WindowGroup {
                    hit,
                    copy,
                    matched: 1,
                });
            }
        }
    }
    groups
}

fn lead_order<'a>(hit: &'a SearchHit, prefer: &[Source]) -> (usize, &'a str, u64) {
    (
        preference(prefer, &hit.source),
        hit.date.as_str(),
        copy_key(&hit.id),
    )
}

impl Quickwit {
    /// The groups of the hits of a page (each hit's id and `copy` id), with
    /// the number of matches folded under each in a collapsed search
    /// (`similar`, then also the other members). Notes what it could not
    /// count. Each group's lead is chosen among `prefer` as locally.
    pub(super) fn page_groups(
        &self,
        page: &[(&str, u64)],
        similar: Option<&[usize]>,
        prefer: &[Source],
        notes: &mut Vec<String>,
    ) -> Result<Vec<CopyGroup>> {
        let mut members = self.members(page, prefer, notes)?;
        Ok(page
            .iter()
            .enumerate()
            .map(|(i, &(own, copy))| {
                let all = members.entry(copy).or_default();
                CopyGroup {
                    id: group_id_text(copy),
                    members: all.len().max(1),
                    lead: all
                        .first()
                        .map_or_else(|| own.to_string(), |m| m.id.clone()),
                    similar: similar.map(|s| s[i]),
                    others: if similar.is_some() {
                        all.iter()
                            .filter(|m| m.id != own)
                            .take(MAX_OTHERS)
                            .cloned()
                            .collect()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect())
    }

    /// The members of the page's groups, by group: those from preferred
    /// sources first, then the lead (its key is the group id), then by
    /// date.
    fn members(
        &self,
        page: &[(&str, u64)],
        prefer: &[Source],
        notes: &mut Vec<String>,
    ) -> Result<HashMap<u64, Vec<GroupMember>>> {
        let mut distinct: Vec<u64> = page.iter().map(|&(_, copy)| copy).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut members: HashMap<u64, Vec<GroupMember>> = HashMap::new();
        if distinct.is_empty() {
            return Ok(members);
        }
        let field = FieldName::Copy.name();
        let query = distinct
            .iter()
            .map(|c| format!("{field}:{c}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        // Quickwit 0.8's sort syntax: a leading `-` means ascending.
        let answer = self.search(&json!({
            "query": query,
            "max_hits": MEMBER_WINDOW,
            "sort_by": "-date",
        }))?;
        let hits: &[Value] = answer["hits"].as_array().map_or(&[], Vec::as_slice);
        if answer["num_hits"].as_u64().unwrap_or(0) > hits.len() as u64 {
            notes.push(format!(
                "Quickwit: the groups of this page have more than {MEMBER_WINDOW} articles; their member counts are of the earliest {MEMBER_WINDOW}"
            ));
        }
        for doc in hits {
            let (hit, Some(copy)) = super::search::to_hit(doc, None) else {
                continue;
            };
            members.entry(copy).or_default().push(GroupMember {
                id: hit.id,
                date: hit.date,
                title: hit.title,
                source: hit.source,
                path: hit.path,
            });
        }
        for (&copy, group) in &mut members {
            group.sort_by_cached_key(|m| {
                (
                    preference(prefer, &m.source),
                    copy_key(&m.id) != copy,
                    m.date.clone(),
                    m.id.clone(),
                )
            });
        }
        Ok(members)
    }
}
