/** The comparison with last year's workbook: risk movement, indicators, budget changes, as small tables. */
import * as React from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { COMPARE_TEXT, comparisonSections } from '../engine/comparisonRows';
import type { Report } from '../engine/report';
import type { Lang } from './text';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  wrap: { overflowX: 'auto' },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, width: '100%' },
  cell: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalXXS,
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
    textAlign: 'left',
    verticalAlign: 'top',
  },
});

/** The last two columns (this year's and last year's cell) are left out in the narrow pane. */
const CELL_COLUMNS = 2;

export function ComparisonView({ lang, report }: { lang: Lang; report: Report }): React.ReactElement | null {
  const styles = useStyles();
  const headingId = React.useId();
  const sections = comparisonSections(report.comparison, lang);
  if (!sections.length) return null;
  return (
    <section aria-labelledby={headingId} className={styles.section} data-testid="comparison">
      <Text as="h2" id={headingId} size={400} weight="semibold" block>
        {COMPARE_TEXT.title[lang]}
      </Text>
      {sections.map((s, k) => (
        <div key={k} className={styles.wrap}>
          <table className={styles.table} data-testid={`comparison-${k}`}>
            <caption style={{ textAlign: 'left', fontWeight: 600 }}>{s.title}</caption>
            <thead>
              <tr>
                {s.header.slice(0, s.header.length - CELL_COLUMNS).map((h, j) => (
                  <th key={j} scope="col" className={styles.cell}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r, j) => (
                <tr key={j}>
                  {r.slice(0, s.header.length - CELL_COLUMNS).map((v, i) => (
                    <td key={i} className={styles.cell}>
                      {v === null ? '' : String(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
