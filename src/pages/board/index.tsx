/**
 * 公示牌: the representatives of one village, as posted at its service centre — photo, name,
 * position, phone, reception times and place — with a way to call or to write to each; their
 * 述职评议 open for voting (the report, three large buttons, one vote per WeChat identity) and the
 * published results; the matters put to the village (重大事项民意: open ones with a vote per option,
 * decided ones with result and turnout); its echo wall (回音墙); and the county's answered proposals.
 */
import { Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError, ApiResult } from '../../../types/api';
import type { Rating } from '../../../types/domain';
import type { BoardEvaluation } from '../../server/usecases/evaluations';
import type { BoardMatter } from '../../server/usecases/matters';
import { MatterCard } from '../../components/matter-parts';
import { EvaluationResult } from '../../components/activity';
import { RepProfile } from '../../components/rep';
import { Btn, Card, Empty, ErrorBanner, Field, Screen, Show, spoken } from '../../components/ui';
import { call, request } from '../../services/api';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function BoardPage() {
  const { params } = useRouter();
  const villageId = param(params, 'village');
  const board = useRemote(() => request('card', 'board', { villageId }));
  return (
    <Screen>
      <Show remote={board}>
        {(b) => (
          <View>
            <Text className='lead'>
              {b.township}
              {b.village}的党代表
            </Text>
            <View className='links'>
              <View className='link' onClick={() => go(pages.notices(villageId))}>
                <Text>{b.village}公开栏</Text>
              </View>
              <View className='link wall-link' onClick={() => go(pages.wall(villageId))}>
                <Text>民意回音墙（不用留名）</Text>
              </View>
              <View className='link proposals-link' onClick={() => go(pages.publishedProposals(villageId))}>
                <Text>党代表提案的答复</Text>
              </View>
            </View>
            {b.matters.map((m) => (
              <MatterCard key={m.id} m={m}>
                {m.howTo && <Text className='hint'>{m.howTo}</Text>}
                {m.phase === 'open' && m.mode === 'vote' && <MatterVote m={m} villageId={villageId} />}
              </MatterCard>
            ))}
            {b.evaluations.map((e) => (
              <Evaluation key={e.id} e={e} villageId={villageId} />
            ))}
            {b.representatives.length === 0 && <Empty text='这里还没有党代表' />}
            {b.representatives.map((c) => (
              <RepProfile key={c.cardCode} c={c}>
                <Btn onClick={() => go(pages.submit(c.cardCode))}>向{c.name}反映</Btn>
              </RepProfile>
            ))}
          </View>
        )}
      </Show>
    </Screen>
  );
}

/** One 述职评议: while open, the report and the vote; once published, the result. */
function Evaluation({ e, villageId }: { e: BoardEvaluation; villageId: string }) {
  return (
    <Card className='evaluation'>
      <Text className='card-title'>{`${e.representative.name} · ${e.name}`}</Text>
      {e.result ? (
        <EvaluationResult result={e.result} />
      ) : (
        <>
          {e.report && (
            <View className='evaluation-report'>
              <Text className='description'>{e.report.text}</Text>
              <View className='report-figures'>
                {e.report.figures.map((f) => (
                  <View key={f.label} className='report-figure'>
                    <Text className='report-figure-value'>{f.value}</Text>
                    <Text className='small'>{f.label}</Text>
                  </View>
                ))}
              </View>
            </View>
          )}
          {e.report ? <Vote e={e} villageId={villageId} /> : <Text className='hint'>代表还没有提交述职报告，提交后就可以在这里评议。</Text>}
        </>
      )}
    </Card>
  );
}

/** 满意 / 基本满意 / 不满意 as three large buttons, with an optional comment above them; one tap sends. */
function Vote({ e, villageId }: { e: BoardEvaluation; villageId: string }) {
  const [comment, setComment] = useState('');
  const { sending, error, thanks, cast } = useBallot<Rating>(e.voted ? '您已经评议过了，谢谢您' : null);
  const vote = (rating: Rating) =>
    cast(
      rating,
      () => call('evaluation', 'vote', { evaluationId: e.id, villageId, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
      (d) => `您评了「${d.ratingText}」。${d.message}`,
    );
  if (thanks) return <Thanks text={thanks} />;
  return (
    <View className='vote'>
      {e.howToVote && <Text className='hint'>{e.howToVote}</Text>}
      <Field label='您的意见（可不写）'>
        <Textarea className='textarea' {...spoken('您的意见')} value={comment} maxlength={RULES.text.reasonMax} onInput={(x) => setComment(x.detail.value)} />
      </Field>
      <ErrorBanner error={error} />
      {e.ratings.map((r) => (
        <View key={r.rating} className={`vote-btn vote-${r.rating}`}>
          <Btn kind='primary' big loading={sending === r.rating} disabled={sending !== null && sending !== r.rating} onClick={() => void vote(r.rating)}>
            {r.text}
          </Btn>
        </View>
      ))}
    </View>
  );
}

/** A vote sent from the board: while it is on its way (which choice), the API's refusal in its words, and the thanks once it is in (or was already). */
function useBallot<K>(already: string | null) {
  const [sending, setSending] = useState<K | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [thanks, setThanks] = useState<string | null>(already);
  const cast = async <T,>(choice: K, send: () => Promise<ApiResult<T>>, said: (data: T) => string) => {
    setSending(choice);
    setError(null);
    const res = await send();
    setSending(null);
    if (res.ok) setThanks(said(res.data));
    else setError(res.error);
  };
  return { sending, error, thanks, cast };
}

function Thanks({ text }: { text: string }) {
  return (
    <View className='banner banner-warn vote-done' role='status'>
      <Text>{text}</Text>
    </View>
  );
}

/** One tap on an option, then 确定: the vote is sent; the API's words when it is refused (a second vote). */
function MatterVote({ m, villageId }: { m: BoardMatter; villageId: string }) {
  const [chosen, setChosen] = useState<number | null>(null);
  const { sending, error, thanks, cast } = useBallot<number>(m.voted ? '您已经投过票了，结果公布后会显示在这里' : null);
  const vote = async (option: number) => {
    await cast(
      option,
      () => call('matter', 'vote', { matterId: m.id, villageId, option }),
      (d) => `您投了「${d.option}」。${d.message}`,
    );
    setChosen(null);
  };
  if (thanks) return <Thanks text={thanks} />;
  const option = chosen === null ? null : m.options[chosen]!;
  return (
    <View className='vote matter-vote'>
      <ErrorBanner error={error} />
      {option ? (
        <View className='vote-confirm'>
          <Text className='lead'>{`您选的是「${option.text}」，确定投这一票吗？投了不能改。`}</Text>
          <Btn kind='primary' big loading={sending !== null} onClick={() => void vote(option.index)}>
            确定投票
          </Btn>
          <Btn onClick={() => setChosen(null)}>重新选</Btn>
        </View>
      ) : (
        m.options.map((o) => (
          <View key={o.index} className='vote-btn'>
            <Btn kind='primary' big onClick={() => setChosen(o.index)}>
              {o.text}
            </Btn>
          </View>
        ))
      )}
    </View>
  );
}
