/** Counts of errors / warnings / notes, achievement (met / not met / unknown) and risk levels with colours and numbers. */
import * as React from 'react';
import { Text, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import type { AchievementStatus } from '../engine/achievement';
import { levelName, statusName } from '../engine/messages';
import type { Report } from '../engine/report';
import { bandOf, RISK_LEVELS, type Settings } from '../engine/settings';
import { UI_TEXT } from '../engine/uiText';
import { SEVERITIES, severityCount, severityTotal, type Lang } from './text';

const STATUSES: AchievementStatus[] = ['met', 'not_met', 'unknown'];

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  counts: {
    margin: '0',
    paddingLeft: '0',
    listStyleType: 'none',
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
  },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
  },
  cell: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightRegular,
    paddingTop: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalXXS,
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: tokens.spacingHorizontalS,
    borderBottomWidth: tokens.strokeWidthThin,
    borderBottomStyle: 'solid',
    borderBottomColor: tokens.colorNeutralStroke2,
  },
  head: {
    fontWeight: tokens.fontWeightSemibold,
  },
  num: {
    textAlign: 'right',
    fontVariantNumeric: 'tabular-nums',
  },
  level: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
  },
  swatch: {
    display: 'inline-block',
    width: '14px',
    height: '14px',
    flexShrink: 0,
    ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorNeutralStroke1),
    borderRadius: tokens.borderRadiusSmall,
  },
});

export interface SummaryProps {
  lang: Lang;
  report: Report;
  settings: Settings;
}

export function Summary({ lang, report, settings }: SummaryProps): React.ReactElement {
  const styles = useStyles();
  const headingId = React.useId();
  const achievementId = React.useId();
  const riskId = React.useId();
  const s = report.summary;
  return (
    <section aria-labelledby={headingId} className={styles.section} data-testid="summary">
      <Text as="h2" id={headingId} size={400} weight="semibold" block>
        {UI_TEXT.summaryHeading[lang]}
      </Text>
      <ul className={styles.counts} data-testid="summary-counts">
        {SEVERITIES.map((sev) => (
          <li key={sev} data-severity={sev} data-count={severityTotal(report, sev)}>
            <Text weight={sev === 'error' && s.errors > 0 ? 'semibold' : 'regular'}>{severityCount(sev, severityTotal(report, sev), lang)}</Text>
          </li>
        ))}
      </ul>

      <Text as="h3" id={achievementId} size={300} weight="semibold" block>
        {UI_TEXT.achievementHeading[lang]}
      </Text>
      <Text block>{UI_TEXT.indicatorsCount[lang](report.indicators.length)}</Text>
      <ul className={styles.counts} aria-labelledby={achievementId} data-testid="achievement">
        {STATUSES.map((st) => (
          <li key={st} data-status={st} data-count={s.achievement[st]}>
            <Text>{statusName(st, lang)}</Text> <Text weight="semibold">{s.achievement[st]}</Text>
          </li>
        ))}
      </ul>

      <Text as="h3" id={riskId} size={300} weight="semibold" block>
        {UI_TEXT.riskHeading[lang]}
      </Text>
      <Text block>{UI_TEXT.risksCount[lang](report.risks.length)}</Text>
      <table className={styles.table} aria-labelledby={riskId} data-testid="risk-levels">
        <thead>
          <tr>
            <th scope="col" className={mergeClasses(styles.cell, styles.head)}>{UI_TEXT.riskLevelColumn[lang]}</th>
            <th scope="col" className={mergeClasses(styles.cell, styles.head, styles.num)}>{UI_TEXT.riskCurrentColumn[lang]}</th>
            <th scope="col" className={mergeClasses(styles.cell, styles.head, styles.num)}>{UI_TEXT.riskResidualColumn[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {RISK_LEVELS.map((level) => (
            <tr key={level} data-level={level} data-current={s.riskLevels[level]} data-residual={s.residualRiskLevels[level]}>
              <th scope="row" className={styles.cell}>
                <span className={styles.level}>
                  <span aria-hidden="true" className={styles.swatch} style={{ backgroundColor: `#${bandOf(level, settings).color}` }} />
                  {UI_TEXT.levelRisk[lang](levelName(level, lang))}
                </span>
              </th>
              <td className={mergeClasses(styles.cell, styles.num)}>{s.riskLevels[level]}</td>
              <td className={mergeClasses(styles.cell, styles.num)}>{s.residualRiskLevels[level]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
