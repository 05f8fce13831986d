/** The figures a county's statistics and a region's show alike: the Dianjiang table and the three rates. */
import { Text, View } from '@tarojs/components';
import { percentText } from '../domain/labels';
import type { RegionTotal } from '../domain/statistics';
import { Card, Row } from './ui';

const RATES: ReadonlyArray<{ key: keyof RegionTotal['rates']; label: string; hint: string }> = [
  { key: 'response', label: '响应率', hint: '一个工作日内受理或答复' },
  { key: 'resolution', label: '解决率', hint: '已办结占收集（不含撤回）' },
  { key: 'satisfaction', label: '满意率', hint: '满意和基本满意占已评价' },
];

/** 群众诉求办理情况: the table the leading group reads, with reception and the clock's figures under it. */
export function CaseTable({ s, title = '群众诉求办理情况' }: { s: RegionTotal; title?: string }) {
  const t = s.totals;
  const answered = t.resolved + t.inProgress + t.explained;
  return (
    <Card className='stats-table'>
      <Text className='card-title'>{title}</Text>
      <Row label='党代表接待'>{`${s.reception.attendances} 人次`}</Row>
      <Row label='接待群众'>{`${s.reception.residents} 人`}</Row>
      <Text className='small'>{`接待日 ${s.reception.sessions} 次、走访 ${s.reception.visits} 次，当面登记诉求 ${s.reception.requests} 件`}</Text>
      <Row label='收集诉求'>{`${t.collected} 件`}</Row>
      <Row label='已办结并反馈'>{`${t.resolved} 件`}</Row>
      <Row label='已启动办理并反馈'>{`${t.inProgress} 件`}</Row>
      <Row label='已解释说明'>{`${t.explained} 件`}</Row>
      <Row label='办理中'>{`${t.open} 件`}</Row>
      <Row label='不予受理 / 撤回'>{`${t.notAccepted} / ${t.withdrawn} 件`}</Row>
      <Text className='small'>
        已答复 {answered} 件；超期 {s.overdue.total} 件（现仍超期 {s.overdue.now} 件），督办 {s.supervised} 次；群众催办 {s.urged.times} 次（{s.urged.cases}{' '}
        件）
      </Text>
    </Card>
  );
}

/** 三率, each with its numerator and denominator. */
export function Rates({ rates }: { rates: RegionTotal['rates'] }) {
  return (
    <View className='rates'>
      {RATES.map(({ key, label, hint }) => (
        <Card key={key} className='rate'>
          <Text className='rate-value'>{percentText(rates[key])}</Text>
          <Text className='rate-label'>{label}</Text>
          <Text className='small'>{`${rates[key].numerator}/${rates[key].denominator}，${hint}`}</Text>
        </Card>
      ))}
    </View>
  );
}
