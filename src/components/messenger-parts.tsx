/** Pieces of 民情信使 and 代办党员 shown to the messenger and to the office alike. */
import { Text } from '@tarojs/components';
import type { MessengerFigures } from '../domain/messengers';
import type { MyTerm } from '../server/usecases/messengers';

/** Where a term is: its grid, else (a 代办党员's) its village. */
export const termPlace = (t: Pick<MyTerm, 'villageName' | 'gridName'>): string => (t.gridName ? `${t.villageName} · ${t.gridName}` : t.villageName);

/** What came of what one messenger (or all of them) passed on, in one line of words. */
export function FiguresLine({ f }: { f: MessengerFigures }) {
  return (
    <Text className={`small block${f.overdue > 0 ? ' overdue' : ''}`}>
      {`代为反映 ${f.passed} 件：办理中 ${f.open}，已办结 ${f.closed}；满意 ${f.satisfied}，基本满意 ${f.basic}，不满意 ${f.dissatisfied}；超期 ${f.overdue}`}
    </Text>
  );
}
