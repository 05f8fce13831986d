/**
 * 统计: the office's figures for a period and part of the county, the way the leading group reads
 * them — the Dianjiang table, the three rates, units to check (两倒查), the township ranking, the
 * requests by grid (网格) when the county has grids, and the trend by month and category. Bars are
 * plain views, so the page is the same in h5 and weapp.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { percentText } from '../../domain/labels';
import type { Statistics } from '../../domain/statistics';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import { Btn, Card, Chips, choicesOf, Empty, Row, Screen, Show } from '../../components/ui';
import { CaseTable, FollowupFigures, Rates } from '../../components/figures';
import { call, request } from '../../services/api';
import { exportReport } from '../../services/files';
import { fullDate } from '../../services/format';
import { useRemote } from '../../services/remote';

const ALL = 'all';

export default function StatsPage() {
  const [period, setPeriod] = useState<PeriodKind>('half_year');
  const [township, setTownship] = useState<string>(ALL);
  const stats = useRemote(() => request('office', 'statistics', { period, ...(township === ALL ? {} : { townshipId: township }) }), [period, township]);
  // the county-wide report names the townships to narrow to
  const [townships, setTownships] = useState<Array<{ value: string; label: string }>>([]);
  useEffect(() => {
    if (stats.data && township === ALL) setTownships(stats.data.townships.map((t) => ({ value: t.townshipId, label: t.townshipName })));
  }, [stats.data, township]);
  return (
    <Screen wide>
      <Chips options={choicesOf(PERIOD_TEXT)} value={period} onChange={setPeriod} />
      {townships.length > 1 && <Chips options={[{ value: ALL, label: '全县' }, ...townships]} value={township} onChange={setTownship} />}
      <Show remote={stats}>
        {(s) => (
          <>
            {/* a new half-year has just begun: the one just ended is what the office reports on */}
            {period === 'half_year' && s.totals.collected === 0 && (
              <Empty text='本半年刚开始，还没有收集到诉求'>
                <Btn kind='primary' onClick={() => setPeriod('last_half_year')}>
                  看上个半年
                </Btn>
              </Empty>
            )}
            <Btn
              onClick={() =>
                void exportReport(call('office', 'exportStatistics', { from: s.from, to: s.to, ...(township === ALL ? {} : { townshipId: township }) }))
              }
            >
              导出Excel
            </Btn>
            <Report s={s} />
            <FollowupFigures s={s} />
            <Recount onDone={stats.reload} />
          </>
        )}
      </Show>
    </Screen>
  );
}

/** 重新核算: the daily figures rebuilt from every case of the county (after a restore or an upgrade). */
function Recount({ onDone }: { onDone: () => void }) {
  const [state, setState] = useState<{ busy: boolean; said: string | null }>({ busy: false, said: null });
  const recount = async () => {
    setState({ busy: true, said: null });
    const res = await call('office', 'recount');
    setState({ busy: false, said: res.ok ? `已从${res.data.cases}件事项重新核算${res.data.days}天的统计数字` : res.error.message });
    if (res.ok) onDone();
  };
  return (
    <Card>
      <Text className='card-title'>统计底数</Text>
      <Text className='hint'>统计数字按每天汇总，随每件事项的办理即时更新。恢复数据或升级系统后，可以从全县全部事项重新核算一次。</Text>
      <Btn loading={state.busy} onClick={() => void recount()}>
        重新核算
      </Btn>
      {state.said && (
        <View role='status'>
          <Text className='small'>{state.said}</Text>
        </View>
      )}
    </Card>
  );
}

function Report({ s }: { s: Statistics }) {
  const checked = s.units.filter((u) => u.overdueTotal + u.escalated + u.returned + u.overdueNow > 0);
  return (
    <View className='desk-columns'>
      <Text className='small'>
        {fullDate(s.from)} 至 {fullDate(s.to)}
      </Text>
      <CaseTable s={s} />
      <Rates rates={s.rates} />
      <Problems problems={s.problems} />
      <Card>
        <Text className='card-title'>乡镇排名（按解决率）</Text>
        {s.townships.map((row) => (
          <Row key={row.townshipId} label={`${row.rank}. ${row.townshipName}`}>
            {`收集 ${row.collected}，解决率 ${percentText(row.resolution)}，满意率 ${percentText(row.satisfaction)}，超期 ${row.overdueTotal}`}
          </Row>
        ))}
      </Card>
      <Card>
        <Text className='card-title'>两倒查：超期、上报、退回的单位</Text>
        {checked.length === 0 ? (
          <Text className='small'>没有超期、上报或退回的单位</Text>
        ) : (
          checked.map((u) => (
            <Row key={u.unitId} label={u.unitName}>
              {`超期 ${u.overdueTotal}（现 ${u.overdueNow}），上报 ${u.escalated}，退回 ${u.returned}，督办 ${u.supervised}`}
            </Row>
          ))
        )}
      </Card>
      {s.grids && (
        <Card className='by-grid'>
          <Text className='card-title'>按网格</Text>
          {s.grids.length === 0 && <Text className='small'>这段时间网格里没有登记诉求</Text>}
          {s.grids.map((g) => (
            <Row key={g.gridId} label={`${g.villageName} ${g.gridName}`}>
              {`收集 ${g.collected}，已解决 ${g.resolved}，未办结 ${g.open}，超期 ${g.overdueTotal}`}
            </Row>
          ))}
        </Card>
      )}
      <Bars title='按月' rows={s.months.map((m) => ({ key: m.month, label: `${Number(m.month.slice(5))}月`, value: m.collected, done: m.resolved }))} />
      <Bars title='按类别' rows={s.categories.map((c) => ({ key: c.category, label: c.categoryName, value: c.collected, done: c.resolved }))} />
    </View>
  );
}

/** 我也反映 and 并案: one problem raised by many counts once. */
function Problems({ problems }: { problems: Statistics['problems'] }) {
  return (
    <Card className='problems'>
      <Text className='card-title'>我也反映与并案</Text>
      <Row label='不同的问题'>{`${problems.distinct} 件`}</Row>
      <Row label='并入别的事项'>{`${problems.merged} 件`}</Row>
      <Row label='一同反映的群众'>{`${problems.coReporters} 人`}</Row>
      <Text className='small'>同一件事多人反映只算一个问题，并入别的事项的不另算。</Text>
    </Card>
  );
}

/** Requests collected (the bar) and resolved (its darker part), one row each. */
function Bars({ title, rows }: { title: string; rows: Array<{ key: string; label: string; value: number; done: number }> }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <Card>
      <Text className='card-title'>{title}（收集 / 已办结）</Text>
      {rows.map((r) => (
        <View key={r.key} className='bar-row'>
          <Text className='bar-label'>{r.label}</Text>
          <View className='bar-track'>
            <View className='bar' style={{ width: `${(r.value / max) * 100}%` }}>
              <View className='bar-done' style={{ width: r.value ? `${(r.done / r.value) * 100}%` : '0%' }} />
            </View>
          </View>
          <Text className='bar-value'>{`${r.value} / ${r.done}`}</Text>
        </View>
      ))}
    </Card>
  );
}
