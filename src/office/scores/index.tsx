/**
 * 百分制考评: the county's representatives ranked by their score for a year, the 优秀 line between
 * them, each one's breakdown by the county's scoring table, and the office's manual adjustments
 * (办公室加减分), each with its reason.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ScoreRule } from '../../domain/scoring';
import type { CountyScores } from '../../server/usecases/scores';
import { SendButton, useSend } from '../../components/office-forms';
import { Card, Chips, Field, Row, Screen, Show, spoken } from '../../components/ui';
import { call, request } from '../../services/api';
import { dateTime } from '../../services/format';
import { useRemote } from '../../services/remote';

type Ranked = CountyScores['rows'][number];

export default function ScoresPage() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const scores = useRemote(() => request('office', 'scores', { year }), [year]);
  const years = [thisYear, thisYear - 1].map((y) => ({ value: String(y), label: `${y}年` }));
  return (
    <Screen wide>
      <Chips options={years} value={String(year)} onChange={(y) => setYear(Number(y))} />
      <Show remote={scores}>
        {(s) => (
          <>
            <Text className='hint'>{`满分100分，${s.excellent}分及以上为优秀。点一位代表可以看各项得分，并由办公室加减分。`}</Text>
            {s.rows.map((r, i) => (
              <View key={r.representativeId}>
                {/* the 优秀 line: between the last representative at or above it and the first below */}
                {!r.score.excellent && (i === 0 || s.rows[i - 1]!.score.excellent) && (
                  <Text className='block excellent-line'>{`—— 优秀线 ${s.excellent} 分 ——`}</Text>
                )}
                <ScoreCard r={r} year={s.year} rules={s.rules} onChanged={scores.reload} />
              </View>
            ))}
          </>
        )}
      </Show>
    </Screen>
  );
}

function ScoreCard({ r, year, rules, onChanged }: { r: Ranked; year: number; rules: ScoreRule[]; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const kindOf = (item: string) => rules.find((x) => x.item === item)?.kind;
  return (
    <Card className={`score-row${r.score.excellent ? ' score-excellent' : ''}`}>
      <View className='score-head' role='button' aria-expanded={open} onClick={() => setOpen(!open)}>
        <Text className='card-title'>{`${r.rank}. ${r.name}`}</Text>
        <Text className='score-total'>{`${r.score.total} 分${r.score.excellent ? ' · 优秀' : ''}`}</Text>
      </View>
      {open && (
        <>
          {r.score.lines.map((l) => (
            <Row key={l.item} label={l.name}>
              {`${l.points} 分（上限 ${l.cap}）${l.evidence === null ? '' : ` · 依据 ${l.evidence}${kindOf(l.item) === 'rate' ? '%' : ''}`}`}
            </Row>
          ))}
          {r.adjustments.map((a) => (
            <Text
              key={a.at}
              className='small block adjustment'
            >{`${a.points > 0 ? '+' : ''}${a.points} 分：${a.reason}（${a.byName}，${dateTime(a.at)}）`}</Text>
          ))}
          <Adjust representativeId={r.representativeId} year={year} onDone={onChanged} />
        </>
      )}
    </Card>
  );
}

/** 办公室加减分: points either way (one decimal at most) and why. */
function Adjust({ representativeId, year, onDone }: { representativeId: string; year: number; onDone: () => void }) {
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const { sending, error, send, fieldError } = useSend(() => {
    setPoints('');
    setReason('');
    onDone();
  }, '已记入');
  return (
    <View className='adjust'>
      <Field label='加减分（减分写负数，如 -2）' error={fieldError('points')}>
        <Input className='input' {...spoken('加减分')} type='text' value={points} maxlength={5} onInput={(e) => setPoints(e.detail.value)} />
      </Field>
      <Field label='理由' error={fieldError('reason')}>
        <Textarea className='textarea' {...spoken('加减分的理由')} value={reason} maxlength={RULES.text.reasonMax} onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <SendButton
        label='记入加减分'
        sending={sending}
        error={error}
        onSend={() => void send(() => call('office', 'adjustScore', { representativeId, year, points: Number(points.trim()), reason }))}
      />
    </View>
  );
}
