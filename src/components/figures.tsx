/** The figures the office reads: a county's statistics and a region's (the Dianjiang table, the three rates), and proposals' handling. */
import { Text, View } from '@tarojs/components';
import { RULES } from '../../config/rules';
import { percentText, RATING_TEXT } from '../domain/labels';
import { REPLY_CLASSES, type ProposalFigureRow } from '../domain/proposals';
import type { ReachFigures } from '../domain/followup';
import type { Rate, RegionTotal, Statistics } from '../domain/statistics';
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

/** A rate in words with what it is made of: 75%（3/4）. */
export const rateText = (r: Rate): string => `${percentText(r)}（${r.numerator}/${r.denominator}）`;

/**
 * After the answer: 复发率 (of the times residents were asked 问题还在吗, how often 还在 reopened the
 * case), per unit where it was asked, and 24小时触达率 with how many were reached by a 回访 call.
 */
export function FollowupFigures({ s }: { s: Pick<Statistics, 'recurrence' | 'units'> & { reach: ReachFigures } }) {
  const { withinHours } = RULES.reach;
  const asked = s.units.filter((u) => u.recurrence.denominator > 0);
  return (
    <Card className='followup-figures'>
      <Text className='card-title'>办结以后</Text>
      <Row label='复发率'>{rateText(s.recurrence)}</Row>
      <Text className='small'>{`办结一个月后询问“问题还在吗”${s.recurrence.denominator}次，群众说还在、再交办${s.recurrence.numerator}次`}</Text>
      {asked.map((u) => (
        <Row key={u.unitId} label={u.unitName}>{`复发率 ${rateText(u.recurrence)}`}</Row>
      ))}
      <Row label={`${withinHours}小时触达率`}>{rateText(s.reach.reached)}</Row>
      <Text className='small'>{`答复${s.reach.reached.denominator}件，${withinHours}小时内告知群众${s.reach.reached.numerator}件，其中${s.reach.byCall}件靠党代表打电话回访`}</Text>
    </Card>
  );
}

/** 提案办理情况 of one category, one lead unit or the total: on time, the A/B/C shares, the proposers' satisfaction. */
export function ProposalFigureCard({ row }: { row: ProposalFigureRow }) {
  return (
    <Card className='proposal-figures'>
      <Text className='card-title'>{row.name}</Text>
      <Row label='交办'>{`${row.assigned} 件，已答复 ${row.replied} 件`}</Row>
      <Row label='按期答复'>{rateText(row.onTime)}</Row>
      {REPLY_CLASSES.map((c) => (
        <Row key={c} label={`${c}类答复`}>{`${row.classes[c]} 件，占 ${percentText(row.shares[c])}`}</Row>
      ))}
      <Row label='满意率'>{rateText(row.satisfaction)}</Row>
      <Text className='small'>{`${RATING_TEXT.satisfied} ${row.ratings.satisfied}，${RATING_TEXT.basic} ${row.ratings.basic}，${RATING_TEXT.dissatisfied} ${row.ratings.dissatisfied}`}</Text>
    </Card>
  );
}
