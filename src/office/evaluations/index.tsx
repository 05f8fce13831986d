/**
 * 述职评议, the office's side: open an evaluation of a representative (the period reported on and the
 * days residents vote from their villages' boards), the county's evaluations with their phase and
 * running tally, one evaluation (`?id=`: the tally, the report, the comments without names, and
 * 公布结果 once voting closed), and a representative's file (`?rep=`: all of theirs).
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { addDays } from '../../domain/calendar';
import { periodOf } from '../../domain/periods';
import type { EvaluationView, TallyView } from '../../server/usecases/evaluations';
import { DateField, LineField, SendButton, useRepresentatives, useSend } from '../../components/office-forms';
import { Card, Chips, Empty, ErrorBanner, Field, Row, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

const detailOf = (id: string) => `${pages.officeEvaluations()}?id=${id}`;
const fileOf = (representativeId: string) => `${pages.officeEvaluations()}?rep=${representativeId}`;

export default function OfficeEvaluationsPage() {
  const { params } = useRouter();
  const id = param(params, 'id');
  const rep = param(params, 'rep');
  return <Screen wide>{id ? <Detail id={id} /> : rep ? <Evaluations representativeId={rep} /> : <Evaluations />}</Screen>;
}

/** The county's evaluations, or one representative's file; the county's list has the form to open one. */
function Evaluations({ representativeId }: { representativeId?: string }) {
  const list = useRemote(() => request('evaluation', 'county', representativeId ? { representativeId } : {}));
  return (
    <>
      {!representativeId && <Open onDone={list.reload} />}
      <Show remote={list}>
        {(items) => (
          <>
            <Text className='lead'>{representativeId ? `${items[0]?.representative.name ?? ''}的述职评议` : '述职评议'}</Text>
            {items.length === 0 ? (
              <Empty text='还没有述职评议' />
            ) : (
              <View className='desk-columns'>
                {items.map((e) => (
                  <View key={e.id} className='evaluation-item' role='link' onClick={() => go(detailOf(e.id))}>
                    <Text className='proposal-title'>{`${e.representative.name} · ${e.name}`}</Text>
                    <Text className='block evaluation-phase'>{e.phaseText}</Text>
                    <Text className='small'>{`评议 ${fullDate(e.opensOn)} 至 ${fullDate(e.closesOn)}`}</Text>
                    {e.tally && <TallyLine t={e.tally} />}
                  </View>
                ))}
              </View>
            )}
          </>
        )}
      </Show>
    </>
  );
}

function TallyLine({ t }: { t: TallyView }) {
  return <Text className='block tally'>{`${t.votes} 人评议：${t.lines.map((l) => `${l.text} ${l.count}`).join('，')}；满意率 ${t.satisfactionText}`}</Text>;
}

/** This year so far, voting from today for two weeks: the office picks the representative and may change the rest. */
function usual() {
  const { from, to } = periodOf('year', Date.now());
  return { representativeId: '', name: `${from.slice(0, 4)}年度述职评议`, from, to, opensOn: to, closesOn: addDays(to, 14) };
}

function Open({ onDone }: { onDone: () => void }) {
  const reps = useRepresentatives();
  const [v, setV] = useState(usual);
  const { sending, error, send, fieldError } = useSend((e: EvaluationView) => {
    setV(usual());
    onDone();
    go(detailOf(e.id));
  }, '已开启');
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  return (
    <Card className='open-evaluation'>
      <Text className='card-title'>开启述职评议</Text>
      <Text className='hint'>开启后代表撰写述职报告；评议期间，代表所联系村(社区)的群众在公示牌上评议。</Text>
      <Field label='党代表' error={fieldError('representativeId')}>
        <ErrorBanner error={reps.error} />
        <Chips options={reps.choices} value={v.representativeId || null} onChange={(representativeId) => set({ representativeId })} />
      </Field>
      <LineField label='名称' value={v.name} max={40} error={fieldError('name')} onChange={(name) => set({ name })} />
      <DateField label='述职期间从' value={v.from} error={fieldError('from')} onChange={(from) => set({ from })} />
      <DateField label='述职期间到' value={v.to} error={fieldError('to')} onChange={(to) => set({ to })} />
      <DateField label='评议开始日期' value={v.opensOn} error={fieldError('opensOn')} onChange={(opensOn) => set({ opensOn })} />
      <DateField label='评议结束日期' value={v.closesOn} error={fieldError('closesOn')} onChange={(closesOn) => set({ closesOn })} />
      <SendButton label='开启评议' sending={sending} error={error} onSend={() => void send(() => call('evaluation', 'open', v))} />
    </Card>
  );
}

function Detail({ id }: { id: string }) {
  const detail = useRemote(() => request('evaluation', 'detail', { evaluationId: id }));
  const { sending, error, send } = useSend(detail.reload, '已公布');
  return (
    <Show remote={detail}>
      {(e) => (
        <>
          <Card className='evaluation-detail'>
            <Text className='card-title'>{`${e.representative.name} · ${e.name}`}</Text>
            <Text className='block evaluation-phase'>{e.phaseText}</Text>
            <Row label='述职期间'>{`${fullDate(e.period.from)} 至 ${fullDate(e.period.to)}`}</Row>
            <Row label='评议时间'>{`${fullDate(e.opensOn)} 至 ${fullDate(e.closesOn)}`}</Row>
            <Row label='评议的村(社区)'>{e.villages.map((x) => x.name).join('、')}</Row>
            {e.tally ? <TallyLine t={e.tally} /> : <Text className='small'>还没有人评议</Text>}
            {e.result && <Text className='small'>{`${fullDate(e.result.publishedOn)}已公布结果`}</Text>}
            {e.phase === 'closed' && (
              <SendButton
                label='公布结果'
                sending={sending}
                error={error}
                onSend={() => void send(() => call('evaluation', 'publish', { evaluationId: id }))}
              />
            )}
            <View className='link' role='link' onClick={() => go(fileOf(e.representative.id))}>
              <Text>{`${e.representative.name}的全部述职评议`}</Text>
            </View>
          </Card>
          <View className='desk-columns'>
            <Card className='report'>
              <Text className='card-title'>述职报告</Text>
              {e.report ? (
                <>
                  <Text className='description'>{e.report.text}</Text>
                  {e.report.figures.map((f) => (
                    <Row key={f.label} label={f.label}>
                      {f.value}
                    </Row>
                  ))}
                </>
              ) : (
                <Text className='small'>代表还没有提交述职报告</Text>
              )}
            </Card>
            <Card className='comments'>
              <Text className='card-title'>{`群众意见（${e.comments.length}条，不记名）`}</Text>
              {e.comments.map((c, i) => (
                <View key={i} className='comment'>
                  <Text className='block'>{c.comment}</Text>
                  <Text className='small'>{`${c.ratingText} · ${c.villageName}`}</Text>
                </View>
              ))}
            </Card>
          </View>
        </>
      )}
    </Show>
  );
}
