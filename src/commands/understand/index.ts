/**
 * Ask in your own words: a deterministic free-text parser that turns a question into a command line
 * the registry already understands.
 *
 *   understand(text: string, base?: Baseline): Understood
 *     { kind: 'command', line, lang }        — e.g. "利差1.5会怎样" → { line: "/carry 1.5", lang: "zh" }
 *     { kind: 'ambiguous', candidates, lang } — 2–3 likeliest command lines, best first, for buttons
 *                                              (e.g. "1.5?" → ["/carry 1.5", "/neutral 1.5"])
 *     { kind: 'none', lang }                  — no reading; show hint(lang) (two examples, no slash echo)
 *
 * `base` (optional) holds today's spread and BOJ rate, so that questions phrased as a change from
 * today ("利差再收窄50个基点", "if the BOJ hikes once more, is it neutral?") get the resulting level;
 * without it such questions keep the preset's default for that argument.
 *
 * `lang` is the language the text is written in (detectLang; English when there is nothing to go
 * by), so the answer can be given in the asker's language unless the chat has set one.
 * Every line produced names a registry command; arguments are the user's numbers in the argument's
 * unit (positional while they are contiguous, `name:value` after a gap; omitted ones take the
 * preset's defaults). A known slash command is passed through with its number tokens normalized;
 * a Chinese alias (`/套息 1.5`) or an English look-alike (`/yields`) is mapped to the registry name.
 *
 * How it reads: normalize (NFKC, Traditional → Simplified, IME slips, Chinese and English numerals,
 * units → `%` `bp` `mo` `yr` `次`, tenors, dates and clock times set aside), find keywords (Chinese
 * substrings, English words after typo repair), attach numbers to policy moves ("cut 50bp",
 * "降息两次" = −50bp, "加息到1%" is a level), yields, rate levels and spread levels by proximity,
 * then score every command's intent and build its arguments. Pure: no I/O, no clock, no randomness.
 *
 * Alerts (readAlert): a notify word ("alert me", "remind", 提醒, 通知) or a "tell me"/"告诉我" with a
 * condition ("when …", "…时", "跌破1.5") asks for one; a what-if ("what happens if …", 会怎样) keeps
 * its reading. "tell us when the spread falls below 1.5" → /alert spread below 1.5, "日银开会前提醒我"
 * → /alert boj, "我的提醒" → /alerts, "删除提醒3" → /alert off 3; two at once (both banks, two ids, a
 * yield with no country) → 'ambiguous' with each line. "breaks 2"/破2 with no other clue is upward,
 * except for the spread when `base` says it is above the line now.
 */
import type { Lang } from '../../i18n/index.js';
import { commandNames, type CommandName } from '../names.js';
import { ALERT_NOUNS, ALERT_RE, EN, EN_ALIASES, EN_FUZZY, EN_ORDINALS, EN_TYPOS, ZH, ZH_ALIASES, type Concept } from './lexicon.js';
import { normalizeText, toSimplified } from './normalize.js';

export type Understood =
  | { kind: 'command'; line: string; lang: Lang }
  | { kind: 'ambiguous'; candidates: string[]; lang: Lang }
  | { kind: 'none'; lang: Lang };

// ---------------------------------------------------------------------------------------------
// Language

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const LATIN_WORD = /[a-z]{2,}/gi;
/** Jargon that Chinese speakers type in Latin letters: it says nothing about the language. */
const JARGON = new Set([
  'fed', 'boj', 'fomc', 'qt', 'qe', 'bp', 'bps', 'pp', 'us', 'jp', 'jgb', 'jgbs', 'ust', 'carry', 'spread', 'neutral',
  'liquidity', 'debt', 'path', 'scenario', 'yen', 'usd', 'jpy', 'gdp', 'ok', 'lol', 'pct', 'vs', 'etf', 'cpi', 'ai', 'bot',
  'carrybot', 'trade', 'powell', 'ueda', 'factcheck', 'brief', 'events', 'help', 'about', 'y', 'yr', 'mo', 'x', 'hmm',
  'alert', 'alerts', 'ping', 'lmk',
]);

/** zh when the text is mostly Chinese (Han characters outweigh non-jargon English words), else en; null with no letters at all. */
export function detectLang(text: string): Lang | null {
  const han = text.match(HAN)?.length ?? 0;
  const words = (text.match(LATIN_WORD) ?? []).filter((w) => !JARGON.has(w.toLowerCase())).length;
  if (han === 0 && words === 0) return /[a-z]/i.test(text) ? 'en' : null;
  return han >= 2 && han >= words * 1.5 ? 'zh' : han >= 1 && words === 0 ? 'zh' : 'en';
}

// ---------------------------------------------------------------------------------------------
// Keywords

interface Hit {
  c: Concept;
  pos: number;
  end: number;
  text: string;
}

type Unit = '' | '%' | 'bp' | 'mo' | 'yr' | '次';

interface Qty {
  v: number;
  unit: Unit;
  pos: number;
  end: number;
  used: boolean;
  signed: boolean;
}

/** Chinese entries indexed by their first character. */
const ZH_BY_FIRST = new Map<string, Array<[string, Concept]>>();
for (const [c, list] of Object.entries(ZH) as Array<[Concept, readonly string[]]>) {
  for (const w of list) {
    const arr = ZH_BY_FIRST.get(w[0]!) ?? [];
    arr.push([w, c]);
    ZH_BY_FIRST.set(w[0]!, arr);
  }
}

/** English phrases indexed by their first word, longest first. */
const EN_PHRASES = new Map<string, Array<{ words: string[]; c: Concept }>>();
const EN_WORDS = new Set<string>();
for (const [c, list] of Object.entries(EN) as Array<[Concept, readonly string[]]>) {
  for (const p of list) {
    const words = p.split(' ');
    words.forEach((w) => EN_WORDS.add(w));
    const arr = EN_PHRASES.get(words[0]!) ?? [];
    arr.push({ words, c });
    EN_PHRASES.set(words[0]!, arr);
  }
}
for (const arr of EN_PHRASES.values()) arr.sort((a, b) => b.words.length - a.words.length);

/** Optimal string alignment distance, bounded: returns max+1 as soon as it cannot be within max. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

function repair(word: string): string {
  if (EN_WORDS.has(word)) return word;
  const typo = EN_TYPOS[word];
  if (typo) return typo;
  if (word.endsWith("'s") && EN_WORDS.has(word.slice(0, -2))) return word.slice(0, -2);
  if (word.length < 6) return word;
  const max = word.length >= 9 ? 2 : 1;
  for (const k of EN_FUZZY) if (k.length >= 5 && editDistance(word, k, max) <= max) return k;
  return word;
}

interface Token {
  w: string;
  pos: number;
  end: number;
}

function findHits(s: string): { hits: Hit[]; tokens: Token[] } {
  const found: Hit[] = [];
  for (let i = 0; i < s.length; i++) {
    const entries = ZH_BY_FIRST.get(s[i]!);
    if (!entries) continue;
    for (const [w, c] of entries) if (s.startsWith(w, i)) found.push({ c, pos: i, end: i + w.length, text: w });
  }
  const tokens: Token[] = [];
  for (const m of s.matchAll(/[a-z]+(?:['.;-][a-z]+)*\.?/g)) {
    const raw = m[0].replace(/\.$/, '') || m[0];
    tokens.push({ w: repair(raw === 'u.s' ? 'u.s' : raw), pos: m.index, end: m.index + m[0].length });
  }
  for (let i = 0; i < tokens.length; i++) {
    for (const p of EN_PHRASES.get(tokens[i]!.w) ?? []) {
      if (i + p.words.length > tokens.length) continue;
      if (!p.words.every((w, k) => tokens[i + k]!.w === w)) continue;
      // Words of a phrase are next to each other: "alert: us10y" is not "alert us".
      if (p.words.length > 1 && !p.words.every((_, k) => k === 0 || /^\s+$/.test(s.slice(tokens[i + k - 1]!.end, tokens[i + k]!.pos)))) continue;
      const last = tokens[i + p.words.length - 1]!;
      found.push({ c: p.c, pos: tokens[i]!.pos, end: last.end, text: p.words.join(' ') });
    }
  }
  // Longest first; a hit inside a longer kept hit is dropped (日本央行 is not also 日本). Equal spans keep every concept.
  found.sort((a, b) => b.end - b.pos - (a.end - a.pos) || a.pos - b.pos);
  const kept: Hit[] = [];
  for (const h of found) {
    if (kept.some((k) => h.pos >= k.pos && h.end <= k.end && !(h.pos === k.pos && h.end === k.end))) continue;
    if (kept.some((k) => h.pos < k.end && k.pos < h.end && !(h.pos >= k.pos && h.end <= k.end) && k.end - k.pos > h.end - h.pos)) continue;
    kept.push(h);
  }
  kept.sort((a, b) => a.pos - b.pos);
  return { hits: kept, tokens };
}

function findQuantities(s: string): Qty[] {
  const out: Qty[] = [];
  for (const m of s.matchAll(/(?<![a-z\d.])([+-])?(\d+(?:\.\d+)?)(%|bp|mo|yr|次)?/g)) {
    const v = Number(`${m[1] === '-' ? '-' : ''}${m[2]}`);
    if (!Number.isFinite(v)) continue;
    out.push({ v, unit: (m[3] ?? '') as Unit, pos: m.index, end: m.index + m[0].length, used: false, signed: m[1] !== undefined });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading numbers in context

const BOUNDARY = /[,，;；。!！?？\n、]|\b(?:and|but|while|whereas|then|plus)\b|(?:然后|并且|而且|但是|同时|另外|以及|而|和|跟|与|及)|(?<=[\u4e00-\u9fff\d%])\s+(?=[\u4e00-\u9fff])|(?<=bp|mo|yr)\s+(?=[\u4e00-\u9fff])/g;

const NARROW = /收窄|缩小|缩窄|下降|下跌|降低|减少|缩|降|跌|少|narrow|tighten|compress|fall|drop|shrink|down|lower|less|decline/;
const WIDEN = /扩大|走阔|拉大|上升|升|涨|增加|widen|rise|up\b|increase|higher|grow/;
const WEAK_VERBS = new Set(['lower', 'lowers', 'lowering', 'ease', 'eases', 'easing', 'trim', 'trims', 'reduce', 'reduces', 'raise', 'raises', 'raising', 'raised', 'lift', 'lifts', 'increase', 'increases', 'tighten', 'tightens', 'slash', 'slashes', 'slashing', '下调', '调降', '调升', 'hold', 'holds', 'holding', 'pause', 'pauses', 'skip', 'skips', 'unchanged', '不动', '没动', '冻结']);

type Actor = 'fed' | 'boj';

interface Move {
  actor: Actor;
  bp: number;
  /** The size came from the user's words (a number or a count), not the default single step. */
  sized: boolean;
  pos: number;
}

interface Reading {
  s: string;
  hits: Hit[];
  qty: Qty[];
  moves: Move[];
  us10y?: Qty;
  jp10y?: Qty;
  bojLevel?: Qty;
  spreadLevel?: Qty;
  /** A change of the spread ("收窄50个基点", "narrows by 25bp"), in pp, negative when narrower. */
  spreadDelta?: number;
  every?: Qty;
  months?: Qty;
  years?: Qty;
  step?: Qty;
  time: string | null;
  /** An alert asked for, listed or removed (see readAlert). */
  alert?: AlertAsk;
  has: (c: Concept) => boolean;
  count: (c: Concept) => number;
}

const asBp = (q: Qty): number => (q.unit === 'bp' ? q.v : q.unit === '%' ? q.v * 100 : q.unit === '次' ? q.v * 25 : Math.abs(q.v) < 5 ? q.v * 100 : q.v);
const asPct = (q: Qty): number => (q.unit === 'bp' ? q.v / 100 : q.v);
const isLevelish = (q: Qty) => q.unit === '%' || q.unit === '' || q.unit === 'bp';

function read(text: string): Reading {
  const n = normalizeText(text);
  const s = n.s;
  const { hits } = findHits(s);
  const qty = findQuantities(s);
  // clause[i]: how many clause boundaries start before position i.
  const clause = new Uint16Array(s.length + 1);
  for (const m of s.matchAll(BOUNDARY)) for (let i = m.index + 1; i <= s.length; i++) clause[i]!++;
  const clauseOf = (pos: number) => clause[Math.min(pos, s.length)]!;
  const same = (a: number, b: number) => clauseOf(a) === clauseOf(b);
  const between = (a: number, b: number) => s.slice(Math.min(a, b), Math.max(a, b));
  /** Action words that turned out not to be policy moves ("the spread tightens to 1.3"). */
  const notMoves = new Set<Hit>();
  const hitsBetween = (a: number, b: number, cs: readonly Concept[]) => hits.some((h) => cs.includes(h.c) && !notMoves.has(h) && h.pos >= Math.min(a, b) && h.end <= Math.max(a, b));
  const qtyBetween = (a: number, b: number) => qty.some((q) => q.pos > Math.min(a, b) && q.end < Math.max(a, b));
  const has = (c: Concept) => hits.some((h) => h.c === c);
  const count = (c: Concept) => hits.filter((h) => h.c === c).length;
  const ACTORS: readonly Concept[] = ['fed', 'boj', 'us', 'jp', 'ust', 'jgb'];
  const ACTIONS: readonly Concept[] = ['cut', 'hike', 'hold', 'move'];
  const r: Reading = { s, hits, qty, moves: [], time: n.time, has, count };

  // 0. Every N months (path spacing), spans of time.
  for (const q of qty) {
    if (q.unit === 'mo') {
      const before = s.slice(Math.max(0, q.pos - 8), q.pos);
      if (/(?:每|every|each|per)\s*(?:隔\s*)?$|every\s+(?:other\s+)?$/.test(before)) r.every ??= q;
      else r.months ??= q;
      q.used = true;
    } else if (q.unit === 'yr') {
      r.years ??= q;
      q.used = true;
    }
  }

  // 0.5. The spread moving by an amount rather than to a level.
  for (const h of hits.filter((x) => x.c === 'spreadw')) {
    const q = qty.find((x) => !x.used && x.pos >= h.end && x.pos - h.end <= 24 && same(x.pos, h.pos) && isLevelish(x) && !qtyBetween(h.end, x.pos));
    if (!q) continue;
    const gap = s.slice(h.end, q.pos);
    const after = s.slice(q.end, q.end + 12);
    if (/到|至|为|是|=|\b(?:to|at|of|hits?|reach(?:es)?|is)\b/.test(gap)) continue;
    // "跌破150个基点", "falls below 150bp": a line, not a change.
    if (/破|穿|低于|高于|超过|小于|大于|\b(?:below|under|above|over|beneath|past|through)\b/.test(gap)) continue;
    const narrow = NARROW.test(gap) || /^\s*(?:narrower|tighter|lower|更窄|更低)/.test(after);
    const widen = !narrow && (WIDEN.test(gap) || /^\s*(?:wider|higher|更宽|更高)/.test(after));
    if (!narrow && !widen) continue;
    // "收窄50个基点", "narrows by 0.25", "再收窄0.5": a change; "收窄1.5" with no 到 is still read as the level most people mean.
    const small = Math.abs(q.v) < 1 && (q.unit === '%' || q.unit === '');
    if (!(q.unit === 'bp' || /\bby\b|再|又|了|another|further|继续|多/.test(gap) || /^\s*(?:narrower|tighter|wider|更)/.test(after) || (small && /[\u4e00-\u9fff]\s*$/.test(gap)))) continue;
    const pp = q.unit === 'bp' ? q.v / 100 : q.unit === '%' ? q.v : q.v >= 5 ? q.v / 100 : q.v;
    r.spreadDelta = narrow ? -Math.abs(pp) : Math.abs(pp);
    q.used = true;
    break;
  }

  // 1. Policy moves: an action word and the number that sizes it.
  const actorFor = (h: Hit): Actor | null => {
    const cands = hits.filter((a) => ['fed', 'boj', 'us', 'jp'].includes(a.c) && same(a.pos, h.pos));
    const before = cands.filter((a) => a.end <= h.pos).pop();
    const after = cands.find((a) => a.pos >= h.end);
    const a = before ?? after;
    if (!a) return null;
    return a.c === 'fed' || a.c === 'us' ? 'fed' : 'boj';
  };
  for (const h of hits.filter((x) => ACTIONS.includes(x.c))) {
    const actor = actorFor(h);
    if ((WEAK_VERBS.has(h.text) || h.c === 'move') && !actor && !/^\s*(?:rates?|利率)/.test(s.slice(h.end)) && !(h.c === 'move' && has('fed') && has('boj'))) {
      notMoves.add(h);
      continue;
    }
    // "both move 25", "各动25个基点": each bank moves its usual way (the Fed cuts, the BOJ hikes).
    const both = h.c === 'move' && has('fed') && has('boj') && /\bboth\b|\beach\b|各|都|一起|同时/.test(s);
    const who: Actor = actor ?? (h.c === 'cut' ? 'fed' : 'boj');
    const kind = h.c === 'move' ? (who === 'fed' ? 'cut' : 'hike') : h.c;
    // "no BOJ move", "the Fed doesn't cut", "日银没加息": a hold.
    const negated = /\b(?:no|not|without|won't|wont|doesn't|doesnt|don't|dont|never|zero)\b[^,，;；]{0,12}$|(?:不|没|没有|无|未)\s*$/.test(s.slice(Math.max(0, h.pos - 16), h.pos));
    if (h.c === 'hold' || negated) {
      r.moves.push({ actor: who, bp: 0, sized: true, pos: h.pos });
      continue;
    }
    const free = qty.filter((q) => !q.used && same(q.pos, h.pos) && q.unit !== 'mo' && q.unit !== 'yr');
    let q = free.find((x) => x.pos >= h.end && x.pos - h.end <= 16 && !hitsBetween(h.end, x.pos, [...ACTIONS, ...ACTORS, 'spreadw', 'carry']));
    if (q && /(?:\b(?:to|at|reach(?:es)?|hits?)\b|到|至|达|为)/.test(between(h.end, q.pos))) {
      // A level, not a move: "加息到1%", "hikes to 1%".
      if (who === 'boj' && isLevelish(q)) r.bojLevel ??= q;
      q.used = true;
      continue;
    }
    if (!q) {
      q = [...free].reverse().find((x) => {
        if (x.end > h.pos || h.pos - x.end > 9) return false;
        const gap = between(x.end, h.pos);
        if (hitsBetween(x.end, h.pos, ['ust', 'jgb', 'spreadw', 'rate'])) return false;
        if (x.unit === 'bp' || x.unit === '次') return true;
        if (x.unit === '' && Number.isInteger(x.v) && x.v >= 1 && x.v <= 6) return /^\s*(?:(?:more|extra|additional|further|straight|consecutive|fed|boj|rate)\s*)*$/.test(gap) && /^[a-z]/.test(h.text);
        if (x.unit === '%') return /^\s*(?:的)?\s*$/.test(gap);
        return false;
      });
    }
    let bp = 25;
    let sized = false;
    // "3 cuts": a bare small number before the action counts moves.
    if (q && q.unit === '' && q.end <= h.pos) q.unit = '次';
    if (q) {
      q.used = true;
      sized = true;
      const near = (x: Qty) => !x.used && same(x.pos, q!.pos) && Math.min(Math.abs(x.pos - q!.end), Math.abs(q!.pos - x.end)) <= 12;
      if (q.unit === '次') {
        const size = qty.find((x) => near(x) && (x.unit === 'bp' || x.unit === '%'));
        if (size) size.used = true;
        bp = q.v * (size ? Math.abs(asBp(size)) : 25);
      } else {
        const times = qty.find((x) => near(x) && x.unit === '次');
        if (times) times.used = true;
        bp = Math.abs(asBp(q)) * (times ? times.v : 1);
        if (kind === 'hike' && !r.step && (q.unit === 'bp' || q.unit === '%' || q.unit === '')) r.step = q;
      }
    }
    if (both) {
      r.moves.push({ actor: 'fed', bp: -Math.abs(bp), sized, pos: h.pos }, { actor: 'boj', bp: Math.abs(bp), sized, pos: h.pos });
      continue;
    }
    r.moves.push({ actor: who, bp: kind === 'cut' ? -Math.abs(bp) : Math.abs(bp), sized, pos: h.pos });
  }
  // "美联储降息对流动性的影响，降息75个基点": the sized mention is the move; the bare one repeats it.
  r.moves = r.moves.filter((m) => m.sized || !r.moves.some((o) => o !== m && o.sized && o.actor === m.actor && Math.sign(o.bp) === Math.sign(m.bp)));
  // "fed -50 boj +25": an actor followed by a signed number is a move too (and then so is "boj 25").
  const actorMoves = (unsigned: boolean) => {
  for (const a of hits.filter((x) => x.c === 'fed' || x.c === 'boj')) {
    if (r.moves.some((m) => m.actor === a.c)) continue;
    const q = qty.find((x) => !x.used && (x.signed || unsigned) && x.pos >= a.end && x.pos - a.end <= 3);
    if (q && (q.unit === 'bp' || q.unit === '' || q.unit === '%')) {
      q.used = true;
      r.moves.push({ actor: a.c as Actor, bp: q.unit === 'bp' ? q.v : Math.abs(q.v) < 5 ? q.v * 100 : q.v, sized: true, pos: a.pos });
    }
  }
  };
  actorMoves(false);
  if (r.moves.length || has('scenario')) actorMoves(true);

  // 2. Yields and rate levels: the number right after who it belongs to.
  const nextQty = (h: Hit, maxGap: number) =>
    qty.find((x) => !x.used && x.pos >= h.end && x.pos - h.end <= maxGap && same(x.pos, h.pos) && isLevelish(x) && !hitsBetween(h.end, x.pos, [...ACTORS, ...ACTIONS]) && !qtyBetween(h.end, x.pos));
  const bondNear = (h: Hit) => hits.some((b) => b.c === 'bond' && same(b.pos, h.pos) && Math.abs(b.pos - h.end) <= 12);
  for (const h of hits) {
    const isUs = h.c === 'ust' || (h.c === 'us' && bondNear(h));
    const isJp = h.c === 'jgb' || (h.c === 'jp' && bondNear(h));
    if (!isUs && !isJp) continue;
    const q = nextQty(h, 16);
    if (!q) continue;
    q.used = true;
    if (isUs) r.us10y ??= q;
    else r.jp10y ??= q;
  }
  // "美国国债4.0%，日本1.9%": once one side is a yield, the other country's number is its yield too.
  if (!!r.us10y !== !!r.jp10y) {
    const other = hits.find((h) => (r.us10y ? h.c === 'jp' || h.c === 'jgb' : h.c === 'us' || h.c === 'ust') && nextQty(h, 12));
    const q = other && nextQty(other, 12);
    if (q) {
      q.used = true;
      if (r.us10y) r.jp10y = q;
      else r.us10y = q;
    }
  }
  for (const h of hits.filter((x) => x.c === 'spreadw' || x.c === 'carry')) {
    let q = nextQty(h, 18) ?? qty.find((x) => !x.used && isLevelish(x) && x.end <= h.pos && h.pos - x.end <= 4 && same(x.pos, h.pos));
    if (q && !r.spreadLevel) {
      q.used = true;
      // "从2.2收窄到1.5", "from 2.2 to 1.5": the level asked about is the second.
      const to = /(?:从|from)\s*$/.test(s.slice(Math.max(0, q.pos - 6), q.pos))
        ? qty.find((x) => !x.used && isLevelish(x) && x.pos > q!.end && x.pos - q!.end <= 14 && /到|至|\bto\b/.test(s.slice(q!.end, x.pos)))
        : undefined;
      if (to) {
        to.used = true;
        q = to;
      }
      r.spreadLevel = q;
    }
  }
  for (const h of hits.filter((x) => x.c === 'boj' || x.c === 'jp' || x.c === 'rate')) {
    const q = nextQty(h, 14);
    if (q && !r.bojLevel && q.unit !== 'bp') {
      q.used = true;
      r.bojLevel = q;
    }
  }
  // "is 0.75 neutral for boj": the number before the bank.
  if (!r.bojLevel && (has('boj') || has('rate')) && !r.moves.length) {
    const q = qty.find((x) => !x.used && isLevelish(x) && x.unit !== 'bp' && hits.some((h) => (h.c === 'boj' || h.c === 'rate') && h.pos > x.end && h.pos - x.end <= 16 && same(h.pos, x.pos)));
    if (q) {
      q.used = true;
      r.bojLevel = q;
    }
  }
  r.alert = readAlert(r, clauseOf);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Alerts: "tell us when the spread falls below 1.5", "日银开会前提醒我", "我的提醒", "删除提醒3"

type Series = 'spread' | 'us10y' | 'jp10y';
type Bank = 'fomc' | 'boj';
type Side = 'above' | 'below' | 'breaks';

/** One line to watch: a series, its level in the series' unit (pp or %), and the side if one was said. */
interface Watch {
  series: Series;
  level: number;
  side?: Side;
}

/**
 * What an alert request asks for. `weight` is how strongly the text asks for it (added to the
 * alert intent's score; 0: not an alert request).
 *   set   — watches (a line each; two or more when the text names several or leaves the country
 *           open), banks (meeting alerts), or only a series with a change from today (`delta`)
 *   list  — /alerts;  off — /alert off <id|all>, or /alerts when it names an alert without its id
 *   help  — asked for an alert without saying on what: /help alert
 */
interface AlertAsk {
  weight: number;
  act: 'set' | 'list' | 'off' | 'help';
  watches: Watch[];
  banks: Bank[];
  /** A series named without a level ("alert me when the spread narrows 50bp more"). */
  series?: Series;
  delta?: number;
  ids: number[] | 'all' | null;
  /** A date was asked for as well ("remind me when the next FOMC is"): /events is offered first. */
  askWhen: boolean;
  /** Asked twice, in two clauses ("alert me below 1.5, and remind me before the BOJ meets"). */
  twoAsks: boolean;
}

const RE_WHEN = new RegExp(ALERT_RE.when);
const RE_QUESTION = new RegExp(ALERT_RE.question);
const RE_ASK_WHEN = new RegExp(ALERT_RE.askWhen);
const RE_NEGATED = new RegExp(ALERT_RE.negated);
const RE_ALL = new RegExp(ALERT_RE.all);
const RE_CREATE = new RegExp(ALERT_RE.create);
const RE_WANT_LIST = new RegExp(ALERT_RE.wantList);
const RE_ORDINAL = new RegExp(`\\b(${Object.keys(EN_ORDINALS).join('|')})\\b`);
/** The whole text is the noun: "alerts?", "提醒", "my reminders". */
const BARE_NOUN = /^\s*(?:my\s+|the\s+|our\s+)?(?:alerts?|reminders?|notifications?|alarms?|提醒|预警|警报|通知)\s*[?？!！.。~]*\s*$/;
const BARE_VERB = /^\s*(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:alert|remind|notify|ping|warn)\s+(?:me|us)\s*(?:please|pls|plz)?\s*[?？!！.。]*\s*$|^\s*(?:请|麻烦)?(?:提醒|通知)(?:我|我们)(?:一下)?\s*[?？!！。吧]*\s*$/;
const SIDES: readonly Concept[] = ['above', 'below', 'breaks'];
const FROM = /(?:从|由|\bfrom\b|现在|目前|\bnow\b|\bcurrently\b)\s*(?:是|at|in)?\s*$/;

/**
 * Reads an alert request. Strong words (alert, remind, notify, 提醒, 通知) ask on their own; "tell me",
 * "let me know", "告诉我" only with a condition or a side ("tell me when …", "跌破1.5告诉我") and not in
 * a what-if ("tell me what happens if …"), so questions keep their readings. A level belongs to the
 * series named nearest before it; the side is the last side word before the level, or 以下/以上/
 * "or lower" right after it; "breaks"/破 alone is resolved later (build) from today's spread.
 */
function readAlert(r: Reading, clauseOf: (pos: number) => number): AlertAsk | undefined {
  const { s, hits, qty } = r;
  const notify = hits.filter((h) => h.c === 'notify');
  const tell = hits.filter((h) => h.c === 'tellme');
  const nouns = notify.filter((h) => ALERT_NOUNS.has(h.text));
  const negated = RE_NEGATED.test(s);
  const sideHits = hits.filter((h) => SIDES.includes(h.c));
  const question = RE_QUESTION.test(s);
  const strong = notify.length > 0;
  // "美债到5%喊我": the request after the level is a condition too.
  const weak = !strong && tell.length > 0 && (RE_WHEN.test(s) || sideHits.length > 0 || qty.some((q) => tell.some((t) => t.pos >= q.end))) && !question;
  // "stop sending alerts", "退订提醒": the unsubscribe words about alerts, not the briefing.
  const unsubAlerts = r.has('unsubscribe') && nouns.length > 0 && !r.has('brief');
  if (!strong && !weak && !negated && !unsubAlerts) return undefined;
  const near = (a: Hit, b: Hit, before: number, after: number) => (a.pos <= b.pos ? b.pos - a.end <= before : a.pos - b.end <= after);

  // Removing: an off word next to an alert noun, or a negated notify word.
  const offHit = hits.find((h) => h.c === 'alertoff' && notify.some((n) => near(h, n, 14, 8) && clauseOf(h.pos) === clauseOf(n.pos)));
  const off = !!offHit || negated || unsubAlerts;

  // Listing: a list word before an alert noun ("my alerts", "查看提醒"), or 列表/有哪些 after it.
  const listed = nouns.some((n) => hits.some((h) => h.c === 'alertlist' && h.end <= n.pos && n.pos - h.end <= 14 && clauseOf(h.pos) === clauseOf(n.pos)) || RE_WANT_LIST.test(s.slice(n.end)));

  // What is watched: series named, and the levels that go with them.
  const seriesHits: Array<{ h: Hit; series: Series | null }> = [];
  const bondNear = (h: Hit) => hits.some((b) => b.c === 'bond' && Math.abs(b.pos - h.end) <= 12);
  for (const h of hits) {
    if (h.c === 'spreadw') seriesHits.push({ h, series: 'spread' });
    else if (h.c === 'ust' || (h.c === 'us' && bondNear(h))) seriesHits.push({ h, series: 'us10y' });
    else if (h.c === 'jgb' || (h.c === 'jp' && bondNear(h))) seriesHits.push({ h, series: 'jp10y' });
  }
  // A yield with no country ("the 10y yield"): either one.
  if (!seriesHits.length) for (const h of hits) if (h.c === 'bond') seriesHits.push({ h, series: null });
  const sideOf = (q: Qty): Side | undefined => {
    const after = sideHits.find((h) => h.c !== 'breaks' && h.pos >= q.end && h.pos - q.end <= 3);
    if (after) return after.c as Side;
    const before = sideHits.filter((h) => h.end <= q.pos && q.pos - h.end <= 40 && !qty.some((x) => x !== q && x.pos >= h.end && x.end <= q.pos));
    const plain = before.filter((h) => h.c !== 'breaks').pop();
    return (plain ?? before.pop())?.c as Side | undefined;
  };
  const levelish = (q: Qty) => q.unit === '%' || q.unit === 'bp' || q.unit === '';
  const watches: Watch[] = [];
  const take = (series: Series | null, q: Qty) => {
    // A bare number past any sensible level is basis points ("利差跌破150").
    const v = q.unit === 'bp' || (q.unit === '' && Math.abs(q.v) >= 20 && Math.abs(q.v) <= 1500) ? q.v / 100 : q.v;
    const side = sideOf(q);
    const list: Series[] = series ? [series] : v >= 3 ? ['us10y', 'jp10y'] : ['jp10y', 'us10y'];
    for (const x of list) watches.push({ series: x, level: round4(v), ...(side ? { side } : {}) });
  };
  const named = [...new Set(seriesHits.map((x) => x.series))];
  const claimed = new Set<Qty>();
  const assigned: Array<[Series, Qty | undefined]> = [['spread', r.spreadLevel], ['us10y', r.us10y], ['jp10y', r.jp10y]];
  for (const { h, series } of seriesHits) {
    // The level the reading gave this series, else the first number after the name.
    let q = series ? assigned.find(([x]) => x === series)?.[1] : undefined;
    if (q && claimed.has(q)) continue;
    if (!q) q = qty.find((x) => !claimed.has(x) && levelish(x) && x.pos >= h.end && x.pos - h.end <= 40 && !seriesHits.some((o) => o.h !== h && o.h.pos > h.end && o.h.pos < x.pos) && (!x.used || x === r.spreadLevel || x === r.us10y || x === r.jp10y));
    if (!q || (off && q.unit === '' && Number.isInteger(q.v))) continue;
    if (watches.some((w) => w.series === series) && series) continue;
    // "利差从2.2跌破1.5", "from 2.2 to below 1.5": the line is the second number.
    if (FROM.test(s.slice(Math.max(0, q.pos - 8), q.pos))) {
      const q0 = q;
      q = qty.find((x) => x.pos > q0.end && x.pos - q0.end <= 20 && levelish(x)) ?? q;
      claimed.add(q0);
    }
    claimed.add(q);
    take(series, q);
  }
  // "below 1.5 or above 3": more lines on the one series, each with its side.
  if (watches.length && !off) {
    const one = watches[0]!.series;
    for (const q of qty) {
      if (claimed.has(q) || !levelish(q) || (q.used && q !== r.spreadLevel && q !== r.us10y && q !== r.jp10y)) continue;
      const side = sideOf(q);
      if ((side === 'above' || side === 'below') && named.length === 1 && !FROM.test(s.slice(Math.max(0, q.pos - 8), q.pos))) {
        claimed.add(q);
        take(one, q);
      }
    }
  }
  // "the spread is at 2.2 now, alert me if it falls below 1.5": a number with no side beside one with a side is today's.
  for (let i = watches.length - 1; i >= 0; i--) {
    const w = watches[i]!;
    if (!w.side && watches.some((o) => o.series === w.series && (o.side === 'above' || o.side === 'below'))) watches.splice(i, 1);
  }
  // "1.5以下提醒我 (利差)", "below 1.5 on the spread": the level before the name.
  if (!watches.length && named.length === 1 && !off) {
    const q = qty.find((x) => levelish(x) && !x.used);
    if (q) take(named[0]!, q);
  }

  // Meetings: the banks named ("BOJ", "美联储"; a country with meeting or rate words; 央行 alone is both).
  const banks: Bank[] = [];
  const meetingish = r.has('events') || r.has('rate') || r.has('cut') || r.has('hike') || r.has('hold');
  for (const h of hits) {
    // "boj meeting", "next fomc" are meeting words that name the bank too.
    const inEvent = h.c === 'events' ? (/\bboj\b/.test(h.text) ? 'boj' : /\bfomc\b|\bfed\b/.test(h.text) ? 'fomc' : null) : null;
    const b: Bank | null = h.c === 'fed' || (h.c === 'us' && meetingish) ? 'fomc' : h.c === 'boj' || (h.c === 'jp' && meetingish) ? 'boj' : inEvent;
    if (b && !banks.includes(b)) banks.push(b);
  }
  // 央行 alone, or a central-bank meeting word with no bank ("议息会议", "rate decision"): either bank.
  const bankMeeting = hits.some((h) => h.c === 'events' && !GENERIC_MEETING.has(h.text) && !/^(?:when|whens|dates?|几号|哪天|哪一天|日程|日历|calendar|schedule|events?)/.test(h.text));
  if (!banks.length && ((/央行/.test(s) && (meetingish || strong)) || bankMeeting)) banks.push('fomc', 'boj');

  // Which alert, for removing: "#3", "alert 3", "第二个提醒", "the second alert".
  let ids: number[] | 'all' | null = null;
  if (off) {
    const nums = qty.filter((q) => q.unit === '' && Number.isInteger(q.v) && q.v >= 1 && q.v <= 999 && !q.signed).map((q) => q.v);
    const ord = RE_ORDINAL.exec(s)?.[1];
    if (ord) nums.push(EN_ORDINALS[ord]!);
    ids = nums.length ? [...new Set(nums)].slice(0, 3) : RE_ALL.test(s) || (!seriesHits.length && !banks.length) ? 'all' : null;
  }

  const series = named.length === 1 && named[0] ? named[0] : undefined;
  // "什么时候开会，到时候提醒我": the date is asked only to be reminded of it.
  const askWhen = RE_ASK_WHEN.test(s) && !/到时|届时|\bthen\b|\bat that (?:time|point)\b/.test(s);
  const asks = [...notify, ...tell];
  const twoAsks = asks.length >= 2 && new Set(asks.map((h) => clauseOf(h.pos))).size >= 2;
  const base = { watches, banks, ids, askWhen, twoAsks, ...(series ? { series } : {}), ...(r.spreadDelta !== undefined ? { delta: r.spreadDelta } : {}) };
  if (off) return { ...base, act: 'off', weight: 8 };
  if (listed && !watches.length) return { ...base, act: 'list', weight: 6 };
  if (watches.length) return { ...base, act: 'set', weight: 8 };
  if (banks.length) {
    // "tell me when the next FOMC is": a date asked for, not an alert.
    if (!strong && (askWhen || /\bnext\b|下次|下一次|下个/.test(s))) return undefined;
    return { ...base, act: 'set', weight: 8 };
  }
  // Every morning, the brief: a subscription, not an alert.
  if (r.has('daily') || r.has('subscribe') || r.has('brief') || r.time) return undefined;
  if (series && r.spreadDelta !== undefined && series === 'spread') return { ...base, act: 'set', weight: 8 };
  if (!strong) return undefined;
  if (BARE_NOUN.test(s) || /^\s*(?:alerts?|reminders?|提醒|预警)\s*(?:list|lists)\s*[?？!！.。]*\s*$/.test(s)) return { ...base, act: 'list', weight: 5 };
  // "alert me", "提醒我" and nothing else: how to set one.
  if (BARE_VERB.test(s)) return { ...base, act: 'help', weight: 4 };
  // "remind me what the spread is": asked now, not later.
  if (series && /\bwhat(?:'s| is| was)?\b|\bhow (?:wide|narrow|high|low)\b|多少|几/.test(s)) return undefined;
  if (series || RE_CREATE.test(s)) return { ...base, act: 'help', weight: 4 };
  return undefined;
}

/** Alert lines for a reading, likeliest first (several: the buttons of an 'ambiguous' answer). */
function alertLines(a: AlertAsk, base: Baseline): string[] {
  if (a.act === 'list') return ['/alerts'];
  if (a.act === 'help') return ['/help alert'];
  if (a.act === 'off') return a.ids === null ? ['/alerts'] : a.ids === 'all' ? ['/alert off all'] : a.ids.map((id) => `/alert off ${id}`);
  const out: string[] = [];
  for (const w of a.watches) {
    // "breaks" alone: the side it would cross to from today's spread; up when that is unknown.
    const side = w.side === 'breaks' ? (w.series === 'spread' && base.spreadPp !== undefined && base.spreadPp > w.level ? 'below' : 'above') : w.side;
    out.push(side ? `/alert ${w.series} ${side} ${fmtNum(w.level)}` : `/alert ${w.series} ${fmtNum(w.level)}`);
  }
  // Meetings asked for on their own, or besides a line in a second request ("… and remind us before the BOJ meets").
  if (a.banks.length && (!out.length || a.twoAsks)) {
    out.push(...a.banks.map((b) => `/alert ${b}`));
    if (a.askWhen && out.length === a.banks.length) out.unshift('/events');
  }
  // "利差再收窄50个基点提醒我": a change from today's spread is a line once today's spread is known.
  if (!out.length && a.series === 'spread' && a.delta !== undefined && base.spreadPp !== undefined) {
    out.push(`/alert spread ${a.delta < 0 ? 'below' : 'above'} ${fmtNum(round4(base.spreadPp + a.delta))}`);
  }
  if (!out.length) out.push('/help alert');
  return [...new Set(out)].slice(0, 3);
}

// ---------------------------------------------------------------------------------------------
// Intents

type Scores = Partial<Record<CommandName, number>>;

const CUE: Partial<Record<Concept, Scores>> = {
  carry: { carry: 3 },
  neutral: { neutral: 3.5 },
  liquidity: { liquidity: 3 },
  debt: { debt: 3 },
  path: { path: 2.5 },
  scenario: { scenario: 3 },
  factcheck: { factcheck: 4.5 },
  brief: { brief: 3 },
  events: { events: 3 },
  help: { help: 3 },
  about: { about: 3 },
  subscribe: { subscribe: 3.5 },
  unsubscribe: { unsubscribe: 5 },
  next: { events: 1 },
  fed: { events: 0.3 },
  history: { spread: 1 },
  ust: { spread: 1.5 },
  jgb: { spread: 1.5 },
  bond: { spread: 0.5 },
  now: { brief: 0.5 },
};

const free = (r: Reading) => r.qty.filter((q) => !q.used && q.unit !== '次');

function fmtNum(v: number): string {
  return String(Number(v.toFixed(6)));
}

/** Builds "/name a b" or "/name a name:c" from values in argument order (undefined = default). */
function lineOf(name: CommandName, values: Array<[string, number | string | undefined]>): string {
  const parts: string[] = [`/${name}`];
  let gap = false;
  for (const [arg, v] of values) {
    if (v === undefined) {
      gap = true;
      continue;
    }
    const s = typeof v === 'number' ? fmtNum(v) : v;
    parts.push(gap ? `${arg}:${s}` : s);
  }
  return parts.join(' ');
}

const pctOf = (q: Qty | undefined) => (q ? asPct(q) : undefined);

/** The BOJ rate after the moves asked about, when today's rate is known. */
const AGAIN = /再|又|\banother\b|\bone more\b|\bagain\b|\bnext\b/;
const movedRate = (r: Reading, boj: Move[], base: Baseline) => {
  const counted = boj.filter((m) => m.sized || AGAIN.test(r.s));
  return counted.length && base.bojRatePct !== undefined ? round4(base.bojRatePct + counted.reduce((a, m) => a + m.bp, 0) / 100) : undefined;
};

/** Today's figures, for questions that move from them ("利差再收窄50个基点", "if the BOJ hikes once more"). */
export interface Baseline {
  /** The US–JP 10y spread now, pp. */
  spreadPp?: number;
  /** The BOJ policy rate now, %. */
  bojRatePct?: number;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

function build(name: CommandName, r: Reading, raw: string, base: Baseline = {}): string {
  const rest = free(r);
  const fed = r.moves.filter((m) => m.actor === 'fed');
  const boj = r.moves.filter((m) => m.actor === 'boj');
  const sum = (ms: Move[]) => (ms.length ? ms.reduce((a, m) => a + m.bp, 0) : undefined);
  switch (name) {
    case 'carry': {
      const q = r.spreadLevel ?? rest.find(isLevelish) ?? r.bojLevel;
      const moved = !q && r.spreadDelta !== undefined && base.spreadPp !== undefined ? round4(Math.max(0, base.spreadPp + r.spreadDelta)) : undefined;
      return lineOf('carry', [['spread', pctOf(q) ?? moved]]);
    }
    case 'neutral': {
      const q = r.bojLevel ?? rest.find(isLevelish) ?? r.spreadLevel;
      return lineOf('neutral', [['rate', pctOf(q) ?? movedRate(r, boj, base)]]);
    }
    case 'spread': {
      let us = pctOf(r.us10y);
      let jp = pctOf(r.jp10y);
      if (us === undefined && jp === undefined) {
        const nums = [r.spreadLevel, ...rest].filter((q): q is Qty => !!q && isLevelish(q));
        if (nums.length >= 2) [us, jp] = [asPct(nums[0]!), asPct(nums[1]!)];
      }
      return lineOf('spread', [['us10y', us], ['jp10y', jp]]);
    }
    case 'liquidity': {
      const cut = fed.find((m) => m.bp < 0) ?? r.moves.find((m) => m.bp < 0);
      const bpQ = rest.find((q) => q.unit === 'bp');
      const cutBp = cut ? (cut.sized || r.has('cut') ? Math.abs(cut.bp) : undefined) : bpQ ? Math.abs(bpQ.v) : undefined;
      const months = r.months ? r.months.v : r.years ? r.years.v * 12 : undefined;
      return lineOf('liquidity', [['cut_bp', cutBp], ['months', months], ['spread', pctOf(r.spreadLevel)]]);
    }
    case 'debt': {
      const q = r.bojLevel ?? rest.find((x) => x.unit === '%' || x.unit === '') ?? r.spreadLevel;
      return lineOf('debt', [['rate', pctOf(q) ?? movedRate(r, boj, base)], ['years', r.years?.v]]);
    }
    case 'path': {
      const step = r.step ? Math.abs(asBp(r.step)) : rest.find((q) => q.unit === 'bp')?.v;
      const target = r.bojLevel ?? rest.find((q) => q.unit === '%' || (q.unit === '' && q.v <= 5)) ?? r.spreadLevel;
      const every = r.every?.v ?? r.months?.v;
      return lineOf('path', [['step_bp', step], ['every_months', every], ['target', pctOf(target)]]);
    }
    case 'scenario': {
      let f = sum(fed);
      let b = sum(boj);
      if (f === undefined && b === undefined) {
        const nums = rest.filter((q) => q.unit === 'bp' || q.unit === '' || q.unit === '%');
        if (nums[0]) f = asBp(nums[0]);
        if (nums[1]) b = asBp(nums[1]);
      }
      return lineOf('scenario', [['fed_bp', f], ['boj_bp', b]]);
    }
    case 'alert':
      return r.alert ? alertLines(r.alert, base)[0]! : '/alerts';
    case 'help': {
      const target = commandMentioned(r);
      return target ? `/help ${target}` : '/help';
    }
    case 'subscribe': {
      const zone = /\b([A-Z][a-z]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?)\b/.exec(raw.normalize('NFKC'))?.[1] ?? cityZone(r.s);
      const days = r.has('weekdays') ? 'weekdays' : r.has('daily') ? 'daily' : undefined;
      return lineOf('subscribe', [['time', r.time ?? undefined], ['timezone', zone], ['days', days]]);
    }
    case 'settings': {
      if (r.has('langzh') && !r.has('langen')) return '/settings lang zh';
      if (r.has('langen') && !r.has('langzh')) return '/settings lang en';
      if (/\barticle\b|文章/.test(r.s)) return '/settings preset article';
      if (/\bobserved\b|实测|观测/.test(r.s)) return '/settings preset observed';
      if (/\bdark\b|深色|暗色|夜间/.test(r.s)) return '/settings theme dark';
      if (/\blight\b|浅色|亮色/.test(r.s)) return '/settings theme light';
      return '/settings';
    }
    default:
      return `/${name}`;
  }
}

const CITY_ZONES: Array<[RegExp, string]> = [
  [/上海|北京|深圳|广州|\bshanghai\b|\bbeijing\b|china time|北京时间/, 'Asia/Shanghai'],
  [/东京|\btokyo\b|日本时间/, 'Asia/Tokyo'],
  [/香港|\bhong kong\b|\bhk\b/, 'Asia/Hong_Kong'],
  [/台北|台湾|\btaipei\b/, 'Asia/Taipei'],
  [/新加坡|\bsingapore\b/, 'Asia/Singapore'],
  [/纽约|\bnew york\b|\bnyc\b|eastern time|\bet\b/, 'America/New_York'],
  [/伦敦|\blondon\b|\buk time\b/, 'Europe/London'],
];

function cityZone(s: string): string | undefined {
  return CITY_ZONES.find(([re]) => re.test(s))?.[1];
}

const NAMES_IN_TEXT: Array<[Concept, CommandName]> = [
  ['carry', 'carry'], ['neutral', 'neutral'], ['spreadw', 'spread'], ['liquidity', 'liquidity'], ['debt', 'debt'], ['path', 'path'],
  ['scenario', 'scenario'], ['factcheck', 'factcheck'], ['brief', 'brief'], ['events', 'events'], ['subscribe', 'subscribe'], ['notify', 'alert'],
];

const NAME_RES = commandNames.map((n) => new RegExp(`(?:^|[^a-z])/?${n}(?![a-z])`));

function commandMentioned(r: Reading): CommandName | undefined {
  const named = commandNames.find((n, i) => n !== 'help' && NAME_RES[i]!.test(r.s));
  if (named) return named;
  return NAMES_IN_TEXT.find(([c]) => r.has(c))?.[1];
}

function score(r: Reading): Scores {
  const sc: Scores = {};
  const add = (n: CommandName, v: number) => (sc[n] = (sc[n] ?? 0) + v);
  const seen = new Set<Concept>();
  for (const h of r.hits) {
    const cue = CUE[h.c];
    if (!cue) continue;
    // A repeated word counts a little more, never as much as a second kind of cue.
    const k = seen.has(h.c) ? 0.5 : 1;
    seen.add(h.c);
    for (const [n, v] of Object.entries(cue) as Array<[CommandName, number]>) add(n, v * k);
  }
  const rest = free(r);
  const actors = new Set(r.moves.map((m) => m.actor));
  const sizedMoves = r.moves.filter((m) => m.sized);
  // Policy moves: both banks → the chain; one bank → the chain unless a stronger cue says otherwise.
  if (actors.size >= 2) add('scenario', 4);
  else if (r.moves.length) add('scenario', sizedMoves.length ? 2.5 : 2);
  if (r.moves.some((m) => m.actor === 'fed' && m.bp < 0)) add('liquidity', 0.5);
  if (r.moves.some((m) => m.actor === 'boj' && m.bp > 0)) add('path', 0.5);
  if (r.every) add('path', 3);
  if (r.has('hike') && r.has('path') && r.bojLevel) add('path', 1);
  if (r.us10y || r.jp10y) add('spread', 4);
  if (r.bojLevel) {
    add('neutral', 2);
    add('debt', 0.5);
    add('path', 0.5);
  }
  if (r.has('rate') && (r.has('boj') || r.bojLevel) && !r.moves.length) add('neutral', 1);
  if (r.years) add('debt', 1);
  if (r.months) add('liquidity', 1);
  if (r.has('spreadw')) {
    if (r.spreadLevel || r.spreadDelta !== undefined) add('carry', 3);
    else if (!rest.length || r.has('now') || r.has('history')) add('spread', 2.5);
    else add('carry', 1);
  } else if (r.spreadLevel) add('carry', 1.5);
  if (r.has('liquidity') && r.has('carry') && !r.spreadLevel) add('liquidity', 2);
  // Carry words around policy moves and no spread: the question is about the moves.
  if (r.moves.length && !r.spreadLevel && sc.carry) add('carry', -3);
  // Fed easing set against the carry flows home is the liquidity answer's whole point.
  if (r.has('versus') && (r.has('liquidity') || r.moves.some((m) => m.actor === 'fed' && m.bp < 0))) add('liquidity', r.has('carry') ? 4 : 2);
  if ((r.has('settings') || r.has('preset') || r.has('theme')) && (r.has('langzh') || r.has('langen') || /\barticle\b|\bobserved\b|\bdark\b|\blight\b|深色|浅色/.test(r.s))) add('settings', 4);
  if (r.has('subscribe') && r.has('unsubscribe')) sc.subscribe = 0;
  if (r.has('brief') && (r.has('subscribe') || r.has('daily')) && r.time) add('subscribe', 1);
  if (r.has('help') && commandMentioned(r)) add('help', 1);
  // "明天下午3点开会": a meeting with no bank and no "next"/"when" is somebody's own.
  if (sc.events && !r.has('fed') && !r.has('boj') && !r.has('next') && !r.has('events') === false && r.hits.every((h) => h.c !== 'events' || GENERIC_MEETING.has(h.text)) && !/什么时候|几号|哪天|\bwhen\b/.test(r.s)) add('events', -2);
  // "what's new with the fed meeting": events beat brief when both are asked.
  if (r.has('events') && r.has('next')) add('events', 1);
  if (r.alert) add('alert', r.alert.weight);
  // "每天早上提醒我看早报", "remind me every morning": the briefing, on a schedule.
  else if (r.has('notify') && (r.has('daily') || r.has('brief')) && !r.has('unsubscribe')) add('subscribe', 4);
  // "下次FOMC", "next BOJ?": the next meeting of a bank.
  if (r.has('next') && (r.has('fed') || r.has('boj')) && !r.moves.length && !r.qty.length) add('events', 1.5);
  return sc;
}

/** Words that make a lone number likely to be one of ours (else "btc up 5%" would get buttons). */
const ABOUT_RATES = new Set<Concept>(['fed', 'boj', 'us', 'jp', 'ust', 'jgb', 'bond', 'rate', 'spreadw', 'carry', 'neutral', 'whatif', 'cut', 'hike']);

const GENERIC_MEETING = new Set(['开会', '会议', 'meet', 'meets', 'meeting', 'meetings', '例会', '议程', 'agenda']);

const RANKED_DEFAULT: CommandName[] = ['carry', 'neutral', 'scenario', 'liquidity', 'spread', 'debt', 'path'];

/** Readings of a bare number when nothing says what it is, likeliest first. */
function numberCandidates(q: Qty): string[] {
  const v = q.v;
  if (q.unit === 'bp') {
    const out: string[] = [];
    if (Math.abs(v) <= 300) out.push(`/scenario ${fmtNum(-Math.abs(v))}`);
    if (v >= 0 && v <= 300) out.push(`/liquidity ${fmtNum(v)}`);
    if (v >= 0 && v <= 600) out.push(`/carry ${fmtNum(v / 100)}`);
    return out.slice(0, 3);
  }
  if (v >= 0 && v <= 6) return [`/carry ${fmtNum(v)}`, `/neutral ${fmtNum(v)}`];
  if (v >= -1 && v <= 10) return [`/neutral ${fmtNum(v)}`, `/debt ${fmtNum(v)}`];
  if (Number.isInteger(v) && Math.abs(v) <= 300) return [`/scenario ${fmtNum(-Math.abs(v))}`, `/liquidity ${fmtNum(Math.abs(v))}`];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Slash lines

function aliasOf(head: string): CommandName | undefined {
  const h = toSimplified(head.normalize('NFKC')).toLowerCase();
  if ((commandNames as readonly string[]).includes(h)) return h as CommandName;
  if (ZH_ALIASES[h]) return ZH_ALIASES[h];
  if (EN_ALIASES[h]) return EN_ALIASES[h];
  if (h.length >= 4 && /^[a-z]+$/.test(h)) {
    const typo = EN_TYPOS[h];
    if (typo && (commandNames as readonly string[]).includes(typo)) return typo as CommandName;
    const near = commandNames.find((n) => n.length >= 4 && editDistance(h, n, n.length >= 8 ? 2 : 1) <= (n.length >= 8 ? 2 : 1));
    if (near) return near;
  }
  return undefined;
}

/** A number token written any way people write one → the plain form the argument parser reads. */
function plainToken(tok: string): string {
  const n = normalizeText(tok).s.trim();
  const m = /^([+-]?\d+(?:\.\d+)?)(%|bp|mo|yr|次)?$/.exec(n);
  if (!m) return tok;
  const unit = m[2] === '次' ? '' : m[2] === 'mo' ? 'm' : m[2] === 'yr' ? 'y' : (m[2] ?? '');
  return m[2] === '次' ? `${fmtNum(Number(m[1]) * 25)}bp` : `${fmtNum(Number(m[1]))}${unit}`;
}

/** With `numbersOnly`, "debt 1.5 10" (a command word and plain numbers, no slash) reads as the slash line. */
function fromSlash(text: string, numbersOnly = false): { line: string } | null {
  const s = text.normalize('NFKC').trim();
  if (!s.startsWith('/')) return null;
  const m = /^\/([^\s@\d.,%+-]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(s);
  if (!m) return null;
  // Without a slash only the registry's own names (or a slip of them) count: "利差 1.5" is a question, "debt 1.5 10" a command.
  const name = numbersOnly ? (/^[a-z]+$/i.test(m[1]!) && !EN_ALIASES[m[1]!.toLowerCase()] ? aliasOf(m[1]!) : undefined) : aliasOf(m[1]!);
  if (!name) return null;
  const raw = (m[2] ?? '').split(/\s+/).filter(Boolean);
  const tokens = raw.map(plainToken);
  if (numbersOnly && (raw.length === 0 || !tokens.every((t) => /^[+-]?\d+(?:\.\d+)?(?:%|bp|m|y)?$/.test(t)))) return null;
  return { line: [`/${name}`, ...tokens].join(' ') };
}

// ---------------------------------------------------------------------------------------------
// The entry point

const MAX_TEXT = 512;

export function understand(text: string, base?: Baseline): Understood {
  try {
    return understandUnsafe(typeof text === 'string' ? text.slice(0, MAX_TEXT) : '', base ?? {});
  } catch {
    return { kind: 'none', lang: 'en' };
  }
}

function understandUnsafe(text: string, base: Baseline): Understood {
  const lang = detectLang(text) ?? 'en';
  const slash = fromSlash(text) ?? fromSlash(`/${text.normalize('NFKC').trim()}`, true);

  if (slash) return { kind: 'command', line: slash.line, lang };
  // "/利差1.5会怎样", "/what if …": a slash in front of plain words; read the words.
  // The bot's own name is not part of the question ("@CarryBot 利差1.5会怎样", "carry bot: …").
  const body = text.normalize('NFKC').trim().replace(/^\/+/, '').replace(/@\w+|\bcarry\s?bot\b:?/gi, ' ');
  // "about" alone asks about the bot; inside a sentence it is just a word ("about 1.5").
  if (/^\s*(?:about|about\s+(?:you|this|the bot|carrybot))\s*[?？!.。]*\s*$/i.test(body)) return { kind: 'command', line: '/about', lang };
  const r = read(body);
  const sc = score(r);
  const ranked = (Object.entries(sc) as Array<[CommandName, number]>).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || RANKED_DEFAULT.indexOf(a[0]) - RANKED_DEFAULT.indexOf(b[0]));
  const best = ranked[0];
  const nums = free(r);
  if (!best || best[1] < 2) {
    const q = nums.find(isLevelish) ?? r.spreadLevel ?? r.bojLevel;
    const finance = r.hits.some((h) => ABOUT_RATES.has(h.c));
    const bare = r.s.replace(/[\d.%+\-\s?？!！。,，~～…]|bp|的话|会怎样|会怎么样|怎么样|呢|吗|啊|呀|what if|what about|how about|and|if|at|\?/g, '').length <= 2;
    // Another market's number ("日经跌5%会怎样", "usdjpy 150?") is not one of ours.
    if (q && (finance || bare) && !r.has('offtopic') && (q.unit !== '' || Math.abs(q.v) <= 10)) {
      const c = numberCandidates(q);
      if (c.length >= 2) return { kind: 'ambiguous', candidates: c, lang };
    }
    if (best && best[1] >= 1.5) return { kind: 'command', line: build(best[0], r, body, base), lang };
    return { kind: 'none', lang };
  }
  const second = ranked[1];
  if (second && best[1] - second[1] < 0.5) {
    const lines = [...new Set(ranked.filter(([, v]) => best[1] - v < 0.5).slice(0, 3).map(([n]) => build(n, r, body, base)))];
    if (lines.length > 1) return { kind: 'ambiguous', candidates: lines, lang };
  }
  if (best[0] === 'alert' && r.alert) {
    const lines = alertLines(r.alert, base);
    if (lines.length > 1) return { kind: 'ambiguous', candidates: lines, lang };
  }
  return { kind: 'command', line: build(best[0], r, body, base), lang };
}

/** For tests and the bench: what the parser saw. */
export function explain(text: string): { normalized: string; hits: string[]; scores: Scores; moves: Move[] } {
  const r = read(text);
  return { normalized: r.s, hits: r.hits.map((h) => `${h.c}:${h.text}`), scores: score(r), moves: r.moves };
}
