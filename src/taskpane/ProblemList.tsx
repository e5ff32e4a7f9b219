/**
 * The problems, grouped by sheet and then by severity, with a severity filter. Each problem is a button:
 * Enter, Space or a click selects its cell in the workbook.
 */
import * as React from 'react';
import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, Text, ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import type { Severity } from '../engine/issues';
import { severityName } from '../engine/messages';
import type { Report, ReportIssue } from '../engine/report';
import { UI_TEXT } from '../engine/uiText';
import { SEVERITIES, filterLabel, severityCount, severityTotal, type Lang } from './text';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  list: {
    margin: '0',
    paddingLeft: '0',
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  problem: {
    width: '100%',
    height: 'auto',
    minHeight: '32px',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    justifyContent: 'flex-start',
    textAlign: 'left',
    gap: tokens.spacingVerticalXXS,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    fontWeight: tokens.fontWeightRegular,
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
  },
  plain: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
    overflowWrap: 'anywhere',
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorNeutralForeground3,
  },
});

const BADGE: Record<Severity, 'danger' | 'warning' | 'informative'> = { error: 'danger', warning: 'warning', info: 'informative' };

export interface SelectResult {
  ok: boolean;
  error?: { message: string };
}

export interface ProblemListProps {
  lang: Lang;
  report: Report;
  onSelect(sheet: string, cell: string): Promise<SelectResult>;
  /** An action is running: selecting a cell waits until it ends. */
  busy?: boolean;
}

interface SheetGroup {
  sheet: string;
  total: number;
  bySeverity: { severity: Severity; issues: ReportIssue[] }[];
}

/**
 * The whole workbook's problems first, then sheets in the order their first problem appears; severities
 * error → warning → info; the report's order inside.
 */
function group(issues: ReportIssue[], shown: Record<Severity, boolean>): SheetGroup[] {
  const sheets = new Map<string, ReportIssue[]>([['', []]]);
  for (const i of issues) {
    if (!shown[i.severity]) continue;
    const list = sheets.get(i.sheet);
    if (list) list.push(i);
    else sheets.set(i.sheet, [i]);
  }
  return Array.from(sheets, ([sheet, list]) => ({
    sheet,
    total: list.length,
    bySeverity: SEVERITIES.map((severity) => ({ severity, issues: list.filter((i) => i.severity === severity) })).filter((g) => g.issues.length > 0),
  })).filter((g) => g.total > 0);
}

export function ProblemList({ lang, report, onSelect, busy = false }: ProblemListProps): React.ReactElement {
  const styles = useStyles();
  const headingId = React.useId();
  const [shown, setShown] = React.useState<Record<Severity, boolean>>({ error: true, warning: true, info: true });
  const [selectError, setSelectError] = React.useState<string | null>(null);
  const groups = React.useMemo(() => group(report.issues, shown), [report.issues, shown]);

  // A new report: the old selection error no longer applies.
  React.useEffect(() => setSelectError(null), [report]);

  const select = async (issue: ReportIssue) => {
    let message: string | null = null;
    try {
      const r = await onSelect(issue.sheet, issue.cell);
      if (!r.ok) message = r.error?.message || UI_TEXT.unexpectedError[lang];
    } catch {
      message = UI_TEXT.unexpectedError[lang];
    }
    setSelectError(message);
  };

  const item = (issue: ReportIssue, k: number) => {
    const content = (
      <>
        <span className={styles.head}>
          <Badge appearance="tint" color={BADGE[issue.severity]}>
            {severityName(issue.severity, lang)}
          </Badge>
          <Text weight="semibold">{issue.cell ? UI_TEXT.problemCell[lang](issue.cell) : UI_TEXT.problemNoCell[lang]}</Text>
        </span>
        <Text>{issue.message}</Text>
        <Text size={200} className={styles.code}>
          {UI_TEXT.problemCode[lang](issue.code)}
        </Text>
      </>
    );
    const data = { 'data-testid': 'problem', 'data-sheet': issue.sheet, 'data-cell': issue.cell, 'data-code': issue.code, 'data-severity': issue.severity };
    return (
      <li key={k}>
        {issue.sheet ? (
          <Button appearance="subtle" className={styles.problem} disabled={busy} onClick={() => void select(issue)} {...data}>
            {content}
          </Button>
        ) : (
          <div className={styles.plain} {...data}>
            {content}
          </div>
        )}
      </li>
    );
  };

  const total = report.issues.length;
  return (
    <section aria-labelledby={headingId} className={styles.section}>
      <Text as="h2" id={headingId} size={400} weight="semibold" block>
        {UI_TEXT.problemsHeading[lang]}
      </Text>
      <div role="group" aria-label={UI_TEXT.filterLabel[lang]} className={styles.filters}>
        {SEVERITIES.map((sev) => (
          <ToggleButton
            key={sev}
            size="small"
            checked={shown[sev]}
            data-testid={`filter-${sev}`}
            onClick={() => setShown((s) => ({ ...s, [sev]: !s[sev] }))}
          >
            {filterLabel(sev, severityTotal(report, sev), lang)}
          </ToggleButton>
        ))}
      </div>
      {selectError ? (
        <MessageBar intent="error" layout="multiline" data-testid="select-error">
          <MessageBarBody>
            <MessageBarTitle>{UI_TEXT.selectFailed[lang]}</MessageBarTitle>
            {selectError}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {total === 0 ? (
        <Text block data-testid="no-problems">
          {UI_TEXT.noProblems[lang]}
        </Text>
      ) : groups.length === 0 ? (
        <Text block data-testid="no-problems">
          {UI_TEXT.noProblemsFiltered[lang]}
        </Text>
      ) : (
        <Text block size={200}>
          {UI_TEXT.problemsHint[lang]}
        </Text>
      )}
      <ul className={styles.list} aria-label={UI_TEXT.problemsListLabel[lang]} data-testid="problem-list">
        {groups.map((g) => {
          return (
            <li key={g.sheet} data-sheet={g.sheet}>
              <Text as="h3" size={300} weight="semibold" block>
                {g.sheet ? UI_TEXT.sheetHeading[lang](g.sheet, g.total) : UI_TEXT.workbookHeading[lang](g.total)}
              </Text>
              <ul className={styles.list}>
                {g.bySeverity.map((s) => (
                  <li key={s.severity} data-severity={s.severity}>
                    <Text as="h4" size={200} weight="semibold" block>
                      {severityCount(s.severity, s.issues.length, lang)}
                    </Text>
                    <ul className={styles.list} aria-label={UI_TEXT.severityGroupLabel[lang](g.sheet ? UI_TEXT.sheetName[lang](g.sheet) : UI_TEXT.workbook[lang], severityName(s.severity, lang))}>
                      {s.issues.map(item)}
                    </ul>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
