/**
 * The words the free-text parser listens for. Every entry names a concept; intent weights live in
 * index.ts. Chinese entries are matched as substrings of the Simplified text, English ones as whole
 * words or phrases of whole words (after typo repair). Longer entries win where two overlap.
 */
import type { CommandName } from '../names.js';

export type Concept =
  | 'fed' | 'boj' | 'us' | 'jp' | 'ust' | 'jgb' | 'bond'
  | 'cut' | 'hike' | 'hold' | 'move'
  | 'spreadw' | 'carry' | 'neutral' | 'liquidity' | 'debt' | 'path' | 'scenario' | 'factcheck' | 'brief' | 'events'
  | 'help' | 'about' | 'subscribe' | 'unsubscribe' | 'settings' | 'langzh' | 'langen' | 'preset' | 'theme'
  | 'offtopic' | 'versus' | 'now' | 'history' | 'whatif' | 'rate' | 'next' | 'each' | 'daily' | 'weekdays' | 'finance' | 'negate'
  // Alerts: asking to be told (notify: on its own; tellme: only with a condition, "tell me when …"),
  // a statement that merely reminds (fyi), listing and removing, and the side of a line.
  | 'notify' | 'tellme' | 'fyi' | 'alertlist' | 'alertoff' | 'above' | 'below' | 'breaks';

type Table = Partial<Record<Concept, readonly string[]>>;

export const ZH: Table = {
  fed: ['美联储', '联储', '鲍威尔', '美国央行', '美央行', '联邦储备', '联邦基金'],
  boj: ['日银', '日本央行', '日央行', '日本银行', '植田', '日行', '黑田', '日本中央银行'],
  us: ['美国', '美方'],
  jp: ['日本', '日方'],
  ust: ['美债', '美国国债', '美十年', '美国十年', '美10年', '美国长债', '美债收益率', '美 ⏳'],
  jgb: ['日债', '日本国债', '日本长债', '日十年', '日债收益率', '日 ⏳'],
  bond: ['收益率', '国债', '债券', '长债', '殖利率', '⏳'],
  cut: ['降息', '减息', '降利率', '调降', '下调利率', '降低利率', '砍息', '减码', '降一次', '降两次'],
  hike: ['加息', '升息', '提息', '上调利率', '调升', '提高利率', '再加一次', '加一次', '升一次'],
  hold: ['按兵不动', '不动', '维持利率', '利率不变', '不加息', '不降息', '暂停加息', '暂停降息', '没动', '冻结'],
  move: ['各动', '都动', '各自动', '分别动'],
  spreadw: ['利差', '息差', '美日利差', '利率差', '收益率差', '日美利差'],
  carry: ['套息', '套利', '平仓', '回流', '资金回流', '日元套', '套息交易', '撤回', '解除套', '杠杆', '资金撤离', '撤资', '外流'],
  neutral: ['中性', '立场', '宽松', '紧缩', '实际利率', '鸽派', '鹰派', '偏松', '偏紧', '落后于曲线', '够不够紧', '算松'],
  liquidity: ['流动性', '放水', '准备金', '缩表', '扩表', '资产负债表', '蓄水池', '印钱', '注入', '资金面', '量化紧缩', '水池', '放多少', '水位', '钱多'],
  debt: ['债务', '利息', '付息', '财政', '偿债', '利息支出', '利息负担', '融资成本', '还息', '债台', '多付', '财政负担'],
  path: ['路径', '节奏', '多久', '多长时间', '什么时候到', '何时到', '何时能到', '步伐', '路线', '时间表', '几次加息', '加几次', '要加几次', '几次才', '每次', '每隔', '什么时候能', '哪年', '哪一年', '几年'],
  scenario: ['情景', '传导', '连锁', '链条', '推演', '沙盘', '全链', '整条链', '一起动', '同时'],
  factcheck: ['核查', '核实', '真的吗', '是真的', '真假', '靠谱', '辟谣', '谣言', '文章', '说法', '小作文', '对不对', '准确吗', '查证', '可信', '是不是真', '数据对吗', '打假', '吹牛', '说得对', '说的对', '属实', '忽悠', '评论', '有人说', '网上说', '听说', '据说', '传言', '传闻'],
  brief: ['早报', '简报', '晨报', '日报', '要点', '概览', '总结', '盘前', '速览', '看板', '汇总', '播报', '最新情况', '早安', '今日', '关键数据', '主要数据', '数据速览', '要看的', '看点', '关注什么', '有什么新', '有啥新', '今天怎么样', '今天如何'],
  events: ['会议', '议息', '开会', '日程', '日历', '决议', '议息会议', '几号', '哪天', '哪一天', '点阵图', '议程', '例会'],
  help: ['帮助', '怎么用', '命令', '用法', '指令', '功能', '菜单', '能做什么', '会什么', '使用说明', '教程', '干什么的', '干嘛的', '怎么玩', '求助'],
  about: ['关于', '数据来源', '来源', '免责', '出处', '谁做的', '方法论', '数据从哪', '用什么数据', '哪些数据', '从哪里来', '从哪来', '哪来的', '数据来自', '你是谁', '是什么机器人', '介绍一下你'],
  subscribe: ['订阅', '每天推送', '定时推送', '每天发', '推送早报', '每天早上发', '每天给我'],
  unsubscribe: ['退订', '取消订阅', '别推了', '停止推送', '不要推送', '别发了', '不要再发', '关掉推送', '取消推送'],
  settings: ['设置', '切换', '改成', '换成', '设为', '改为', '语言'],
  langzh: ['中文', '汉语', '简体', '普通话', '华语'],
  langen: ['英文', '英语'],
  preset: ['预设'],
  theme: ['主题', '深色', '浅色', '暗色', '夜间模式'],
  offtopic: ['日经', '美股', '股市', '比特币', '以太坊', '黄金', '原油', '房价', '汇率', '日元升值', '日元贬值', '美元兑日元', '币圈', '特斯拉', '英伟达'],
  versus: ['抵消', '对冲', '够不够', '抵得过', '盖过', '哪个大', '谁大', '相比'],
  now: ['现在', '目前', '当前', '眼下', '如今', '实时', '最新'],
  history: ['历史', '最窄', '最低', '最高', '以来', '新低', '历年', '走势', '位置', '分位'],
  whatif: ['会怎样', '会怎么样', '怎么样', '如果', '假如', '假设', '要是', '的话', '会如何', '咋样', '影响', '多少', '会发生什么', '会咋样', '咋办', '结果'],
  rate: ['利率', '政策利率', '基准利率', '短端利率'],
  next: ['下次', '下一次', '下个', '下一个', '接下来', '近期', '最近的'],
  each: ['每'],
  daily: ['每天', '每日', '天天'],
  weekdays: ['工作日', '周一到周五'],
  finance: ['日元', '美元', '汇率', '央行', '市场', '资金', '股市', '美股', '日股', '日经', '通胀', '经济'],
  notify: ['提醒', '通知', '预警', '报警', '警报', '告警', '提个醒', '提示我', '提示一下', '监控', '盯着', '盯住', '盯紧', '盯一下', '帮我盯', '帮忙盯', '帮我看着', '闹钟'],
  tellme: ['告诉我', '告诉我们', '告诉大家', '告诉一声', '跟我说', '跟我讲', '和我说', '同我讲', '说一声', '吱一声', '吱一下', '喊我', '叫我', '叫一声', '喊一声', 'call我', '@我', '私信我', '发我', '发给我', '给我发', '推给我', '推送给我', '知会', '通报', '提前说'],
  fyi: ['友情提醒', '温馨提醒', '特别提醒', '风险提示', '重要通知', '通知大家', '提醒大家', '提醒各位'],
  alertlist: ['查看', '看看', '看一下', '列出', '列表', '清单', '我的', '我们的', '哪些', '有什么', '有啥', '几个', '现有', '已有', '设了', '显示', '查询', '都有'],
  alertoff: ['取消', '取消掉', '删除', '删掉', '删了', '删', '去掉', '清空', '清除', '撤销', '撤掉', '撤了', '移除', '停掉', '停止', '关掉', '关闭', '关了', '解除', '作废', '不要了', '不用了', '停用', '禁用'],
  above: ['超过', '突破', '升破', '涨破', '上破', '冲破', '站上', '高于', '大于', '以上', '及以上', '或以上', '升到', '升至', '涨到', '涨至', '上升到', '上涨到', '回升到', '反弹到', '冲到', '冲上', '飙到', '飙升', '超出', '上穿', '走阔', '扩大到', '扩大至', '拉大到', '高过', '多于', '超', '>', '>=', '≥'],
  below: ['跌破', '下破', '跌穿', '跌落', '跌到', '跌至', '跌回', '降到', '降至', '掉到', '掉至', '掉破', '落到', '回落到', '回落至', '下探', '下穿', '低于', '小于', '以下', '及以下', '或以下', '低过', '不到', '不足', '失守', '收窄到', '收窄至', '缩窄到', '缩小到', '缩到', '缩至', '少于', '下降到', '下滑到', '<', '<=', '≤', '低于等于'],
  breaks: ['破'],
};

export const EN: Table = {
  fed: ['fed', 'feds', 'fomc', 'powell', 'federal reserve', 'the fed', 'fed funds'],
  boj: ['boj', 'bank of japan', 'ueda', 'bo j', 'kuroda'],
  us: ['us', 'u.s', 'u.s.', 'usa', 'america', 'american', 'united states', 'american'],
  jp: ['japan', 'japanese', 'jp', 'jpn'],
  ust: ['treasury', 'treasuries', 'ust', 'tsy', 'tnote', 't-note', 'dgs10', 'us yield', 'us yields', 'us bond', 'us bonds'],
  jgb: ['jgb', 'jgbs', 'japan yield', 'japanese yield', 'jgb yield', 'jgb yields', 'japan yields', 'japanese yields'],
  bond: ['yield', 'yields', 'bond', 'bonds'],
  cut: ['cut', 'cuts', 'cutting', 'rate cut', 'rate cuts', 'lower', 'lowers', 'lowering', 'ease', 'eases', 'easing', 'slash', 'slashes', 'slashing', 'trim', 'trims', 'reduce', 'reduces', 'drop rates', 'lower rates'],
  hike: ['hike', 'hikes', 'hiking', 'hiked', 'raise', 'raises', 'raising', 'raised', 'tighten', 'tightens', 'lift', 'lifts', 'increase', 'increases', 'rate hike', 'rate hikes', 'hikes rates', 'raise rates'],
  hold: ['hold', 'holds', 'holding', 'pause', 'pauses', 'unchanged', 'stays put', 'on hold', 'no change', 'skip', 'skips', 'stand pat', 'does nothing', 'doesnt move', "doesn't move"],
  move: ['move', 'moves', 'moving', 'act', 'acts'],
  spreadw: ['spread', 'spreads', 'differential', 'rate gap', 'yield gap', 'gap', 'us-jp', 'us-japan', 'japan-us', 'jp-us', 'us/jp', 'usjp', 'diff'],
  carry: ['carry', 'carry trade', 'carry trades', 'unwind', 'unwinds', 'unwinding', 'unwound', 'repatriation', 'repatriate', 'repatriated', 'flows home', 'flow home', 'yen carry', 'carry unwind', 'deleveraging', 'blow up', 'blows up'],
  neutral: ['neutral', 'neutral rate', 'stance', 'accommodative', 'restrictive', 'real rate', 'real rates', 'dovish', 'hawkish', 'behind the curve', 'loose', 'tight', 'easy policy', 'still easy'],
  liquidity: ['liquidity', 'reserves', 'reserve', 'qt', 'quantitative tightening', 'balance sheet', 'reservoir', 'printing', 'money printing', 'injection', 'runoff', 'liquid', 'qe', 'pump', 'liquidity injection'],
  debt: ['debt', 'interest cost', 'interest costs', 'interest bill', 'interest burden', 'interest expense', 'debt service', 'debt servicing', 'fiscal', 'gdp', 'burden', 'borrowing cost', 'borrowing costs', 'interest payments', 'interest payment', 'pay in interest', 'servicing', 'interest'],
  path: ['path', 'pace', 'timeline', 'trajectory', 'roadmap', 'how long', 'how soon', 'when will', 'when does', 'how fast', 'step', 'steps', 'hike path', 'glide path', 'get to', 'gets to', 'reach', 'reaches', 'until'],
  scenario: ['scenario', 'scenarios', 'chain', 'knock-on', 'domino', 'ripple', 'whole chain', 'both', 'combo', 'together', 'simultaneously'],
  factcheck: ['factcheck', 'fact check', 'fact-check', 'fact checking', 'is it true', 'is that true', 'true that', 'really true', 'claim', 'claims', 'article', 'articles', 'verify', 'debunk', 'accurate', 'rumor', 'rumour', 'check the numbers', 'legit', 'commentary', 'fake', 'true or false', 'cap'],
  brief: ['brief', 'briefing', 'morning brief', 'summary', 'dashboard', 'overview', 'recap', 'digest', "what's new", 'whats new', 'update', 'snapshot', 'key figures', 'key numbers', 'key data', 'tldr', 'tl;dr', 'morning report', 'rundown', 'catch me up', 'the latest'],
  events: ['next fomc', 'next boj', 'fomc meeting', 'boj meeting', 'meet', 'meets', 'meeting', 'meetings', 'events', 'event', 'calendar', 'rate decision', 'decision', 'decisions', 'when is', "when's", 'whens', 'dates', 'date', 'dot plot', 'schedule', 'agenda', 'announce', 'announces', 'announcement', 'press conference', 'presser', 'decide', 'decides'],
  help: ['help', 'commands', 'command', 'how to use', 'usage', 'menu', 'what can you do', 'how does this work', 'how does this bot work', 'how does it work', 'how do you work', 'how do i', 'instructions', 'what do you do', 'what does this bot do', 'what is this bot', 'getting started'],
  about: ['sources', 'source', 'disclaimer', 'who made', 'who built', 'where does the data', 'assumptions', 'methodology', 'what data', 'which data', 'about you', 'about this bot', 'about the bot', 'who are you', 'data from', 'come from', 'comes from', 'your numbers', 'your data', 'data source', 'data sources'],
  subscribe: ['subscribe', 'sign me up', 'every morning', 'send me the', 'sub me'],
  unsubscribe: ['unsubscribe', 'stop sending', 'stop the briefing', 'no more briefings', 'unsub', 'stop briefings'],
  settings: ['settings', 'setting', 'switch to', 'change language', 'language', 'set language', 'speak', 'reply in', 'answer in', 'talk in'],
  langzh: ['chinese', 'mandarin', 'zh'],
  langen: ['english', 'en'],
  preset: ['preset'],
  theme: ['theme', 'dark mode', 'light mode'],
  offtopic: ['nikkei', 'stocks', 'stock', 'btc', 'bitcoin', 'eth', 'crypto', 'gold', 'oil', 'usdjpy', 'usd/jpy', 'nvda', 'tsla', 'spx', 's&p', 'nasdaq', 'portfolio'],
  versus: ['vs', 'versus', 'offset', 'offsets', 'outweigh', 'outweighs', 'who wins', 'enough to', 'cover', 'covers', 'against', 'compared'],
  now: ['now', 'current', 'currently', 'today', 'right now', 'at the moment', 'latest', 'these days'],
  history: ['history', 'historical', 'narrowest', 'lowest', 'widest', 'record', 'since', 'all-time', 'ever', 'percentile', 'chart'],
  whatif: ['what if', 'what happens', 'what would', 'how much', 'if', 'suppose', 'assuming', 'what about', 'how about', 'impact', 'effect', 'would'],
  rate: ['rate', 'rates', 'policy rate', 'interest rate', 'interest rates', 'short rate'],
  next: ['next', 'upcoming', 'coming', 'soon'],
  each: ['every', 'each', 'per'],
  daily: ['daily', 'every day', 'everyday'],
  weekdays: ['weekdays', 'weekday', 'workdays', 'business days'],
  finance: ['yen', 'jpy', 'usd', 'dollar', 'market', 'markets', 'stocks', 'nikkei', 'inflation', 'economy', 'macro', 'bp', 'bps'],
  negate: ['not', "won't", 'wont', "doesn't", 'no'],
  notify: ['alert', 'alerts', 'alert me', 'alert us', 'notify', 'notify me', 'notify us', 'notified', 'notification', 'notifications', 'remind', 'remind me', 'remind us', 'reminds', 'reminder', 'reminders', 'ping', 'ping me', 'ping us', 'warn', 'warn me', 'warn us', 'alarm', 'alarms', 'price alert', 'give me a heads up', 'give us a heads up', 'get notified', 'get an alert', 'get alerted', 'alerted', 'alerting', 'reminding', 'notifying', 'pinging'],
  tellme: ['tell me', 'tell us', 'let me know', 'let us know', 'lmk', 'lemme know', 'keep me posted', 'keep us posted', 'keep me updated', 'keep us updated', 'message me', 'dm me', 'text me', 'email me', 'buzz me', 'hit me up', 'give me a shout', 'give us a shout', 'shout', 'holler', 'wake me', 'wake me up', 'watch', 'monitor', 'keep an eye on', 'keep tabs on', 'send me a message', 'send a message', 'shoot me a message', 'shoot me a text', 'shoot me', 'drop me a line', 'drop me a message', 'heads up', 'give me a ping', 'give us a ping'],
  fyi: ['fyi', 'psa', 'friendly reminder', 'just a reminder', 'reminder to all', 'heads up everyone', 'heads up all'],
  alertlist: ['list', 'show', 'view', 'see', 'my', 'which', 'what', 'check', 'active', 'existing', 'current', 'do i have', 'have i set', 'did i set', 'i have', 'i set', 'we have', 'do we have', 'any'],
  alertoff: ['remove', 'delete', 'cancel', 'turn off', 'switch off', 'shut off', 'clear', 'disable', 'unset', 'kill', 'get rid of', 'deactivate', 'mute', 'silence', 'stop', 'rm', 'del', 'off', 'erase', 'drop the', 'no more', 'scrap', 'undo', 'quit'],
  above: ['above', 'over', 'exceeds', 'exceed', 'exceeding', 'tops', 'surpasses', 'surpass', 'higher than', 'more than', 'greater than', 'north of', 'breaks above', 'breaks out above', 'rises', 'rise', 'rising', 'rose', 'climbs', 'climb', 'climbing', 'jumps', 'jump', 'spikes', 'spike', 'surges', 'surge', 'goes up', 'go up', 'gets above', 'widens', 'widen', 'widening', 'blows out', 'or higher', 'or more', 'or above', 'and above', 'and up', 'upside', 'pops'],
  below: ['below', 'under', 'beneath', 'sub', 'lower than', 'less than', 'south of', 'breaks below', 'falls', 'fall', 'falling', 'fell', 'drops', 'drop', 'dropping', 'dropped', 'dips', 'dip', 'sinks', 'sink', 'slides', 'slips', 'tumbles', 'plunges', 'goes down', 'go down', 'narrows', 'narrow', 'narrowing', 'compresses', 'shrinks', 'or lower', 'or less', 'or below', 'and below', 'and under', 'downside', 'collapses'],
  breaks: ['breaks', 'break', 'breaking', 'broke', 'breach', 'breaches', 'breached', 'pierces', 'punches through'],
};

/** Typos seen in chats → the word meant. Short words only; longer ones are repaired by edit distance. */
export const EN_TYPOS: Record<string, string> = {
  cary: 'carry', carri: 'carry', carrry: 'carry', carrt: 'carry', crry: 'carry', karry: 'carry',
  sprad: 'spread', spred: 'spread', sperad: 'spread', spraed: 'spread', sread: 'spread', spead: 'spread',
  nuetral: 'neutral', neutal: 'neutral', nutral: 'neutral', netural: 'neutral', nuteral: 'neutral', neural: 'neutral', neautral: 'neutral',
  liquidty: 'liquidity', liqudity: 'liquidity', liquidiy: 'liquidity', liquitidy: 'liquidity', liqiudity: 'liquidity', liquidiity: 'liquidity', liqidity: 'liquidity',
  senario: 'scenario', scenerio: 'scenario', scenaro: 'scenario', secnario: 'scenario', scenarion: 'scenario',
  breif: 'brief', brefing: 'briefing', breifing: 'briefing', bref: 'brief', brieffing: 'briefing',
  fmoc: 'fomc', fomec: 'fomc', fonc: 'fomc', bjo: 'boj', bij: 'boj', boi: 'boj', fde: 'fed',
  hikr: 'hike', hkie: 'hike', hke: 'hike', hiek: 'hike', hikke: 'hike', cutt: 'cut', cuts: 'cuts', ctu: 'cut',
  evnts: 'events', evets: 'events', meetng: 'meeting', meting: 'meeting', meetin: 'meeting',
  halp: 'help', hlep: 'help', hepl: 'help',
  dept: 'debt', debth: 'debt', detb: 'debt', debts: 'debt',
  paht: 'path', pth: 'path',
  unwnd: 'unwind', unwid: 'unwind', unwindd: 'unwind', unwinde: 'unwind',
  yeild: 'yield', yeilds: 'yields', yiled: 'yield',
  treasurey: 'treasury', tresury: 'treasury', treasruy: 'treasury',
  nuetrality: 'neutral', intrest: 'interest', intersest: 'interest', interst: 'interest',
  factchek: 'factcheck', fackcheck: 'factcheck', factchk: 'factcheck',
  ur: 'your', u: 'you', r: 'are', wat: 'what', wut: 'what', wht: 'what', whta: 'what', waht: 'what', hapens: 'happens', happends: 'happens', happen: 'happens',
  qe: 'qe', q: 'q',
  alret: 'alert', alrt: 'alert', aleart: 'alert', alertt: 'alert', alerst: 'alerts', alrts: 'alerts', alets: 'alerts',
  notfy: 'notify', nofity: 'notify', notifiy: 'notify', remid: 'remind', remnd: 'remind', rmind: 'remind', remnid: 'remind', remidn: 'remind',
  abov: 'above', abvoe: 'above', abve: 'above', bleow: 'below', belw: 'below', belwo: 'below', bellow: 'below', udner: 'under', undr: 'under',
  breks: 'breaks', brakes: 'breaks', braeks: 'breaks', fals: 'falls', dorps: 'drops', drps: 'drops', tel: 'tell', wen: 'when', wehn: 'when', whn: 'when',
};

/** Longer keywords that edit distance may repair (one slip for 6–8 letters, two from 9). */
export const EN_FUZZY = [
  'carry', 'neutral', 'spread', 'liquidity', 'scenario', 'factcheck', 'briefing', 'brief', 'events', 'meeting', 'meetings',
  'unwind', 'unwinding', 'repatriation', 'reserves', 'treasury', 'treasuries', 'interest', 'fiscal', 'summary', 'calendar',
  'accommodative', 'restrictive', 'hawkish', 'dovish', 'subscribe', 'unsubscribe', 'settings', 'differential', 'trajectory',
  'timeline', 'dashboard', 'overview', 'disclaimer', 'sources', 'commands', 'happens', 'japanese', 'japan',
  'alerts', 'remind', 'reminder', 'reminders', 'notify', 'notification', 'notifications', 'below', 'above', 'breaks',
];

/**
 * Alert wording that is not a keyword of its own, as regex sources over the normalized text.
 *   when      — a condition: with it, "tell me" asks to be told later ("tell me when …", "…时告诉我")
 *   question  — a what-if or a question: then "tell me" asks for an answer now ("tell me what happens if …")
 *   askWhen   — asking for a date ("remind me when's the next FOMC"): /events is offered too
 *   negated   — asking not to be told any more ("don't remind me", "别再提醒")
 *   all       — every alert ("delete all alerts", "全部删除")
 *   create    — setting one up without saying what ("set an alert", "设个提醒")
 *   wantList  — a list asked for after the noun ("提醒列表", "提醒有哪些")
 */
export const ALERT_RE = {
  when: String.raw`\b(?:when|whenever|if|once|as soon as|the moment|the minute|in case|should|before|after|ahead of|day before|until)\b|时(?!间)|的时候|的话|一旦|如果|要是|假如|若是|之前|以前|前一天|提前|之后|以后|出来|开会前|会前|会后|公布`,
  question: String.raw`\bwhat (?:happens|would|will|if|does|do|about)\b|\bhow (?:much|many|big|bad|far)\b|会怎样|会怎么样|会如何|会咋样|怎么办|会发生什么|影响|什么后果|多大`,
  askWhen: String.raw`\bwhen(?:'s|s| is| are| does| do| will)\b|\bwhat (?:date|day|time)\b|什么时候|几号|哪天|哪一天|几点|是哪|日期`,
  negated: String.raw`\b(?:don't|dont|do not|never|no longer)\s+(?:alert|remind|notify|ping|warn|message)|(?:别|不要|不用|不必|无需|不需要|不再|甭)\s*再?\s*(?:给我|跟我|帮我)?\s*(?:提醒|通知|预警|发提醒|报警)`,
  all: String.raw`\ball\b|\bevery(?:thing| one|one)?\b|\bwhole\b|全部|所有|全都|统统|一切|清空|通通|都`,
  create: String.raw`\b(?:set|add|create|new|make|want|need|setup|set up|get)\b|设|加个|加一个|建|开个|开一个|开通|想要|要一个|来个`,
  wantList: String.raw`^\s*(?:列表|清单|有哪些|都有|有什么|有啥|有几个|是什么)`,
};

/** The nouns among the notify words: what a list or a removal is about ("my alerts", "删除提醒"). */
export const ALERT_NOUNS = new Set([
  'alert', 'alerts', 'reminder', 'reminders', 'notification', 'notifications', 'alarm', 'alarms', 'price alert',
  '提醒', '通知', '预警', '警报', '告警', '闹钟',
]);

/** "the second alert": which one, for /alert off. */
export const EN_ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};

/** Chinese command names typed after a slash (`/套息 1.5`), Traditional folded to Simplified first. */
export const ZH_ALIASES: Record<string, CommandName> = {
  套息: 'carry', 套利: 'carry', 套息交易: 'carry', 日元套息: 'carry', 平仓: 'carry',
  中性: 'neutral', 中性利率: 'neutral', 立场: 'neutral',
  利差: 'spread', 息差: 'spread', 美日利差: 'spread',
  流动性: 'liquidity', 放水: 'liquidity',
  债务: 'debt', 利息: 'debt', 债务成本: 'debt',
  路径: 'path', 加息路径: 'path',
  情景: 'scenario', 情景分析: 'scenario', 推演: 'scenario', 情境: 'scenario',
  核查: 'factcheck', 事实核查: 'factcheck', 查证: 'factcheck',
  早报: 'brief', 简报: 'brief', 晨报: 'brief',
  会议: 'events', 日程: 'events', 议息: 'events', 日历: 'events',
  订阅: 'subscribe', 退订: 'unsubscribe', 取消订阅: 'unsubscribe',
  设置: 'settings', 帮助: 'help', 关于: 'about',
  提醒: 'alert', 预警: 'alert', 警报: 'alert', 通知: 'alert', 我的提醒: 'alerts', 提醒列表: 'alerts', 查看提醒: 'alerts',
};

/** English spellings people type after a slash that are not the registry's names. */
export const EN_ALIASES: Record<string, CommandName> = {
  yen: 'carry', carrytrade: 'carry', unwind: 'carry',
  boj: 'neutral', stance: 'neutral',
  yields: 'spread', yield: 'spread', spreads: 'spread',
  liq: 'liquidity', fed: 'liquidity', qt: 'liquidity',
  interest: 'debt', jgb: 'debt',
  hikes: 'path', hikepath: 'path',
  whatif: 'scenario', sim: 'scenario', scenarios: 'scenario',
  fc: 'factcheck', check: 'factcheck', fact: 'factcheck', factchecks: 'factcheck', verify: 'factcheck',
  briefing: 'brief', morning: 'brief', daily: 'brief', summary: 'brief',
  event: 'events', meetings: 'events', calendar: 'events', fomc: 'events', next: 'events',
  sub: 'subscribe', unsub: 'unsubscribe', stop: 'unsubscribe', setting: 'settings', config: 'settings',
  start: 'help', commands: 'help', info: 'about', sources: 'about',
  remind: 'alert', reminder: 'alert', notify: 'alert', alarm: 'alert', watch: 'alert', reminders: 'alerts', notifications: 'alerts', alarms: 'alerts',
};
