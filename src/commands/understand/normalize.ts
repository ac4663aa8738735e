/**
 * Text normalization for the free-text parser: one canonical, lower-case, Simplified-Chinese string
 * in which every quantity is written `<number><unit>` with unit one of `%` `bp` `mo` `yr` `次`
 * (a count) or none, and tenors (10y, 十年期), dates and clock times no longer look like quantities.
 * Pure string work: no I/O, no allocation beyond a few regex passes.
 */

/** Traditional → Simplified for the characters that matter here (keywords and their neighbours). */
const T2S_PAIRS =
  '債债務务點点會会議议聯联準准備备銀银時时間间後后個个這这麼么樣样變变還还幾几兩两嗎吗為为與与實实說说報报現现開开關关於于減减縮缩動动億亿萬万資资產产價价條条長长東东國国貨货幣币儲储錢钱來来區区應应對对從从據据數数歷历場场週周們们當当題题預预測测漲涨匯汇滙汇內内壓压險险調调達达將将讓让緊紧鬆松寬宽級级訂订閱阅設设語语簡简體体標标傳传擔担負负頭头擴扩趨趋勢势圖图麽么啟启剛刚遠远離离輪轮選选擇择換换種种歐欧進进買买賣卖虧亏損损賬账計计劃划紀纪錄录餘余門门問问鐘钟線线終终結结給给號号觸触響响嚴严釋释權权帶带聽听風风氣气較较運运邊边適适幫帮贏赢兌兑決决總总統统經经濟济財财稅税費费償偿貸贷營营專专業业員员極极壞坏顯显衝冲擊击處处彈弹機机鴿鸽鷹鹰頻频參参麼么碼码點点樂乐嘛嘛啥啥講讲聞闻會会議议齣出發发淨净狀状況况則则異异義义憂忧慮虑謂谓況况該该並并確确認认難难應应環环節节奏奏線线週周屆届檢检驗验錯错誤误惡恶聰聪職职殺杀復复雙双雖虽獲获識识況况窄窄寬宽狹狭幅幅彎弯盤盘頁页視视覽览鬧闹啦啦麼么漸渐準准溫温講讲兒儿屆届構构備备圓圆韓韩滬沪臺台灣湾聯联貿贸廠厂幾几億亿漲涨跌跌訴诉聲声過过監监閉闭銷销單单刪删項项飆飙訊讯見见請请記记別别著着';

const T2S = new Map<string, string>();
for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) T2S.set(T2S_PAIRS[i]!, T2S_PAIRS[i + 1]!);

/** Pinyin-input slips and near-misses people actually type, and regional words, → the canonical word. */
const ZH_FIXES: Array<[RegExp, string]> = [
  [/力差|立差|利茶|例差/g, '利差'],
  [/中型利率|中行利率/g, '中性利率'],
  [/将息|降席|讲息|降西/g, '降息'],
  [/加席|家息|加西息/g, '加息'],
  [/美连储|美联除|美联署|美聯儲/g, '美联储'],
  [/日本央银|日央银/g, '日本央行'],
  [/早保|早宝/g, '早报'],
  [/流动行|流通性/g, '流动性'],
  [/套期交易|掏息|套习/g, '套息'],
  [/债物|债务成本/g, '债务'],
  [/聯準會|联准会|联储局/g, '美联储'],
  [/央行会议/g, '议息会议'],
  [/個/g, '个'],
  [/题醒|提星|提省|体醒|踢醒/g, '提醒'],
  [/通之|同知/g, '通知'],
  [/迭破|碟破|跌坡/g, '跌破'],
  [/低与|低余/g, '低于'],
  [/高与/g, '高于'],
  [/超国|超锅/g, '超过'],
  [/取晓/g, '取消'],
];

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "一点五" → 1.5, "二十五" → 25, "一百五" → 150, "半" → 0.5; null when it is not a numeral. */
export function chineseNumber(raw: string): number | null {
  if (raw === '半') return 0.5;
  const [intPart = '', frac] = raw.split('点');
  let total = 0;
  let num = 0;
  let lastUnit = 0;
  for (const ch of intPart) {
    if (ch in CN_DIGITS) num = CN_DIGITS[ch]!;
    else if (ch in CN_UNITS) {
      total += (num || 1) * CN_UNITS[ch]!;
      lastUnit = CN_UNITS[ch]!;
      num = 0;
    } else return null;
  }
  // 一百五 = 150, 两千五 = 2500: a trailing digit after a unit counts in the next unit down.
  total += lastUnit >= 100 && num > 0 && !intPart.endsWith('零' + [...intPart].pop()) ? (num * lastUnit) / 10 : num;
  if (intPart === '') total = 0;
  if (frac === undefined) return total;
  if (frac === '' || ![...frac].every((c) => c in CN_DIGITS)) return null;
  return Number(`${total}.${[...frac].map((c) => CN_DIGITS[c]).join('')}`);
}

const CN_RUN = /百分之([零〇一二两三四五六七八九十百点]+)|([零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)(?=(\s*(?:个\s*(?:百分点|基点|月|bp|点|码)|次|码|年|月|基点|周|bp|%|倍|厘|个点))?)/g;

function convertChineseNumerals(s: string): string {
  return s.replace(CN_RUN, (whole, pct: string | undefined, run: string | undefined, counter: string | undefined) => {
    if (pct) {
      const v = chineseNumber(pct);
      return v === null ? whole : `${v}%`;
    }
    const r = run!;
    const hasPoint = r.includes('点');
    // A lone 一/十/二 inside ordinary words (一下, 统一, 十分) is not a quantity.
    if (!hasPoint && !counter && [...r].length < 2) return whole;
    if (!hasPoint && !counter && /^[一二两三四五六七八九]{2,}$/.test(r)) return whole; // 三三两两, 一一
    const v = chineseNumber(r);
    return v === null ? whole : String(v);
  });
}

const EN_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, eighteen: 18, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  seventy: 70, hundred: 100,
};
const EN_COUNTABLE = '(?=\\s*(?:(?:fed|boj|rate)\\s+)?(?:more\\s+|extra\\s+|additional\\s+|further\\s+|straight\\s+|consecutive\\s+|quarter[- ]point\\s+|25bp\\s+)?(?:cuts?|hikes?|rate|times|moves?|basis|bps?|%|percent|months?|years?|yrs?|meetings?|quarters?|point|points|pp))';

const EN_NUM = new RegExp(`\\b(${Object.keys(EN_NUMBERS).join('|')})(?:[- ](five))?\\b${EN_COUNTABLE}`, 'g');

const NUM = '(-?\\d+(?:\\.\\d+)?)';

type Rule = [RegExp, string | ((...m: string[]) => string)];

const R = (src: string) => new RegExp(src, 'g');

/** Unit spellings → the canonical ones, in order; numbers are ASCII by now. Compiled once. */
const UNIT_RULES: Rule[] = [
  // Percent and percentage points.
  [/半\s*个?\s*(?:百分点|%)/g, '0.5%'],
  [/\b(?:a\s+)?half\s+(?:a\s+)?(?:percentage\s+)?(?:point|percent|pct|pp)\b|\bhalf[- ]point\b/g, '0.5%'],
  [/\b(?:a\s+)?quarter[- ](?:percentage[- ])?point\b|\ba\s+quarter\b/g, '25bp'],
  [R(`${NUM}\\s*(?:个\\s*)?(?:百分点|percentage\\s+points?|percent|per\\s*cent|pct|pp|%|厘)`), '$1%'],
  [R(`${NUM}\\s*(?:个\\s*)?(?:基点|basis\\s*points?|bps?|bips|基本点|个bp)`), '$1bp'],
  // Hong Kong and Taiwan finance slang: one 码 is 25bp.
  [/半\s*码/g, '12.5bp'],
  [R(`${NUM}\\s*码`), (_m, n) => `${Number(n) * 25}bp`],
  [R(`${NUM}\\s*个?点(?![\\d])`), (_m, n) => (Math.abs(Number(n)) >= 10 ? `${n}bp` : `${n}%`)],
  // Spans of time.
  [/一年半/g, '18mo'],
  [/\bhalf\s+a\s+year\b/g, '6mo'],
  [/\ba\s+year\b/g, '1yr'],
  [/\ba\s+month\b/g, '1mo'],
  [/半年/g, '6mo'],
  [/每个?季度|\bquarterly\b|\bevery\s+quarter\b/g, '每3mo'],
  [/\bevery\s+other\s+month\b/g, '每2mo'],
  [/\bsemi-?annual(?:ly)?\b|\btwice\s+a\s+year\b/g, '每6mo'],
  [/\bevery\s+(?:single\s+)?month\b|每个?月/g, '每1mo'],
  [/\bevery\s+year\b|\bannually\b|每年/g, '每12mo'],
  [R(`${NUM}\\s*(?:个\\s*)?(?:months?\\b|mos?\\b|个月)`), '$1mo'],
  [R(`${NUM}\\s*(?:years?\\b|yrs?\\b|年)`), (_m, n) => (Number(n) >= 1900 ? ' ' : `${n}yr`)],
  // Counts.
  [/\btwice\b/g, '2次'],
  [/\bthrice\b/g, '3次'],
  [/\bonce\b/g, '1次'],
  [R(`${NUM}\\s*(?:次|times|x\\b|×)`), '$1次'],
  [R(`(?:x|×)\\s*${NUM}(?![\\d.])`), ' $1次'],
];

function apply(s: string, rules: readonly Rule[]): string {
  let out = s;
  for (const [re, to] of rules) out = out.replace(re, to as string);
  return out;
}

function canonicalUnits(s: string): string {
  return apply(s, UNIT_RULES);
}

/** Dates, clock times and tenors look like numbers but are not quantities. */
function dropNonQuantities(s: string): { s: string; time: string | null } {
  let time: string | null = null;
  let out = s
    .replace(/\b(\d{1,2})\s*[:：]\s*(\d{2})\b/g, (_m, h: string, mi: string) => {
      time ??= `${h.padStart(2, '0')}:${mi}`;
      return ' ⌚ ';
    })
    .replace(/(早上|上午|早晨|早|下午|晚上|傍晚|中午|凌晨)\s*(\d{1,2})\s*点\s*(半|(\d{1,2})\s*分?)?/g, (_m, when: string, h: string, half: string | undefined, mi: string | undefined) => {
      const hour = /下午|晚上|傍晚/.test(when) && Number(h) < 12 ? Number(h) + 12 : Number(h);
      time ??= `${String(hour).padStart(2, '0')}:${half === '半' ? '30' : (mi ?? '00').padStart(2, '0')}`;
      return ' ⌚ ';
    })
    .replace(/\b(\d{1,2})\s*(am|a\.m\.)\b/g, (_m, h: string) => {
      time ??= `${h.padStart(2, '0')}:00`;
      return ' ⌚ ';
    })
    .replace(/\b\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?\b|\b\d{1,2}\/\d{1,2}\b|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\b(?:19|20)\d{2}\b/g, ' 📅 ')
    // Tenors: 10y, us10y, 10-year yield, 十年期, 10年美债.
    .replace(/\b(us|jp|jgb|ust)?\d{1,2}\s*-?\s*y\b/g, (_m, who: string | undefined) => ` ${who ?? ''} ⏳ `)
    .replace(/\b(?:10|ten|2|two|30|thirty|5|five)\s*-?\s*(?:years?|yrs?)(?=[\s-]*(?:yield|treasur|note|bond|jgb|ust|government|gov|rate|spread|tenor|paper|us|japan|jp))/g, ' ⏳ ')
    // "the JGB 10-year", "the us 10 year": a tenor after the bond or the country too.
    .replace(/(?<=\b(?:jgbs?|ust|treasury|treasuries|us|u\.s\.?|japan|japan's|japanese|america|american)\s*)(?:10|ten|2|two|30|thirty|5|five)\s*-?\s*(?:years?|yrs?)\b/g, ' ⏳ ')
    .replace(/(?<=美国?|日本?)\s*(?:10|十)\s*年(?![后内间里以之])/g, ' ⏳ ')
    .replace(/(?:10|十|2|两|二|30|三十|5|五)年期|(?:10|十)年(?=\s*(?:美债|日债|国债|收益率|美国国债|日本国债|期|利差|债))/g, ' ⏳ ')
    // Month names in Chinese: "12月会议" is December, not 12 months.
    .replace(/(?<![每\d.])(\d{1,2})\s*月(?!份?\s*(?:后|以后|之后))/g, (m, n: string) => (Number(n) <= 12 ? ' 📅 ' : m));
  out = out.replace(/(美日|日美|us-?jp|us-?japan)\s*⏳/g, '$1');
  // "25bp every 6 months" is handled later; "6月后" (6 months later) stays a span.
  out = out.replace(/(\d{1,2})\s*月份?\s*(?=后|以后|之后)/g, '$1个月');
  return { s: out, time };
}

export interface Normalized {
  /** Canonical text, see the file header. */
  s: string;
  /** A clock time mentioned (for /subscribe), HH:MM. */
  time: string | null;
}

export function toSimplified(s: string): string {
  let out = '';
  for (const ch of s) out += T2S.get(ch) ?? ch;
  return out;
}

export function normalizeText(raw: string): Normalized {
  let s = raw
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\u2014\uFE63]/g, '-')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .toLowerCase();
  s = toSimplified(s);
  for (const [re, to] of ZH_FIXES) s = s.replace(re, to);
  // Decimal commas (1,5) and spaced decimals; thousands separators (1,500) are not expected here.
  s = s.replace(/(\d),(\d{1,2})(?!\d)/g, '$1.$2').replace(/(\d)\s*\.\s*(\d)/g, '$1.$2');
  // Negatives written out.
  s = s.replace(/(?:\bminus\s+|\bnegative\s+|负)(?=\d|[零一二两三四五六七八九]|point|点)/g, '-');
  s = s.replace(/\b(\d+)\s+point\s+(\d+)\b/g, '$1.$2').replace(/\bpoint\s+(\d+)\b/g, '0.$1').replace(/(^|[^\d])\.(\d)/g, '$10.$2');
  s = s.replace(/\b(zero|one|two|three|four|five|six|seven|eight|nine)\s+point\s+(zero|one|two|three|four|five|six|seven|eight|nine)(?:\s+(zero|one|two|three|four|five|six|seven|eight|nine))?\b/g, (_m, a: string, b: string, c: string | undefined) => `${EN_NUMBERS[a]}.${EN_NUMBERS[b]}${c ? EN_NUMBERS[c] : ''}`);
  // "one and a half", "two and a quarter".
  s = s.replace(/\b(zero|one|two|three|four|five|six|seven|eight|nine|ten)\s+and\s+a\s+(half|quarter)\b/g, (_m, a: string, f: string) => String(EN_NUMBERS[a]! + (f === 'half' ? 0.5 : 0.25)));
  s = s.replace(EN_NUM, (_m, w: string, five: string | undefined) => String(EN_NUMBERS[w]! + (five ? 5 : 0)));
  // "第二个提醒", "三号提醒": which alert, for removing it (a lone numeral is otherwise left alone).
  const nth = (m: string, n: string) => String(chineseNumber(n) ?? m);
  s = s.replace(/(?<=第)([一二两三四五六七八九十]{1,3})(?=\s*(?:个|号|条|项)?\s*(?:提醒|预警|警报|通知|闹钟|alert))/g, nth)
    .replace(/([一二两三四五六七八九十]{1,3})(?=\s*(?:号|条)\s*(?:提醒|预警|警报|通知|闹钟|alert))/g, nth);
  s = convertChineseNumerals(s).replace(/([加降减升])(\d+)次息/g, '$1息$2次');
  const d = dropNonQuantities(s);
  // "6mo50bp": keep quantities apart so each is read on its own.
  s = canonicalUnits(d.s).replace(/(\d(?:mo|yr|bp))(?=[\d+-])/g, '$1 ');
  return { s, time: d.time };
}
