/**
 * 台账: the county's cases for a period, narrowed as the office asks (by grid when the county has grids), each opening its case, and
 * the same cases exported to Excel — downloaded in the browser, opened (to forward or print) in
 * the mini-program.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { ApiError } from '../../../types/api';
import type { Outcome } from '../../../types/domain';
import { OUTCOME_TEXT } from '../../domain/labels';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import { CaseList } from '../../components/case-parts';
import { Btn, Chips, choicesOf, Empty, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { openFile } from '../../services/files';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

const PAGE_SIZE = 20;
const ANY = 'any';
type Which = typeof ANY | 'overdue' | Outcome;
const WHICH: Record<Which, string> = { any: '全部', overdue: '超期的', ...OUTCOME_TEXT };

export default function LedgerPage() {
  const { params } = useRouter();
  const [period, setPeriod] = useState<PeriodKind>('half_year');
  const [which, setWhich] = useState<Which>(ANY);
  // a county with grids (网格) narrows by grid too; a grid's figures open the ledger at its cases
  const [grid, setGrid] = useState(param(params, 'grid') || ANY);
  const grids = useRemote(() => request('grid', 'list', {}));
  const gridChoices = (grids.data?.grids ?? []).map((g) => ({ value: g.id, label: `${g.villageName} ${g.name}` }));
  const [pageCount, setPageCount] = useState(1);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const filter = {
    period,
    ...(which === 'overdue' ? { overdue: true } : which === ANY ? {} : { outcome: which }),
    ...(grid === ANY ? {} : { gridId: grid }),
  };
  const list = useRemote(() => request('office', 'ledger', { ...filter, page: 1, pageSize: PAGE_SIZE * pageCount }), [period, which, grid, pageCount]);

  const exportLedger = async () => {
    setExporting(true);
    setError(null);
    const res = await call('office', 'exportLedger', filter);
    setExporting(false);
    if (!res.ok) return setError(res.error);
    await openFile(res.data);
  };

  return (
    <Screen wide>
      <Chips options={choicesOf(PERIOD_TEXT)} value={period} onChange={(p) => (setPeriod(p), setPageCount(1))} />
      <Chips options={choicesOf(WHICH)} value={which} onChange={(w) => (setWhich(w), setPageCount(1))} />
      {gridChoices.length > 0 && (
        <Chips options={[{ value: ANY, label: '全部网格' }, ...gridChoices]} value={grid} onChange={(g) => (setGrid(g), setPageCount(1))} />
      )}
      <Show remote={list}>
        {(p) => (
          <View>
            <View className='ledger-head'>
              <Text className='lead'>共 {p.total} 件</Text>
              <Btn kind='primary' loading={exporting} disabled={p.total === 0} why='这段时间没有事项，没有可导出的' onClick={() => void exportLedger()}>
                导出Excel
              </Btn>
            </View>
            {error && (
              <View className='banner banner-error' role='alert'>
                <Text>{error.message}</Text>
              </View>
            )}
            {p.items.length === 0 && period === 'half_year' && which === ANY && grid === ANY ? (
              <Empty text='本半年刚开始，还没有事项'>
                <Btn kind='primary' onClick={() => (setPeriod('last_half_year'), setPageCount(1))}>
                  看上个半年
                </Btn>
              </Empty>
            ) : p.items.length === 0 ? (
              <Empty text='这段时间没有符合条件的事项' />
            ) : (
              <CaseList items={p.items} onOpen={(c) => go(pages.case(c.id))} />
            )}
            {p.items.length < p.total && <Btn onClick={() => setPageCount((n) => n + 1)}>再看{PAGE_SIZE}件</Btn>}
          </View>
        )}
      </Show>
    </Screen>
  );
}
