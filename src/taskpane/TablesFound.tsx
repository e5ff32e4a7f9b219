/** The tables the engine found: sheet, kind in words, range. */
import * as React from 'react';
import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReportTable } from '../engine/report';
import { UI_TEXT } from '../engine/uiText';
import { kindName, type Lang } from './text';

const useStyles = makeStyles({
  list: {
    margin: '0',
    paddingLeft: '0',
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  range: {
    fontFamily: tokens.fontFamilyMonospace,
  },
});

export interface TablesFoundProps {
  lang: Lang;
  tables: ReportTable[];
}

export function TablesFound({ lang, tables }: TablesFoundProps): React.ReactElement {
  const styles = useStyles();
  const headingId = React.useId();
  return (
    <section aria-labelledby={headingId}>
      <Text as="h2" id={headingId} size={400} weight="semibold" block>
        {UI_TEXT.tablesHeading[lang]}
      </Text>
      {tables.length === 0 ? (
        <Text block data-testid="tables" data-count="0">
          {UI_TEXT.tablesNone[lang]}
        </Text>
      ) : (
        <ul className={styles.list} aria-labelledby={headingId} data-testid="tables" data-count={tables.length}>
          {tables.map((t, k) => (
            <li key={k} className={styles.item} data-sheet={t.sheet} data-kind={t.kind} data-range={t.range}>
              <Text weight="semibold">{UI_TEXT.sheetName[lang](t.sheet)}</Text>
              <Badge appearance="tint" color="brand">
                {kindName(t.kind, lang)}
              </Badge>
              <Text className={styles.range}>{t.range}</Text>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
