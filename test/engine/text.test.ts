import { cleanText, isCjkChar, isCjkPunct, normalizeLabel, toHalfWidth } from '../../src/engine/text';

describe('toHalfWidth', () => {
  it('converts full-width ASCII digits, letters and punctuation', () => {
    expect(toHalfWidth('１４，０００')).toBe('14,000');
    expect(toHalfWidth('１２．５％')).toBe('12.5%');
    expect(toHalfWidth('ＡＢＣｘｙｚ')).toBe('ABCxyz');
    expect(toHalfWidth('（一）：；！？')).toBe('(一):;!?');
    expect(toHalfWidth('！～')).toBe('!~'); // U+FF01 and U+FF5E, the ends of the block
  });

  it('converts the ideographic space and minus-like signs', () => {
    expect(toHalfWidth('a\u3000b')).toBe('a b');
    expect(toHalfWidth('\u22125')).toBe('-5'); // minus sign
    expect(toHalfWidth('\u20135')).toBe('-5'); // en dash
    expect(toHalfWidth('\uFE635')).toBe('-5'); // small hyphen-minus
    expect(toHalfWidth('\uFF0D5')).toBe('-5'); // full-width hyphen-minus
    expect(toHalfWidth('\uFE625')).toBe('+5'); // small plus
    expect(toHalfWidth('＋５')).toBe('+5');
    expect(toHalfWidth('5﹪')).toBe('5%');
    expect(toHalfWidth('5％')).toBe('5%');
  });

  it('leaves CJK characters and CJK punctuation alone', () => {
    expect(toHalfWidth('一、治安防治「社會安全網」。')).toBe('一、治安防治「社會安全網」。');
    expect(toHalfWidth('警察勤務— 警察行政業務')).toBe('警察勤務— 警察行政業務');
    expect(toHalfWidth('𠮷野家')).toBe('𠮷野家');
  });

  it('keeps plain ASCII as is and preserves length', () => {
    expect(toHalfWidth('')).toBe('');
    expect(toHalfWidth('abc 1,234.5%')).toBe('abc 1,234.5%');
    const s = '中央：５，０３３\u3000本府：７３，６００（合計）−１';
    expect(toHalfWidth(s)).toHaveLength(s.length);
  });
});

describe('normalizeLabel', () => {
  it('matches the examples', () => {
    expect(normalizeLabel('預算金額 (千元)')).toBe('預算金額(千元)');
    expect(normalizeLabel('可能性 \n(L)')).toBe('可能性(l)');
  });

  it('removes every kind of whitespace', () => {
    expect(normalizeLabel(' 現有風險值 \r\n(R)=\t(L)×(I) ')).toBe('現有風險值(r)=(l)×(i)');
    expect(normalizeLabel('工作計畫\u00a0名稱')).toBe('工作計畫名稱');
    expect(normalizeLabel('工作計畫\u3000名稱')).toBe('工作計畫名稱');
    expect(normalizeLabel('工作\u200b計畫')).toBe('工作計畫');
  });

  it('converts full-width forms and lower-cases', () => {
    expect(normalizeLabel('預算金額（單位：千元）')).toBe('預算金額(單位:千元)');
    expect(normalizeLabel('影響程度 （Ｉ）')).toBe('影響程度(i)');
    expect(normalizeLabel('')).toBe('');
  });

  it('header spellings from the seeds normalise to the same key', () => {
    expect(normalizeLabel('工作計畫 名稱')).toBe(normalizeLabel('工作計畫名稱'));
    expect(normalizeLabel('現有風險值 (R)= (L)×(I)')).toBe(normalizeLabel('現有風險值 (R)=(L)×(I)'));
  });
});

describe('cleanText', () => {
  it('removes spaces inside CJK words (seed 000 plan names)', () => {
    expect(cleanText('一、 治安防治 專案-重要路口 錄影監視系統 計畫：')).toBe(
      '一、治安防治專案-重要路口錄影監視系統計畫：',
    );
    expect(cleanText('二、 賡續推動 「社會安全 網」：')).toBe('二、賡續推動「社會安全網」：');
    expect(cleanText('五、 賡續執行 「嚴懲重大交 通違規」專案 執法：')).toBe('五、賡續執行「嚴懲重大交通違規」專案執法：');
  });

  it('keeps spaces next to digits, Latin letters and half-width punctuation', () => {
    expect(cleanText('建置及汰舊 200 支以上')).toBe('建置及汰舊 200 支以上');
    expect(cleanText('P1 重要路口監視系統建置與汰舊工程延誤')).toBe('P1 重要路口監視系統建置與汰舊工程延誤');
    expect(cleanText('三、 積極防處 少年事件，強 化預防宣 (輔) 導作 為：')).toBe(
      '三、積極防處少年事件，強化預防宣 (輔) 導作為：',
    );
    expect(cleanText('Cellebrite 4PC Logical')).toBe('Cellebrite 4PC Logical');
  });

  it('turns line breaks, tabs, NBSP and runs of spaces into one space, and trims', () => {
    expect(cleanText('  工作計畫\n名稱  ')).toBe('工作計畫名稱');
    expect(cleanText('a  \t\n b')).toBe('a b');
    expect(cleanText('100\u00a0\u00a0支')).toBe('100 支');
    expect(cleanText('治安\u3000防治')).toBe('治安防治');
    expect(cleanText('預算金額 (千元)')).toBe('預算金額 (千元)');
  });

  it('removes spaces around CJK punctuation and the em dash', () => {
    expect(cleanText('警察勤務— 警察行政業務')).toBe('警察勤務—警察行政業務');
    expect(cleanText('（一） 加強肅槍')).toBe('（一）加強肅槍');
    expect(cleanText('安全 ， 城市')).toBe('安全，城市');
  });

  it('keeps full-width characters', () => {
    expect(cleanText('（一）１２ 件')).toBe('（一）１２ 件');
    expect(cleanText('積極查緝犯罪，確保社會安寧(25%)')).toBe('積極查緝犯罪，確保社會安寧(25%)');
  });

  it('handles empty and whitespace-only input and astral CJK', () => {
    expect(cleanText('')).toBe('');
    expect(cleanText(' \n\t ')).toBe('');
    expect(cleanText('𠮷 野家')).toBe('𠮷野家');
  });

  it('does not join Hangul words', () => {
    expect(cleanText('안녕 하세요')).toBe('안녕 하세요');
  });
});

describe('character classes', () => {
  it('classifies CJK characters and punctuation', () => {
    expect(isCjkChar('治'.codePointAt(0)!)).toBe(true);
    expect(isCjkChar('〇'.codePointAt(0)!)).toBe(true);
    expect(isCjkChar('A'.codePointAt(0)!)).toBe(false);
    expect(isCjkChar('１'.codePointAt(0)!)).toBe(false);
    expect(isCjkPunct('、'.codePointAt(0)!)).toBe(true);
    expect(isCjkPunct('（'.codePointAt(0)!)).toBe(true);
    expect(isCjkPunct('１'.codePointAt(0)!)).toBe(false);
    expect(isCjkPunct('Ａ'.codePointAt(0)!)).toBe(false);
    expect(isCjkPunct('('.codePointAt(0)!)).toBe(false);
  });
});
