/**
 * Header words: which column is which, in the words the plans use (zh-TW) and their English equivalents.
 * Labels are matched after normalizeLabel(): half-width, no whitespace, lower case.
 */
export type TableKind = 'indicators' | 'budget' | 'risks';

export type Role =
  // indicators
  | 'goal'
  | 'indicator'
  | 'system'
  | 'method'
  | 'standard'
  | 'baseline'
  | 'step'
  | 'target'
  | 'actual'
  | 'direction'
  | 'weight'
  // budget
  | 'plan'
  | 'item'
  | 'content'
  | 'amount'
  | 'central'
  | 'city'
  | 'total'
  | 'source'
  | 'note'
  // risks
  | 'project'
  | 'riskItem'
  | 'riskId'
  | 'scenario'
  | 'control'
  | 'likelihood'
  | 'impact'
  | 'score'
  | 'level'
  | 'newControl'
  | 'resLikelihood'
  | 'resImpact'
  | 'resScore'
  | 'resLevel'
  | 'owner';

const RESIDUAL = /殘餘|剩餘|residual/;

interface Rule {
  role: Role;
  /** Role when the column's group header says residual. */
  residual?: Role;
  pattern: RegExp;
}

/** First match wins: specific words before general ones. */
const RULES: Rule[] = [
  { role: 'score', residual: 'resScore', pattern: /風險值|風險分數|riskscore|^score|^r$|^\(r\)|^r=/ },
  { role: 'likelihood', residual: 'resLikelihood', pattern: /可能性|發生機率|likelihood|^l$|^\(l\)$/ },
  { role: 'impact', residual: 'resImpact', pattern: /影響程度|^影響$|impact|^i$|^\(i\)$/ },
  { role: 'level', residual: 'resLevel', pattern: /風險等級|^等級$|risklevel|^level$/ },
  { role: 'newControl', pattern: /新增風險對策|新增對策|新增控制|additionalcontrol|additionalcountermeasure|newcountermeasure|newcontrol/ },
  { role: 'control', pattern: /風險對策|現有對策|現有控制|控制措施|existingcontrol|currentcontrol|countermeasure/ },
  { role: 'scenario', pattern: /風險情境|^情境$|scenario/ },
  { role: 'riskId', pattern: /風險編號|^編號$|^id$|riskid|^代碼$|^代號$/ },
  { role: 'riskItem', pattern: /風險項目|風險名稱|^風險$|^risk$|riskitem|riskname/ },
  { role: 'owner', pattern: /負責單位|權責單位|承辦單位|^owner|responsible/ },
  { role: 'project', pattern: /^重要計畫項目|^計畫項目$|^project/ },
  { role: 'goal', pattern: /策略績效目標|績效目標|策略目標|施政目標|strategicgoal|^goal/ },
  { role: 'indicator', pattern: /衡量指標|關鍵績效指標|績效指標|指標名稱|^指標$|indicator|^kpi/ },
  { role: 'system', pattern: /評估體制|evaluationsystem/ },
  { role: 'method', pattern: /評估方式|evaluationmethod/ },
  { role: 'standard', pattern: /衡量標準|計算公式|衡量方式|standard|formula|^measure/ },
  { role: 'baseline', pattern: /基準值|^基準|baseline/ },
  { role: 'step', pattern: /逐年|年增率|年度增幅|yearlystep|^step/ },
  { role: 'target', pattern: /目標值|年度目標|^目標$|target/ },
  { role: 'actual', pattern: /實際值|實際數|^實際|達成值|^actual/ },
  { role: 'direction', pattern: /指標方向|^方向$|direction/ },
  { role: 'weight', pattern: /權重|^配分$|^weight/ },
  { role: 'item', pattern: /施政計畫項目|^項目$|子計畫|^item/ },
  { role: 'plan', pattern: /計畫名稱|工作計畫|^計畫$|planname|^plan$|^program/ },
  { role: 'content', pattern: /實施內容|^內容$|^說明$|description|^content/ },
  { role: 'central', pattern: /^中央|^central/ },
  { role: 'city', pattern: /^本府|^市府|^市預算|^city|^local/ },
  { role: 'total', pattern: /^合計|^總計|^total/ },
  { role: 'source', pattern: /經費來源|資金來源|預算來源|fundingsource|^source|^funding/ },
  { role: 'amount', pattern: /預算金額|預算數|^經費|^金額|^預算|budget|amount/ },
  { role: 'note', pattern: /^備註|^remark|^note/ },
];

/** A numbered title or a label ending in a colon (`第二部分：關鍵績效指標`, `一、風險評估：`) is not a header. */
const TITLE = /^(第.{1,4}部分|[壹貳參肆伍陸柒捌玖拾]+、|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])|:$/;

/** Words that only name a part of a column group (`衡量指標` over `編號 | 名稱`). */
export const SUB_HEADER = /^(編號|名稱|序號|項次|代號|代碼|內容|no\.?|number|name|#)$/;

/** Header cells are short; longer text is data. */
export const MAX_HEADER_LABEL = 60;

/**
 * The role of a column from its normalized header label(s).
 * `top` is the group header above (e.g. `現有風險等級`), `bottom` the column's own label; either may be ''.
 */
export function roleOf(top: string, bottom: string): Role | null {
  const label = bottom || top;
  if (!label || label.length > MAX_HEADER_LABEL || TITLE.test(label)) return null;
  const context = bottom ? top : '';
  // `衡量指標` over `編號 | 名稱`: the part names say nothing of their own; the group header names both.
  if (bottom && top && SUB_HEADER.test(bottom)) return roleOf(top, '');
  for (const rule of RULES) {
    if (rule.pattern.test(label)) {
      if (rule.residual && (RESIDUAL.test(context) || RESIDUAL.test(label))) return rule.residual;
      return rule.role;
    }
  }
  // The group header alone may name the column (e.g. 預算金額 over an unlabelled cell).
  if (bottom && top) return roleOf(top, '');
  return null;
}

/** True when a normalized label is a header word of any kind. */
export function isHeaderWord(label: string): boolean {
  return roleOf(label, '') !== null;
}

/** The kinds a set of column roles makes. */
export function kindsOf(roles: Set<Role>): TableKind[] {
  const kinds: TableKind[] = [];
  if ((roles.has('riskItem') || roles.has('riskId')) && roles.has('likelihood') && roles.has('impact')) kinds.push('risks');
  if (roles.has('indicator') && (roles.has('target') || roles.has('standard') || roles.has('actual') || roles.has('baseline')))
    kinds.push('indicators');
  if (
    (roles.has('amount') || roles.has('central') || roles.has('city') || roles.has('total')) &&
    (roles.has('plan') || roles.has('item') || roles.has('content') || roles.has('indicator'))
  )
    kinds.push('budget');
  return kinds;
}

/** What each role is called in the messages, and the header word plancheck reads best for it. */
export const ROLE_NAMES: Record<Role, { 'zh-TW': string; en: string; header: string }> = {
  goal: { 'zh-TW': '策略績效目標欄', en: 'goal column', header: '策略績效目標' },
  indicator: { 'zh-TW': '衡量指標欄', en: 'indicator column', header: '衡量指標' },
  system: { 'zh-TW': '評估體制欄', en: 'evaluation system column', header: '評估體制' },
  method: { 'zh-TW': '評估方式欄', en: 'evaluation method column', header: '評估方式' },
  standard: { 'zh-TW': '衡量標準欄', en: 'standard column', header: '衡量標準' },
  baseline: { 'zh-TW': '基準值欄', en: 'baseline column', header: '基準值' },
  step: { 'zh-TW': '逐年增幅欄', en: 'yearly step column', header: '逐年增幅' },
  target: { 'zh-TW': '目標值欄', en: 'target column', header: '年度目標值' },
  actual: { 'zh-TW': '實際值欄', en: 'actual column', header: '實際值' },
  direction: { 'zh-TW': '指標方向欄', en: 'direction column', header: '指標方向' },
  weight: { 'zh-TW': '權重欄', en: 'weight column', header: '權重' },
  plan: { 'zh-TW': '計畫名稱欄', en: 'plan column', header: '計畫名稱' },
  item: { 'zh-TW': '施政計畫項目欄', en: 'item column', header: '重要施政計畫項目' },
  content: { 'zh-TW': '實施內容欄', en: 'content column', header: '實施內容' },
  amount: { 'zh-TW': '預算金額欄', en: 'amount column', header: '預算金額' },
  central: { 'zh-TW': '中央欄', en: 'central column', header: '中央' },
  city: { 'zh-TW': '本府欄', en: 'city column', header: '本府' },
  total: { 'zh-TW': '合計欄', en: 'total column', header: '合計' },
  source: { 'zh-TW': '經費來源欄', en: 'funding source column', header: '經費來源' },
  note: { 'zh-TW': '備註欄', en: 'remarks column', header: '備註' },
  project: { 'zh-TW': '重要計畫項目欄', en: 'project column', header: '重要計畫項目' },
  riskItem: { 'zh-TW': '風險項目欄', en: 'risk column', header: '風險項目' },
  riskId: { 'zh-TW': '風險編號欄', en: 'risk ID column', header: '風險編號' },
  scenario: { 'zh-TW': '風險情境欄', en: 'scenario column', header: '風險情境' },
  control: { 'zh-TW': '現有風險對策欄', en: 'existing countermeasure column', header: '現有風險對策' },
  likelihood: { 'zh-TW': '可能性 (L) 欄', en: 'likelihood (L) column', header: '可能性 (L)' },
  impact: { 'zh-TW': '影響程度 (I) 欄', en: 'impact (I) column', header: '影響程度 (I)' },
  score: { 'zh-TW': '風險值 (R) 欄', en: 'risk score (R) column', header: '風險值 (R)' },
  level: { 'zh-TW': '風險等級欄', en: 'risk level column', header: '風險等級' },
  newControl: { 'zh-TW': '新增風險對策欄', en: 'new countermeasure column', header: '新增風險對策' },
  resLikelihood: { 'zh-TW': '殘餘可能性欄', en: 'residual likelihood column', header: '殘餘可能性 (L)' },
  resImpact: { 'zh-TW': '殘餘影響程度欄', en: 'residual impact column', header: '殘餘影響程度 (I)' },
  resScore: { 'zh-TW': '殘餘風險值欄', en: 'residual score column', header: '殘餘風險值 (R)' },
  resLevel: { 'zh-TW': '殘餘風險等級欄', en: 'residual level column', header: '殘餘風險等級' },
  owner: { 'zh-TW': '負責單位欄', en: 'owner column', header: '負責單位' },
};

export const ROLES = Object.keys(ROLE_NAMES) as Role[];

/** Words that say what a column holds, when its header is not one of ours: `執行成果` is an actual. */
const HINTS: [RegExp, Role][] = [
  [/成果|達成情形|達成情況|執行情形|執行數|實績|績效值|result|achieved|outcome/, 'actual'],
  [/目標|預期|goal|expected/, 'target'],
  [/基準|基期|前一年|去年|base/, 'baseline'],
  [/經費|金額|千元|萬元|元\)|預算|cost|fund/, 'amount'],
  [/公式|計算|標準|定義|definition/, 'standard'],
  [/方向/, 'direction'],
  [/比重|權數|配分|%\)$/, 'weight'],
  [/內容|說明|摘要|措施|做法|作法|detail/, 'content'],
  [/機率|頻率|probability/, 'likelihood'],
  [/衝擊|嚴重|severity|consequence/, 'impact'],
  [/單位|機關|科室|承辦|unit|department/, 'owner'],
  [/指標|項目|名稱|name/, 'indicator'],
];

/** The role a header most looks like (`執行成果` → actual), among the roles that fit the table's kinds. */
export function closestRole(header: string, kinds: TableKind[]): Role | null {
  const label = header.replace(/\s+/g, '').toLowerCase();
  const allowed = new Set<Role>();
  for (const k of kinds) for (const r of KIND_ROLES[k]) allowed.add(r);
  for (const [re, role] of HINTS) if (re.test(label) && allowed.has(role)) return role;
  // Else the role whose header shares the most characters with it (at least two).
  let best: Role | null = null;
  let bestScore = 1;
  for (const role of allowed) {
    const h = ROLE_NAMES[role].header;
    let score = 0;
    for (const ch of new Set(h)) if (label.includes(ch)) score++;
    if (score > bestScore) {
      best = role;
      bestScore = score;
    }
  }
  return best;
}

const KIND_ROLES: Record<TableKind, Role[]> = {
  indicators: ['goal', 'indicator', 'system', 'method', 'standard', 'baseline', 'step', 'target', 'actual', 'direction', 'weight'],
  budget: ['plan', 'item', 'content', 'amount', 'central', 'city', 'total', 'source', 'note'],
  risks: ['project', 'riskItem', 'riskId', 'scenario', 'control', 'likelihood', 'impact', 'score', 'level', 'newControl', 'resLikelihood', 'resImpact', 'resScore', 'resLevel', 'owner'],
};
