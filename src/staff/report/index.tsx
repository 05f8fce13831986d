/**
 * 述职评议, a representative's own: this year's 百分制 score; the evaluation open now with the box for their 述职报告 (written
 * and changed until voting closes) and the figures of their record it carries, then the results the
 * office published.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import { monthDay } from '../../domain/labels';
import { inShanghai } from '../../domain/shanghai';
import type { EvaluationView } from '../../server/usecases/evaluations';
import { TextBox } from '../../components/proposal-parts';
import { Btn, Card, Empty, ErrorBanner, Row, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { useRemote } from '../../services/remote';
import { useSend } from '../../services/send';

export default function ReportPage() {
  const mine = useRemote(() => request('evaluation', 'mine'));
  return (
    <Screen>
      <MyScore />
      <Show remote={mine}>
        {(list) =>
          list.length === 0 ? (
            <Empty text='还没有您的述职评议' />
          ) : (
            list.map((e) => <Evaluation key={`${e.id}-${e.report?.submittedOn ?? ''}`} e={e} onSaved={mine.reload} />)
          )
        }
      </Show>
    </Screen>
  );
}

/** 百分制: this year's score so far, each item with what it was worked out from, and the 优秀 line. */
function MyScore() {
  const year = inShanghai(Date.now()).year();
  const score = useRemote(() => request('staff', 'myScore', { year }), [year]);
  return (
    <Show remote={score}>
      {(s) => (
        <Card className='my-score'>
          <Text className='card-title'>{`${s.year}年履职积分（百分制）`}</Text>
          <Text className='big-status score-total'>{`${s.row.score.total} 分${s.row.score.excellent ? ' · 优秀' : ''}`}</Text>
          <Text className='small'>{`${s.excellent}分以上为优秀，年内随履职情况更新`}</Text>
          {s.row.score.lines.map((l) => (
            <Row key={l.item} label={l.name}>{`${l.points} 分（最多${l.cap}分${l.evidence === null ? '' : `，依据 ${l.evidence}`}）`}</Row>
          ))}
          {s.row.adjustments.map((a) => (
            <Text key={a.at} className='small block'>{`${a.points > 0 ? '加' : '减'}${Math.abs(a.points)}分：${a.reason}（${a.byName}）`}</Text>
          ))}
        </Card>
      )}
    </Show>
  );
}

function Evaluation({ e, onSaved }: { e: EvaluationView; onSaved: () => void }) {
  const writable = e.phase === 'upcoming' || e.phase === 'open';
  return (
    <Card className={`evaluation evaluation-${e.phase}`}>
      <Text className='card-title'>{e.name}</Text>
      <Text className='big-status'>{e.phaseText}</Text>
      <Row label='述职期间'>{`${fullDate(e.period.from)} 至 ${fullDate(e.period.to)}`}</Row>
      <Row label='群众评议'>{`${monthDay(e.opensOn)} 至 ${monthDay(e.closesOn)}`}</Row>
      <Row label='参加评议的村(社区)'>{e.villages.map((v) => v.name).join('、')}</Row>
      {e.report && (
        <View className='report-figures'>
          <Text className='field-label'>{`报告附上的履职数据（${monthDay(e.report.submittedOn)}提交）`}</Text>
          {e.report.figures.map((f) => (
            <Row key={f.label} label={f.label}>
              {f.value}
            </Row>
          ))}
        </View>
      )}
      {writable ? (
        <ReportBox e={e} onSaved={onSaved} />
      ) : (
        e.report && (
          <>
            <Text className='field-label'>述职报告</Text>
            <Text className='description'>{e.report.text}</Text>
          </>
        )
      )}
      {e.result && (
        <View className='evaluation-result'>
          <Text className='field-label'>{`评议结果（${monthDay(e.result.publishedOn)}公布）`}</Text>
          <Text className='big-status'>{`满意率 ${e.result.satisfactionText}`}</Text>
          {e.result.lines.map((l) => (
            <Row key={l.rating} label={l.text}>{`${l.count} 票`}</Row>
          ))}
          <Text className='small'>{`共 ${e.result.votes} 票`}</Text>
        </View>
      )}
    </Card>
  );
}

function ReportBox({ e, onSaved }: { e: EvaluationView; onSaved: () => void }) {
  const [text, setText] = useState(e.report?.text ?? '');
  const { sending, error, send } = useSend();
  const save = () => send('report', call('evaluation', 'report', { evaluationId: e.id, text: text.trim() }), '述职报告已提交', onSaved);
  return (
    <>
      <TextBox
        className='report-input'
        label='述职报告'
        hint={`写一写这段时间联系群众、办理诉求的情况。提交后，会连同您${fullDate(e.period.from)}以来的接待、办理数据，公示在联系村(社区)的公示栏，评议结束前都可以修改。`}
        error={error?.fields?.text}
        value={text}
        max={RULES.text.reportMax}
        onChange={setText}
      />
      <ErrorBanner error={error} />
      <Btn kind='primary' big loading={sending !== null} onClick={save}>
        {e.report ? '提交修改' : '提交述职报告'}
      </Btn>
    </>
  );
}
