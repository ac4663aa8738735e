import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeContext, MemorySettings } from '../../src/commands/context.js';
import { formatter } from '../../src/commands/format.js';
import { registry } from '../../src/commands/registry.js';
import { execute } from '../../src/commands/run.js';
import { detectLang, understand, type Understood } from '../../src/commands/understand/index.js';
import { EN, ZH } from '../../src/commands/understand/lexicon.js';
import { chineseNumber, normalizeText } from '../../src/commands/understand/normalize.js';
import { executeText, questionLang } from '../../src/commands/understand/respond.js';
import type { AlertPort, AlertRecord } from '../../src/commands/types.js';
import { projectRoot } from '../../src/data/paths.js';
import { answer, dataset, NOW } from '../helpers.js';

/** The corpus: phrasing TAB expected, where expected is a command line, "? a | b" (ambiguous) or "-" (none). */
const corpus = readFileSync(join(projectRoot(), 'test/fixtures/phrasings.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [text = '', expected = ''] = l.split('\t');
    return { text, expected };
  });

/** Today's figures in the observed preset: what the corpus's "changes from today" are measured from. */
/** The corpus's reference figures: questions phrased as a change are written against these (the data moves on). */
const base = () => ({ spreadPp: 2.245, bojRatePct: 0.75 });
const shown = (u: Understood) => (u.kind === 'command' ? u.line : u.kind === 'ambiguous' ? `? ${u.candidates.join(' | ')}` : '-');
const HAN = /[\u4e00-\u9fff]/;

describe('understand(): the phrasings corpus', () => {
  test('GIVEN the corpus THEN it holds at least 250 phrasings in both languages, Traditional Chinese, ambiguous ones and ones with no reading', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(250);
    expect(corpus.filter((r) => HAN.test(r.text)).length).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((r) => !HAN.test(r.text)).length).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((r) => /[會麼債銀聯點議據報]/.test(r.text)).length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((r) => r.expected.startsWith('?')).length).toBeGreaterThanOrEqual(8);
    expect(corpus.filter((r) => r.expected === '-').length).toBeGreaterThanOrEqual(8);
    expect(new Set(corpus.filter((r) => r.expected.startsWith('/')).map((r) => r.expected.split(' ')[0])).size).toBeGreaterThanOrEqual(15);
  });

  test('GIVEN every phrasing THEN the exact command line, candidates or none it must give', () => {
    const wrong = corpus.map((r) => ({ ...r, got: shown(understand(r.text, base())) })).filter((r) => r.got !== r.expected);
    expect(wrong.map((r) => `${r.text} → ${r.got} (want ${r.expected})`)).toEqual([]);
  });

  test('GIVEN every phrasing THEN the language it is written in (Chinese when Han characters carry the question)', () => {
    for (const r of corpus) {
      if (r.text.startsWith('/') && !HAN.test(r.text)) continue;
      const han = (r.text.match(/[\u4e00-\u9fff]/g) ?? []).length;
      if (han >= 2) expect(understand(r.text).lang, r.text).toBe('zh');
      else if (han === 0 && /[a-z]{3}/i.test(r.text)) expect(understand(r.text).lang, r.text).toBe('en');
    }
  });

  test('GIVEN every command line in the corpus THEN it is answered (not an error)', async () => {
    const lines = new Set(corpus.flatMap((r) => (r.expected.startsWith('?') ? r.expected.slice(2).split(' | ') : r.expected.startsWith('/') ? [r.expected] : [])));
    for (const line of lines) {
      if (/^\/(subscribe|unsubscribe|settings)/.test(line)) continue; // state-changing: answered in their own tests
      const out = await answer(line);
      // Alerts live in platform chats: the console says so (and they are answered below, in a chat).
      if (/^\/alerts?\b/.test(line)) expect(out.ok ? 'ok' : out.error.code, line).toBe('platformOnly');
      else expect(out.ok ? 'ok' : `${out.error.code}: ${out.error.message}`, line).toBe('ok');
    }
  });

  test('GIVEN every alert line in the corpus WHEN run in a Telegram chat with an alert store THEN it is answered (set, listed or removed), in both languages', async () => {
    const lines = new Set(corpus.flatMap((r) => (r.expected.startsWith('?') ? r.expected.slice(2).split(' | ') : [r.expected])).filter((l) => /^\/alerts?\b/.test(l)));
    expect(lines.size).toBeGreaterThanOrEqual(40);
    for (const lang of ['en', 'zh'] as const) {
      for (const line of lines) {
        const alerts = memoryAlerts();
        await alerts.add('t', { kind: 'decision', bank: 'boj' }, { armed: true, now: NOW, max: 10, lang });
        await alerts.add('t', { kind: 'decision', bank: 'fomc' }, { armed: true, now: NOW, max: 10, lang });
        await alerts.add('t', { kind: 'level', series: 'spread', op: 'below', threshold: 1.5 }, { armed: true, now: NOW, max: 10, lang });
        const ctx = await makeContext({ dataset: dataset(), settings: new MemorySettings(), alerts, chatId: 't', platform: 'telegram', now: NOW, override: { lang } });
        const out = await execute(line, ctx, { onUnexpected: (err) => { throw err; } });
        expect(out.ok ? 'ok' : `${out.error.code}: ${out.error.message}`, line).toBe('ok');
      }
    }
  });
});

/** A chat's alerts in memory: enough of the store for the commands to answer. */
function memoryAlerts(): AlertPort {
  const all: AlertRecord[] = [];
  return {
    bandPp: 0.1,
    list: async () => [...all],
    add: async (_chat, rule, o) => {
      if (all.length >= o.max) return 'full';
      const rec = { ...rule, id: Math.max(0, ...all.map((a) => a.id)) + 1, created: o.now.toISOString(), armed: o.armed } as AlertRecord;
      all.push(rec);
      return rec;
    },
    remove: async (_chat, which) => {
      const before = all.length;
      for (let i = all.length - 1; i >= 0; i--) if (which === 'all' || all[i]!.id === which) all.splice(i, 1);
      return before - all.length;
    },
  };
}

describe('understand(): numbers in every form', () => {
  test.each([
    ['利差1.5会怎样', '/carry 1.5'],
    ['利差１.５会怎样', '/carry 1.5'],
    ['利差1,5会怎样', '/carry 1.5'],
    ['利差1.5%会怎样', '/carry 1.5'],
    ['利差150bp会怎样', '/carry 1.5'],
    ['利差150基点会怎样', '/carry 1.5'],
    ['利差1.5个百分点会怎样', '/carry 1.5'],
    ['利差一点五会怎样', '/carry 1.5'],
    ['利差百分之一点五会怎样', '/carry 1.5'],
    ['利差半个百分点会怎样', '/carry 0.5'],
    ['利差一百五十个基点会怎样', '/carry 1.5'],
    ['美联储降息两次', '/scenario -50'],
    ['日银加息25个基点', '/scenario boj_bp:25'],
    ['cut 50bp', '/scenario -50'],
    ['降息50基点', '/scenario -50'],
    ['fed cuts half a point', '/scenario -50'],
    ['fed cuts a quarter point', '/scenario -25'],
    ['降息一码', '/scenario -25'],
    ['fed cuts by 0.5%', '/scenario -50'],
    ['fed cuts 25bp twice', '/scenario -50'],
    ['boj at minus 0.1', '/neutral -0.1'],
  ])('GIVEN %s THEN %s', (text, line) => expect(shown(understand(text))).toBe(line));

  test('GIVEN Chinese numerals THEN their values', () => {
    expect(chineseNumber('一点五')).toBe(1.5);
    expect(chineseNumber('零点七五')).toBe(0.75);
    expect(chineseNumber('二十五')).toBe(25);
    expect(chineseNumber('一百五')).toBe(150);
    expect(chineseNumber('一百零五')).toBe(105);
    expect(chineseNumber('十')).toBe(10);
    expect(chineseNumber('两')).toBe(2);
    expect(chineseNumber('半')).toBe(0.5);
  });

  test('GIVEN tenors, dates and clock times THEN they are not read as quantities', () => {
    expect(normalizeText('美国10年期国债').s).not.toMatch(/\d/);
    expect(normalizeText('us 10y yield').s).not.toMatch(/\d/);
    expect(normalizeText('12月18日的会议').s).not.toMatch(/\d/);
    expect(normalizeText('2026年').s).not.toMatch(/\d/);
    expect(normalizeText('每天早上7:30').time).toBe('07:30');
  });
});

describe('understand(): slash lines', () => {
  test.each([
    ['/套息 1.5', '/carry 1.5'], ['/中性 0.75', '/neutral 0.75'], ['/利差', '/spread'], ['/流动性', '/liquidity'], ['/债务', '/debt'],
    ['/路径', '/path'], ['/情景', '/scenario'], ['/核查', '/factcheck'], ['/早报', '/brief'], ['/会议', '/events'], ['/帮助', '/help'],
    ['/關於', '/about'], ['/訂閱', '/subscribe'], ['/退订', '/unsubscribe'], ['/设置 lang zh', '/settings lang zh'],
    ['/carry 1.5', '/carry 1.5'], ['/carry@CarryBot 1.5', '/carry 1.5'], ['/cary 1.5', '/carry 1.5'], ['/套息 一点五', '/carry 1.5'],
  ])('GIVEN %s THEN %s', (text, line) => expect(shown(understand(text))).toBe(line));

  test('GIVEN a slash in front of plain words THEN the words are read, and the slash is not echoed', async () => {
    expect(shown(understand('/利差1.5会怎样'))).toBe('/carry 1.5');
    const ctx = await makeContext({ dataset: dataset(), settings: new MemorySettings(), chatId: 't', platform: 'console', now: NOW, override: { lang: 'zh' } });
    const out = await executeText('/今天吃什么', ctx);
    expect(out.outcome.ok).toBe(false);
    if (!out.outcome.ok) {
      expect(out.outcome.error.code).toBe('notUnderstood');
      expect(out.outcome.error.message).not.toContain('/今天');
    }
  });
});

describe('executeText(): what adapters get', () => {
  const ctxFor = (lang: 'en' | 'zh') => makeContext({ dataset: dataset(), settings: new MemorySettings(), chatId: 't', platform: 'console', now: NOW, override: { lang } });

  test('GIVEN a question THEN the answer of the command understood, with "→ /carry 1.5" at the end', async () => {
    const out = await executeText('利差收窄到1.5会怎么样', await ctxFor('zh'));
    expect(out.parsed).toBe('/carry 1.5');
    expect(out.outcome.ok).toBe(true);
    if (out.outcome.ok) {
      expect(out.outcome.answer.text.split('\n').pop()).toBe('→ /carry 1.5');
      expect(out.outcome.answer.figures).toEqual((await answer('/carry 1.5', { lang: 'zh' }).then((o) => (o.ok ? o.answer.figures : null))));
    }
  });

  test('GIVEN a change from today THEN the level it leads to, from the chat preset\'s figures', async () => {
    const out = await executeText('利差再收窄50个基点会怎样', await makeContext({ dataset: dataset(), settings: new MemorySettings(), chatId: 't', platform: 'console', now: NOW, override: { preset: 'article' } }));
    expect(out.parsed).toBe('/carry 1.31'); // article: 3.72 − 1.91 = 1.81pp, less 0.5
    expect(shown(understand('利差再收窄50个基点会怎样'))).toBe('/carry');
  });

  test('GIVEN a slash command typed as such THEN no "→" line', async () => {
    const out = await executeText('/carry 1.5', await ctxFor('en'));
    expect(out.outcome.ok && out.outcome.answer.text).not.toContain('→');
  });

  test('GIVEN a bare number THEN "ambiguous" with the candidates, in the chat language', async () => {
    const out = await executeText('1.5', await ctxFor('zh'));
    expect(out.candidates).toEqual(['/carry 1.5', '/neutral 1.5']);
    expect(!out.outcome.ok && out.outcome.error).toEqual({ code: 'ambiguous', message: '你想问的是哪一个？/carry 1.5 · /neutral 1.5' });
  });

  test('GIVEN chatter THEN a hint with two examples in the language, and each example is itself understood', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const out = await executeText(lang === 'zh' ? '你好' : 'hello', await ctxFor(lang));
      expect(!out.outcome.ok && out.outcome.error.code).toBe('notUnderstood');
      const t = formatter(lang).t;
      for (const ex of [t('ask:example1'), t('ask:example2')]) {
        expect(understand(ex).kind, ex).toBe('command');
        expect(understand(ex).lang, ex).toBe(lang);
      }
    }
  });

  test('GIVEN the language of a question THEN questionLang; a registry slash line has none', () => {
    expect(questionLang('利差1.5会怎样')).toBe('zh');
    expect(questionLang('what if the spread is 1.5')).toBe('en');
    expect(questionLang('/套息 1.5')).toBe('zh');
    expect(questionLang('/carry 1.5')).toBeNull();
    expect(detectLang('BOJ加息到1%算neutral吗')).toBe('zh');
    expect(detectLang('what happens to carry if 利差 drops to 1.5')).toBe('en');
  });
});

describe('understand(): properties', () => {
  const words = [...Object.values(ZH), ...Object.values(EN)].flat();
  const piece = fc.oneof(
    fc.constantFrom(...words),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.double({ min: -500, max: 500, noNaN: true }).map((n) => String(Number(n.toFixed(2)))),
    fc.tuple(fc.integer({ min: -300, max: 600 }), fc.constantFrom('%', 'bp', '基点', '个百分点', '次', '码', '个月', '年', 'x', ' times', '')).map(([n, u]) => `${n}${u}`),
    fc.constantFrom('一点五', '百分之一', '半个百分点', '两次', '十年期', '１.５', '1,5', '/', '/套息', '/carry', '@CarryBot', '？', '😱', '\u202E', '\u0000', '7:30', '12月', '2026年', 'to', '到', 'and', '，'),
  );
  const phrase = fc.array(piece, { maxLength: 10 }).map((p) => p.join(' '));
  const names = new Set(registry.keys());

  test('GIVEN 5,000 random phrases THEN no throw, and every line or candidate names a registry command', () => {
    fc.assert(
      fc.property(fc.oneof(phrase, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
        const u = understand(text);
        expect(['zh', 'en']).toContain(u.lang);
        const lines = u.kind === 'command' ? [u.line] : u.kind === 'ambiguous' ? u.candidates : [];
        if (u.kind === 'ambiguous') expect(u.candidates.length).toBeGreaterThanOrEqual(2);
        if (u.kind === 'ambiguous') expect(u.candidates.length).toBeLessThanOrEqual(3);
        for (const line of lines) expect(names.has(/^\/(\w+)/.exec(line)?.[1] ?? '')).toBe(true);
      }),
      { numRuns: 5000, endOnFailure: true },
    );
  });

  test('GIVEN 1,000 random phrases THEN every line produced executes without "unknownCommand" or an internal error, and no slash the user did not type is echoed', async () => {
    const ctx = await makeContext({ dataset: dataset(), settings: new MemorySettings(), chatId: 'fuzz', platform: 'console', now: NOW, override: { lang: 'en' } });
    await fc.assert(
      fc.asyncProperty(phrase.filter((t) => !/^\s*\/\s*\S*\s*(lang|preset|tz|theme|settings|subscribe)/i.test(t)), async (text) => {
        const u = understand(text);
        for (const line of u.kind === 'command' ? [u.line] : u.kind === 'ambiguous' ? u.candidates : []) {
          if (/^\/(subscribe|unsubscribe|settings)\b/.test(line)) continue;
          const out = await execute(line, ctx, { onUnexpected: (err) => { throw err; } });
          if (!out.ok) expect(['unknownCommand', 'internal']).not.toContain(out.error.code);
        }
        if (text.includes('/')) return;
        const out = await executeText(text, ctx);
        const message = out.outcome.ok ? out.outcome.answer.text : out.outcome.error.message;
        for (const m of message.matchAll(/(?<![\w$\d])\/([^\s/,.·”“":]+)/g)) expect(names.has(m[1]!) || /^\d/.test(m[1]!), `${text} → ${message}`).toBe(true);
      }),
      { numRuns: 1000, endOnFailure: true },
    );
  }, 120_000);

  test('GIVEN 500 alert requests put together from the words people use THEN an alert line that a chat with an alert store answers (in range: set; out of range: a range error, never an internal one)', async () => {
    const series = fc.constantFrom('the spread', 'spread', 'us-jp spread', '利差', '美日利差', 'the 10y treasury', 'ust', '美债', '美债收益率', 'jgb 10y', '日债', '日本10年期国债');
    const side = fc.constantFrom('below', 'above', 'under', 'over', 'falls below', 'goes above', 'breaks', 'hits', '跌破', '低于', '超过', '突破', '升破', '到', '<', '>');
    const level = fc.oneof(
      fc.double({ min: -3, max: 12, noNaN: true }).map((n) => String(Number(n.toFixed(2)))),
      fc.integer({ min: 0, max: 600 }).map((n) => `${n}bp`),
      fc.integer({ min: 0, max: 900 }).map((n) => `${n}个基点`),
      fc.constantFrom('一点五', '百分之二', '１.８', '1,5', '4.5%', '两个百分点', 'one point five'),
    );
    const ask = fc.constantFrom(['alert me if', ''], ['tell us when', ''], ['', '提醒我'], ['', '时通知我'], ['ping me when', 'pls'], ['一旦', '就告诉我']);
    const alerts = memoryAlerts();
    const ctx = await makeContext({ dataset: dataset(), settings: new MemorySettings(), alerts, chatId: 't', platform: 'telegram', now: NOW, override: { lang: 'en' } });
    await fc.assert(
      fc.asyncProperty(ask, series, side, level, async ([pre, post], se, si, lv) => {
        const text = `${pre} ${se} ${si} ${lv} ${post}`.trim();
        const u = understand(text, base());
        const lines = u.kind === 'command' ? [u.line] : u.kind === 'ambiguous' ? u.candidates : [];
        expect(lines.length, text).toBeGreaterThan(0);
        for (const line of lines) {
          expect(line, text).toMatch(/^\/(alert|alerts|help alert)\b/);
          await alerts.remove('t', 'all');
          const out = await execute(line, ctx, { onUnexpected: (err) => { throw err; } });
          if (!out.ok) expect(['range', 'notNumber'], `${text} → ${line}: ${out.error.message}`).toContain(out.error.code);
        }
      }),
      { numRuns: 500, endOnFailure: true },
    );
  }, 60_000);

  test('GIVEN a Traditional Chinese phrasing THEN the same reading as the Simplified one', () => {
    const pairs: Array<[string, string]> = [
      ['利差收窄到1.5會怎麼樣', '利差收窄到1.5会怎么样'],
      ['美聯儲降息兩次，日銀加息一次', '美联储降息两次，日银加息一次'],
      ['日本國債利息負擔 利率2%', '日本国债利息负担 利率2%'],
      ['下次議息會議是什麼時候', '下次议息会议是什么时候'],
    ];
    for (const [hant, hans] of pairs) expect(shown(understand(hant))).toBe(shown(understand(hans)));
  });
});
