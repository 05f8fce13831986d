/**
 * 各县(区)统计: a city's or a province's office reads its counties side by side and in total — the
 * Dianjiang table, the three rates, the ranking and 两倒查 — from their figures alone. Nothing
 * here opens a case or names a resident.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { CaseTable, Rates } from '../../components/figures';
import { Card, Chips, choicesOf, Row, Screen, Show } from '../../components/ui';
import { percentText } from '../../domain/labels';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import type { CountyFigures } from '../../domain/statistics';
import { request } from '../../services/api';
import { fullDate } from '../../services/format';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function RegionPage() {
  const { params } = useRouter();
  const regionId = param(params, 'region') || undefined;
  const [period, setPeriod] = useState<PeriodKind>('half_year');
  const figures = useRemote(() => request('office', 'regionStatistics', { period, ...(regionId ? { regionId } : {}) }), [period, regionId]);
  return (
    <Screen wide>
      <Chips options={choicesOf(PERIOD_TEXT)} value={period} onChange={setPeriod} />
      <Show remote={figures}>
        {(r) => (
          <View className='desk-columns'>
            <Text className='lead'>{`${r.regionName} · ${r.counties.length} 个县(区)`}</Text>
            <Text className='small'>
              {fullDate(r.from)} 至 {fullDate(r.to)}
            </Text>
            {r.uncounted.length > 0 && (
              <View className='banner banner-warn' role='alert'>
                <Text>{`${r.uncounted.join('、')}的统计数字还没有核算，暂不完整：请其联系群众工作办公室打开一次「统计」页。`}</Text>
              </View>
            )}
            <CaseTable s={r.total} title={`${r.regionName}合计`} />
            <Rates rates={r.total.rates} />
            <Card>
              <Text className='card-title'>各县(区)排名（按解决率）</Text>
              {r.counties.map((c) => (
                <CountyRow key={c.countyId} c={c} />
              ))}
            </Card>
            <Card>
              <Text className='card-title'>两倒查：各县(区)超期、上报、退回的单位</Text>
              {r.counties.every((c) => c.units.length === 0) ? (
                <Text className='small'>没有超期、上报或退回的单位</Text>
              ) : (
                r.counties.flatMap((c) =>
                  c.units.map((u) => (
                    <Row key={`${c.countyId}-${u.unitId}`} label={`${c.countyName} · ${u.unitName}`}>
                      {`超期 ${u.overdueTotal}（现 ${u.overdueNow}），上报 ${u.escalated}，退回 ${u.returned}，督办 ${u.supervised}`}
                    </Row>
                  )),
                )
              )}
            </Card>
          </View>
        )}
      </Show>
    </Screen>
  );
}

/** One county's line: its table in a sentence and its three rates. */
function CountyRow({ c }: { c: CountyFigures }) {
  const t = c.totals;
  return (
    <Row label={`${c.rank}. ${c.countyName}`}>
      {`收集 ${t.collected}，已办结 ${t.resolved}，已启动办理 ${t.inProgress}，已解释说明 ${t.explained}，办理中 ${t.open}；` +
        `响应率 ${percentText(c.rates.response)}，解决率 ${percentText(c.rates.resolution)}，满意率 ${percentText(c.rates.satisfaction)}；` +
        `超期 ${c.overdue.total}，督办 ${c.supervised}`}
    </Row>
  );
}
