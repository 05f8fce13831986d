/** 活动公示 and 述职评议 results as residents read them: on the contact card and on a village's board. */
import { Text, View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import type { Activity } from '../domain/publicity';
import type { TallyView } from '../domain/evaluation';
import { fullDate } from '../services/format';
import { Card, Row } from './ui';

/** A published 述职评议 result: when, how many rated, the satisfaction, and each rating's count. */
export function EvaluationResult({ result }: { result: TallyView & { publishedOn: string } }) {
  return (
    <View className='evaluation-result'>
      <Text className='block'>{`${fullDate(result.publishedOn)}公布：${result.votes}人评议，满意率 ${result.satisfactionText}`}</Text>
      {result.lines.map((l) => (
        <Row key={l.rating} label={l.text}>{`${l.count} 人`}</Row>
      ))}
    </View>
  );
}

/** One part of the 履职公示: its heading, a line of counts, then its list or, empty, a plain sentence. */
function Part({ title, summary, empty, children }: PropsWithChildren<{ title: string; summary: string | null; empty: string | null }>) {
  return (
    <View className='activity-part'>
      <Text className='activity-head'>{title}</Text>
      {summary && <Text className='hint'>{summary}</Text>}
      {empty ? <Text className='activity-empty'>{empty}</Text> : children}
    </View>
  );
}

/** 履职公示: a representative's reception days of the last year, answered proposals, and the latest published 述职评议. */
export function ActivitySection({ a }: { a: Activity }) {
  const { receptions, proposals, evaluation } = a;
  return (
    <Card className='activity'>
      <Text className='card-title'>履职公示</Text>
      <Part
        title='接待日'
        summary={
          receptions.total > 0
            ? `近一年接待${receptions.total}次${receptions.total > receptions.items.length ? `，这里是最近${receptions.items.length}次` : ''}`
            : null
        }
        empty={receptions.items.length ? null : '近一年还没有接待记录'}
      >
        {receptions.items.map((r) => (
          <View key={`${r.date}-${r.place}`} className='activity-item'>
            <Text className='proposal-title'>{`${fullDate(r.date)} · ${r.kindText}`}</Text>
            <Text className='block'>{`${r.place} · 接待${r.residents}人`}</Text>
          </View>
        ))}
      </Part>
      <Part
        title='提案提议'
        summary={`${proposals.year}年提出${proposals.submittedThisYear}件，已答复的共${proposals.answeredTotal}件`}
        empty={proposals.items.length ? null : '还没有已答复的提案提议'}
      >
        {proposals.items.map((p) => (
          <View key={p.id} className='activity-item'>
            <Text className='proposal-title'>{`${p.kindText}：${p.title}`}</Text>
            <Text className='block'>{[p.no, p.roleText, p.statusText].filter(Boolean).join(' · ')}</Text>
            <Text className='block'>{`答复：${p.replyClass}类，${p.replyClassText}（${fullDate(p.repliedOn)}）`}</Text>
          </View>
        ))}
      </Part>
      <Part title='述职评议' summary={evaluation && evaluation.name} empty={evaluation ? null : '还没有公布的述职评议结果'}>
        {evaluation && <EvaluationResult result={evaluation} />}
      </Part>
    </Card>
  );
}
