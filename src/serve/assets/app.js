// sitrep's page: the URL holds the whole state (query, dates, order, region,
// actor, event, violence and language filters, least killed, page, open article, what
// the timeline counts, whether reprints are collapsed), so a view can be bookmarked and
// back/forward work. Article text only ever reaches the page as text nodes
// (textContent, createTextNode): never as markup.
'use strict';

const PAGE = 10;
// The facet filters, each a list of paths (or names) in the URL and the API.
// (`lang` holds language facet paths, `/fr`, which the API takes as codes.)
const FACETS = ['region', 'actor', 'event', 'violence', 'lang'];
const ACTORS_SHOWN = 8;
// Filling every empty month stops being readable beyond about 50 years.
const MAX_TIMELINE_MONTHS = 600;

const $ = (id) => document.getElementById(id);
let state = readState();
let last = null; // the latest search answer, for re-rendering the sidebar
let lastFlags = new Map(); // its flagged months, for re-rendering the timeline
let sequence = 0; // answers to superseded requests are dropped
// The country outlines (Natural Earth 1:110m, embedded as /world.json),
// fetched once; the map waits for them.
const world = api('/world.json').catch(() => null);
const SVG = 'http://www.w3.org/2000/svg';
// The whole world, in the map's degrees (x = longitude, y = -latitude).
const WORLD_VIEW = '-180 -90 360 180';
const opened = new Set(); // tree nodes the user expanded

// ---- state <-> URL

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    from: p.get('from') || '',
    to: p.get('to') || '',
    sort: p.get('sort') || '',
    region: p.getAll('region'),
    actor: p.getAll('actor'),
    event: p.getAll('event'),
    violence: p.getAll('violence'),
    lang: p.getAll('lang'),
    killed_min: p.get('killed_min') || '',
    offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0),
    article: p.get('article') || '',
    measure: p.get('measure') === 'killed' ? 'killed' : '',
    // Hits are collapsed to one per story (the reports of one event) unless
    // the URL says `copies=all`; `group=copies` collapses reprints of one text only.
    copies: p.get('copies') === 'all' ? 'all' : '',
    group: p.get('group') === 'copies' ? 'copies' : '',
  };
}

// The query and filters, which every endpoint takes.
function filterParams(s) {
  const p = new URLSearchParams();
  for (const key of ['q', 'from', 'to', 'killed_min']) if (s[key]) p.set(key, s[key]);
  for (const key of FACETS) for (const v of s[key]) p.append(key, v);
  return p;
}

// The search API's parameters; `forPage` adds what only the page keeps (the
// open article, what the timeline counts), which the API would refuse.
function queryString(s, forPage) {
  const p = filterParams(s);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.offset) p.set('offset', String(s.offset));
  if (!forPage && !s.copies) p.set('collapse', s.group === 'copies' ? 'copies' : 'stories');
  if (forPage && s.copies) p.set('copies', s.copies);
  if (forPage && s.group) p.set('group', s.group);
  if (forPage && s.article) p.set('article', s.article);
  if (forPage && s.measure) p.set('measure', s.measure);
  return p.toString();
}

function href(s) {
  const qs = queryString(s, true);
  return qs ? '?' + qs : location.pathname;
}

// A new view: a change of filters starts again at the first page.
function navigate(changes, keepPage) {
  state = Object.assign({}, state, keepPage ? {} : { offset: 0, article: '' }, changes);
  history.pushState(null, '', href(state));
  show();
}

window.addEventListener('popstate', () => {
  state = readState();
  show();
});

// ---- fetching

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) {
    const where = body.parameter ? ` (parameter "${body.parameter}")` : '';
    throw new Error(body.error + where);
  }
  return body;
}

async function show() {
  const mine = ++sequence;
  document.body.classList.add('loading');
  syncForm();
  let results = null;
  let article = null;
  let flags = new Map();
  let error = '';
  // The months the timeline marks; a search that fails says why itself.
  const trends = api(`/api/trends?${filterParams(state)}&by=month&top=0`).catch(() => null);
  try {
    const search = api(`/api/search?${queryString(state, false)}&limit=${PAGE}`);
    const open = state.article ? api(`/api/articles/${encodeURIComponent(state.article)}`) : null;
    results = await search;
    article = open ? await open : null;
    flags = flaggedMonths(await trends);
  } catch (e) {
    error = e.message;
  }
  if (mine !== sequence) return;
  last = results;
  lastFlags = flags;
  showError(error);
  renderResults(results, flags);
  renderArticle(article);
  document.body.classList.remove('loading');
  // Tests wait for this: the page now shows what the URL says.
  document.body.dataset.shown = location.search;
}

// ---- watches: saved searches with their feeds

// The search the page shows, as a watch saves it (the filters as the URL
// holds them: names or facet paths, both of which a watch takes).
function watchBody(name) {
  const body = { name, query: state.q, regions: state.region, actors: state.actor,
    events: state.event, violence: state.violence, languages: state.lang };
  if (state.from) body.from = state.from;
  if (state.to) body.to = state.to;
  if (state.killed_min) body.killed_min = Number(state.killed_min);
  return body;
}

async function saveWatch(event) {
  event.preventDefault();
  const name = $('watch-name').value.trim();
  try {
    const response = await fetch('/api/watches', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(watchBody(name)),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error);
    $('watch-name').value = '';
    showError('');
  } catch (e) {
    showError(`saving the watch: ${e.message}`);
  }
  listWatches();
}

// The view of a watch's search.
function watchState(w) {
  return { q: w.query || '', from: w.from || '', to: w.to || '', killed_min: w.killed_min ? String(w.killed_min) : '',
    region: w.regions || [], actor: w.actors || [], event: w.events || [], violence: w.violence || [],
    lang: w.languages || [] };
}

async function listWatches() {
  let watches = [];
  try {
    watches = await api('/api/watches');
  } catch (e) {
    showError(`listing the watches: ${e.message}`);
  }
  const list = clear($('watches'));
  if (!watches.length) list.append(el('li', { class: 'empty' }, 'none yet'));
  for (const w of watches) {
    list.append(el('li', { class: 'watch', 'data-name': w.name },
      el('button', { class: 'facet', type: 'button', title: w.search, onclick: () => navigate(watchState(w)) }, w.name),
      ' ', el('a', { class: 'feed', href: w.feed, title: `Atom feed of ${w.search}` }, 'feed')));
  }
}

// ---- small DOM helpers (text only, never markup)

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

function clear(node) {
  node.replaceChildren();
  return node;
}

function leaf(path) {
  return path.split('/').pop();
}

function plural(n, word) {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

// `highlights` are byte ranges into the UTF-8 text; JS strings index UTF-16
// units, so cut the encoded bytes and decode each piece.
function highlighted(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const out = document.createDocumentFragment();
  let pos = 0;
  for (const [start, end] of ranges || []) {
    if (start < pos || end > bytes.length || start >= end) continue;
    out.append(decoder.decode(bytes.subarray(pos, start)));
    out.append(el('mark', {}, decoder.decode(bytes.subarray(start, end))));
    pos = end;
  }
  out.append(decoder.decode(bytes.subarray(pos)));
  return out;
}

// ---- rendering

function syncForm() {
  $('q').value = state.q;
  $('from').value = state.from;
  $('to').value = state.to;
  $('sort').value = state.sort || 'relevance';
  $('killed_min').value = state.killed_min;
}

function showError(message) {
  $('error').hidden = !message;
  $('error').textContent = message;
}

function renderResults(results, flags) {
  const facets = (results && results.facets)
    || { region: [], actor: [], date: [], event: [], violence: [], language: [], killed: { min: 0, max: 0 } };
  renderTree('regions', 'region', facets.region, 'no regions');
  renderTree('events', 'event', facets.event, 'no event types');
  renderTree('violence', 'violence', facets.violence, 'no violence types');
  renderTree('languages', 'lang', facets.language || [], 'no languages');
  renderActors(facets.actor);
  renderTimeline(facets.date, flags);
  renderMap(facets.region);
  renderFilters();
  const unit = results && results.collapse === 'stories' ? ['story', 'stories'] : ['group', 'groups'];
  const groups = results && typeof results.groups === 'number'
    ? ` in ${results.groups} ${results.groups === 1 ? unit[0] : unit[1]}` : '';
  $('total').textContent = results ? plural(results.total, 'hit') + groups : '';
  const collapsed = !state.copies;
  $('collapse').setAttribute('aria-pressed', String(collapsed));
  $('collapse').textContent = collapsed ? (state.group === 'copies' ? 'reprints collapsed' : 'stories collapsed') : 'every report shown';
  $('grouping').hidden = !collapsed;
  $('grouping').textContent = state.group === 'copies' ? 'group by story' : 'group reprints only';
  $('killed').textContent = facets.killed.max ? `· ${span(facets.killed)} killed reported` : '';
  $('took').textContent = results ? `in ${results.took_ms} ms` : '';
  $('notes').textContent = results && results.notes ? results.notes.map((n) => `note: ${n}`).join(' · ') : '';
  renderHits(results ? results.hits : []);
  renderPager(results ? (typeof results.groups === 'number' ? results.groups : results.total) : 0);
}

// ---- the map: hits per country; the selected country's divisions as dots

function svg(tag, attrs, title) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) node.setAttribute(key, value);
  if (title) {
    // The tooltip: an SVG <title>, as text.
    const tip = document.createElementNS(SVG, 'title');
    tip.textContent = title;
    node.append(tip);
  }
  return node;
}

// The region nodes that carry an ISO code at the country level, by code.
function countryNodes(tree) {
  const byIso = new Map();
  const walk = (nodes) => {
    for (const node of nodes) {
      if (node.iso && node.path.split('/').length === 4) byIso.set(node.iso, node);
      else walk(node.children || []);
    }
  };
  walk(tree);
  return byIso;
}

async function renderMap(tree) {
  const shapes = await world;
  const map = clear($('map'));
  map.setAttribute('viewBox', WORLD_VIEW);
  if (!shapes) {
    const note = svg('text', { x: -170, y: 0, class: 'map-note' });
    note.textContent = 'the map data could not be loaded';
    map.append(note);
    return;
  }
  const byIso = countryNodes(tree);
  const max = Math.max(1, ...[...byIso.values()].map((n) => n.count));
  // The country the region filter is in, if one is.
  const chosen = [...byIso.values()].find((n) => state.region.some((r) => r === n.path || r.startsWith(n.path + '/')));
  let chosenShape = null;
  for (const shape of shapes.countries) {
    const node = shape.iso ? byIso.get(shape.iso) : null;
    if (!node) {
      map.append(svg('path', { d: shape.d, class: 'country', 'data-iso': shape.iso }, shape.name));
      continue;
    }
    // Shades by the logarithm of the hits: one story and a hundred both show.
    const level = Math.ceil((4 * Math.log1p(node.count)) / Math.log1p(max));
    const path = svg('path', {
      d: shape.d, class: `country hit level-${level}${node === chosen ? ' selected' : ''}`,
      'data-iso': shape.iso, 'data-path': node.path, 'data-count': node.count,
    }, `${node.label}: ${plural(node.count, 'hit')}`);
    path.addEventListener('click', () => navigate({ region: state.region.includes(node.path) ? [] : [node.path] }));
    map.append(path);
    if (node === chosen) chosenShape = path;
  }
  $('map-title').textContent = chosen ? `Hits in ${chosen.label}, by division` : 'Hits per country';
  $('map-hint').textContent = chosen ? 'click a dot to see its division; click the country again for the world'
    : 'click a country to see its hits and divisions';
  if (!chosen) return;
  // Zoom to the country (with a margin) and draw its divisions where they
  // have a point (their GeoNames seat), sized by their hits.
  const box = chosenShape ? chosenShape.getBBox() : null;
  if (box && box.width > 0) {
    const pad = Math.max(1, 0.15 * Math.max(box.width, box.height));
    map.setAttribute('viewBox', `${box.x - pad} ${box.y - pad} ${box.width + 2 * pad} ${box.height + 2 * pad}`);
  }
  const scale = box ? Math.max(box.width, box.height, 2) / 60 : 1;
  const divisions = (chosen.children || []).filter((d) => typeof d.lat === 'number' && typeof d.lon === 'number');
  const most = Math.max(1, ...divisions.map((d) => d.count));
  for (const d of divisions) {
    const selected = state.region.includes(d.path);
    const dot = svg('circle', {
      cx: d.lon, cy: -d.lat, r: scale * (0.6 + 1.4 * Math.sqrt(d.count / most)),
      class: 'division' + (selected ? ' selected' : ''), 'data-path': d.path, 'data-count': d.count,
    }, `${d.label}: ${plural(d.count, 'hit')}`);
    dot.addEventListener('click', () => navigate({ region: selected ? [chosen.path] : [d.path] }));
    map.append(dot);
  }
}

// `30`, or `24–99` when the texts give a range.
function span(range) {
  const min = range.min.toLocaleString('en');
  return range.min === range.max ? min : `${min}–${range.max.toLocaleString('en')}`;
}

// A facet tree in the sidebar; a click filters by one value of `key`.
function renderTree(id, key, tree, none) {
  const list = clear($(id));
  if (!tree.length) list.append(el('li', { class: 'empty' }, none));
  for (const node of tree) list.append(treeNode(key, node));
}

function treeNode(key, node) {
  const selected = state[key].includes(node.path);
  const onSelectedPath = state[key].some((r) => r.startsWith(node.path + '/'));
  const kids = node.children || [];
  const open = opened.has(node.path) || selected || onSelectedPath;
  const item = el('li', { class: selected ? 'selected' : '' });
  const toggle = kids.length
    ? el('button', {
        class: 'toggle', type: 'button', 'aria-expanded': String(open),
        'aria-label': `${open ? 'collapse' : 'expand'} ${node.label}`,
        onclick: () => { flip(node.path, open); renderResults(last, lastFlags); },
      }, open ? '▾' : '▸')
    : el('span', { class: 'toggle' });
  const pick = el('button', {
    class: 'facet', type: 'button', 'data-path': node.path, title: node.path,
    onclick: () => navigate({ [key]: selected ? [] : [node.path] }),
  }, node.label, ' ', el('span', { class: 'count' }, node.count.toLocaleString('en')));
  item.append(el('div', { class: 'row' }, toggle, pick));
  if (open && kids.length) item.append(el('ul', {}, kids.map((kid) => treeNode(key, kid))));
  return item;
}

function flip(key, open) {
  if (open) opened.delete(key); else opened.add(key);
}

function renderActors(tree) {
  const box = clear($('actors'));
  if (!tree.length) box.append(el('p', { class: 'empty' }, 'no actors'));
  for (const kind of tree) {
    const all = opened.has('actors:' + kind.path);
    const names = kind.children || [];
    const shown = names.filter((n, i) => all || i < ACTORS_SHOWN || state.actor.includes(n.path));
    box.append(el('h3', {}, kind.label, ' ', el('span', { class: 'count' }, kind.count.toLocaleString('en'))));
    box.append(el('ul', { class: 'actors' }, shown.map((n) => {
      const checked = state.actor.includes(n.path);
      const input = el('input', {
        type: 'checkbox', 'data-path': n.path,
        onchange: () => navigate({
          actor: checked ? state.actor.filter((a) => a !== n.path) : state.actor.concat([n.path]),
        }),
      });
      input.checked = checked;
      return el('li', {}, el('label', { title: n.path }, input, ' ', n.label, ' ',
        el('span', { class: 'count' }, n.count.toLocaleString('en'))));
    })));
    if (names.length > ACTORS_SHOWN) {
      box.append(el('button', {
        class: 'more', type: 'button',
        onclick: () => { flip('actors:' + kind.path, all); renderResults(last, lastFlags); },
      }, all ? 'fewer' : `all ${names.length}`));
    }
  }
}

// Each month with its hits and the killed they report (the least numbers).
function months(dateTree) {
  const counts = new Map();
  for (const year of dateTree) {
    for (const month of year.children || []) {
      counts.set(`${year.label}-${month.label}`, { count: month.count, killed: month.sum ? month.sum.min : 0 });
    }
  }
  const keys = [...counts.keys()].sort();
  if (!keys.length) return [];
  const out = [];
  let [y, m] = keys[0].split('-').map(Number);
  const [lastY, lastM] = keys[keys.length - 1].split('-').map(Number);
  if ((lastY - y) * 12 + (lastM - m) >= MAX_TIMELINE_MONTHS) {
    return keys.map((k) => Object.assign({ month: k }, counts.get(k)));
  }
  while (y < lastY || (y === lastY && m <= lastM)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(Object.assign({ month: key }, counts.get(key) || { count: 0, killed: 0 }));
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

// The months /api/trends flags (ACLED's norms: the month and the 12 months
// before), by `YYYY-MM`, each with the words for its title.
function flaggedMonths(trends) {
  const flags = new Map();
  const all = trends && trends.series[0];
  if (!all) return flags;
  for (const point of all.points) {
    if (point.level === 'none') continue;
    const against = [['short', 'the month before'], ['long', 'the 12 months before']]
      .filter(([key]) => point[key] && point[key].level !== 'none')
      .map(([key, words]) => `${point[key].percent === null ? 'new' : `+${point[key].percent}%`} on ${words}`);
    flags.set(point.period, { level: point.level, words: `${point.level} (${against.join(', ')})` });
  }
  return flags;
}

function renderTimeline(dateTree, flags) {
  const killed = state.measure === 'killed';
  $('timeline-title').textContent = killed ? 'Killed per month' : 'Hits per month';
  $('measure-hits').setAttribute('aria-pressed', String(!killed));
  $('measure-killed').setAttribute('aria-pressed', String(killed));
  const box = clear($('timeline'));
  box.classList.toggle('killed', killed);
  const bars = months(dateTree);
  if (!bars.length) {
    box.append(el('p', { class: 'empty' }, 'no dated hits'));
    return;
  }
  const height = (bar) => (killed ? bar.killed : bar.count);
  const max = Math.max(1, ...bars.map(height));
  const one = state.from && state.from === state.to ? state.from : '';
  bars.forEach((bar, i) => {
    // Flags are about the number of reports: shown on the articles timeline.
    const flag = killed ? null : flags.get(bar.month);
    const label = `${bar.month}: ${plural(bar.count, 'hit')}, ${bar.killed.toLocaleString('en')} killed`
      + (flag ? `; ${flag.words}` : '');
    const button = el('button', {
      class: 'bar' + (bar.month === one ? ' selected' : '') + (height(bar) ? '' : ' zero')
        + (flag ? ` flagged ${flag.level === 'large increase' ? 'large' : 'increase'}` : ''),
      type: 'button', title: label, 'aria-label': label, 'data-month': bar.month,
      'data-level': flag ? flag.level : null,
      'data-count': bar.count, 'data-killed': bar.killed,
      disabled: bar.count ? null : 'disabled',
      onclick: () => navigate(bar.month === one ? { from: '', to: '' } : { from: bar.month, to: bar.month }),
    }, el('span', { class: 'fill' }));
    button.firstChild.style.height = `${Math.max(4, (100 * height(bar)) / max)}%`;
    const year = bar.month.slice(0, 4);
    const wrap = el('div', { class: 'slot' }, button,
      el('span', { class: 'year' }, i === 0 || bar.month.endsWith('-01') ? year : ''));
    box.append(wrap);
  });
}

function renderFilters() {
  const box = clear($('filters'));
  const chips = [];
  if (state.from || state.to) {
    const text = state.from === state.to ? state.from : `${state.from || '…'} to ${state.to || '…'}`;
    chips.push(chip(`dates ${text}`, { from: '', to: '' }));
  }
  for (const key of FACETS) {
    for (const v of state[key]) chips.push(chip(`${key} ${leaf(v)}`, { [key]: state[key].filter((x) => x !== v) }, v));
  }
  if (state.killed_min) chips.push(chip(`killed ≥ ${state.killed_min}`, { killed_min: '' }));
  if (chips.length) box.append(el('span', { class: 'label' }, 'filters:'), ...chips);
}

function chip(text, without, title) {
  return el('button', { class: 'chip active', type: 'button', title: title || text, onclick: () => navigate(without) },
    text, ' ×');
}

function renderHits(hits) {
  const list = clear($('hits'));
  list.start = state.offset + 1;
  for (const hit of hits) {
    const open = Object.assign({}, state, { article: hit.id });
    const title = el('a', {
      class: 'title', href: href(open), 'data-id': hit.id, dir: 'auto',
      onclick: (e) => { e.preventDefault(); navigate({ article: hit.id }, true); window.scrollTo(0, 0); },
    }, hit.title || '(no title)');
    const credit = [hit.source, hit.dateline].filter(Boolean).join(', ');
    // The report's language, so that the browser picks its fonts and reads
    // Arabic right to left (dir="auto" on each text: the first strong
    // letter decides, so an English word in an Arabic line does not flip it).
    list.append(el('li', { class: 'hit', lang: hit.language },
      el('div', { class: 'meta' }, el('time', {}, hit.date), credit ? ` · ${credit}` : ''),
      el('h3', {}, title),
      hit.topic ? el('div', { class: 'topic' }, `topic: ${hit.topic}`) : null,
      casualties(hit),
      facetChips(hit),
      el('p', { class: 'snippet', dir: 'auto' }, highlighted(hit.snippet, hit.highlights)),
      similar(hit)));
  }
}

// Under a collapsed hit: "+N similar", which expands in place to the
// group's other members, each a link to the article.
function similar(hit) {
  const group = state.group === 'copies' ? hit.copy : hit.story;
  if (!group || group.similar === undefined || group.members < 2) return null;
  const list = el('ul', { class: 'others', hidden: 'hidden' }, (group.others || []).map((m) => {
    const open = Object.assign({}, state, { article: m.id });
    return el('li', {}, el('time', {}, m.date), m.source ? ` · ${m.source} · ` : ' · ',
      el('a', {
        href: href(open), 'data-id': m.id,
        onclick: (e) => { e.preventDefault(); navigate({ article: m.id }, true); window.scrollTo(0, 0); },
      }, m.title || '(no title)'));
  }));
  const sources = [...new Set((group.others || []).map((m) => m.source).filter(Boolean))];
  const button = el('button', {
    class: 'similar', type: 'button', 'aria-expanded': 'false', 'data-group': group.id,
    onclick: () => {
      const open = list.hidden;
      list.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
    },
  }, `+${group.members - 1} similar`, sources.length ? `: ${sources.join(', ')}` : '');
  return el('div', { class: 'group' }, button, list);
}

// `killed 30 · injured 5`, each with the sentences that gave it as its title.
function casualties(item) {
  const parts = Object.entries(item.casualties || {}).map(([kind, range]) => {
    const sentences = (item.counts || []).filter((c) => c.kind === kind).map((c) => c.sentence_text.trim());
    return el('span', { class: `casualty ${kind}`, title: [...new Set(sentences)].join('\n') }, `${kind} ${span(range)}`);
  });
  if (!parts.length) return null;
  return el('div', { class: 'casualties' }, parts.flatMap((p, i) => (i ? [' · ', p] : [p])));
}

function facetChips(item) {
  const chips = [];
  const lists = [['region', item.regions], ['actor', item.actors], ['event', item.events], ['violence', item.violence],
    ['lang', item.language ? [`/${item.language}`] : []]];
  for (const [key, paths] of lists) {
    for (const path of paths || []) {
      chips.push(el('button', {
        class: `chip ${key}`, type: 'button', title: `filter by ${path}`,
        onclick: () => navigate({ [key]: state[key].includes(path) ? state[key] : state[key].concat([path]) }),
      }, leaf(path)));
    }
  }
  return el('div', { class: 'chips' }, chips);
}

function renderPager(total) {
  const nav = clear($('pager'));
  if (total <= PAGE) return;
  const page = Math.floor(state.offset / PAGE) + 1;
  const pages = Math.ceil(total / PAGE);
  const go = (offset) => () => { navigate({ offset }, true); window.scrollTo(0, 0); };
  nav.append(
    el('button', { type: 'button', class: 'prev', disabled: page === 1 ? 'disabled' : null, onclick: go(state.offset - PAGE) }, '← previous'),
    el('span', { class: 'page' }, ` page ${page} of ${pages} · hits ${state.offset + 1}–${Math.min(total, state.offset + PAGE)} `),
    el('button', { type: 'button', class: 'next', disabled: page >= pages ? 'disabled' : null, onclick: go(state.offset + PAGE) }, 'next →'));
}

function renderArticle(article) {
  const view = clear($('article'));
  const reading = Boolean(state.article);
  view.hidden = !reading;
  for (const id of ['hits', 'pager', 'summary', 'map-box', 'timeline-box', 'filters']) $(id).hidden = reading;
  if (!reading || !article) return;
  view.lang = article.language || '';
  const credit = [article.source, article.dateline].filter(Boolean).join(', ');
  const parts = [
    el('button', { class: 'back', type: 'button', onclick: () => navigate({ article: '' }, true) }, '← back to the hits'),
    el('h1', { dir: 'auto' }, article.title || '(no title)'),
    el('div', { class: 'meta' }, el('time', {}, article.date), credit ? ` · ${credit}` : ''),
    article.topic ? el('div', { class: 'topic' }, `topic: ${article.topic}`) : null,
    casualties(article),
    facetChips(article),
    (article.counts || []).length ? el('ul', { class: 'counts' }, article.counts.map((c) => el('li', {},
      el('strong', {}, `${c.kind} ${span(c)}`), ` (${c.group}, “${c.amount}”, ${c.rule}): `, c.sentence_text.trim()))) : null,
    article.summary ? el('p', { class: 'summary', dir: 'auto' }, article.summary) : null,
    ...article.body.split(/\n\s*\n/).filter((p) => p.trim()).map((p) => el('p', { dir: 'auto' }, p)),
    el('p', { class: 'source' },
      /^https?:\/\//i.test(article.url) ? el('a', { href: article.url, rel: 'noreferrer noopener', target: '_blank' }, 'original') : null,
      article.url ? ' · ' : '', el('code', {}, article.path)),
  ];
  view.append(...parts.filter(Boolean));
}

// ---- events

$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  navigate({
    q: $('q').value.trim(), from: $('from').value.trim(), to: $('to').value.trim(),
    killed_min: $('killed_min').value.trim(), sort: $('sort').value,
  });
});
$('measure-hits').addEventListener('click', () => navigate({ measure: '' }, true));
$('collapse').addEventListener('click', () => navigate({ copies: state.copies ? '' : 'all' }));
$('grouping').addEventListener('click', () => navigate({ group: state.group ? '' : 'copies' }));
$('measure-killed').addEventListener('click', () => navigate({ measure: 'killed' }, true));
$('sort').addEventListener('change', () => $('search-form').requestSubmit());
$('watch-form').addEventListener('submit', saveWatch);

document.addEventListener('keydown', (e) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    $('q').focus();
    $('q').select();
  } else if (e.key === 'Escape' && state.article && !typing) {
    navigate({ article: '' }, true);
  }
});

show();
listWatches();
